import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CLI commands the app binary answers headlessly, as `merrow` would. */
const CLI_COMMANDS = new Set(['export', 'check', 'convert', 'serve', 'help']);
/** `Merrow --version` and `Merrow --help` answer like the CLI rather than opening a window. */
const CLI_FLAGS = new Set(['--version', '-v', '--help', '-h']);

/**
 * The arguments a user gave the app: without the binary's path, and in development
 * (`electron <app> …`, where `process.defaultApp` is set) without the app path either.
 */
export function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  const args = argv.slice(1);
  if (defaultApp) {
    const appPath = args.findIndex((a) => !a.startsWith('-'));
    if (appPath >= 0) args.splice(appPath, 1);
  }
  return args;
}

/**
 * The CLI's own argv when the app binary was started as the command-line tool
 * (`Merrow --cli export a.mmd`, or directly `Merrow export a.mmd`), else null for the GUI.
 */
export function cliArgv(args: readonly string[]): string[] | null {
  const flag = args.indexOf('--cli');
  if (flag >= 0) return args.slice(flag + 1);
  if (args.length === 1 && CLI_FLAGS.has(args[0]!)) return [...args];
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && CLI_COMMANDS.has(first) ? args.slice(args.indexOf(first)) : null;
}

/**
 * The files and folders named on a command line, as absolute paths. Switches (Chromium's
 * own included) are skipped; `file://` URLs, which some launchers pass, are accepted.
 */
export function pathsFromArgs(args: readonly string[], cwd: string): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || arg.length === 0) continue;
    if (arg.startsWith('file://')) {
      try {
        paths.push(fileURLToPath(arg));
      } catch {
        // Not a usable URL: ignored like any other unknown argument.
      }
      continue;
    }
    paths.push(isAbsolute(arg) ? arg : resolve(cwd, arg));
  }
  return paths;
}

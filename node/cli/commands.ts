/**
 * The `merrow` commands and their dispatcher. Each command lives in its own module, loaded only
 * when used, and exports `run(argv): Promise<number>` returning the exit code (0 all good, 1 some
 * diagrams failed, 2 usage error). merrow.ts adds `serve`, which needs the app's build.
 */
import { enableCompileCache } from 'node:module';
import { didYouMean } from '../../shared/mermaid/explain/words.ts';

/** A command: its line in the usage, and its module, loaded only when used. */
export interface Command {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

/** The commands that work wherever the CLI is installed (the npm package holds these). */
export const CLI_COMMANDS: Record<string, Command> = {
  export: { summary: 'render diagrams to SVG, PNG or PDF', load: () => import('./export.ts') },
  check: { summary: 'validate diagrams without writing anything', load: () => import('./check.ts') },
  convert: {
    summary: 'convert Excalidraw drawings to Mermaid, and back',
    load: () => import('./convert.ts'),
  },
  layout: {
    summary: 'move a node of a flowchart by editing its text, never its graph',
    load: () => import('./layout.ts'),
  },
};

/** The usage text listing `commands`. */
export function usage(commands: Record<string, Command>): string {
  return `Usage: merrow <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

Run 'merrow <command> --help' for a command's options.`;
}

/** What other tools call Merrow's commands. */
const OTHER_TOOLS_WORDS: Record<string, string> = {
  validate: 'check',
  lint: 'check',
  render: 'export',
  build: 'export',
  import: 'convert',
  server: 'serve',
  start: 'serve',
};

/** Runs `merrow <argv>` with `commands`; the exit code. */
export async function main(argv: string[], commands: Record<string, Command>): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage(commands)}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const meant = Object.hasOwn(OTHER_TOOLS_WORDS, name)
      ? OTHER_TOOLS_WORDS[name]
      : didYouMean(name, Object.keys(commands));
    const hint = meant && Object.hasOwn(commands, meant) ? `; did you mean 'merrow ${meant}'?` : '';
    process.stderr.write(`merrow: unknown command '${name}'${hint}\n\n${usage(commands)}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

/** Runs the command line this process was started with, and sets its exit code. */
export function runCommandLine(commands: Record<string, Command>): void {
  // Node keeps the compiled code of Merrow's modules (TypeScript included) in its cache folder, so
  // a later run skips stripping types and compiling them: about 60 ms of each command's start here.
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  enableCompileCache();
  main(process.argv.slice(2), commands).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Only a bug in Merrow itself lands here; users' mistakes are reported by each command.
      process.stderr.write(
        `merrow: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}

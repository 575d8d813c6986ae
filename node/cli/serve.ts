import { realpath, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildRenderer, rendererBuildState } from '../serve/renderer-build.ts';
import { startServer } from '../serve/server.ts';
import { addRecentFolder } from '../user-data/recent-folders.ts';

const USAGE = `Usage: merrow serve [folder] [--port N] [--no-open]

Serves the Merrow app for [folder] (default: the current folder) to a browser on this machine.
The server listens on 127.0.0.1 only; the printed URL carries a secret token, valid until the server stops.

Options:
  --port N     listen on port N (default: a free port)
  --no-open    do not open a browser
  -h, --help   show this help`;

export interface ServeArgs {
  folder: string;
  port: number;
  open: boolean;
}

/** Reads serve's command line; a usage mistake is returned as a message. */
export function parseServeArgs(argv: string[]): ServeArgs | { help: true } | { error: string } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length > 1) return { error: `expected one folder, got ${positionals.length}` };
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: `--port: expected 0-65535, got ${values.port}` };
  return { folder: positionals[0] ?? '.', port, open: values.open ?? true };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: { port: { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    allowNegative: true,
  });
}

/** `merrow serve`: serves the app until Ctrl+C. */
export async function run(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`merrow serve: ${args.error}\n\n${USAGE}\n`);
    return 2;
  }
  const root = await realpath(args.folder).catch(() => null);
  if (!root || !(await stat(root)).isDirectory()) {
    process.stderr.write(`merrow serve: ${args.folder}: not a folder\n`);
    return 2;
  }
  const build = await rendererBuildState();
  if (build === 'missing') {
    process.stderr.write('merrow serve: the app is not built yet; building it now (npm run build)…\n');
    if (!(await buildRenderer())) {
      process.stderr.write('merrow serve: the build failed; fix the errors above and run `npm run build`\n');
      return 1;
    }
  } else if (build === 'stale') {
    process.stderr.write(
      'merrow serve: note: the app build is older than its sources; `npm run build` updates it\n',
    );
  }

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ root, port: args.port, open: args.open });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${args.port} is already in use` : (error as Error).message;
    process.stderr.write(`merrow serve: ${reason}\n`);
    return 1;
  }
  // Listen for Ctrl+C before printing the URL: whoever reads the URL may stop the server at once.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write(`Merrow is serving ${root} at ${server.url}  (Ctrl+C to stop)\n`);
  await addRecentFolder(root).catch(() => {});
  await stopped;
  await server.close();
  return 0;
}

#!/usr/bin/env node
/**
 * `merrow` command-line entry. Each command lives in its own module, loaded only when
 * used, and exports `run(argv): Promise<number>` returning the exit code
 * (0 all good, 1 some diagrams failed, 2 usage error).
 */

import { enableCompileCache } from 'node:module';

// Node keeps the compiled code of Merrow's modules (TypeScript included) in its cache folder, so a
// later run skips stripping types and compiling them: about 60 ms of each command's start here.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
enableCompileCache();

const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }
> = {
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
  serve: { summary: 'serve the Merrow app to a local browser', load: () => import('./serve.ts') },
};

export const USAGE = `Usage: merrow <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

Run 'merrow <command> --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`merrow: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
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

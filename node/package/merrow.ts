#!/usr/bin/env node
/**
 * The `merrow` command of the npm package (built into its cli/merrow.js). On a Node too old for
 * it, it says so in one line before loading anything else; otherwise it runs the CLI. `serve` is
 * left out: it serves the desktop app's UI, which the package does not ship.
 */
import { oldNodeMessage } from '../node-version.js';

const tooOld = oldNodeMessage('package', 'merrow');
if (tooOld) {
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = 1;
} else if (process.argv[2] === 'serve') {
  process.stderr.write(
    'merrow serve: the npm package holds the CLI only; the app runs from the Merrow desktop app, or with `npm start` in a checkout of Merrow\n',
  );
  process.exitCode = 2;
} else {
  const { CLI_COMMANDS, runCommandLine } = await import('../cli/commands.ts');
  runCommandLine(CLI_COMMANDS);
}

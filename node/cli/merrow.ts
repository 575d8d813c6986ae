#!/usr/bin/env node
/**
 * `merrow` command-line entry of a checkout and of the desktop app: the commands of commands.ts,
 * and `serve`, which serves the app's build. The npm package's entry is node/package/merrow.ts.
 */
import { CLI_COMMANDS, type Command, main as runCommand, runCommandLine } from './commands.ts';

export const COMMANDS: Record<string, Command> = {
  ...CLI_COMMANDS,
  serve: { summary: 'serve the Merrow app to a local browser', load: () => import('./serve.ts') },
};

/** Runs `merrow <argv>`; the exit code (0 all good, 1 some diagrams failed, 2 usage error). */
export function main(argv: string[]): Promise<number> {
  return runCommand(argv, COMMANDS);
}

if (import.meta.main) runCommandLine(COMMANDS);

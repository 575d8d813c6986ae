import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../../shared/mermaid/config.ts';
import {
  type Diagnostic,
  formatDiagnostic,
  formatGithubAnnotation,
} from '../../shared/mermaid/diagnostic.ts';
import { EngineUnavailableError } from '../engine/browser.ts';
import { openEngine } from '../engine/warm/client.ts';
import { CHANGED_HELP, ChangedInputsError, changedInputs } from './changed-inputs.ts';
import { type ExpandedInputs, expandInputs, locate, ProjectConfigs, readDiagrams } from './diagram-inputs.ts';

export const HELP = `Usage: merrow check [options] <files|folders|globs…>

Validates .mmd and .mermaid files, and the \`\`\`mermaid blocks of Markdown files, without
writing anything. Prints file:line:col: message for each problem, with the file's own lines.

Options:
      --format FORMAT   text (default) or github (GitHub Actions annotations)
  -c, --config FILE     mermaid config (JSON or YAML), as for merrow export
      --browser PATH    browser to parse with (see merrow export --help)
${CHANGED_HELP}
  -q, --quiet           print problems only, no summary
  -h, --help            show this help

Exit status: 0 all valid, 1 some diagrams have problems, 2 usage error.`;

/** `merrow check`: parses every diagram (no layout, so much cheaper than a render). */
export async function run(argv: string[]): Promise<number> {
  let values: {
    format?: string;
    config?: string;
    browser?: string;
    changed?: boolean;
    staged?: boolean;
    quiet?: boolean;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string', short: 'c' },
        browser: { type: 'string' },
        changed: { type: 'boolean' },
        staged: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (values.format && values.format !== 'text' && values.format !== 'github') {
      throw new Error(`--format must be text or github, not '${values.format}'`);
    }
    if (!values.help && positionals.length === 0 && !values.changed && !values.staged)
      throw new Error('no input: name files, folders or globs, or - for stdin, or use --changed');
  } catch (error) {
    process.stderr.write(
      `merrow check: ${(error as Error).message}\n\nRun 'merrow check --help' for usage.\n`,
    );
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const format = values.format === 'github' ? formatGithubAnnotation : formatDiagnostic;
  let fileConfig: Record<string, unknown> | undefined;
  if (values.config) {
    try {
      fileConfig = parseConfigText(await readFile(values.config, 'utf8'), values.config);
    } catch (error) {
      process.stderr.write(`merrow check: --config ${(error as Error).message}\n`);
      return 2;
    }
  }

  let changed: ExpandedInputs | undefined;
  if (values.changed || values.staged) {
    try {
      changed = await changedInputs(positionals, !!values.staged);
    } catch (error) {
      if (!(error instanceof ChangedInputsError)) throw error;
      process.stderr.write(`merrow check: ${error.message}\n`);
      return 2;
    }
    if (changed.files.length === 0 && changed.problems.length === 0) {
      if (!values.quiet) process.stderr.write('no changed diagrams to check\n');
      return 0;
    }
  }

  // Parsing is cheap: one page does it faster than warming a second.
  const engine = openEngine({ browser: values.browser, jobs: 1 });
  try {
    const { files, problems } = changed ?? (await expandInputs(positionals));
    const projects = new ProjectConfigs();
    const read = await Promise.all(files.map((f) => readDiagrams(f, { file: fileConfig }, projects)));
    const found: Diagnostic[] = [...problems, ...read.flatMap((r) => r.problems)];
    const diagrams = read.flatMap((r) => r.diagrams);
    const outcomes = await Promise.all(diagrams.map((d) => engine.parse({ text: d.text, config: d.config })));
    const unreadable = found.length;
    let failed = unreadable;
    outcomes.forEach((o, i) => {
      if (o.ok) return;
      failed++;
      found.push(...locate(o.diagnostics, diagrams[i]!));
    });
    for (const d of found) process.stdout.write(`${format(d)}\n`);
    if (!values.quiet) {
      const n = diagrams.length;
      process.stderr.write(
        failed === 0
          ? `${n} diagram${n === 1 ? '' : 's'} OK\n`
          : `${failed} of ${n + unreadable} inputs with problems\n`,
      );
    }
    return failed > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    process.stderr.write(`merrow check: ${error.message}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}

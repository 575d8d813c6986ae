import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type Diagnostic,
  formatDiagnostic,
  formatGithubAnnotation,
} from '../../shared/mermaid/diagnostic.ts';
import { diagramKeyword, estimateRenderCost } from '../../shared/mermaid/precheck.ts';
import type { ParseOutcome } from '../../shared/mermaid/render-types.ts';
import { EngineUnavailableError } from '../engine/browser.ts';
import { createParser, type Parser, parseGroup } from '../engine/parser.ts';
import { CHANGED_HELP, ChangedInputsError, changedInputs } from './changed-inputs.ts';
import {
  type DiagramSource,
  type ExpandedInputs,
  expandInputs,
  locate,
  ProjectConfigs,
  readDiagrams,
} from './diagram-inputs.ts';

/** Checking reads only, so a folder's Markdown is checked too (export keeps to diagram files). */
const READ_MARKDOWN = { markdownInFolders: true };

export const HELP = `Usage: merrow check [options] <files|folders|globs…>

Validates .mmd and .mermaid files, and the \`\`\`mermaid blocks of Markdown files (a folder's
too), without writing anything. Prints file:line:col: message for each problem, with the file's own lines.

Options:
      --format FORMAT   text (default) or github (GitHub Actions annotations)
      --mermaid-messages
                        also print mermaid's own message under each problem it
                        says in other words
  -c, --config FILE     mermaid config (JSON or YAML), as for merrow export
      --browser PATH    browser for the rare diagram mermaid cannot parse without one
                        (see merrow export --help); most checks start no browser
      --prepare-export  start the render engine while checking, for a merrow export
                        that follows (what the pre-commit hook does): it finds the
                        browser started. Nothing starts in CI or with MERROW_ENGINE_IDLE=0
${CHANGED_HELP}
  -q, --quiet           print problems only, no summary
  -h, --help            show this help

Exit status: 0 all valid, 1 some diagrams have problems, 2 usage error.`;

/** `merrow check`: parses every diagram with mermaid in Node (no layout, no browser). */
export async function run(argv: string[]): Promise<number> {
  let values: {
    format?: string;
    'mermaid-messages'?: boolean;
    config?: string;
    browser?: string;
    'prepare-export'?: boolean;
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
        'mermaid-messages': { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        browser: { type: 'string' },
        'prepare-export': { type: 'boolean' },
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
  const formatter = values.format === 'github' ? formatGithubAnnotation : formatDiagnostic;
  const format = (d: Diagnostic) => formatter(d, !!values['mermaid-messages']);
  let fileConfig: Record<string, unknown> | undefined;
  if (values.config) {
    try {
      // Loaded only when asked for: the YAML parser is a tenth of a second of a check's start.
      const { parseConfigText } = await import('../../shared/mermaid/config-file.ts');
      fileConfig = parseConfigText(await readFile(values.config, 'utf8'), values.config);
    } catch (error) {
      process.stderr.write(`merrow check: --config ${(error as Error).message}\n`);
      return 2;
    }
  }

  let parser: Parser;
  try {
    parser = createParser({ workers: availableParallelism() });
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    process.stderr.write(`merrow check: ${error.message}\n`);
    return 1;
  }
  // The first worker loads mermaid while the inputs are found (git, for --changed) and read.
  parser.warm();
  let prepared: Promise<void> | undefined;
  try {
    let changed: ExpandedInputs | undefined;
    if (values.changed || values.staged) {
      try {
        changed = await changedInputs(positionals, !!values.staged, READ_MARKDOWN);
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
    // The export that follows renders diagram files only (a folder's Markdown is left to check).
    if (
      values['prepare-export'] &&
      (changed ? changed.files.some((f) => !f.markdown) : positionals.length > 0)
    )
      prepared = import('../engine/warm/client.ts').then(({ prepareWarmEngine }) =>
        prepareWarmEngine({ browser: values.browser }),
      );
    return await checkAll(parser, values, positionals, changed, fileConfig, format);
  } finally {
    await parser.close();
    // The engine keeps starting in its own process; this one only waits to hear that it runs.
    await prepared?.catch(() => {});
  }
}

async function checkAll(
  parser: Parser,
  values: { browser?: string; quiet?: boolean },
  positionals: string[],
  changed: ExpandedInputs | undefined,
  fileConfig: Record<string, unknown> | undefined,
  format: (d: Diagnostic) => string,
): Promise<number> {
  let outcomes: ParseOutcome[];
  const found: Diagnostic[] = [];
  let diagrams: DiagramSource[];
  try {
    const { files, problems } = changed ?? (await expandInputs(positionals, READ_MARKDOWN));
    const projects = new ProjectConfigs();
    const read = await Promise.all(files.map((f) => readDiagrams(f, { file: fileConfig }, projects)));
    found.push(...problems, ...read.flatMap((r) => r.problems));
    diagrams = read.flatMap((r) => r.diagrams);
    const note = (line: string) => {
      if (!values.quiet) process.stderr.write(`merrow check: ${line}\n`);
    };
    outcomes = await parseAll(parser, diagrams, values.browser, note);
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    process.stderr.write(`merrow check: ${error.message}\n`);
    return 1;
  }
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
}

/**
 * Parses every diagram with mermaid in Node (no browser), then asks a browser only about the
 * diagrams where mermaid failed on its own rather than on a mistake it recognises: mermaid's
 * code may need a DOM there, and the browser's answer is the one the app and export give. With no
 * browser at hand, Node's answer (mermaid's own message) stands.
 */
async function parseAll(
  parser: Parser,
  diagrams: DiagramSource[],
  browser: string | undefined,
  note: (line: string) => void,
): Promise<ParseOutcome[]> {
  const outcomes = await Promise.all(
    diagrams.map((d) =>
      parser.parse(
        { text: d.text, config: d.config },
        parseGroup(diagramKeyword(d.text)),
        estimateRenderCost(d.text),
      ),
    ),
  );
  await parser.close();
  const unsettled = outcomes.flatMap((o, i) => (!o.ok && o.internal ? [i] : []));
  if (unsettled.length === 0) return outcomes;
  // Loaded only now: most checks never start a browser. A warm engine (a pre-commit hook's export
  // right after) answers when one runs; parsing is cheap, so one page does it.
  const { openEngine } = await import('../engine/warm/client.ts');
  const engine = openEngine({ browser, jobs: 1 });
  try {
    const again = await Promise.all(
      unsettled.map((i) => engine.parse({ text: diagrams[i]!.text, config: diagrams[i]!.config })),
    );
    unsettled.forEach((i, k) => {
      outcomes[i] = again[k]!;
    });
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    const n = unsettled.length;
    note(`${n} diagram${n === 1 ? '' : 's'} not confirmed in a browser (${error.message.split('\n')[0]})`);
  } finally {
    await engine.close();
  }
  return outcomes;
}

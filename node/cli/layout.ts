import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { changedLineCount } from '../../shared/layout/line-diff.ts';
import type { MoveKind, MoveRequest } from '../../shared/layout/request.ts';
import { searchLayoutEdit } from '../../shared/layout/search.ts';
import { mergeConfigs } from '../../shared/mermaid/config.ts';
import { parseConfigText } from '../../shared/mermaid/config-file.ts';
import { formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { createEngine, EngineUnavailableError } from '../engine/index.ts';
import { writeFileAtomic } from '../safe-write/atomic-write.ts';
import { NotUtf8Error, ProjectConfigs, readText } from './diagram-inputs.ts';

export const HELP = `Usage: merrow layout FILE --move NODE (--left-of|--right-of|--above|--below) OTHER
       merrow layout FILE --move NODE (--into|--out-of) SUBGRAPH

Moves a node of a flowchart by editing its text, never its graph: Merrow tries the edits mermaid's
layout respects (the order of statements, invisible links ~~~, which subgraph mentions the node,
ELK's model order), renders each with the real layout, and takes the smallest that puts NODE where
asked. Prints the edited text (or writes it with --write) and says on stderr which edit it made.
In a state diagram a state moves along its rank (left and right in TB, up and down in LR) by the
order of statements; it has no invisible links, and its composite states are part of its graph.

Options:
      --move NODE         the node to move (its id in the text)
      --left-of NODE      … and where: beside, above or below another node,
      --right-of NODE       or into or out of a subgraph (its id)
      --above NODE
      --below NODE
      --into SUBGRAPH
      --out-of SUBGRAPH
  -w, --write             write the edited text back to FILE instead of printing it
  -c, --config FILE       mermaid config (JSON or YAML), as for merrow export
      --browser PATH      browser to render with (see merrow export --help)
  -h, --help              show this help

Exit status: 0 moved (or already there), 1 no edit gets it there (nothing is written),
2 usage error.`;

const PLACES: MoveKind[] = ['left-of', 'right-of', 'above', 'below', 'into', 'out-of'];

/** `merrow layout`: one move request on one flowchart (or state diagram) file. */
export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let file: string;
  let request: MoveRequest;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        move: { type: 'string' },
        ...Object.fromEntries(PLACES.map((p) => [p, { type: 'string' as const }])),
        write: { type: 'boolean', short: 'w' },
        config: { type: 'string', short: 'c' },
        browser: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    values = parsed.values;
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new Error('name one diagram file (or - for stdin)');
    file = parsed.positionals[0]!;
    const places = PLACES.filter((p) => typeof values[p] === 'string');
    if (typeof values.move !== 'string' || !values.move) throw new Error('--move NODE is required');
    if (places.length > 1) {
      throw new Error(`say one place, not ${places.map((p) => `--${p}`).join(' and ')}`);
    }
    if (places.length !== 1) {
      throw new Error('say where, with one of --left-of, --right-of, --above, --below, --into or --out-of');
    }
    if (values.write && file === '-') throw new Error('--write needs a file, not stdin');
    const kind = places[0]!;
    request = { node: values.move, kind, other: values[kind] as string };
  } catch (error) {
    process.stderr.write(
      `merrow layout: ${(error as Error).message}\n\nRun 'merrow layout --help' for usage.\n`,
    );
    return 2;
  }

  const display = file === '-' ? '<stdin>' : file;
  let text: string;
  let config: MermaidConfig;
  try {
    text = await readText(file);
    const fromFlag =
      typeof values.config === 'string'
        ? parseConfigText(await readFile(values.config, 'utf8'), values.config)
        : undefined;
    const project = await new ProjectConfigs().find(file === '-' ? process.cwd() : dirname(resolve(file)));
    config = mergeConfigs(fromFlag, project);
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      process.stderr.write(`${display}:${error.line}:${error.column}: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    process.stderr.write(`merrow layout: ${display}: ${why}\n`);
    return code ? 1 : 2;
  }

  const engine = createEngine({ browser: values.browser as string | undefined, jobs: 2 });
  try {
    const probe = (t: string) => engine.probeLayout({ text: t, config });
    const first = await probe(text);
    if (!first.ok) {
      for (const d of first.diagnostics)
        process.stderr.write(`${formatDiagnostic({ ...d, file: display })}\n`);
      return 1;
    }
    const result = await searchLayoutEdit({ text, request, probe, config, current: first, concurrency: 2 });
    if (!result.ok) {
      process.stderr.write(`${display}: ${result.reason}\n`);
      return 1;
    }
    const lines = changedLineCount(result.diff);
    const summary = result.changed
      ? `${result.description} (${lines} line${lines === 1 ? '' : 's'} changed)`
      : result.description;
    if (values.write) {
      if (result.changed) await writeFileAtomic(file, result.text);
      process.stderr.write(`${display}: ${summary}${result.changed ? '; written' : ''}\n`);
    } else {
      process.stdout.write(result.text);
      process.stderr.write(`${display}: ${summary}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    process.stderr.write(`merrow layout: ${error.message}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}

/**
 * The corpus of typical mistakes (test/mistakes/<type>/*.mmd, expected in expected.json): how many
 * get a sentence with no token list, at the exact line and column.
 *
 *   node test/mistakes/score.ts        prints the score table, checking with the built Node parser
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { NODE_PARSER_ASSET, type NodeParser } from '../../shared/mermaid/render-types.ts';

const DIR = import.meta.dirname;

/** One file of the corpus with what Merrow should say about it. */
export interface Mistake {
  /** `<type>/<name>.mmd`. */
  file: string;
  type: string;
  text: string;
  /** `line:column`. */
  at: string;
  message: string;
  /** Written after the rules, as a check that they are not fitted to the rest. */
  heldOut?: boolean;
}

export function mistakes(): Mistake[] {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
    string,
    { at: string; message: string; heldOut?: boolean }
  >;
  const files = readdirSync(DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((d) => readdirSync(join(DIR, d.name)).map((f) => `${d.name}/${f}`))
    .sort();
  return files.map((file) => {
    const want = expected[file];
    if (!want) throw new Error(`${file} has no entry in test/mistakes/expected.json`);
    return { file, type: file.split('/')[0]!, text: readFileSync(join(DIR, file), 'utf8'), ...want };
  });
}

/** A message that passes mermaid's token list on (`expecting 'AMP', …`, `got 'EOF'`). */
const TOKEN_LIST = /expecting\s+'|got '|Expecting token|'[A-Z][A-Z_]+', '/;

export interface Graded {
  mistake: Mistake;
  got: Diagnostic | undefined;
  sentence: boolean;
  exact: boolean;
}

/** Grades what was reported for each mistake (the first diagnostic of each). */
export function grade(corpus: Mistake[], reported: (Diagnostic | undefined)[]): Graded[] {
  return corpus.map((mistake, i) => {
    const got = reported[i];
    const sentence = !!got && !TOKEN_LIST.test(got.message);
    const exact = !!got && `${got.line}:${got.column}` === mistake.at;
    return { mistake, got, sentence, exact };
  });
}

const pct = (n: number, of: number) => `${Math.round((100 * n) / of)} %`;

/** The score table, per diagram type and in all, as Markdown. */
export function scoreTable(graded: Graded[]): string {
  const types = [...new Set(graded.map((g) => g.mistake.type))];
  const row = (name: string, gs: Graded[]) => {
    const both = gs.filter((g) => g.sentence && g.exact && g.got?.message === g.mistake.message).length;
    return `| ${name} | ${gs.length} | ${gs.filter((g) => g.sentence).length} | ${gs.filter((g) => g.exact).length} | ${both} (${pct(both, gs.length)}) |`;
  };
  return [
    '| type | mistakes | a sentence, no token list | at the exact line:col | the expected sentence there |',
    '| --- | --- | --- | --- | --- |',
    ...types.map((t) =>
      row(
        t,
        graded.filter((g) => g.mistake.type === t),
      ),
    ),
    row(
      'written after the rules',
      graded.filter((g) => g.mistake.heldOut),
    ),
    row('**all**', graded),
  ].join('\n');
}

/** The ones that missed, one line each. */
export function misses(graded: Graded[]): string[] {
  return graded
    .filter((g) => !(g.sentence && g.exact && g.got?.message === g.mistake.message))
    .map(
      (g) =>
        `${g.mistake.file}: expected ${g.mistake.at} ${g.mistake.message}\n    got      ${g.got ? `${g.got.line}:${g.got.column} ${g.got.message}` : 'no error'}`,
    );
}

if (import.meta.main) {
  const assets = process.env.MERROW_ENGINE_ASSETS ?? join(DIR, '../../dist/renderer');
  const { parse } = (await import(pathToFileURL(join(assets, NODE_PARSER_ASSET)).href)) as NodeParser;
  const corpus = mistakes();
  const reported = [];
  for (const m of corpus) {
    const o = await parse({ text: m.text });
    reported.push(o.ok ? undefined : o.diagnostics[0]);
  }
  const graded = grade(corpus, reported);
  process.stdout.write(`${scoreTable(graded)}\n`);
  const missed = misses(graded);
  if (missed.length > 0 && process.argv.includes('--misses'))
    process.stdout.write(`\n${missed.join('\n')}\n`);
}

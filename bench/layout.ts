/**
 * Benchmark of layout control (`npm run bench:layout`): move requests drawn from real flowcharts —
 * the flowcharts of `@mermaid-js/examples`, those of `examples/`, and the realistic ones in
 * `bench/layout-corpus/` — each searched as `merrow layout` does, then rendered again by mermaid
 * with the real layout to check the request, the graph and the text. Prints a table per kind of
 * request and every failure with its reason; then the same for moves along a rank in the state
 * and class diagrams of the same sources.
 *
 *     node bench/layout.ts [--json FILE] [--only NAME,…] [--per-kind N]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createEngine } from '../node/engine/index.ts';
import { graphChanges } from '../shared/layout/graph-check.ts';
import { changedLineCount } from '../shared/layout/line-diff.ts';
import type { LayoutProbe, ProbedLayout } from '../shared/layout/probe.ts';
import {
  alongRank,
  directionFor,
  judge,
  MOVE_KINDS,
  type MoveKind,
  type MoveRequest,
} from '../shared/layout/request.ts';
import { describe, searchLayoutEdit } from '../shared/layout/search.ts';
import { freshRenderer } from './app-session.ts';
import { corpus, drawRequests, isAgainstLinks } from './layout-requests.ts';

interface Outcome {
  diagram: string;
  request: MoveRequest;
  /** `along` a rank or `across` ranks; `subgraph` for into and out of. */
  axis: 'along' | 'across' | 'subgraph';
  /** Across ranks, against the links: the links lead from the node to the other, yet it should be drawn before it (or the reverse). */
  againstLinks: boolean;
  satisfied: boolean;
  graphUnchanged: boolean;
  parses: boolean;
  changed: boolean;
  linesChanged: number;
  family: string;
  tried: number;
  ms: number;
  reason: string;
  /** For an edit that got there: whether dagre draws the edited text with the node there too. */
  dagre: boolean | null;
}

function axisOf(request: MoveRequest, layout: ProbedLayout): Outcome['axis'] {
  if (request.kind === 'into' || request.kind === 'out-of') return 'subgraph';
  return alongRank(request.kind, directionFor(layout.graph, request.node, request.other))
    ? 'along'
    : 'across';
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

const pct = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} % (${n}/${of})`);

function table(outcomes: Outcome[]): string {
  const rows: string[] = [
    '| request | n | satisfied | graph unchanged | text parses | lines changed, median (max) | renders per request, median | search time, median / p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key =
      o.axis === 'subgraph'
        ? o.request.kind
        : `${o.request.kind}, ${o.axis === 'along' ? 'along a rank' : 'across ranks'}${o.againstLinks ? ', against the links' : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const order = [...groups.keys()].sort(
    (a, b) =>
      MOVE_KINDS.indexOf(a.split(',')[0] as MoveKind) - MOVE_KINDS.indexOf(b.split(',')[0] as MoveKind) ||
      (a < b ? -1 : 1),
  );
  const row = (name: string, list: Outcome[]) => {
    const edits = list.filter((o) => o.changed).map((o) => o.linesChanged);
    const ms = list.map((o) => o.ms);
    rows.push(
      `| ${name} | ${list.length} | ${pct(list.filter((o) => o.satisfied).length, list.length)} | ${pct(list.filter((o) => o.graphUnchanged).length, list.length)} | ${pct(list.filter((o) => o.parses).length, list.length)} | ${median(edits)} (${Math.max(0, ...edits)}) | ${median(list.map((o) => o.tried))} | ${(median(ms) / 1000).toFixed(1)} s / ${(percentile(ms, 95) / 1000).toFixed(1)} s |`,
    );
  };
  for (const key of order) row(key, groups.get(key)!);
  row(
    '**all but against the links**',
    outcomes.filter((o) => !o.againstLinks),
  );
  row('all', outcomes);
  return rows.join('\n');
}

/** Each kind of edit: how often it was applied, its size, and whether dagre draws it there too. */
function dagreTable(outcomes: Outcome[]): string {
  const rows = [
    '| edit | applied | lines changed, median | also there under dagre |',
    '| --- | --- | --- | --- |',
  ];
  for (const family of ['order', 'model-order', 'invisible-link', 'subgraph']) {
    const list = outcomes.filter((o) => o.changed && o.family === family);
    if (list.length === 0) continue;
    const checked = list.filter((o) => o.dagre !== null);
    const lines = list.map((o) => o.linesChanged).sort((a, b) => a - b);
    rows.push(
      `| ${family} | ${list.length} | ${lines[lines.length >> 1] ?? '—'} | ${pct(checked.filter((o) => o.dagre).length, checked.length)} |`,
    );
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      only: { type: 'string' },
      'per-kind': { type: 'string', default: '3' },
    },
  });
  const perKind = Number(values['per-kind']);
  const only = values.only?.split(',');
  const diagrams = corpus().filter((d) => !only || only.some((o) => d.name.includes(o)));
  await freshRenderer();
  const engine = createEngine({ jobs: 2 });
  const probe = (text: string) => engine.call('probeLayout', { text }) as Promise<LayoutProbe>;
  const load0 = loadavg()[0]!;
  const outcomes: Outcome[] = [];
  // State and class diagrams: their nodes move along a rank only (search.ts says why).
  const others = (['state', 'class'] as const).map((family) => ({
    family,
    diagrams: corpus(family).filter((d) => !only || only.some((o) => d.name.includes(o))),
    outcomes: [] as Outcome[],
  }));
  try {
    for (const diagram of [...diagrams, ...others.flatMap((o) => o.diagrams)]) {
      const family = others.find((o) => o.diagrams.includes(diagram));
      const layout = await probe(diagram.text);
      if (!layout.ok) {
        console.error(`${diagram.name}: does not render: ${layout.diagnostics[0]?.message}`);
        continue;
      }
      const requests = drawRequests(diagram, layout, perKind).filter(
        (r) => !family || axisOf(r, layout) === 'along',
      );
      for (const request of requests) {
        const start = performance.now();
        const result = await searchLayoutEdit({
          text: diagram.text,
          request,
          probe,
          current: layout,
          concurrency: 2,
        });
        const ms = performance.now() - start;
        const text = result.ok ? result.text : diagram.text;
        // Rendered again, apart from the search, to check what the user would get.
        const again = result.ok && result.changed ? await probe(text) : layout;
        const moved = request.kind === 'into' || request.kind === 'out-of' ? request.node : undefined;
        // The same text under dagre (GitHub's and older mermaid's layout): does the edit still get there?
        const underDagre =
          result.ok && result.changed && again.ok && judge(request, again).ok
            ? await engine.probeLayout({ text, config: { layout: 'dagre' } })
            : null;
        const outcome: Outcome = {
          diagram: diagram.name,
          request,
          axis: axisOf(request, layout),
          againstLinks: axisOf(request, layout) === 'across' && isAgainstLinks(request, layout),
          satisfied: again.ok && judge(request, again).ok,
          graphUnchanged: again.ok && graphChanges(layout.graph, again.graph, moved).length === 0,
          parses: again.ok,
          changed: result.ok && result.changed,
          linesChanged: result.ok ? changedLineCount(result.diff) : 0,
          family: result.ok ? result.family : '',
          tried: result.tried,
          ms,
          reason: result.ok ? result.description : result.reason,
          dagre: underDagre ? underDagre.ok && judge(request, underDagre).ok : null,
        };
        (family?.outcomes ?? outcomes).push(outcome);
        const mark = outcome.satisfied ? 'ok  ' : 'FAIL';
        console.error(
          `${mark} ${diagram.name}: ${describe(request)} — ${outcome.reason} [${Math.round(ms)} ms, ${result.tried} tried]`,
        );
      }
    }
  } finally {
    await engine.close();
  }
  const load1 = loadavg()[0]!;
  console.log(
    `\n${outcomes.length} requests on ${diagrams.length} flowcharts; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`,
  );
  console.log(table(outcomes));
  console.log(`\n${dagreTable(outcomes)}`);
  console.log('\nFailures:');
  for (const o of outcomes.filter((x) => !x.satisfied || !x.graphUnchanged || !x.parses)) {
    console.log(`- ${o.diagram}: ${describe(o.request)} (${o.axis}) — ${o.reason}`);
  }
  for (const { family, diagrams: list, outcomes: done } of others) {
    if (done.length === 0) continue;
    console.log(`\n${done.length} requests along a rank on ${list.length} ${family} diagrams:\n`);
    console.log(table(done));
    console.log(`\n${dagreTable(done)}`);
    console.log('\nFailures:');
    for (const o of done.filter((x) => !x.satisfied || !x.graphUnchanged || !x.parses)) {
      console.log(`- ${o.diagram}: ${describe(o.request)} — ${o.reason}`);
    }
  }
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          outcomes,
          ...Object.fromEntries(others.map((o) => [`${o.family}Outcomes`, o.outcomes])),
        },
        null,
        2,
      ),
    );
}

await main();

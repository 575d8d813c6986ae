import type { Measurement } from './tools.ts';

export const TOOLS = {
  limit: 'the limit (one warm page, serial renders / cores + fixed cost)',
  merrowFolder: 'merrow export <folder> --format svg',
  mmdcPerFile: 'mmdc once per file (sequential)',
  mmdcBatch: 'mmdc best batch (one Markdown file, -j cores)',
  merrowSingle: 'merrow export, one diagram',
  mmdcSingle: 'mmdc, one diagram',
} as const;

export type ToolName = keyof typeof TOOLS;

/** Median of a tool's valid runs. */
export interface Summary {
  ms: number;
  peakRss: number;
  cpuMs: number;
  failed: number;
  validRuns: number;
  fixedMs?: number;
  rendersMs?: number;
}

export interface Scaling {
  copies: number;
  diagrams: number;
  ms: number;
  peakRss: number;
  cpuMs: number;
  failed: number;
  error?: string;
}

/** Everything the benchmark measured, as written to render.json. */
export interface Results {
  date: string;
  command: string;
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    browser: string;
    node: string;
    /** 1-minute load average before and after: other work on the machine slows every tool. */
    load: [number, number];
  };
  versions: { mermaid: string; mmdc: string };
  corpus: {
    diagrams: number;
    examples: number;
    generated: number;
    dropped: { name: string; error: string }[];
    single: string;
  };
  runs: number;
  orders: ToolName[][];
  /** Why a tool has no measurement. */
  notMeasured: Partial<Record<ToolName, string>>;
  measurements: Partial<Record<ToolName, Measurement[]>>;
  medians: Partial<Record<ToolName, Summary>>;
  ratios: {
    merrowToLimit?: number;
    mmdcPerFileToMerrow?: number;
    mmdcBatchToMerrow?: number;
    merrowSingleToMmdcSingle?: number;
  };
  memoryScaling: Scaling[];
  /** Median time of each diagram rendered alone in the warm page: where the render time goes. */
  renderMs: Record<string, number>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Medians over the runs that produced a time; undefined when none did. */
export function summarize(runs: Measurement[]): Summary | undefined {
  const valid = runs.filter((m) => !m.error);
  if (valid.length === 0) return undefined;
  const of = (f: (m: Measurement) => number | undefined) => {
    const values = valid.map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  return {
    ms: of((m) => m.ms)!,
    peakRss: of((m) => m.peakRss)!,
    cpuMs: of((m) => m.cpuMs)!,
    failed: Math.max(...valid.map((m) => m.failed)),
    validRuns: valid.length,
    fixedMs: of((m) => m.fixedMs),
    rendersMs: of((m) => m.rendersMs),
  };
}

const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const mib = (bytes: number | undefined) => (bytes === undefined ? '—' : `${Math.round(bytes / 2 ** 20)} MiB`);
/** A ratio in words, or a dash when either side was not measured. */
const times = (x: number | undefined, before: string, after: string) =>
  x === undefined ? '—' : `${before}${x.toFixed(2)}×${after}`;

interface Row {
  measure: string;
  time: string;
  ratio: string;
  goal: string;
  memory: string;
  cpu: string;
  notes: string;
}

function rows(r: Results): Row[] {
  const m = r.medians;
  const notes = (name: ToolName) => {
    const s = m[name];
    const runs = r.measurements[name] ?? [];
    const parts: string[] = [];
    if (!s)
      parts.push(
        runs.length ? `FAILED: ${runs.find((x) => x.error)?.error}` : (r.notMeasured[name] ?? 'not measured'),
      );
    else if (s.validRuns < runs.length)
      parts.push(`${runs.length - s.validRuns} of ${runs.length} runs failed`);
    if (s?.failed) parts.push(`${s.failed} diagram(s) not written`);
    if (name === 'limit' && s)
      parts.push(`fixed ${seconds(s.fixedMs)} + renders ${seconds(s.rendersMs)} / ${r.machine.cores}`);
    return parts.join('; ');
  };
  const row = (name: ToolName, ratio: string, goal: string): Row => ({
    measure: TOOLS[name],
    time: seconds(m[name]?.ms),
    ratio,
    goal,
    memory: mib(m[name]?.peakRss),
    cpu: seconds(m[name]?.cpuMs),
    notes: notes(name),
  });
  return [
    row('limit', '1.00× (reference)', ''),
    row('merrowFolder', times(r.ratios.merrowToLimit, '', ' the limit'), '≤ 1.25× the limit'),
    row('mmdcPerFile', times(r.ratios.mmdcPerFileToMerrow, 'merrow ', ' faster'), '≥ 8× faster'),
    row('mmdcBatch', times(r.ratios.mmdcBatchToMerrow, 'merrow ', ' faster'), '≥ 4× faster'),
    row('mmdcSingle', '1.00× (reference)', ''),
    row('merrowSingle', times(r.ratios.merrowSingleToMmdcSingle, '', " mmdc's time"), '≤ 0.6× mmdc'),
  ];
}

function header(r: Results): string[] {
  const c = r.corpus;
  return [
    `Corpus: ${c.diagrams} diagrams (${c.examples} @mermaid-js/examples + ${c.generated} generated flowcharts of 10–300 nodes)` +
      `; ${c.dropped.length} example(s) dropped because mermaid ${r.versions.mermaid} cannot render them` +
      (c.dropped.length ? ` (${c.dropped.map((d) => d.name).join(', ')})` : ''),
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, ${r.machine.browser}, Node ${r.machine.node}` +
      `; load average ${r.machine.load[0].toFixed(1)} before, ${r.machine.load[1].toFixed(1)} after`,
    `mermaid ${r.versions.mermaid}, mermaid-cli ${r.versions.mmdc}; medians of ${r.runs} run(s), tool order alternated; single diagram: ${c.single}`,
  ];
}

function scalingRows(r: Results): string[][] {
  return r.memoryScaling.map((s) => [
    `${s.copies}×`,
    String(s.diagrams),
    s.error ? `FAILED: ${s.error}` : seconds(s.ms),
    mib(s.peakRss),
    seconds(s.cpuMs),
    s.failed ? `${s.failed} not written` : '',
  ]);
}

/** A plain-text report for the terminal. */
export function textReport(r: Results): string {
  const table = (head: string[], body: string[][]) => {
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
  };
  const main = rows(r).map((x) => [x.measure, x.time, x.ratio, x.goal, x.memory, x.cpu, x.notes]);
  return [
    ...header(r),
    '',
    table(['measure', 'median', 'ratio', 'goal', 'peak RSS', 'CPU', 'notes'], main),
    '',
    'merrow peak memory by corpus size (folder export of copies of the corpus):',
    table(['corpus', 'diagrams', 'time', 'peak RSS', 'CPU', 'notes'], scalingRows(r)),
  ].join('\n');
}

/** The same report as Markdown, for bench/results/render.md and the README. */
export function markdownReport(r: Results): string {
  const md = (head: string[], body: string[][]) =>
    [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const main = rows(r).map((x) => [
    x.measure.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')),
    x.time,
    x.ratio,
    x.goal,
    x.memory,
    x.cpu,
    x.notes,
  ]);
  return [
    `# Render benchmark (${r.date})`,
    '',
    ...header(r).map((l) => `- ${l}`),
    `- Command: \`${r.command}\``,
    '',
    md(['Measure', 'Median', 'Ratio', 'Goal', 'Peak RSS', 'CPU', 'Notes'], main),
    '',
    '## merrow peak memory by corpus size',
    '',
    md(['Corpus', 'Diagrams', 'Time', 'Peak RSS', 'CPU', 'Notes'], scalingRows(r)),
    '',
  ].join('\n');
}

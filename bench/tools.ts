import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LimitReport } from './limit.ts';
import { mmdcArgs } from './mmdc.ts';
import { runTool, type ToolRun } from './process-tree.ts';

/** One timed measurement of one tool. `error` says why it has no valid time. */
export interface Measurement {
  ms: number;
  peakRss: number;
  cpuMs: number;
  /** Diagrams the tool did not produce. */
  failed: number;
  error?: string;
  /** A problem that does not invalidate the time, such as the first of a few per-file failures. */
  note?: string;
  /** For the limit: the measured fixed cost and the serial sum of renders. */
  fixedMs?: number;
  rendersMs?: number;
}

/** Everything a measurement needs to know about this machine and corpus. */
export interface Setup {
  root: string;
  browser: string;
  cores: number;
  corpusDir: string;
  corpusFiles: string[];
  markdown: string;
  single: string;
  mmdcCli: string;
  puppeteerConfig: string;
  /** merrow's engine page, built by the benchmark (MERROW_ENGINE_ASSETS). */
  engineAssets: string;
  work: string;
}

const node = process.execPath;

function timeoutFor(diagrams: number): number {
  return 60_000 + diagrams * 5_000;
}

function tail(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.slice(-3).join(' | ').slice(0, 400) || '(no output)';
}

function failure(run: ToolRun, what: string): string | undefined {
  if (run.timedOut) return `${what} timed out`;
  if (run.exitCode !== 0 && run.exitCode !== 1)
    return `${what} exited with ${run.exitCode}: ${tail(run.stderr)}`;
  return undefined;
}

function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext)).length;
}

function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The limit probe on a folder: its wall time, and fixed cost + serial renders from its report. */
export async function measureLimit(
  setup: Setup,
  dir: string,
): Promise<Measurement & { report?: LimitReport }> {
  const spawnedAt = Date.now();
  const run = await runTool(node, [join(setup.root, 'bench/limit.ts'), '--browser', setup.browser, dir], {
    timeoutMs: timeoutFor(setup.corpusFiles.length),
  });
  const error =
    failure(run, 'limit probe') ?? (run.exitCode === 0 ? undefined : `limit probe: ${tail(run.stderr)}`);
  if (error) return { ms: run.ms, peakRss: run.peakRss, cpuMs: run.cpuMs, failed: 0, error };
  const report = JSON.parse(run.stdout) as LimitReport;
  const fixedMs = report.readyAt - spawnedAt;
  const rendersMs = Math.round(report.renders.reduce((sum, r) => sum + r.ms, 0));
  const failed = report.renders.filter((r) => r.error).length;
  return {
    ms: fixedMs + rendersMs / setup.cores,
    peakRss: run.peakRss,
    cpuMs: run.cpuMs,
    failed,
    fixedMs,
    rendersMs,
    report,
  };
}

/**
 * Runs `merrow export <input> -o <output> --format svg` with the benchmark's build of the engine page.
 * Each run starts its own browser, as mermaid-cli's does: a warm engine (bench/hook.ts measures it)
 * would serve every run after the first from a process outside the measured tree.
 */
async function merrowExport(setup: Setup, input: string, output: string, diagrams: number): Promise<ToolRun> {
  return runTool(
    node,
    [join(setup.root, 'node/cli/merrow.ts'), 'export', input, '-o', output, '--format', 'svg', '--quiet'],
    {
      timeoutMs: timeoutFor(diagrams),
      env: {
        ...process.env,
        MERROW_BROWSER: setup.browser,
        MERROW_ENGINE_ASSETS: setup.engineAssets,
        MERROW_ENGINE_IDLE: '0',
      },
    },
  );
}

function merrowMeasurement(run: ToolRun, failed: number): Measurement {
  // With --quiet merrow prints only errors, one `file:line:col: message` per failed diagram.
  const note = failed > 0 ? run.stderr.trim().split('\n')[0]?.slice(0, 300) : undefined;
  const m: Measurement = { ms: run.ms, peakRss: run.peakRss, cpuMs: run.cpuMs, failed };
  const error = failure(run, 'merrow export');
  if (error) m.error = error;
  if (note) m.note = note;
  return m;
}

/** `merrow export <folder> -o <out> --format svg`, checking that every diagram became an SVG. */
export async function measureMerrowFolder(setup: Setup, dir: string, diagrams: number): Promise<Measurement> {
  const out = freshDir(join(setup.work, 'out-merrow'));
  const run = await merrowExport(setup, dir, out, diagrams);
  return merrowMeasurement(run, diagrams - countFiles(out, '.svg'));
}

/** `merrow export <one file> -o <file.svg>`. */
export async function measureMerrowSingle(setup: Setup): Promise<Measurement> {
  const out = join(freshDir(join(setup.work, 'out-merrow-single')), 'single.svg');
  const run = await merrowExport(setup, setup.single, out, 1);
  return merrowMeasurement(run, existsSync(out) ? 0 : 1);
}

/** mermaid-cli the way most people call it: one `mmdc` process per diagram, one after another. */
export async function measureMmdcPerFile(setup: Setup): Promise<Measurement> {
  const out = freshDir(join(setup.work, 'out-mmdc-files'));
  let ms = 0;
  let cpuMs = 0;
  let peakRss = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (const file of setup.corpusFiles) {
    const run = await runTool(
      node,
      mmdcArgs(setup.mmdcCli, setup.puppeteerConfig, join(setup.corpusDir, file), join(out, `${file}.svg`)),
      { timeoutMs: timeoutFor(1) },
    );
    ms += run.ms;
    cpuMs += run.cpuMs;
    peakRss = Math.max(peakRss, run.peakRss);
    if (run.exitCode !== 0) {
      failed++;
      firstError ??= `${file}: ${failure(run, 'mmdc') ?? tail(run.stderr)}`;
    }
  }
  // Per-file failures still cost their time; the run stays valid unless every call failed.
  const error = failed === setup.corpusFiles.length ? firstError : undefined;
  return { ms, peakRss, cpuMs, failed, error, ...(firstError && !error ? { note: firstError } : {}) };
}

/** mermaid-cli's best batch: every diagram in one Markdown file, one call, `-j` = cores. */
export async function measureMmdcBatch(setup: Setup): Promise<Measurement> {
  const out = freshDir(join(setup.work, 'out-mmdc-batch'));
  const run = await runTool(
    node,
    [
      ...mmdcArgs(setup.mmdcCli, setup.puppeteerConfig, setup.markdown, join(out, 'corpus.md')),
      '-j',
      String(setup.cores),
    ],
    { timeoutMs: timeoutFor(setup.corpusFiles.length) },
  );
  const error =
    failure(run, 'mmdc batch') ?? (run.exitCode === 0 ? undefined : `mmdc batch: ${tail(run.stderr)}`);
  const failed = setup.corpusFiles.length - countFiles(out, '.svg');
  return { ms: run.ms, peakRss: run.peakRss, cpuMs: run.cpuMs, failed, error };
}

/** mermaid-cli on the single diagram. */
export async function measureMmdcSingle(setup: Setup): Promise<Measurement> {
  const out = join(freshDir(join(setup.work, 'out-mmdc-single')), 'single.svg');
  const run = await runTool(node, mmdcArgs(setup.mmdcCli, setup.puppeteerConfig, setup.single, out), {
    timeoutMs: timeoutFor(1),
  });
  const error = failure(run, 'mmdc') ?? (run.exitCode === 0 ? undefined : `mmdc: ${tail(run.stderr)}`);
  return { ms: run.ms, peakRss: run.peakRss, cpuMs: run.cpuMs, failed: existsSync(out) ? 0 : 1, error };
}

/**
 * Render benchmark: Merrow's folder export against the limit of this machine and against mermaid-cli.
 *
 *   npm run bench                      full corpus, 3 runs
 *   npm run bench -- --runs 5          more runs
 *   npm run bench -- --quick           13 diagrams, 1 run, no mmdc once per file: about a minute
 *   npm run bench -- --browser PATH    the browser every tool uses (also MERROW_BROWSER)
 *
 * Method
 * - Corpus: every example of `@mermaid-js/examples` (all diagram types) plus deterministic generated
 *   flowcharts of 10–300 nodes with subgraphs and edge labels, written as `.mmd` files into a temp
 *   folder. A probe renders each candidate once in mermaid itself; examples mermaid cannot render are
 *   dropped and reported, so that every tool gets only diagrams that can succeed. The probe's answer
 *   is kept in bench/results/render-probe.json for the same mermaid and the same diagrams.
 * - The limit (bench/limit.ts, its own process): launch the browser once with playwright-core, load
 *   mermaid with ELK and the logos + mdi icon packs (securityLevel strict) into one page served from
 *   127.0.0.1, then time `mermaid.render` of each diagram alone, one after another, inside the page.
 *   limit = fixed cost + sum of renders / cores, where the fixed cost runs from spawning the process
 *   to mermaid being ready (Node start, playwright import, browser launch, new page, mermaid load):
 *   what any tool started from a shell pays before its first render.
 * - mermaid-cli (mmdc), pinned in bench/mmdc.ts, installed outside the project into the user cache
 *   folder with its browser download skipped, and pointed at the same browser through a puppeteer
 *   config (`-p`). Measured (a) once per file, one `mmdc` process per diagram in sequence, the way it
 *   is mostly used, and (b) its best batch: all diagrams in one Markdown file, one call, `-j` cores.
 *   Both get `--iconPacks` for the same icon packs, so architecture diagrams render offline.
 * - Merrow: `merrow export <folder> -o <out> --format svg` with its default concurrency, and one
 *   diagram alone (the generated 50-node flowchart) against mmdc on that same diagram. Merrow runs on
 *   its engine page built from the current sources into the work folder (MERROW_ENGINE_ASSETS), not
 *   dist/renderer, which may be stale or rebuilt during a run; one export checks that it works.
 * - Every measurement is the wall time of a fresh process tree. Each run measures every tool once;
 *   odd runs take the tools in reverse order; the report gives medians. Peak memory is the highest
 *   sum of VmRSS over the process and all its descendants (including the detached browser), sampled
 *   every 50 ms from /proc; shared pages count once per process, so it overstates absolute use but
 *   compares like with like. CPU time (user + system, summed over the tree from the same samples) is
 *   reported too: on a busy machine it moves less than wall time. Merrow's folder export is also run
 *   on 2×, 4× and 8× copies of the corpus (4× only with --quick; 1× is the main runs) to show that its
 *   peak memory does not grow with the number of diagrams.
 * - Every tool run has a timeout; a failed tool is reported and the others are still measured.
 *   Every process a run started, browsers included, is killed when the run ends.
 * - Output: a table on stdout, bench/results/render.md and bench/results/render.json (with each
 *   diagram's render time, for finding where the time goes), the files rewritten after every run so
 *   that an interrupted benchmark keeps its completed runs. Exit code 1 if a tool has no valid run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEngineAssets } from '../build/engine-assets.ts';
import { findBrowser } from '../node/engine/browser.ts';
import { candidateCorpus, type Diagram, replicateCorpus, writeCorpus, writeMarkdown } from './corpus.ts';
import { ensureMmdc, MMDC_VERSION, writePuppeteerConfig } from './mmdc.ts';
import { benchWorkFolder, killLeftovers } from './process-tree.ts';
import {
  markdownReport,
  median,
  type Results,
  type Scaling,
  summarize,
  TOOLS,
  type ToolName,
  textReport,
} from './report.ts';
import {
  type Measurement,
  measureLimit,
  measureMerrowFolder,
  measureMerrowSingle,
  measureMmdcBatch,
  measureMmdcPerFile,
  measureMmdcSingle,
  type Setup,
} from './tools.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const SINGLE = 'flowchart-generated-050-nodes.mmd';
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The engine's own discovery (--browser, MERROW_BROWSER, Electron, system browsers), except that
 * every tool here needs a Chromium-family browser: mermaid-cli cannot drive Electron.
 */
function chromiumForAllTools(flag: string | undefined): string {
  const found = findBrowser({ browser: flag });
  if (found.kind !== 'chromium') {
    throw new Error(
      `found ${found.path}, an Electron binary; mermaid-cli cannot drive it. Pass --browser /path/to/chromium`,
    );
  }
  return found.path;
}

function version(browser: string): string {
  try {
    return execFileSync(browser, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return browser;
  }
}

function packageVersion(dir: string): string {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function describe(m: Measurement): string {
  const extra = m.failed ? `, ${m.failed} diagram(s) not written` : '';
  if (m.error) return `FAILED (${m.error})`;
  return `${(m.ms / 1000).toFixed(2)} s, peak ${Math.round(m.peakRss / 2 ** 20)} MiB${extra}${m.note ? ` (${m.note})` : ''}`;
}

/**
 * Which candidates mermaid itself cannot render (file name → error), found by one pass of the limit
 * probe and remembered in bench/results for the same mermaid and the same diagrams.
 */
async function renderErrors(setup: Setup, candidates: Diagram[]): Promise<Map<string, string>> {
  const versions = ['mermaid', '@mermaid-js/layout-elk'].map((p) =>
    packageVersion(join(root, 'node_modules', p)),
  );
  const key = createHash('sha256').update(JSON.stringify({ versions, candidates })).digest('hex');
  const cacheFile = join(root, 'bench/results/render-probe.json');
  let cache: Record<string, Record<string, string>> = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  } catch {
    // no cache yet
  }
  const known = cache[key];
  if (known) return new Map(Object.entries(known));
  log(`probing which of ${candidates.length} candidate diagrams mermaid ${versions[0]} renders ...`);
  const dir = join(setup.work, 'candidates');
  writeCorpus(dir, candidates);
  const probe = await measureLimit({ ...setup, corpusFiles: candidates.map((d) => d.name) }, dir);
  if (probe.error || !probe.report) throw new Error(`cannot measure the limit: ${probe.error}`);
  const errors = Object.fromEntries(
    probe.report.renders.flatMap((r) => (r.error ? [[r.file, r.error]] : [])),
  );
  writeAtomically(cacheFile, `${JSON.stringify({ ...cache, [key]: errors }, null, 2)}\n`);
  return new Map(Object.entries(errors));
}

/**
 * Builds the engine page from the current sources into the work folder and exports one diagram with
 * it. Returns why merrow cannot be measured, or undefined when it works.
 */
async function checkMerrow(setup: Setup): Promise<string | undefined> {
  if (!existsSync(join(root, 'node/cli/export.ts'))) {
    return 'merrow export is not available (node/cli/export.ts missing)';
  }
  log('building the engine page ...');
  try {
    await buildEngineAssets(setup.engineAssets);
  } catch (error) {
    return `the engine page does not build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  log('checking that merrow export works ...');
  const smoke = await measureMerrowSingle(setup);
  if (smoke.error || smoke.failed) return `merrow export of one diagram failed: ${smoke.error ?? smoke.note}`;
  return undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      browser: { type: 'string' },
    },
  });
  const quick = values.quick === true;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const browser = chromiumForAllTools(values.browser);
  const cores = availableParallelism();
  const loadBefore = loadavg()[0]!;
  const { work, cleanUp } = benchWorkFolder('merrow-bench-');
  try {
    const candidates = candidateCorpus(quick);
    const setup: Setup = {
      root,
      browser,
      cores,
      corpusDir: join(work, 'corpus'),
      corpusFiles: [],
      markdown: join(work, 'corpus.md'),
      single: join(work, SINGLE),
      mmdcCli: ensureMmdc(root, log),
      puppeteerConfig: join(work, 'puppeteer.json'),
      engineAssets: join(work, 'engine-assets'),
      work,
    };
    writePuppeteerConfig(setup.puppeteerConfig, browser);

    const errors = await renderErrors(setup, candidates);
    const brokenGenerated = candidates.filter((d) => d.kind === 'generated-flowchart' && errors.has(d.name));
    if (brokenGenerated.length)
      throw new Error(`generated flowchart does not render: ${errors.get(brokenGenerated[0]!.name)}`);
    const corpus = candidates.filter((d) => !errors.has(d.name));
    for (const [name, error] of errors) log(`  dropped ${name}: ${error.split('\n')[0]}`);
    writeCorpus(setup.corpusDir, corpus);
    writeMarkdown(setup.markdown, corpus);
    writeFileSync(setup.single, corpus.find((d) => d.name === SINGLE)!.code);
    setup.corpusFiles = corpus.map((d) => d.name);

    const merrowProblem = await checkMerrow(setup);
    if (merrowProblem) log(`merrow is not measured: ${merrowProblem}`);
    const renderTimes = new Map<string, number[]>();
    const measures: Record<ToolName, () => Promise<Measurement>> = {
      limit: async () => {
        const { report, ...m } = await measureLimit(setup, setup.corpusDir);
        for (const r of report?.renders ?? [])
          renderTimes.set(r.file, [...(renderTimes.get(r.file) ?? []), r.ms]);
        return m;
      },
      merrowFolder: () => measureMerrowFolder(setup, setup.corpusDir, corpus.length),
      mmdcBatch: () => measureMmdcBatch(setup),
      mmdcPerFile: () => measureMmdcPerFile(setup),
      merrowSingle: () => measureMerrowSingle(setup),
      mmdcSingle: () => measureMmdcSingle(setup),
    };
    const notMeasured: Results['notMeasured'] = {};
    if (merrowProblem) notMeasured.merrowFolder = notMeasured.merrowSingle = merrowProblem;
    if (quick) notMeasured.mmdcPerFile = 'skipped in --quick mode';
    const tools = (Object.keys(measures) as ToolName[]).filter((t) => !notMeasured[t]);
    const measurements: Partial<Record<ToolName, Measurement[]>> = {};
    const orders: ToolName[][] = [];
    const memoryScaling: Scaling[] = [];
    const browserVersion = version(browser);
    // Written after every run, so that an interrupted benchmark still leaves its completed runs.
    const writeResults = (): Results => {
      const medians = Object.fromEntries(
        Object.entries(measurements).map(([tool, ms]) => [tool, summarize(ms)]),
      ) as Results['medians'];
      const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined);
      const results: Results = {
        date: new Date().toISOString(),
        command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
        machine: {
          cores,
          cpu: cpus()[0]?.model.trim() ?? 'unknown',
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          browser: browserVersion,
          node: process.versions.node,
          load: [loadBefore, loadavg()[0]!],
        },
        versions: { mermaid: packageVersion(join(root, 'node_modules/mermaid')), mmdc: MMDC_VERSION },
        corpus: {
          diagrams: corpus.length,
          examples: corpus.filter((d) => d.kind !== 'generated-flowchart').length,
          generated: corpus.filter((d) => d.kind === 'generated-flowchart').length,
          dropped: [...errors].map(([name, error]) => ({ name, error: error.split('\n')[0]! })),
          single: SINGLE,
        },
        runs: orders.length,
        orders,
        notMeasured,
        measurements,
        medians,
        ratios: {
          merrowToLimit: ratio(medians.merrowFolder?.ms, medians.limit?.ms),
          mmdcPerFileToMerrow: ratio(medians.mmdcPerFile?.ms, medians.merrowFolder?.ms),
          mmdcBatchToMerrow: ratio(medians.mmdcBatch?.ms, medians.merrowFolder?.ms),
          merrowSingleToMmdcSingle: ratio(medians.merrowSingle?.ms, medians.mmdcSingle?.ms),
        },
        memoryScaling,
        renderMs: Object.fromEntries([...renderTimes].map(([file, ms]) => [file, Math.round(median(ms))])),
      };
      const resultsDir = join(root, 'bench/results');
      writeAtomically(join(resultsDir, 'render.json'), `${JSON.stringify(results, null, 2)}\n`);
      writeAtomically(join(resultsDir, 'render.md'), markdownReport(results));
      return results;
    };
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? tools : [...tools].reverse();
      orders.push(order);
      for (const tool of order) {
        log(`run ${run + 1}/${runs}: ${TOOLS[tool]} ...`);
        const m = await measures[tool]();
        log(`  ${describe(m)}`);
        measurements[tool] = [...(measurements[tool] ?? []), m];
      }
      writeResults();
    }

    const folderRuns = measurements.merrowFolder?.filter((m) => !m.error) ?? [];
    if (folderRuns.length > 0) {
      // The 1× point is the main runs' median; larger corpora are copies of it in subfolders.
      const ms = median(folderRuns.map((m) => m.ms));
      const peakRss = median(folderRuns.map((m) => m.peakRss));
      const failed = Math.max(...folderRuns.map((m) => m.failed));
      const cpuMs = median(folderRuns.map((m) => m.cpuMs));
      memoryScaling.push({ copies: 1, diagrams: corpus.length, ms, peakRss, cpuMs, failed });
      for (const copies of quick ? [4] : [2, 4, 8]) {
        const dir = join(work, `scaled-${copies}`);
        replicateCorpus(setup.corpusDir, dir, copies);
        log(`memory: merrow export of ${copies}× the corpus (${copies * corpus.length} diagrams) ...`);
        const m = await measureMerrowFolder(setup, dir, copies * corpus.length);
        log(`  ${describe(m)}`);
        memoryScaling.push({ copies, diagrams: copies * corpus.length, ...m });
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const results = writeResults();
    process.stdout.write(
      `\n${textReport(results)}\n\nWritten: bench/results/render.md, bench/results/render.json\n`,
    );
    return tools.every((t) => results.medians[t]) ? 0 : 1;
  } finally {
    cleanUp();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    killLeftovers();
    process.exitCode = 1;
  },
);

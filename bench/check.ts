/**
 * Check benchmark: `merrow check`, which parses with mermaid in Node, against the browser check it
 * replaced and against mermaid-cli, which has no check: it renders the same files.
 *
 *   npm run bench:check                      5 runs
 *   npm run bench:check -- --runs 9          more runs
 *   npm run bench:check -- --quick           1 run, without mmdc's folder render
 *   npm run bench:check -- --browser PATH    the browser the browser check and mmdc use
 *
 * Method
 * - One file: the generated 50-node flowchart of the render benchmark (bench/corpus.ts).
 * - A folder of 100 diagrams: every example of `@mermaid-js/examples` (79, every diagram type), the
 *   7 diagrams of `examples/`, the 7 generated flowcharts of 10–300 nodes, and the same 7 examples
 *   cut off in the middle of their longest line (a folder in the middle of an edit).
 * - merrow check as installed: the CLI bundled as the npm package ships it (build/cli-bundle.ts),
 *   `node merrow.js check <input>`, on the same engine assets and the same way as below.
 * - merrow check: `node node/cli/merrow.ts check <input>`, on the engine assets built from the
 *   current sources into the work folder (MERROW_ENGINE_ASSETS), with no browser reachable
 *   (MERROW_BROWSER names a missing file, so a check that started one would fail).
 * - The browser check: bench/browser-check.ts, the previous `merrow check` (every diagram parsed by
 *   mermaid in one page of the headless engine), run the same way.
 * - mermaid-cli (bench/mmdc.ts, pinned, installed outside the project): `mmdc` rendering the one
 *   file to SVG, and rendering the folder as one Markdown file with `-j cores` (its fastest batch).
 *   The folder render takes minutes, so it is timed once, in the first run, without a warm-up.
 * - Every measurement is the wall time of a fresh process tree, the whole command. Each tool runs
 *   once untimed first (compile caches, the browser profile, the file cache: a developer's second
 *   run); odd runs take the tools in reverse order; the report gives medians. Merrow's and the
 *   browser check's outputs on the folder must be the same, or the benchmark fails.
 * - Output: a table on stdout, bench/results/check.md and bench/results/check.json.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleCli } from '../build/cli-bundle.ts';
import { buildEngineAssets } from '../build/engine-assets.ts';
import { findBrowser } from '../node/engine/browser.ts';
import { type Diagram, generatedFlowcharts, mermaidExamples, writeCorpus, writeMarkdown } from './corpus.ts';
import { ensureMmdc, MMDC_VERSION, mmdcArgs, writePuppeteerConfig } from './mmdc.ts';
import { benchWorkFolder, killLeftovers, runTool, type ToolRun } from './process-tree.ts';
import { median } from './report.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (line: string) => process.stderr.write(`${line}\n`);
const node = process.execPath;

const TOOLS = {
  packageSingle: 'merrow check, one file, as installed (the npm package: built JavaScript)',
  merrowSingle: 'merrow check, one file, from a checkout (types stripped at start)',
  browserSingle: 'browser check, one file',
  mmdcSingle: 'mmdc render, one file',
  packageFolder: 'merrow check, folder of 100, as installed',
  merrowFolder: 'merrow check, folder of 100, from a checkout',
  browserFolder: 'browser check, folder of 100',
  mmdcFolder: 'mmdc render, folder of 100 (one Markdown file, -j cores)',
} as const;
type Tool = keyof typeof TOOLS;
const GOALS: Partial<Record<Tool, number>> = {
  packageSingle: 400,
  merrowSingle: 400,
  packageFolder: 1500,
  merrowFolder: 1500,
};

interface Run {
  ms: number;
  cpuMs: number;
  peakRss: number;
  error?: string;
}

/** The folder of 100: all examples, the repository's diagrams, generated flowcharts, and 7 cut off. */
function folderCorpus(): Diagram[] {
  const dir = join(root, 'examples/diagrams');
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.mmd'))
    .sort()
    .map((f) => ({ name: `examples-${f}`, kind: 'examples', code: readFileSync(join(dir, f), 'utf8') }));
  const cut = own.map((d) => {
    const lines = d.code.split('\n');
    const longest = lines.reduce((best, l, i) => (l.length > lines[best]!.length ? i : best), 0);
    const text = [...lines.slice(0, longest), lines[longest]!.slice(0, lines[longest]!.length >> 1)].join(
      '\n',
    );
    return { name: d.name.replace('.mmd', '-cut-off.mmd'), kind: 'broken', code: `${text}\n` };
  });
  return [...mermaidExamples(), ...own, ...generatedFlowcharts(false), ...cut];
}

function failure(run: ToolRun, what: string, okCodes: number[]): string | undefined {
  if (run.timedOut) return `${what} timed out`;
  if (run.exitCode === null || !okCodes.includes(run.exitCode)) {
    const tail = run.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
    return `${what} exited with ${run.exitCode}: ${tail}`;
  }
  return undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, quick: { type: 'boolean' }, browser: { type: 'string' } },
  });
  const quick = values.quick === true;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 5;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const found = findBrowser({ browser: values.browser });
  if (found.kind !== 'chromium') throw new Error(`mermaid-cli cannot drive ${found.path}; pass --browser`);
  const browser = found.path;
  const cores = availableParallelism();
  const loadBefore = loadavg()[0]!;
  const { work, cleanUp } = benchWorkFolder('merrow-bench-check-');
  try {
    const corpus = folderCorpus();
    const folder = join(work, 'folder');
    writeCorpus(folder, corpus);
    const markdown = join(work, 'folder.md');
    writeMarkdown(markdown, corpus);
    const single = join(work, 'single.mmd');
    copyFileSync(join(folder, 'flowchart-generated-050-nodes.mmd'), single);
    const assets = join(work, 'engine-assets');
    log('building the engine page and the Node parser ...');
    await buildEngineAssets(assets);
    log('bundling the CLI as the npm package ships it ...');
    const packaged = join(work, 'package-cli');
    await bundleCli(packaged);
    const mmdc = ensureMmdc(root, log);
    const puppeteer = join(work, 'puppeteer.json');
    writePuppeteerConfig(puppeteer, browser);

    const merrowEnv = {
      ...process.env,
      MERROW_ENGINE_ASSETS: assets,
      MERROW_BROWSER: join(work, 'no-browser'),
    };
    const browserEnv = { ...process.env, MERROW_ENGINE_ASSETS: assets, MERROW_BROWSER: browser };
    const timeoutMs = 600_000;
    const outputs: Partial<Record<Tool, string>> = {};
    const merrow = (input: string) =>
      runTool(node, [join(root, 'node/cli/merrow.ts'), 'check', '--quiet', input], {
        timeoutMs,
        env: merrowEnv,
      });
    const installed = (input: string) =>
      runTool(node, [join(packaged, 'merrow.js'), 'check', '--quiet', input], { timeoutMs, env: merrowEnv });
    const browserCheck = (input: string) =>
      runTool(node, [join(root, 'bench/browser-check.ts'), input], { timeoutMs, env: browserEnv });
    const mmdcRun = (args: string[], ms = timeoutMs) => runTool(node, args, { timeoutMs: ms });
    const measures: Record<Tool, () => Promise<ToolRun>> = {
      packageSingle: () => installed(single),
      merrowSingle: () => merrow(single),
      browserSingle: () => browserCheck(single),
      mmdcSingle: () => mmdcRun(mmdcArgs(mmdc, puppeteer, single, join(work, 'single.svg'))),
      packageFolder: () => installed(folder),
      merrowFolder: () => merrow(folder),
      browserFolder: () => browserCheck(folder),
      mmdcFolder: () => {
        const out = join(work, 'mmdc-out');
        rmSync(out, { recursive: true, force: true });
        mkdirSync(out);
        // Two minutes on a quiet machine (npm run bench); a busy one may need many times that.
        const args = [...mmdcArgs(mmdc, puppeteer, markdown, join(out, 'folder.md')), '-j', String(cores)];
        return mmdcRun(args, 3 * timeoutMs);
      },
    };
    // mmdc fails on the cut-off diagrams (and renders the rest): its time still counts.
    const okCodes: Record<Tool, number[]> = {
      packageSingle: [0],
      merrowSingle: [0],
      browserSingle: [0],
      mmdcSingle: [0],
      packageFolder: [1],
      merrowFolder: [1],
      browserFolder: [1],
      mmdcFolder: [0, 1],
    };
    const tools = (Object.keys(TOOLS) as Tool[]).filter((t) => !(quick && t === 'mmdcFolder'));
    const results: Partial<Record<Tool, Run[]>> = {};

    log('one untimed run of each tool ...');
    for (const tool of tools.filter((t) => t !== 'mmdcFolder')) {
      const run = await measures[tool]();
      const error = failure(run, TOOLS[tool], okCodes[tool]);
      if (error) throw new Error(error);
      outputs[tool] = run.stdout;
    }
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    if (outputs.merrowFolder !== outputs.browserFolder || outputs.packageFolder !== outputs.merrowFolder) {
      writeFileSync(join(root, 'bench/results/check-merrow.txt'), outputs.merrowFolder ?? '');
      writeFileSync(join(root, 'bench/results/check-browser.txt'), outputs.browserFolder ?? '');
      throw new Error(
        'merrow check and the browser check disagree on the folder (bench/results/check-*.txt)',
      );
    }
    const problems = (outputs.merrowFolder ?? '').trim().split('\n').filter(Boolean).length;
    log(`  the folder: ${corpus.length} diagrams, ${problems} problems, the same from both checks`);

    for (let r = 0; r < runs; r++) {
      const timed = r === 0 ? tools : tools.filter((t) => t !== 'mmdcFolder');
      const order = r % 2 === 0 ? timed : [...timed].reverse();
      for (const tool of order) {
        const run = await measures[tool]();
        const error = failure(run, TOOLS[tool], okCodes[tool]);
        const m: Run = { ms: run.ms, cpuMs: run.cpuMs, peakRss: run.peakRss, ...(error ? { error } : {}) };
        results[tool] = [...(results[tool] ?? []), m];
        log(`run ${r + 1}/${runs}: ${TOOLS[tool]}: ${error ?? `${(run.ms / 1000).toFixed(2)} s`}`);
      }
    }

    const medians = Object.fromEntries(
      tools.map((t) => {
        const valid = (results[t] ?? []).filter((m) => !m.error);
        return [
          t,
          valid.length
            ? {
                ms: median(valid.map((m) => m.ms)),
                cpuMs: median(valid.map((m) => m.cpuMs)),
                peakRss: median(valid.map((m) => m.peakRss)),
                runs: valid.length,
              }
            : undefined,
        ];
      }),
    ) as Partial<Record<Tool, { ms: number; cpuMs: number; peakRss: number; runs: number }>>;
    const report = {
      date: new Date().toISOString(),
      command: `npm run bench:check${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine: {
        cores,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.versions.node,
        load: [loadBefore, loadavg()[0]!],
      },
      versions: {
        mermaid: JSON.parse(readFileSync(join(root, 'node_modules/mermaid/package.json'), 'utf8')).version,
        mmdc: MMDC_VERSION,
      },
      folder: { diagrams: corpus.length, problems },
      runs,
      results,
      medians,
    };
    const table = markdown_(report.medians, tools, report);
    writeFileSync(join(root, 'bench/results/check.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(root, 'bench/results/check.md'), `${table}\n`);
    process.stdout.write(`\n${table}\n\nWritten: bench/results/check.md, bench/results/check.json\n`);
    return tools.every((t) => medians[t]) ? 0 : 1;
  } finally {
    cleanUp();
  }
}

function markdown_(
  medians: Partial<Record<Tool, { ms: number; cpuMs: number; runs: number }>>,
  tools: Tool[],
  report: {
    date: string;
    command: string;
    runs: number;
    machine: { cores: number; load: number[] };
    versions: { mermaid: string; mmdc: string };
  },
): string {
  const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const vs = (a: Tool, b: Tool) => {
    const x = medians[a]?.ms;
    const y = medians[b]?.ms;
    return x && y ? `${(y / x).toFixed(1)}×` : '—';
  };
  const lines = [
    `Check benchmark, ${report.date.slice(0, 16)} (\`${report.command}\`): median of ${report.runs} runs, ${report.machine.cores} cores, load ${report.machine.load.map((l) => l.toFixed(1)).join(' → ')}; mermaid ${report.versions.mermaid}, mmdc ${report.versions.mmdc}.`,
    '',
    '| measure | median | CPU | goal | merrow check is faster by |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const t of tools) {
    const goal = GOALS[t] ? `≤ ${s(GOALS[t])}` : '';
    const faster =
      t === 'browserSingle' || t === 'mmdcSingle'
        ? vs('packageSingle', t)
        : t === 'browserFolder' || t === 'mmdcFolder'
          ? vs('packageFolder', t)
          : '';
    lines.push(`| ${TOOLS[t]} | ${s(medians[t]?.ms)} | ${s(medians[t]?.cpuMs)} | ${goal} | ${faster} |`);
  }
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench:check: ${error instanceof Error ? error.message : String(error)}`);
    killLeftovers();
    process.exitCode = 1;
  },
);

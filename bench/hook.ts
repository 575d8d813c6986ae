/**
 * Pre-commit benchmark: the examples/ hook (check, export, stage) committing one changed diagram.
 *
 *   npm run bench:hook                    7 rounds (also the second part of `npm run bench`)
 *   npm run bench:hook -- --rounds 11     more rounds
 *   npm run bench:hook -- --from-checkout the CLI from this checkout's sources, not as installed
 *
 * Method
 * - A temporary git repository holds a copy of examples/ (its config, diagrams and their SVGs,
 *   committed), with examples/hooks/pre-commit installed as written. MERROW runs the CLI as the npm
 *   package ships it (bundled JavaScript, built from the current sources; `--from-checkout` runs
 *   this checkout's TypeScript instead), on an engine page built from the current sources (or
 *   MERROW_ENGINE_ASSETS).
 * - Each sample changes one diagram (a flowchart gets a node named after the sample), stages it, and
 *   times `git commit`, which runs the hook: the wall time of the whole commit. Each committed SVG
 *   is checked to carry the committed text.
 * - Four ways, in a rotating order each round:
 *   - warm: a warm engine is up, as when the previous commit was within the minute (an untimed
 *     commit runs just before).
 *   - cold: no warm engine (a runtime folder of its own); the browser profile has been used before.
 *   - first: no warm engine and empty browser caches (a new cache folder): the first run ever.
 *   - no warm engine: MERROW_ENGINE_IDLE=0, each of the hook's commands starts its own browser, as
 *     every merrow run did before the warm engine: the reference.
 * - The hook's two commands are also timed alone, warm and cold, as the hook runs them:
 *   `merrow check --changed --staged --prepare-export` and `merrow export --changed --staged .`.
 * - Each sample also counts CPU time: the commit's own processes (time(1)) plus what the warm
 *   engines used meanwhile. On a busy machine it moves less than the wall time.
 * - Every warm engine the benchmark started is stopped before the next sample and at the end.
 * - Output: a table on stderr, bench/results/hook.md and bench/results/hook.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleCli } from '../build/cli-bundle.ts';
import { buildEngineAssets } from '../build/engine-assets.ts';
import { processAlive } from '../node/engine/pid-lock.ts';
import { readSourceFromSvg } from '../shared/mermaid/embed.ts';
import { CpuWatch } from './process-tree.ts';
import { median } from './report.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** The CLI that runs: the npm package's bundle (as users have it), or this checkout's sources. */
let CLI = join(root, 'node/cli/merrow.ts');
const CHANGED = 'diagrams/l4-tls-passthrough.mmd';
const log = (line: string) => process.stderr.write(`${line}\n`);

const WAYS = {
  warm: 'hook, warm engine up (the previous commit within the minute)',
  cold: 'hook, no warm engine, browser profile used before',
  first: 'hook, no warm engine, empty browser caches (first run ever)',
  inProcess: 'hook, warm engine off (MERROW_ENGINE_IDLE=0): the reference',
  checkWarm: 'merrow check --changed --staged --prepare-export, warm',
  exportWarm: 'merrow export --changed --staged ., warm',
  checkCold: 'merrow check --changed --staged --prepare-export, cold',
  exportCold: 'merrow export --changed --staged ., cold',
} as const;
type Way = keyof typeof WAYS;

interface Bench {
  repo: string;
  work: string;
  env: NodeJS.ProcessEnv;
  original: string;
  sample: number;
  /** Every runtime folder a warm engine may have been started in. */
  runtimes: string[];
}

interface Sample {
  ms: number;
  /**
   * CPU time of the run: its processes (the browsers it started included) and what warm engines used
   * meanwhile. On a busy machine it moves much less than the wall time.
   */
  cpuMs: number;
}

/** The pids of the warm engines whose files are in the runtime folders. */
function enginePids(runtimes: string[]): number[] {
  const pids: number[] = [];
  for (const runtime of runtimes) {
    const folder = join(runtime, 'merrow');
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json'))) {
      try {
        pids.push((JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number }).pid);
      } catch {
        // just removed by an engine going idle
      }
    }
  }
  return pids;
}

/** Runs a command to its end: its wall and CPU time, or an error with its output. */
function timed(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  runtimes: string[],
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const cpu = new CpuWatch(enginePids(runtimes));
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const sample = () => cpu.sample([child.pid!, ...enginePids(runtimes)]);
    const sampler = setInterval(sample, 25);
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      clearInterval(sampler);
      cpu.sample(enginePids(runtimes));
      if (code === 0) resolve({ ms, cpuMs: cpu.cpuMs });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.trim()}`));
    });
  });
}

/** The warm engines whose files are in a runtime folder, stopped and waited for. */
async function stopEngines(runtime: string): Promise<void> {
  const folder = join(runtime, 'merrow');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.json'))) {
    const { pid } = JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number };
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + 15_000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Changes the diagram for the next sample and stages it; returns its new text. */
function stageChange(bench: Bench): string {
  bench.sample++;
  const text = `${bench.original.trimEnd()}\n  bench_${bench.sample}[Sample ${bench.sample}] --> client\n`;
  writeFileSync(join(bench.repo, CHANGED), text);
  git(bench.repo, 'add', CHANGED);
  return text;
}

/** Commits the staged change through the hook; its time, after checking what was committed. */
async function commit(bench: Bench, env: NodeJS.ProcessEnv): Promise<Sample> {
  const text = stageChange(bench);
  const args = ['commit', '-q', '-m', `sample ${bench.sample}`];
  const sample = await timed('git', args, bench.repo, env, bench.runtimes);
  const svg = git(bench.repo, 'show', `HEAD:${CHANGED.replace(/\.mmd$/, '.svg')}`);
  if (readSourceFromSvg(svg) !== text) throw new Error(`sample ${bench.sample}: the committed SVG is stale`);
  return sample;
}

/** Times the hook's check and its export alone on a staged change, then undoes it. */
async function parts(bench: Bench, env: NodeJS.ProcessEnv): Promise<[Sample, Sample]> {
  stageChange(bench);
  const merrow = (...args: string[]) =>
    timed(process.execPath, [CLI, ...args], bench.repo, env, bench.runtimes);
  const check = await merrow('check', '--changed', '--staged', '--quiet', '--prepare-export');
  const exported = await merrow('export', '--changed', '--staged', '--quiet', '.');
  git(bench.repo, 'reset', '-q', '--hard');
  return [check, exported];
}

function setUp(work: string, assets: string): Bench {
  const repo = join(work, 'repo');
  mkdirSync(join(repo, 'diagrams'), { recursive: true });
  copyFileSync(join(root, 'examples/merrow.config.json'), join(repo, 'merrow.config.json'));
  for (const name of readdirSync(join(root, 'examples/diagrams')))
    copyFileSync(join(root, 'examples/diagrams', name), join(repo, 'diagrams', name));
  const gitConfig = join(work, 'gitconfig');
  writeFileSync(
    gitConfig,
    '[user]\n\tname = Bench\n\temail = bench@example.com\n[commit]\n\tgpgsign = false\n',
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    MERROW: `${process.execPath} ${CLI}`,
    MERROW_ENGINE_ASSETS: assets,
    XDG_CACHE_HOME: join(work, 'cache'),
    CI: '',
  };
  delete env.MERROW_ENGINE_IDLE;
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1' });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'examples');
  copyFileSync(join(root, 'examples/hooks/pre-commit'), join(repo, '.git/hooks/pre-commit'));
  return { repo, work, env, original: readFileSync(join(repo, CHANGED), 'utf8'), sample: 0, runtimes: [] };
}

function runtimeFolder(bench: Bench, name: string): string {
  const dir = join(bench.work, `runtime-${name}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  bench.runtimes.push(dir);
  return dir;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string' }, 'from-checkout': { type: 'boolean' } },
  });
  const rounds = Number(values.rounds ?? 7);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer`);
  const work = mkdtempSync(join(tmpdir(), 'merrow-bench-hook-'));
  let bench: Bench | undefined;
  const cleanUp = async () => {
    for (const dir of bench?.runtimes ?? []) await stopEngines(dir);
    rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void cleanUp().then(() => process.exit(130)));
  const loadBefore = loadavg()[0]!;
  try {
    let assets = process.env.MERROW_ENGINE_ASSETS;
    if (!assets) {
      assets = join(work, 'engine-assets');
      log('building the engine page ...');
      await buildEngineAssets(assets);
    }
    if (!values['from-checkout']) {
      log('bundling the CLI as the npm package ships it ...');
      await bundleCli(join(work, 'cli'));
      CLI = join(work, 'cli/merrow.js');
    }
    bench = setUp(work, assets);
    const b = bench;
    const warmRuntime = runtimeFolder(b, 'warm');
    const warmEnv = { ...b.env, XDG_RUNTIME_DIR: warmRuntime };
    // Untimed: the browser profiles get used once, as on any machine that has run merrow before.
    log('first commits (untimed) ...');
    await commit(b, { ...b.env, MERROW_ENGINE_IDLE: '0' });
    await commit(b, warmEnv);

    const times: Record<Way, Sample[]> = Object.fromEntries(
      Object.keys(WAYS).map((w) => [w, []]),
    ) as unknown as Record<Way, Sample[]>;
    const coldEnv = async (name: string, fresh: boolean) => {
      const runtime = runtimeFolder(b, name);
      return {
        ...b.env,
        XDG_RUNTIME_DIR: runtime,
        ...(fresh ? { XDG_CACHE_HOME: join(work, `cache-${name}`) } : {}),
      };
    };
    const samples: Record<'warm' | 'cold' | 'first' | 'inProcess' | 'parts', () => Promise<void>> = {
      warm: async () => {
        await commit(b, warmEnv);
        times.warm.push(await commit(b, warmEnv));
      },
      cold: async () => {
        const env = await coldEnv(`cold-${b.sample}`, false);
        times.cold.push(await commit(b, env));
        await stopEngines(env.XDG_RUNTIME_DIR);
      },
      first: async () => {
        const env = await coldEnv(`first-${b.sample}`, true);
        times.first.push(await commit(b, env));
        await stopEngines(env.XDG_RUNTIME_DIR);
      },
      inProcess: async () => {
        times.inProcess.push(await commit(b, { ...b.env, MERROW_ENGINE_IDLE: '0' }));
      },
      parts: async () => {
        await commit(b, warmEnv);
        const [checkWarm, exportWarm] = await parts(b, warmEnv);
        times.checkWarm.push(checkWarm);
        times.exportWarm.push(exportWarm);
        const env = await coldEnv(`parts-${b.sample}`, false);
        const [checkCold, exportCold] = await parts(b, env);
        times.checkCold.push(checkCold);
        times.exportCold.push(exportCold);
        await stopEngines(env.XDG_RUNTIME_DIR);
      },
    };
    const order = Object.keys(samples) as (keyof typeof samples)[];
    for (let round = 0; round < rounds; round++) {
      const rotated = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
      log(`round ${round + 1}/${rounds}: ${rotated.join(', ')}`);
      for (const way of rotated) await samples[way]();
    }
    report(times, rounds, loadBefore);
  } finally {
    await cleanUp();
  }
}

function report(times: Record<Way, Sample[]>, rounds: number, loadBefore: number): void {
  const med = (way: Way, key: keyof Sample) => median(times[way].map((t) => t[key]));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const isHook = (way: Way) => !way.startsWith('check') && !way.startsWith('export');
  const ratio = (way: Way, key: keyof Sample) =>
    isHook(way) && way !== 'inProcess' ? ` (${(med(way, key) / med('inProcess', key)).toFixed(2)}×)` : '';
  const rows = (Object.keys(WAYS) as Way[]).map((way) => {
    const all = times[way].map((t) => (t.ms / 1000).toFixed(2)).join(' / ');
    return `| ${WAYS[way]} | ${s(med(way, 'ms'))}${ratio(way, 'ms')} | ${s(med(way, 'cpuMs'))}${ratio(way, 'cpuMs')} | ${all} |`;
  });
  const load = `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
  const md = [
    `# Pre-commit hook, one changed diagram (${new Date().toISOString()})`,
    '',
    `\`npm run bench:hook -- --rounds ${rounds}${CLI.endsWith('.ts') ? ' --from-checkout' : ''}\` · the CLI ${CLI.endsWith('.ts') ? 'from a checkout' : 'as installed'} · ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'}) · Node ${process.version} · load ${load}`,
    '',
    'Medians; ratios against the hook with the warm engine off, measured in the same rounds.',
    '',
    '| measure | wall time | CPU time | wall time of each sample (s) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/hook.md'), md);
  writeFileSync(
    join(root, 'bench/results/hook.json'),
    `${JSON.stringify({ date: new Date().toISOString(), rounds, load: [loadBefore, loadavg()[0]], times }, null, 2)}\n`,
  );
  process.stdout.write(md);
}

await main();

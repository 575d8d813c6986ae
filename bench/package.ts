/**
 * Package benchmark: what `npm install -D merrow` costs a user's repository.
 *
 *   npm run bench:package              5 timed installs of each kind
 *   node bench/package.ts --runs 9     more runs
 *
 * Method
 * - Builds and packs the npm package (build/packed-package.ts) and serves it from an npm
 *   registry on 127.0.0.1, so that the time is npm's own work (resolve,
 *   fetch, unpack, link) and no network's.
 * - Each run installs into a fresh project: "cold" with an empty npm cache (a first install),
 *   "warm" with the cache the cold run filled (a CI cache, a second repository). Medians.
 * - Footprint: the project's node_modules after the install, on disk (blocks allocated, as du
 *   counts) and as the sum of file sizes.
 * - The competitor, in the same run: mermaid-cli (mmdc) installed the same way from npm's own
 *   cache (fetched once from the registry before timing), with its Chrome download switched off;
 *   puppeteer downloads a Chrome of its own into the user's cache on a normal install, which
 *   neither figure includes.
 * - Output: a table on stdout and bench/results/package.md. Exit code 1 when a goal is missed:
 *   ≤ 40 MB on disk, ≤ 20 s for a cold install.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyProject, installCli, startPackageRegistry } from '../build/packed-package.ts';
import { MMDC_VERSION } from './mmdc.ts';
import { median } from './report.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const GOAL_MB = 40;
const GOAL_INSTALL_S = 20;
const MB = 1024 * 1024;

interface Footprint {
  diskBytes: number;
  fileBytes: number;
  files: number;
}

function footprint(dir: string): Footprint {
  let diskBytes = 0;
  let fileBytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const info = statSync(join(entry.parentPath, entry.name));
    diskBytes += info.blocks * 512;
    fileBytes += info.size;
    files++;
  }
  return { diskBytes, fileBytes, files };
}

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  log('packing the package ...');
  const registry = await startPackageRegistry();
  const work = mkdtempSync(join(tmpdir(), 'merrow-bench-package-'));
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    let merrow: Footprint | undefined;
    for (let run = 0; run < RUNS; run++) {
      const cache = join(work, `cache-${run}`);
      const first = emptyProject();
      const second = emptyProject();
      try {
        cold.push(timed(() => installCli(first, registry, { npm_config_cache: cache })));
        warm.push(timed(() => installCli(second, registry, { npm_config_cache: cache })));
        merrow ??= footprint(join(first, 'node_modules'));
      } finally {
        for (const dir of [first, second, cache]) rmSync(dir, { recursive: true, force: true });
      }
      log(
        `run ${run + 1}/${RUNS}: cold ${(cold.at(-1)! / 1000).toFixed(1)} s, warm ${(warm.at(-1)! / 1000).toFixed(1)} s`,
      );
    }
    const tarballs = registry.packages.map((p) => ({
      name: p.manifest.name,
      bytes: statSync(p.tarball).size,
    }));
    await registry.close();

    log(`mermaid-cli ${MMDC_VERSION}: filling npm's cache ...`);
    const mmdcEnv = {
      ...process.env,
      PUPPETEER_SKIP_DOWNLOAD: '1',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    const mmdcInstall = (dir: string, offline: boolean) => {
      writeFileSync(join(dir, 'package.json'), '{ "name": "diagrams", "private": true }\n');
      const args = [
        'install',
        '-D',
        `@mermaid-js/mermaid-cli@${MMDC_VERSION}`,
        ...(offline ? ['--offline'] : []),
      ];
      const done = spawnSync('npm', args, { cwd: dir, env: mmdcEnv, encoding: 'utf8' });
      if (done.status !== 0) throw new Error(`npm install of mermaid-cli failed: ${done.stderr}`);
    };
    const fill = mkdtempSync(join(work, 'mmdc-'));
    mmdcInstall(fill, false);
    const mmdc = footprint(join(fill, 'node_modules'));
    const mmdcTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dir = mkdtempSync(join(work, 'mmdc-'));
      mmdcTimes.push(timed(() => mmdcInstall(dir, true)));
      rmSync(dir, { recursive: true, force: true });
    }

    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const coldMedian = median(cold);
    const warmMedian = median(warm);
    const lines = [
      `# npm install -D merrow — ${new Date().toISOString()}`,
      '',
      `Machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end; ${RUNS} runs each, medians.`,
      `Packed: ${tarballs.map((t) => `${t.name} ${mb(t.bytes)}`).join(', ')}.`,
      '',
      '| measure | merrow | mermaid-cli (no Chrome) | ratio | goal |',
      '| --- | --- | --- | --- | --- |',
      `| node_modules on disk | ${mb(merrow!.diskBytes)} | ${mb(mmdc.diskBytes)} | ${(merrow!.diskBytes / mmdc.diskBytes).toFixed(2)}× | ≤ ${GOAL_MB} MB |`,
      `| node_modules, sum of file sizes | ${mb(merrow!.fileBytes)} (${merrow!.files} files) | ${mb(mmdc.fileBytes)} (${mmdc.files} files) | ${(merrow!.fileBytes / mmdc.fileBytes).toFixed(2)}× | |`,
      `| install, empty npm cache | ${s(coldMedian)} (${cold.map(s).join(', ')}) | | | ≤ ${GOAL_INSTALL_S} s |`,
      `| install, warm npm cache | ${s(warmMedian)} (${warm.map(s).join(', ')}) | ${s(median(mmdcTimes))} (${mmdcTimes.map(s).join(', ')}) | ${(warmMedian / median(mmdcTimes)).toFixed(2)}× | |`,
    ];
    const report = `${lines.join('\n')}\n`;
    process.stdout.write(report);
    const results = join(import.meta.dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'package.md'), report);
    return merrow!.diskBytes <= GOAL_MB * MB && coldMedian <= GOAL_INSTALL_S * 1000 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench:package: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

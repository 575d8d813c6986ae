/**
 * Git benchmark: the git side of the app on a large diagram repository.
 *
 *   node bench/git.ts              15 timed runs of each measure (after one warm-up)
 *   node bench/git.ts --runs 31    more runs
 *
 * Method
 * - Builds, in a temp folder, a repository of 1 000 flowchart diagrams (10–40 nodes each) in
 *   50 folders with 2 000 commits, streamed into `git fast-import` (a few seconds). One file,
 *   `diagrams/hot.mmd`, changes in every 5th commit and was renamed from `diagrams/hot-old.mmd`
 *   halfway, so its history (with --follow) is the long case; the others change now and then.
 *   The working tree is then checked out and made dirty: 10 modified, 3 staged, 5 new files.
 * - Each measure calls what the app calls (`createGitApi(root)` handlers, `changedDiagrams`,
 *   `diffDiagrams`) in this process, once to warm up, then `--runs` times; the report gives the
 *   median, min and max. The same status command through simple-git is timed beside it: the
 *   reason the service spawns git itself.
 * - Output: a table on stdout and bench/results/git.md. Exit code 1 when a goal is missed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';
import { FolderBoundary } from '../node/boundary/confine.ts';
import { changedDiagrams } from '../node/git/changed-diagrams.ts';
import { createGitApi, STATUS_ARGS } from '../node/git/git-api.ts';
import { cacheTrash } from '../node/workspace/trash.ts';
import { diffDiagrams } from '../shared/diff/diagram-diff.ts';
import { seededRandom } from '../shared/random.ts';
import { median } from './report.ts';

const DIAGRAMS = 1000;
const COMMITS = 2000;
const HOT = 'diagrams/hot.mmd';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

/** A flowchart of `size` nodes with labels, shapes and edge labels; `version` varies the text. */
function flowchart(size: number, version: number, rand: () => number): string {
  const lines = ['flowchart LR'];
  for (let n = 1; n < size; n++) {
    const from = Math.floor(rand() * n);
    const shape = n % 3 === 0 ? `{Check ${n}}` : `[Step ${n} v${version % 7}]`;
    const label = n % 4 === 0 ? `|case ${n}|` : '';
    lines.push(`  n${from} -->${label} n${n}${shape}`);
  }
  return `${lines.join('\n')}\n`;
}

function diagramPath(i: number): string {
  return i === 0
    ? HOT
    : `diagrams/group-${String(i % 50).padStart(2, '0')}/d${String(i).padStart(4, '0')}.mmd`;
}

/** The fast-import stream: one commit adding every diagram, then small commits on top. */
function fastImportStream(): string {
  const rand = seededRandom(42);
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const sizes = Array.from({ length: DIAGRAMS }, () => 10 + Math.floor(rand() * 30));
  const path = (i: number, commit: number) =>
    i === 0 && commit < COMMITS / 2 ? 'diagrams/hot-old.mmd' : diagramPath(i);
  for (let c = 0; c < COMMITS; c++) {
    const time = 1_700_000_000 + c * 3600;
    parts.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    parts.push(data(c === 0 ? 'Add the diagrams' : `Update diagrams (${c})`));
    if (c === 0) {
      for (let i = 0; i < DIAGRAMS; i++)
        parts.push(`M 100644 inline ${path(i, c)}\n${data(flowchart(sizes[i]!, 0, rand))}`);
      continue;
    }
    if (c === COMMITS / 2) parts.push(`R diagrams/hot-old.mmd ${HOT}\n`);
    const touched = new Set<number>();
    // The rename commit changes nothing else in the file, so git sees a 100% similar rename.
    if (c % 5 === 0 && c !== COMMITS / 2) touched.add(0);
    const extra = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < extra; k++) touched.add(1 + Math.floor(rand() * (DIAGRAMS - 1)));
    for (const i of touched)
      parts.push(`M 100644 inline ${path(i, c)}\n${data(flowchart(sizes[i]!, c, rand))}`);
  }
  return parts.join('');
}

function buildRepository(root: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: root, input: fastImportStream() });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString()}`);
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
  const rand = seededRandom(7);
  for (let i = 1; i <= 10; i++) writeFileSync(join(root, diagramPath(i * 37)), flowchart(20, 999, rand));
  for (let i = 1; i <= 5; i++) {
    const path = join(root, `diagrams/new/n${i}.mmd`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, flowchart(12, 1, rand));
  }
  execFileSync('git', ['add', diagramPath(37), diagramPath(74), diagramPath(111)], { cwd: root });
}

interface Row {
  measure: string;
  times: number[];
  goalMs?: number;
  notes: string;
}

async function time(measure: string, fn: () => Promise<unknown>, goalMs?: number, notes = ''): Promise<Row> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return { measure, times, notes, ...(goalMs === undefined ? {} : { goalMs }) };
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

async function main(): Promise<number> {
  const base = mkdtempSync(join(tmpdir(), 'merrow-bench-git-'));
  const root = join(base, 'repo');
  try {
    const started = performance.now();
    buildRepository(root);
    const buildMs = performance.now() - started;
    const api = createGitApi(new FolderBoundary(root), { trash: cacheTrash(join(base, 'cache')) });
    const status = await api['git.status']({});
    const hotLog = await api['git.log']({ path: HOT, limit: 10_000 });
    const typical = diagramPath(500);
    const typicalLog = await api['git.log']({ path: typical });
    const big = flowchart(100, 1, seededRandom(3));
    const bigAfter = big
      .replace('Step 10 ', 'Step ten ')
      .replace('n50', 'n50b')
      .concat('  n99 --> extra[Extra]\n');

    const rows = [
      await time(
        'git.status (refresh)',
        () => api['git.status']({}),
        200,
        `${status.files.length} changed files`,
      ),
      await time('the same status through simple-git, for comparison', () =>
        simpleGit(root).raw([...STATUS_ARGS]),
      ),
      await time(
        `git.log of a busy file (--follow)`,
        () => api['git.log']({ path: HOT }),
        300,
        `${Math.min(hotLog.length, 200)} of ${hotLog.length} commits (default limit 200), across a rename`,
      ),
      await time(
        'git.log of a busy file, whole history',
        () => api['git.log']({ path: HOT, limit: 10_000 }),
        300,
        `${hotLog.length} commits`,
      ),
      await time(
        'git.log of a typical file',
        () => api['git.log']({ path: typical }),
        300,
        `${typicalLog.length} commits`,
      ),
      await time('git.show HEAD version', () => api['git.show']({ path: HOT, ref: 'HEAD' })),
      await time('git.diff of a file', () => api['git.diff']({ path: diagramPath(37 * 4) })),
      await time('changedDiagrams (for --changed)', () => changedDiagrams(root)),
      await time('diffDiagrams, 100-node flowchart', async () => diffDiagrams(big, bigAfter)),
    ];

    const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
    const header = [
      `# Git benchmark (${new Date().toISOString()})`,
      '',
      `- Repository: ${DIAGRAMS} diagrams, ${COMMITS} commits, built with git fast-import in ${(buildMs / 1000).toFixed(1)} s; working tree with ${status.files.length} changed files`,
      `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${gitVersion}, Node ${process.versions.node}; load average ${loadavg()[0]!.toFixed(1)} at the start`,
      `- Medians of ${RUNS} runs after one warm-up, in process, as the app calls them`,
      '- Command: `node bench/git.ts`',
      '',
      '| Measure | Median | Min | Max | Goal | Notes |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    let missed = false;
    const lines = rows.map((row) => {
      const m = median(row.times);
      const goal = row.goalMs === undefined ? '' : `≤ ${row.goalMs} ms ${m <= row.goalMs ? 'met' : 'MISSED'}`;
      if (row.goalMs !== undefined && m > row.goalMs) missed = true;
      return `| ${row.measure} | ${ms(m)} | ${ms(Math.min(...row.times))} | ${ms(Math.max(...row.times))} | ${goal} | ${row.notes} |`;
    });
    const report = `${[...header, ...lines].join('\n')}\n`;
    process.stdout.write(report);
    const out = new URL('./results/git.md', import.meta.url);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(out, report);
    return missed ? 1 : 0;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

process.exitCode = await main();

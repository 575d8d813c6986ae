/**
 * How fast and in how much memory Merrow refuses each decompression and parse bomb it can be
 * handed (the figures of README "Security"). Each bomb is read as `merrow convert` reads it, in a
 * process of its own, RUNS times; the table gives the medians of the time to refusal (wall clock,
 * and the CPU time it used, which a busy machine stretches less) and of the process's peak memory
 * (Node and its TypeScript loader included), with the size of the file.
 *
 *     node bench/bombs.ts [RUNS] [MEBIBYTES]      # defaults: 5 runs, bombs of 2 GB
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBombFiles } from '../test/support/bomb-files.ts';
import { median } from './report.ts';

const RUNS = Number(process.argv[2] ?? 5);
const MEBIBYTES = Number(process.argv[3] ?? 2048);
const READER = resolve(import.meta.dirname, '../test/support/read-bomb.ts');

const dir = mkdtempSync(join(tmpdir(), 'merrow-bench-bombs-'));
try {
  const bombs = writeBombFiles(dir, MEBIBYTES).filter((b) => b.name !== 'good.excalidraw');
  console.log(`${RUNS} runs each, load average ${loadavg()[0]!.toFixed(1)} at the start\n`);
  console.log('| bomb | file | refused in (median) | CPU time (median) | peak memory (median) | answer |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const { name, what } of bombs) {
    const file = join(dir, name);
    const runs = Array.from({ length: RUNS }, () => {
      const lines = execFileSync(process.execPath, [READER, file], { encoding: 'utf8' }).trim().split('\n');
      const { ms, cpuMs, error } = JSON.parse(lines[0]!) as {
        ms: number;
        cpuMs: number;
        error: string | null;
      };
      const { maxRssMb } = JSON.parse(lines[1]!) as { maxRssMb: number };
      return { ms, cpuMs, maxRssMb, error };
    });
    const size = statSync(file).size / 1024;
    console.log(
      `| ${what} | ${size >= 1024 ? `${(size / 1024).toFixed(1)} MB` : `${size.toFixed(0)} KB`} | ${median(runs.map((r) => r.ms)).toFixed(0)} ms | ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms | ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB | ${runs[0]!.error} |`,
    );
  }
  console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

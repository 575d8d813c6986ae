/**
 * Reads files as `merrow convert` does (an embedded Merrow source first, else an Excalidraw
 * drawing), one after another in this process, and prints one JSON line per file
 * (`{ file, ms, cpuMs, error }`: wall and CPU time) and then the process's peak memory (`{ maxRssMb }`).
 * Run: node test/support/read-bomb.ts FILE…
 */
import { readFileSync } from 'node:fs';
import { isPng } from '../../shared/bytes/png.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import { readSourceFromPng } from '../../shared/mermaid/embed.ts';

for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let error: string | null = null;
  try {
    if (!(isPng(bytes) && readSourceFromPng(bytes) !== null)) readExcalidraw(bytes);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const { user, system } = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ file, ms, cpuMs: (user + system) / 1000, error })}\n`);
}
process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);

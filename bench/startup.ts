/**
 * Cold start of the browser mode: from spawning `merrow serve FOLDER` to the first diagram drawn
 * in the page, with a fresh server, a fresh state folder and a fresh browser profile each run
 * (the browser itself is already running, as a user's is). Reports each run and the median.
 *
 *   node bench/startup.ts [folder=examples] [--runs 7] [--browser /usr/bin/chromium]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../node/serve/renderer-build.ts';
import { freshRenderer, launchChromium, startServe } from './app-session.ts';
import { median } from './report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    browser: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const folder = resolve(positionals[0] ?? join(PROJECT_ROOT, 'examples'));
const runs = Number(values.runs);

interface Run {
  /** Spawn → the URL printed (the server listens). */
  serverMs: number;
  /** Spawn → the first diagram rendered in the preview. */
  firstDiagramMs: number;
}

const startServer = (state: string) => startServe(folder, state);

await freshRenderer();
const browser = await launchChromium(values.browser);
const results: Run[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const state = mkdtempSync(join(tmpdir(), 'merrow-startup-'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    const started = performance.now();
    const { child, url } = await startServer(state);
    const serverMs = performance.now() - started;
    try {
      await page.goto(url);
      await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 60_000 });
      results.push({ serverMs, firstDiagramMs: performance.now() - started });
    } finally {
      child.kill('SIGKILL');
      await context.close();
      rmSync(state, { recursive: true, force: true });
    }
    const last = results.at(-1)!;
    console.log(
      `run ${i + 1}: server ${last.serverMs.toFixed(0)} ms, first diagram ${last.firstDiagramMs.toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
}
const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(
  `merrow serve ${folder}: median of ${runs} cold starts: server listening ${ms(median(results.map((r) => r.serverMs)))}, first diagram rendered ${ms(median(results.map((r) => r.firstDiagramMs)))}`,
);

/**
 * Cold start of the browser mode: from spawning `merrow serve FOLDER` to the first diagram drawn
 * in the page, with a fresh server, a fresh state folder and a fresh browser profile each run
 * (the browser itself is already running, as a user's is). Reports each run and the median.
 *
 *   node bench/startup.ts [folder=examples] [--runs 7] [--browser /usr/bin/chromium]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { WITHOUT_BROWSER_UI_WORK } from '../node/engine/chromium.ts';
import { buildRenderer, PROJECT_ROOT, rendererBuildState } from '../node/serve/renderer-build.ts';
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

function startServer(state: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'serve', folder, '--no-open', '--port', '0'],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MERROW_STATE_DIR: state },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\s/.exec(out);
      if (m) done({ child, url: m[1]! });
    });
    child.on('exit', (code) => fail(new Error(`merrow serve exited with ${code}: ${out}`)));
  });
}

if ((await rendererBuildState()) !== 'fresh' && !(await buildRenderer()))
  throw new Error('the renderer build failed');
const browser = await chromium.launch({
  executablePath: values.browser,
  // Without headless Chromium's own UI preload for each new window (see bench/app.ts).
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
    WITHOUT_BROWSER_UI_WORK,
  ],
});
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

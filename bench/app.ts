/**
 * App benchmark, browser mode: the real UI served by `startServer` (in a process of its own) on a temp folder, driven by
 * playwright-core in headless Chromium.
 *
 *   node bench/app.ts [--browser PATH] [--dist DIR] [--load-runs 5] [--browser-ui-work]
 *
 * Measures
 * - page load → first diagram on screen, with a fresh profile and again with the cache warm; the
 *   JavaScript and CSS loaded until then, and once the editor has loaded;
 * - with a 200-node flowchart open, 100 typed characters: the p95 duration of the keystrokes, each
 *   the longest of its events (Event Timing API: keydown, keypress, beforeinput, input and keyup
 *   entries, durationThreshold 16 ms) while the preview keeps re-rendering;
 * - keystroke → preview updated (the frame's result for the keystroke arrived), typed when the
 *   preview is up to date, against the diagram's own render time as the frame measured it;
 * - 1 000 consecutive re-renders: JS heap and DOM node count of the app page and the preview frame.
 * Needs a build (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { WITHOUT_BROWSER_UI_WORK } from '../node/engine/chromium.ts';
import { startServer } from '../node/serve/server.ts';

const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const browserPath = option('--browser') ?? process.env.MERROW_BROWSER ?? '/usr/bin/chromium';
// Another build of the renderer than dist/renderer (to compare two builds side by side).
const staticDir = option('--dist');
const loadRounds = Number(option('--load-runs') ?? 5);

function flowchart(nodes: number): string {
  const lines = ['flowchart TD'];
  for (let i = 1; i < nodes; i++)
    lines.push(`    n${Math.floor((i - 1) / 2)}[Node ${Math.floor((i - 1) / 2)}] --> n${i}[Node ${i}]`);
  return `${lines.join('\n')}\n`;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
};

// The server runs in its own process, as `merrow serve` does: in this process it would share an
// event loop with Playwright's handling of the browser's events and answer late.
if (process.argv.includes('--serve-child')) {
  const [root, cacheDir] = [option('--root')!, option('--state')!];
  const server = await startServer({ root, cacheDir, open: false, ...(staticDir ? { staticDir } : {}) });
  console.log(server.url);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  await new Promise(() => {});
}

/**
 * JavaScript and CSS bytes the app page and its frames had loaded (Resource Timing, decoded sizes),
 * all of them or those finished by `until` (epoch ms).
 */
async function loadedBytes(page: Page, until = Infinity): Promise<{ js: number; css: number }> {
  const total = { js: 0, css: 0 };
  for (const frame of page.frames()) {
    const sizes = await frame
      .evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => {
          const e = entry as PerformanceResourceTiming;
          return [e.name, e.decodedBodySize, e.responseEnd + performance.timeOrigin] as const;
        }),
      )
      .catch(() => []);
    for (const [name, size, end] of sizes) {
      if (end > until) continue;
      const path = new URL(name).pathname;
      if (path.endsWith('.js')) total.js += size;
      else if (path.endsWith('.css')) total.css += size;
    }
  }
  return total;
}

const folder = mkdtempSync(join(tmpdir(), 'merrow-bench-app-'));
const state = mkdtempSync(join(tmpdir(), 'merrow-bench-state-'));
writeFileSync(join(folder, 'a-small.mmd'), 'flowchart LR\n    a[Start] --> b{Ok?}\n    b --> c[Done]\n');
writeFileSync(join(folder, 'big.mmd'), flowchart(200));
const child = spawn(
  process.execPath,
  [
    import.meta.filename,
    '--serve-child',
    '--root',
    folder,
    '--state',
    state,
    ...(staticDir ? ['--dist', staticDir] : []),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const serverUrl = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    const m = /(http:\/\/\S+)\n/.exec(out);
    if (m) resolve(m[1]!);
  });
  child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: browserPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
    '--enable-precise-memory-info',
    // Each load round opens a new window (a fresh context), and headless Chromium preloads its own
    // WebUI for every new window, in a renderer of its own: 0.4–0.6 s of this machine's CPU during
    // the page load, which a page opened in a user's running browser does not compete with.
    // --browser-ui-work keeps it, to compare with earlier figures.
    ...(process.argv.includes('--browser-ui-work') ? [] : [WITHOUT_BROWSER_UI_WORK]),
  ],
});

try {
  // Page load → first diagram: from the start of the navigation (the page's time origin) to the
  // frame after the preview inserted the diagram (its `merrow:first-diagram-painted` mark), and to
  // the app's own state saying so (the preview pane's data-status, as the e2e tests wait for it).
  const load = async (page: Page, go: () => Promise<unknown>) => {
    await go();
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 60_000 });
    const stateMs = await page.evaluate(() => performance.now());
    const frame = page.frames().find((f) => f.url().includes('/preview.html'))!;
    const paintedAt = await frame.waitForFunction(() => {
      const mark = performance.getEntriesByName('merrow:first-diagram-painted')[0];
      return mark ? mark.startTime + performance.timeOrigin : 0;
    });
    const origin = await page.evaluate(() => performance.timeOrigin);
    const paintedAtMs = await paintedAt.jsonValue();
    return { painted: paintedAtMs - origin, state: stateMs, paintedAtMs };
  };
  // Each round: a fresh browser profile (cold cache), then a reload (the cache warm, as a user's
  // reload or next visit finds it). The last round's page goes on to the typing measurements.
  const loads = {
    coldPainted: [] as number[],
    coldState: [] as number[],
    warmPainted: [] as number[],
    warmState: [] as number[],
  };
  let page!: Page;
  let atFirstDiagram = { js: 0, css: 0 };
  let withEditor = { js: 0, css: 0 };
  let editorMs = 0;
  for (let round = 0; round < loadRounds; round++) {
    if (page) await page.context().close();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 850 } })).newPage();
    const cold = await load(page, () => page.goto(serverUrl));
    atFirstDiagram = await loadedBytes(page, cold.paintedAtMs);
    await page.waitForFunction(() => window.merrowApp.live.editor !== null, null, { timeout: 60_000 });
    editorMs = await page.evaluate(() => performance.now());
    await page.waitForTimeout(500);
    withEditor = await loadedBytes(page);
    const warm = await load(page, () => page.reload());
    await page.waitForFunction(() => window.merrowApp.live.editor !== null, null, { timeout: 60_000 });
    loads.coldPainted.push(cold.painted);
    loads.coldState.push(cold.state);
    loads.warmPainted.push(warm.painted);
    loads.warmState.push(warm.state);
  }
  // The preview must be an out-of-process frame (another site), or its renders would block typing.
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const previewInOwnProcess = targetInfos.some((t) => t.type === 'iframe' && t.url.includes('preview.html'));
  await cdp.detach();

  await page.click('[data-testid="tree-item-big.mmd"]');
  await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 60_000 });
  await page.waitForFunction(
    () =>
      window.merrowApp.live.state.get().path === 'big.mmd' &&
      window.merrowApp.live.state.get().status === 'ok',
  );
  const renderMs = await page.evaluate(() => window.merrowApp.live.state.get().renderMs ?? 0);

  await page.click('[data-testid="editor"] .view-lines');
  await page.keyboard.press('Control+End');
  // Each keystroke fires keydown, keypress, beforeinput, input and keyup; Event Timing reports those
  // of 16 ms or more. A keystroke's duration is the longest of its events (as INP counts an
  // interaction), 16 ms (the upper bound) when none was reported; its events are those from its
  // keydown's time stamp to the next keystroke's.
  await page.evaluate(() => {
    const w = window as unknown as { keyStarts: number[]; keyEvents: [number, number][] };
    w.keyStarts = [];
    w.keyEvents = [];
    window.addEventListener('keydown', (e) => w.keyStarts.push(e.timeStamp), true);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name))
          w.keyEvents.push([e.startTime, e.duration]);
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  });
  const typed = 'n199 --> extra[Typed while rendering]\n'.repeat(3).slice(0, 100);
  for (const ch of typed) {
    if (ch === '\n') await page.keyboard.press('Enter');
    else await page.keyboard.type(ch);
    await page.waitForTimeout(25);
  }
  await page.waitForTimeout(1000);
  const { keyStarts, keyEvents } = await page.evaluate(() => {
    const w = window as unknown as { keyStarts: number[]; keyEvents: [number, number][] };
    return { keyStarts: w.keyStarts, keyEvents: w.keyEvents };
  });
  const all = keyStarts.map((start, i) => {
    const end = keyStarts[i + 1] ?? Infinity;
    const own = keyEvents.filter(([t]) => t >= start && t < end).map(([, d]) => d);
    return Math.max(16, ...own);
  });
  // The same events counted one by one, five per keystroke, the unreported ones as 16 ms.
  const events = keyEvents.filter(([t]) => t >= (keyStarts[0] ?? 0)).map(([, d]) => d);
  events.push(...Array(Math.max(0, keyStarts.length * 5 - events.length)).fill(16));

  // Keystroke → preview updated: time from a key press to the render of that text arriving.
  const latencies: number[] = [];
  const renderTimes: number[] = [];
  const settled = () =>
    page.waitForFunction(
      () => {
        const { live } = window.merrowApp;
        return live.renderedVersion === live.editor!.getModel()!.getAlternativeVersionId();
      },
      null,
      { timeout: 60_000, polling: 20 },
    );
  for (let i = 0; i < 10; i++) {
    await settled();
    const version = await page.evaluate(() =>
      window.merrowApp.live.editor!.getModel()!.getAlternativeVersionId(),
    );
    const start = Date.now();
    await page.keyboard.type('x');
    await page.waitForFunction((v) => window.merrowApp.live.renderedVersion > v, version, {
      timeout: 30_000,
      polling: 5,
    });
    latencies.push(Date.now() - start);
    renderTimes.push(await page.evaluate(() => window.merrowApp.live.state.get().renderMs ?? 0));
    await page.keyboard.press('Backspace');
  }

  // 1 000 re-renders of a small diagram: heap and DOM nodes of the app and the frame.
  await page.click('[data-testid="tree-item-a-small.mmd"]');
  await page.waitForFunction(
    () =>
      window.merrowApp.live.state.get().path === 'a-small.mmd' &&
      window.merrowApp.live.state.get().status === 'ok',
  );
  const frame = (await (await page.$('[data-testid="preview-frame"]'))!.contentFrame())!;
  const measure = async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    // The preview frame runs in its own process: collect its garbage too, or its heap is noise.
    const frameCdp = await page.context().newCDPSession(frame);
    await frameCdp.send('HeapProfiler.collectGarbage');
    await frameCdp.detach();
    const app = await page.evaluate(() => ({
      heap: (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      nodes: document.getElementsByTagName('*').length,
    }));
    const preview = await frame.evaluate(() => ({
      heap: (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      nodes:
        document.getElementsByTagName('*').length +
        (document.getElementById('canvas')?.shadowRoot?.querySelectorAll('*').length ?? 0),
    }));
    await cdp.detach();
    return { app, preview };
  };
  const rerender = (n: number) =>
    page.evaluate(async (count) => {
      const { live, workspace } = window.merrowApp;
      const model = workspace.model('a-small.mmd')!;
      for (let i = 0; i < count; i++) {
        const target = live.renderedVersion;
        model.setValue(`flowchart LR\n    a[Start ${i}] --> b{Ok?}\n    b --> c[Done]\n`);
        live.show(true);
        const deadline = Date.now() + 10_000;
        while (live.renderedVersion <= target && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 2));
        }
      }
    }, n);
  await rerender(100);
  const before = await measure();
  const t1 = Date.now();
  await rerender(1000);
  const rerenderSeconds = (Date.now() - t1) / 1000;
  const after = await measure();

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `page load → first diagram on screen, median of ${loadRounds}: ${Math.round(percentile(loads.coldPainted, 0.5))} ms cold (fresh profile), ${Math.round(percentile(loads.warmPainted, 0.5))} ms warm (cached); the app's state says so at ${Math.round(percentile(loads.coldState, 0.5))} / ${Math.round(percentile(loads.warmState, 0.5))} ms (preview frame in its own process: ${previewInOwnProcess})`,
  );
  console.log(
    `loaded before the first diagram: JS ${(atFirstDiagram.js / 1024).toFixed(0)} KiB, CSS ${(atFirstDiagram.css / 1024).toFixed(0)} KiB; editor ready at ${Math.round(editorMs)} ms, JS ${(withEditor.js / 1024).toFixed(0)} KiB, CSS ${(withEditor.css / 1024).toFixed(0)} KiB`,
  );
  console.log(`200-node flowchart render (in the frame): ${Math.round(renderMs)} ms`);
  console.log(
    `keystroke duration over 100 characters: p50 ${percentile(all, 0.5).toFixed(0)} ms, p95 ${percentile(all, 0.95).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms (${all.length} keystrokes); per event: p95 ${percentile(events, 0.95).toFixed(0)} ms (${events.filter((d) => d > 16).length} of ${events.length} events over 16 ms)`,
  );
  console.log(
    `keystroke → preview updated: median ${percentile(latencies, 0.5)} ms, max ${Math.max(...latencies)} ms; render time median ${Math.round(percentile(renderTimes, 0.5))} ms; latency over render time median ${Math.round(
      percentile(
        latencies.map((l, i) => l - renderTimes[i]!),
        0.5,
      ),
    )} ms`,
  );
  console.log(
    `1 000 re-renders in ${rerenderSeconds.toFixed(1)} s: app heap ${mb(before.app.heap)} → ${mb(after.app.heap)}, DOM ${before.app.nodes} → ${after.app.nodes}; preview heap ${mb(before.preview.heap)} → ${mb(after.preview.heap)}, DOM ${before.preview.nodes} → ${after.preview.nodes}`,
  );
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}

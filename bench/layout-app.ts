/**
 * Benchmark of drag to place in the app (browser mode, `merrow serve`): on a 50-node flowchart
 * (bench/layout-corpus/platform-50.mmd, an online shop's architecture with two subgraphs),
 * real pointer drags drop nodes beside others and into and out of subgraphs; each is timed from
 * the pointer's release to the edit in the editor and the preview showing the edited text. Two
 * ways of dragging: the pointer rests on the place before it is released (as when aiming), and a
 * drop without a rest (the search starts at the drop). Prints p50 and p95 of each.
 *
 *     node bench/layout-app.ts [--drags N]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import { createEngine } from '../node/engine/index.ts';
import { engineAssets } from '../node/engine/test-assets.ts';
import { dropRequest, type Point } from '../shared/layout/drop.ts';
import type { LayoutProbe, ProbedLayout } from '../shared/layout/probe.ts';
import type { MoveRequest } from '../shared/layout/request.ts';
import { describe } from '../shared/layout/search.ts';
import { closeAll, ensureRendererBuilt, openBrowserPage, startServe } from '../test/e2e/serve-process.ts';
import { drawRequests } from './layout-requests.ts';

interface AppHandle {
  merrowApp: {
    workspace: import('../renderer/app/workspace.ts').Workspace;
    live: import('../renderer/app/live.ts').Live;
    layout: import('../renderer/layout/layout-edits.ts').LayoutEdits;
  };
}

const NODES = 50;
/** How long the pointer rests on the place before release in the "aimed" drags. */
const REST_MS = 400;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

/** Where to drop for a request, in the diagram's units: beside the other node, in or out of the frame. */
function dropAt(layout: ProbedLayout, request: MoveRequest): Point | null {
  const frames = Object.values(layout.clusters);
  const inside = (p: Point) =>
    frames.some((r) => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height);
  if (request.kind === 'into' || request.kind === 'out-of') {
    const r = layout.clusters[request.other];
    if (!r) return null;
    if (request.kind === 'into') return { x: r.x + r.width / 2, y: r.y + r.height - 6 };
    const tries = [
      { x: r.x + r.width / 2, y: r.y + r.height + 14 },
      { x: r.x + r.width / 2, y: r.y - 14 },
      { x: r.x + r.width + 14, y: r.y + r.height / 2 },
      { x: r.x - 14, y: r.y + r.height / 2 },
    ];
    return tries.find((p) => !inside(p)) ?? null;
  }
  const r = layout.nodes[request.other];
  if (!r) return null;
  const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
  return {
    'left-of': { x: r.x - r.width * 0.3, y: cy },
    'right-of': { x: r.x + r.width * 1.3, y: cy },
    above: { x: cx, y: r.y - r.height * 0.5 },
    below: { x: cx, y: r.y + r.height * 1.5 },
  }[request.kind];
}

/** A point of the diagram on the page: through the shown SVG's own transform (pan and zoom included). */
async function onPage(page: Page, frame: Frame, point: Point): Promise<Point> {
  const frameBox = (await (await page.$('[data-testid="preview-frame"]'))!.boundingBox())!;
  const p = await frame.evaluate((point) => {
    const svg = document.getElementById('canvas')!.shadowRoot!.querySelector('svg')!;
    return new DOMPoint(point.x, point.y).matrixTransform(svg.getScreenCTM()!);
  }, point);
  return { x: frameBox.x + p.x, y: frameBox.y + p.y };
}

async function nodeCentre(page: Page, frame: Frame, id: string): Promise<Point> {
  const frameBox = (await (await page.$('[data-testid="preview-frame"]'))!.boundingBox())!;
  const r = await frame.evaluate((id) => {
    const svg = document.getElementById('canvas')!.shadowRoot!.querySelector('svg')!;
    const b = svg.querySelector(`g.node[id^="merrow-flowchart-${CSS.escape(id)}-"]`)!.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, id);
  return { x: frameBox.x + r.x, y: frameBox.y + r.y };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { drags: { type: 'string', default: '24' } } });
  const text = readFileSync(join(import.meta.dirname, 'layout-corpus/platform-50.mmd'), 'utf8');
  // The requests: drawn from the drawing as `bench:layout` draws them.
  const engine = createEngine({ jobs: 1, assetsDir: await engineAssets() });
  const probe = (await engine.probeLayout({ text })) as LayoutProbe;
  await engine.close();
  if (!probe.ok) throw new Error('the 50-node flowchart does not render');
  // Only requests a drop at the point chosen makes (a drop inside another subgraph's frame moves
  // the node into it, whatever node it is next to).
  const requests = drawRequests({ name: 'generated-50', text }, probe, 6)
    .map((request) => ({ request, at: dropAt(probe, request) }))
    .filter(
      ({ request, at }) =>
        at && JSON.stringify(dropRequest(probe, request.node, at)) === JSON.stringify(request),
    )
    .slice(0, Number(values.drags)) as { request: MoveRequest; at: Point }[];

  await ensureRendererBuilt();
  const folder = mkdtempSync(join(tmpdir(), 'merrow-layout-bench-'));
  const state = mkdtempSync(join(tmpdir(), 'merrow-layout-bench-state-'));
  writeFileSync(join(folder, 'flow.mmd'), text);
  const server = await startServe(folder, { MERROW_STATE_DIR: state });
  const { browser, page } = await openBrowserPage();
  const load0 = loadavg()[0]!;
  const results: { mode: string; request: string; ms: number; phase: string; asked: string }[] = [];
  try {
    await page.goto(server.url);
    const frame = (await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame())!;
    const reset = async () => {
      await page.evaluate((t) => {
        const { workspace, live } = (window as unknown as AppHandle).merrowApp;
        const model = workspace.model('flow.mmd')!;
        if (model.getValue() !== t) model.setValue(t);
        live.show(true);
      }, text);
      await page.waitForFunction(
        () => {
          const { workspace, live } = (window as unknown as AppHandle).merrowApp;
          const model = workspace.model('flow.mmd');
          return (
            live.state.get().status === 'ok' && live.renderedVersion === model?.getAlternativeVersionId()
          );
        },
        null,
        { timeout: 120_000 },
      );
    };
    await page.waitForFunction(
      () => !!(window as unknown as AppHandle).merrowApp.workspace.model('flow.mmd'),
      null,
      {
        timeout: 120_000,
      },
    );
    await reset();
    // One unmeasured drag warms the search code up, as any first use would.
    for (const mode of ['warm-up', 'aimed', 'no rest']) {
      for (const { request, at: point } of mode === 'warm-up' ? requests.slice(0, 1) : requests) {
        await reset();
        await page.evaluate(() =>
          (window as unknown as AppHandle).merrowApp.layout.status.set({ phase: 'idle', text: '' }),
        );
        const from = await nodeCentre(page, frame, request.node);
        const to = await onPage(page, frame, point);
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        const steps = 15;
        for (let i = 1; i <= steps; i++) {
          await page.mouse.move(
            from.x + ((to.x - from.x) * i) / steps,
            from.y + ((to.y - from.y) * i) / steps,
          );
          await page.waitForTimeout(25);
        }
        if (mode !== 'no rest') await page.waitForTimeout(REST_MS);
        const released = await page.evaluate(() => performance.now());
        await page.mouse.up();
        const done = await page.waitForFunction(
          () => {
            const { workspace, live, layout } = (window as unknown as AppHandle).merrowApp;
            const status = layout.status.get();
            const model = workspace.model('flow.mmd')!;
            if (status.phase === 'refused' || (status.phase === 'moved' && !status.appliedAt)) {
              return { phase: status.phase, at: performance.now(), text: status.text };
            }
            if (status.phase !== 'moved') return false;
            if (live.renderedVersion !== model.getAlternativeVersionId()) return false;
            return { phase: status.phase, at: performance.now(), text: status.text };
          },
          null,
          { timeout: 120_000, polling: 'raf' },
        );
        const {
          phase,
          at,
          text: said,
        } = (await done.jsonValue()) as { phase: string; at: number; text: string };
        const asked =
          (/^(?:Moved|Nothing gets) (.+?): /.exec(said) ?? /^(.+?) already\./.exec(said))?.[1] ?? said;
        if (mode !== 'warm-up')
          results.push({ mode, request: describe(request), ms: at - released, phase, asked });
        console.error(
          `${mode}: ${describe(request)} → ${phase} in ${Math.round(at - released)} ms (${said})`,
        );
      }
    }
  } finally {
    await closeAll(browser, server, [folder, state]);
  }
  const load1 = loadavg()[0]!;
  console.log(
    `\n${NODES}-node flowchart, ${requests.length} drags per mode; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}\n`,
  );
  console.log('| drag | drops | moved | refused | drop → edit applied and preview updated, p50 | p95 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const mode of ['aimed', 'no rest']) {
    const list = results.filter((r) => r.mode === mode);
    const ms = list.map((r) => r.ms);
    const label = mode === 'aimed' ? `rests ${REST_MS} ms on the place, then drops` : 'drops without a rest';
    console.log(
      `| ${label} | ${list.length} | ${list.filter((r) => r.phase === 'moved').length} | ${list.filter((r) => r.phase === 'refused').length} | ${(percentile(ms, 50) / 1000).toFixed(2)} s | ${(percentile(ms, 95) / 1000).toFixed(2)} s |`,
    );
  }
  const misread = results.filter((r) => r.asked !== r.request);
  if (misread.length > 0) {
    console.log(
      `\nDrops read as another request than aimed at: ${misread.map((r) => `${r.request} → ${r.asked}`).join('; ')}`,
    );
  }
}

await main();

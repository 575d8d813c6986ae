/**
 * Benchmark of drag to place in the app (browser mode, `merrow serve`): on a 50-node flowchart
 * (bench/layout-corpus/platform-50.mmd, an online shop's architecture with two subgraphs),
 * real pointer drags drop nodes beside others and into and out of subgraphs; each is timed from
 * the pointer's release to the edit in the editor and the preview showing the edited text. Two
 * ways of dragging: the pointer rests on the place before it is released (as when aiming), and a
 * drop without a rest (the search starts at the drop). Prints p50 and p95 of each; when an edit
 * was applied before the search was done (see renderer/preview/layout-search.ts) and a smaller
 * one replaced it later, also how often, and how long until the smallest edit was in place. The
 * warm-up drop is not one of those measured, so no measured drop finds its search done already.
 *
 *     node bench/layout-app.ts [--drags N]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import { createEngine } from '../node/engine/index.ts';
import { dropRequest, type Point } from '../shared/layout/drop.ts';
import type { LayoutProbe, ProbedLayout } from '../shared/layout/probe.ts';
import type { MoveRequest } from '../shared/layout/request.ts';
import { describe } from '../shared/layout/search.ts';
import type { MermaidConfig } from '../shared/mermaid/render-types.ts';
import { freshRenderer, openApp } from './app-session.ts';
import { drawRequests } from './layout-requests.ts';

/**
 * The parts of the app's test handle (`window.merrowApp`) the benchmark reads, typed here: nothing
 * outside the renderer imports its source.
 */
interface AppHandle {
  merrowApp: {
    workspace: {
      model(
        path: string,
      ): { getValue(): string; setValue(text: string): void; getAlternativeVersionId(): number } | undefined;
    };
    live: {
      show(now: boolean): void;
      renderedVersion: number;
      state: { get(): { status: string; renderMs: number | null } };
    };
    layout: {
      status: {
        get(): { phase: string; text: string; appliedAt?: number; refining?: boolean };
        set(status: { phase: 'idle'; text: string }): void;
      };
    };
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

interface Drop {
  request: MoveRequest;
  /** Where to drop it, in the diagram's units. */
  at: Point;
}

interface Timing {
  mode: string;
  request: string;
  ms: number;
  /** Until the smallest edit is in place: later than `ms` when an early edit was refined. */
  settledMs: number;
  /** An edit applied early was replaced by a smaller one. */
  refined: boolean;
  phase: string;
  asked: string;
}

/** The drags of one folder config: requests a drop makes, in turn by kind. */
async function drops(text: string, config: MermaidConfig, count: number): Promise<Drop[]> {
  const engine = createEngine({ jobs: 1 });
  const probe = (await engine.probeLayout({ text, config })) as LayoutProbe;
  await engine.close();
  if (!probe.ok) throw new Error('the 50-node flowchart does not render');
  // Only requests a drop at the chosen point makes (a drop inside another subgraph's frame moves
  // the node into it, whatever node it is next to).
  const droppable = drawRequests({ name: 'platform-50', text }, probe, 12).flatMap((request) => {
    const at = dropAt(probe, request);
    return at && JSON.stringify(dropRequest(probe, request.node, at)) === JSON.stringify(request)
      ? [{ request, at }]
      : [];
  });
  const byKind = new Map<string, Drop[]>();
  for (const d of droppable) byKind.set(d.request.kind, [...(byKind.get(d.request.kind) ?? []), d]);
  const out: Drop[] = [];
  for (let i = 0; out.length < count && i < droppable.length; i++) {
    for (const list of byKind.values()) if (list[i] && out.length < count) out.push(list[i]!);
  }
  return out;
}

/** Drags each request in the app with real pointer events; times each drop. */
async function dragAll(
  text: string,
  config: MermaidConfig,
  list: Drop[],
  modes: string[],
): Promise<{ timings: Timing[]; renderMs: number[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'merrow-layout-bench-'));
  const state = mkdtempSync(join(tmpdir(), 'merrow-layout-bench-state-'));
  writeFileSync(join(folder, 'flow.mmd'), text);
  writeFileSync(join(folder, 'merrow.config.json'), JSON.stringify(config));
  const app = await openApp(folder, state);
  const { page } = app;
  const timings: Timing[] = [];
  const renderMs: number[] = [];
  try {
    const frame = (await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame())!;
    await page.waitForFunction(
      () => !!(window as unknown as AppHandle).merrowApp.workspace.model('flow.mmd'),
      null,
      {
        timeout: 120_000,
      },
    );
    const reset = async () => {
      const changed = await page.evaluate((t) => {
        const { workspace, live } = (window as unknown as AppHandle).merrowApp;
        const model = workspace.model('flow.mmd')!;
        const differs = model.getValue() !== t;
        if (differs) model.setValue(t);
        live.show(true);
        return differs;
      }, text);
      const ms = await page.waitForFunction(
        () => {
          const { workspace, live } = (window as unknown as AppHandle).merrowApp;
          const state = live.state.get();
          const ok =
            state.status === 'ok' &&
            live.renderedVersion === workspace.model('flow.mmd')?.getAlternativeVersionId();
          return ok ? (state.renderMs ?? 0) : false;
        },
        null,
        { timeout: 120_000 },
      );
      // The original text rendered afresh: the speed gauge of this machine at this moment.
      if (changed) renderMs.push((await ms.jsonValue()) as number);
    };
    await reset();
    // The warm-up drop is one not measured: a search for a measured one would still be at hand.
    const measured = list.slice(0, -1);
    for (const mode of modes) {
      for (const { request, at: point } of mode === 'warm-up' ? list.slice(-1) : measured) {
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
            const finished =
              status.phase === 'refused' ||
              (status.phase === 'moved' &&
                (!status.appliedAt || live.renderedVersion === model.getAlternativeVersionId()));
            return finished
              ? { phase: status.phase, at: performance.now(), text: status.text, refining: !!status.refining }
              : false;
          },
          null,
          { timeout: 300_000, polling: 'raf' },
        );
        const {
          phase,
          at,
          text: said,
          refining,
        } = (await done.jsonValue()) as { phase: string; at: number; text: string; refining: boolean };
        // An edit applied early: the search goes on for a smaller one, which may replace it.
        const settled = refining
          ? ((await (
              await page.waitForFunction(
                () => {
                  const { workspace, live, layout } = (window as unknown as AppHandle).merrowApp;
                  const status = layout.status.get();
                  const model = workspace.model('flow.mmd')!;
                  return !status.refining && live.renderedVersion === model.getAlternativeVersionId()
                    ? { at: performance.now(), text: status.text }
                    : false;
                },
                null,
                { timeout: 300_000, polling: 'raf' },
              )
            ).jsonValue()) as { at: number; text: string })
          : { at, text: said };
        const asked =
          (/^(?:Moved|Nothing gets) (.+?): /.exec(said) ?? /^(.+?) already\./.exec(said))?.[1] ?? said;
        if (mode !== 'warm-up')
          timings.push({
            mode,
            request: describe(request),
            ms: at - released,
            settledMs: settled.at - released,
            refined: settled.text !== said,
            phase,
            asked,
          });
        console.error(
          `${mode}: ${describe(request)} → ${phase} in ${Math.round(at - released)} ms (${said})` +
            (refining ? `; settled in ${Math.round(settled.at - released)} ms (${settled.text})` : ''),
        );
      }
    }
  } finally {
    await app.close();
  }
  return { timings, renderMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { drags: { type: 'string', default: '12' } } });
  const count = Number(values.drags);
  const text = readFileSync(join(import.meta.dirname, 'layout-corpus/platform-50.mmd'), 'utf8');
  await freshRenderer();
  const load0 = loadavg()[0]!;
  const keptOrder = { elk: { forceNodeModelOrder: true } };
  const plain = await dragAll(text, {}, await drops(text, {}, count + 1), ['warm-up', 'aimed', 'no rest']);
  const kept = await dragAll(text, keptOrder, await drops(text, keptOrder, count + 1), ['warm-up', 'aimed']);
  const load1 = loadavg()[0]!;
  const gauge = percentile([...plain.renderMs, ...kept.renderMs], 50);
  console.log(
    `\n${NODES}-node flowchart, ${count} drags of each row; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; ` +
      `speed gauge, one render of the flowchart in the preview: median ${(gauge / 1000).toFixed(2)} s\n`,
  );
  console.log(
    '| folder config | drag | drops | moved | refused | drop → edit applied and preview updated, p50 | p95 | p95 in renders | refined later | until the smallest edit, p95 |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const row = (config: string, timings: Timing[], mode: string) => {
    const list = timings.filter((r) => r.mode === mode);
    const ms = list.map((r) => r.ms);
    const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
    const label = mode === 'aimed' ? `rests ${REST_MS} ms on the place, then drops` : 'drops at once';
    console.log(
      `| ${config} | ${label} | ${list.length} | ${list.filter((r) => r.phase === 'moved').length} | ${list.filter((r) => r.phase === 'refused').length} | ${s(percentile(ms, 50))} | ${s(percentile(ms, 95))} | ${(percentile(ms, 95) / gauge).toFixed(1)} | ${list.filter((r) => r.refined).length} | ${s(
        percentile(
          list.map((r) => r.settledMs),
          95,
        ),
      )} |`,
    );
  };
  row('none', plain.timings, 'aimed');
  row('none', plain.timings, 'no rest');
  row('elk.forceNodeModelOrder', kept.timings, 'aimed');
  const misread = [...plain.timings, ...kept.timings].filter((r) => r.asked !== r.request);
  if (misread.length > 0) {
    console.log(
      `\nDrops read as another request than aimed at: ${misread.map((r) => `${r.request} → ${r.asked}`).join('; ')}`,
    );
  }
}

await main();

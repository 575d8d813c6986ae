/**
 * The headless render engine: one browser per process, a pool of warm pages running the
 * engine page (renderer/engine.html, built into dist/renderer), one diagram per page at a time.
 *
 *     const engine = createEngine({ jobs: 2 });           // starts the browser right away
 *     const out = await engine.render({ text, config }, { format: 'png', scale: 2 });
 *     if (out.ok) write(out.data); else report(out.diagnostics);
 *     const check = await engine.parse({ text });          // validation only, no layout
 *     const x = await engine.call('someLazyMethod', arg);  // see renderer/engine/methods.ts
 *     const where = await engine.probeLayout({ text });    // node boxes under the real layout
 *     await engine.close();
 *
 * `createEngine` returns at once; the browser launch and the first page load run in the
 * background while the caller reads its inputs. Diagram problems come back as diagnostics
 * (never thrown); a missing browser rejects every call with BrowserNotFoundError, a diagram
 * that hangs the page fails after `timeoutMs` with a diagnostic and its page is replaced.
 * Work is scheduled costliest first (pass `cost`, e.g. from estimateRenderCost) across up to
 * `jobs` pages, opened only when there is work for them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { outcomeToScene, type ToExcalidrawOutcome } from '../../shared/excalidraw/from-skeleton.ts';
import type { LayoutProbe } from '../../shared/layout/probe.ts';
import { estimateRenderCost } from '../../shared/mermaid/precheck.ts';
import type { EnginePageApi, EngineRenderRequest } from '../../shared/mermaid/render-types.ts';
import { engineAssetsDir } from './assets.ts';
import { EngineUnavailableError, findBrowser } from './browser.ts';
import { FOR_THROUGHPUT } from './chromium.ts';
import { launchBrowser } from './launch.ts';
import {
  DEFAULT_TIMEOUT_MS,
  type Engine,
  type EngineOptions,
  type EngineRenderResult,
  type OutputFormat,
  providedBrowser,
} from './options.ts';
import type { EnginePage } from './page.ts';
import { JobTimeoutError, PagePool, timeoutDiagnostic } from './pool.ts';
import { acquireProfile } from './profile.ts';
import { type AssetServer, startAssetServer } from './server.ts';

declare global {
  interface Window {
    merrowEngine: EnginePageApi;
  }
}

export { engineAssetsDir } from './assets.ts';
export { BrowserNotFoundError, EngineUnavailableError, findBrowser } from './browser.ts';
export type { Engine, EngineOptions, EngineRenderResult, OutputFormat, OutputOptions } from './options.ts';
export { provideBrowser } from './options.ts';

/** How long a new page may take to load the engine page before the engine gives up. */
const ENGINE_START_MS = 30_000;

/** Starts a render engine; see the comment at the top of this file. */
export function createEngine(options: EngineOptions = {}): Engine {
  const assetsDir = engineAssetsDir(options.assetsDir);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const jobs = options.jobs ?? availableParallelism();

  // The asset server is up within a millisecond; the browser starts with its first tab already
  // loading the engine page, and that tab becomes the pool's first page.
  let server: AssetServer | undefined;
  const started = Promise.resolve().then(async () => {
    let page: Buffer;
    try {
      page = readFileSync(join(assetsDir, 'engine.html'));
    } catch {
      throw new EngineUnavailableError(
        `the render engine page is not built (no engine.html in ${assetsDir}); build it with \`npm run build\``,
      );
    }
    const provided = providedBrowser();
    if (provided) {
      server = await startAssetServer(assetsDir);
      const url = `${server.origin}/engine.html`;
      try {
        return { url, browser: await provided(url) };
      } catch (error) {
        throw new EngineUnavailableError(`cannot open the app's render windows: ${firstLine(error)}`);
      }
    }
    const found = findBrowser({ browser: options.browser });
    // The page names its code by content hash: its own hash names the whole build.
    const build = createHash('sha256').update(page).digest('hex').slice(0, 16);
    const profile = found.kind === 'chromium' ? acquireProfile(process.env, build) : undefined;
    server = await startAssetServer(assetsDir, profile?.port);
    const url = `${server.origin}/engine.html`;
    try {
      const extraArgs = (options.expectedDiagrams ?? 0) > jobs ? [FOR_THROUGHPUT] : [];
      return { url, browser: await launchBrowser(found, url, profile, extraArgs) };
    } catch (error) {
      throw new EngineUnavailableError(`cannot start the browser ${found.path}: ${firstLine(error)}`);
    }
  });
  started.catch(() => {});

  const openPage = async (): Promise<EnginePage> => {
    const { browser, url } = await started;
    const page = await browser.newPage(url);
    try {
      await waitForEngine(page, ENGINE_START_MS);
    } catch (error) {
      await page.close().catch(() => {});
      throw new EngineUnavailableError(
        `cannot load the render engine page from ${assetsDir} (${firstLine(error)}); build it with \`npm run build\``,
      );
    }
    return page;
  };
  const pool = new PagePool(openPage, jobs, timeoutMs);
  pool.warm();

  const timedOut = (error: unknown) => {
    if (!(error instanceof JobTimeoutError)) throw error;
    return { ok: false as const, diagnostics: [timeoutDiagnostic(timeoutMs)] };
  };

  return {
    render(req, out = {}) {
      const format = out.format ?? 'svg';
      return pool
        .run({
          cost: out.cost ?? estimateRenderCost(req.text),
          run: (page) => renderOn(page, req, format, out.scale ?? 1),
        })
        .catch(timedOut);
    },
    parse(req) {
      return pool
        .run({ cost: 1, run: (page) => page.evaluate((r) => window.merrowEngine.parse(r), req) })
        .catch(timedOut);
    },
    call(method, arg, cost = 1) {
      return pool.run({
        cost,
        run: (page) => page.evaluate(([m, a]) => window.merrowEngine.call(m, a), [method, arg] as const),
      });
    },
    toExcalidraw(req) {
      return pool
        .run({
          cost: estimateRenderCost(req.text),
          run: (page) => page.evaluate((r) => window.merrowEngine.call('toExcalidraw', r), req),
        })
        .then((out) => outcomeToScene(out as ToExcalidrawOutcome))
        .catch(timedOut);
    },
    probeLayout(req) {
      return pool
        .run({
          cost: estimateRenderCost(req.text),
          run: (page) => page.evaluate((r) => window.merrowEngine.call('probeLayout', r), req),
        })
        .then((out) => out as LayoutProbe)
        .catch(timedOut);
    },
    async close() {
      // Pages go down with the browser: closing them one by one first would only add round trips.
      await Promise.all([
        pool.close(),
        started.then(
          ({ browser }) => browser.close(),
          () => {},
        ),
      ]);
      await server?.close();
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Waits until the page runs the engine page's script. A tab may still show about:blank, or its
 * old document may go away mid-call when the navigation commits: both just mean "ask again".
 */
async function waitForEngine(page: EnginePage, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = new Error('the page did not start the engine');
  while (Date.now() < deadline) {
    try {
      const ready = await page.evaluate(
        (waitMs) =>
          new Promise<boolean>((resolve) => {
            const until = performance.now() + waitMs;
            const check = () => {
              if ('merrowEngine' in window) resolve(true);
              else if (performance.now() > until) resolve(false);
              else setTimeout(check, 4);
            };
            check();
          }),
        250,
      );
      if (ready) return;
    } catch (error) {
      if (page.isClosed()) throw error;
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw last;
}

/**
 * The largest PNG captured: Chromium refuses a picture over 2^16 pixels on a side, and one of
 * 2^28 pixels (1 GB of pixels) is past what a diagram needs.
 */
const MAX_PNG_SIDE = 65_535;
const MAX_PNG_PIXELS = 2 ** 28;

async function renderOn(
  page: EnginePage,
  req: EngineRenderRequest,
  format: OutputFormat,
  scale: number,
): Promise<EngineRenderResult> {
  if (format === 'svg') {
    const result = await page.evaluate((r) => window.merrowEngine.render(r), req);
    if (!result.ok) return result;
    const { svg, diagramType, width, height } = result;
    return { ok: true, svg, data: Buffer.from(svg), diagramType, width, height };
  }
  // Render and stage in one call: the SVG does not travel back into the page.
  const result = await page.evaluate(
    async ([r, k]) => {
      const out = await window.merrowEngine.render(r);
      return out.ok ? { ...out, staged: window.merrowEngine.stage(out.svg, k) } : out;
    },
    [req, format === 'png' ? scale : 1] as const,
  );
  if (!result.ok) return result;
  const { svg, diagramType, width, height, staged } = result;
  if (format === 'png') {
    const tooLarge = (): EngineRenderResult => ({
      ok: false,
      diagnostics: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message: `the PNG would be ${Math.ceil(staged.width)}×${Math.ceil(staged.height)} pixels at scale ${scale}, more than the browser can capture: use a smaller scale, or SVG or PDF`,
        },
      ],
    });
    if (
      Math.max(staged.width, staged.height) > MAX_PNG_SIDE ||
      staged.width * staged.height > MAX_PNG_PIXELS
    ) {
      return tooLarge();
    }
    try {
      const data = await page.screenshot({
        clip: { x: 0, y: 0, width: staged.width, height: staged.height },
        omitBackground: !req.background || req.background === 'transparent',
      });
      return { ok: true, svg, data, diagramType, width, height };
    } catch (error) {
      // Below the limits the browser may still lack the memory for one picture this large.
      if (page.isClosed()) throw error;
      return tooLarge();
    }
  }
  const data = await page.pdf({
    width: `${staged.width}px`,
    height: `${staged.height}px`,
    printBackground: true,
    pageRanges: '1',
  });
  return { ok: true, svg, data, diagramType, width, height };
}

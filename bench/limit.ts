/**
 * The limit probe, run as its own process by bench/render.ts:
 *   node bench/limit.ts --browser PATH <corpus-dir>
 * Launches the browser once, loads mermaid (with ELK and the icon packs, securityLevel strict) into one
 * page served from 127.0.0.1, then renders each `.mmd` file of the folder alone, one after another,
 * timing `mermaid.render` inside the page. Prints one JSON object (LimitReport) on stdout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Epoch milliseconds of each start-up step, and the time of each render. */
export interface LimitReport {
  /** When the probe's own code started running (Node has booted). */
  startedAt: number;
  importedAt: number;
  launchedAt: number;
  pageAt: number;
  /** mermaid, ELK and the icon pack loaders are registered and initialised. */
  readyAt: number;
  renders: { file: string; ms: number; error?: string }[];
}

const startedAt = Date.now();
const RENDER_TIMEOUT_MS = 30_000;
const nodeModules = join(dirname(dirname(fileURLToPath(import.meta.url))), 'node_modules');

// Only these files are served; everything else is a 404, so the page cannot load anything unexpected.
const SERVED = [
  'mermaid/dist/',
  '@mermaid-js/layout-elk/dist/',
  '@iconify-json/logos/icons.json',
  '@iconify-json/mdi/icons.json',
];

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">
import mermaid from '/m/mermaid/dist/mermaid.esm.min.mjs';
import elk from '/m/@mermaid-js/layout-elk/dist/mermaid-layout-elk.esm.min.mjs';
mermaid.registerLayoutLoaders(elk);
mermaid.registerIconPacks(['logos', 'mdi'].map((name) => ({
  name,
  loader: () => fetch('/m/@iconify-json/' + name + '/icons.json').then((r) => r.json()),
})));
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
window.mermaid = mermaid;
window.mermaidReady = true;
</script></body></html>`;

function serve(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const rel = normalize(path.slice('/m/'.length));
    if (!path.startsWith('/m/') || rel.includes('..') || !SERVED.some((p) => rel.startsWith(p))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(nodeModules, rel));
      const type = rel.endsWith('.json') ? 'application/json' : 'text/javascript';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
    });
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { browser: { type: 'string' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!values.browser || !dir) throw new Error('usage: node bench/limit.ts --browser PATH <corpus-dir>');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mmd'))
    .sort();
  const server = await serve();
  const { chromium } = await import('playwright-core');
  const importedAt = Date.now();
  const browser = await chromium.launch({
    executablePath: values.browser,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const launchedAt = Date.now();
    const page = await browser.newPage();
    const pageAt = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { mermaidReady?: boolean }).mermaidReady === true);
    const readyAt = Date.now();
    const renders: LimitReport['renders'] = [];
    for (const [i, file] of files.entries()) {
      const code = readFileSync(join(dir, file), 'utf8');
      const result = await page.evaluate(
        async ({ id, code, timeoutMs }) => {
          const { mermaid } = window as unknown as {
            mermaid: { render(id: string, code: string): Promise<{ svg: string }> };
          };
          const t0 = performance.now();
          try {
            await Promise.race([
              mermaid.render(id, code),
              new Promise((_, reject) => setTimeout(() => reject(new Error('render timed out')), timeoutMs)),
            ]);
            return { ms: performance.now() - t0 };
          } catch (error) {
            return {
              ms: performance.now() - t0,
              error: error instanceof Error ? error.message : String(error),
            };
          }
        },
        { id: `d${i}`, code, timeoutMs: RENDER_TIMEOUT_MS },
      );
      renders.push({ file, ...result });
    }
    const report: LimitReport = { startedAt, importedAt, launchedAt, pageAt, readyAt, renders };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`limit probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

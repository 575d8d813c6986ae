import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/serve/renderer-build.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const EXAMPLE = join(PROJECT_ROOT, 'examples/diagrams/l4-load-balancer-sketch.excalidraw');
const CORPUS = (() => {
  const fromEnv = process.env.MERROW_CORPUS;
  if (fromEnv) return existsSync(join(fromEnv, 'excalidraw')) ? join(fromEnv, 'excalidraw') : fromEnv;
  return resolve(PROJECT_ROOT, '../shared/corpus/excalidraw');
})();
// A real drawing from the corpus when it is there, else the one the examples ship.
const REAL = join(CORPUS, 'moona3k__excalidraw-to-mermaid__web-architecture.excalidraw');
const REAL_PNG = join(CORPUS, 'dockersamples__example-voting-app__architecture.excalidraw.png');
const DRAWING = existsSync(REAL) ? REAL : EXAMPLE;
if (DRAWING === EXAMPLE)
  console.warn(`Excalidraw corpus not found at ${CORPUS}; importing the examples drawing`);

/** A box with an arrow to an icon that says its name only in its pixels. */
const ICON_DRAWING = JSON.stringify({
  type: 'excalidraw',
  elements: [
    {
      id: 'api',
      type: 'rectangle',
      x: 0,
      y: 0,
      width: 120,
      height: 60,
      boundElements: [
        { id: 'apiText', type: 'text' },
        { id: 'send', type: 'arrow' },
      ],
    },
    {
      id: 'apiText',
      type: 'text',
      x: 10,
      y: 20,
      width: 40,
      height: 20,
      text: 'Orders API',
      containerId: 'api',
    },
    {
      id: 'icon',
      type: 'image',
      x: 300,
      y: -8,
      width: 80,
      height: 75,
      fileId: 'queue',
      status: 'saved',
      boundElements: [{ id: 'send', type: 'arrow' }],
    },
    {
      id: 'send',
      type: 'arrow',
      x: 124,
      y: 30,
      points: [
        [0, 0],
        [172, 0],
      ],
      startBinding: { elementId: 'api' },
      endBinding: { elementId: 'icon' },
    },
  ],
  files: {
    queue: {
      id: 'queue',
      mimeType: 'image/png',
      dataURL: `data:image/png;base64,${readFileSync(join(PROJECT_ROOT, 'test/support/pictures/order-queue-icon.png')).toString('base64')}`,
    },
  },
});

/**
 * A drawing another tool edited: a text with no words and a pen stroke with no points among
 * sound elements. Excalidraw's own restore throws on such elements instead of drawing the rest.
 */
const ODD_DRAWING = JSON.stringify({
  type: 'excalidraw',
  elements: [
    {
      id: 'box',
      type: 'rectangle',
      x: 0,
      y: 0,
      width: 160,
      height: 60,
      boundElements: [{ id: 'boxText', type: 'text' }],
      index: 'a0',
    },
    {
      id: 'boxText',
      type: 'text',
      x: 20,
      y: 20,
      width: 120,
      height: 25,
      text: 'Checkout',
      containerId: 'box',
      // An order key a generator wrote, no fractional index: Excalidraw's restore throws on it.
      index: 'zz000',
    },
    { id: 'mute', type: 'text', x: 0, y: 120, width: 40, height: 25 },
    { id: 'pen', type: 'freedraw', x: 200, y: 120, width: 10, height: 10, text: 'x', fontSize: 20 },
    // Points written as objects, not pairs: Excalidraw's drawing of it has no size at all.
    {
      id: 'link',
      type: 'arrow',
      x: 160,
      y: 30,
      width: 100,
      height: 0,
      points: [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
      ],
    },
  ],
});

const isLoopback = (url: string) => /^(http|ws):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url);

describe('the import view, served by merrow serve', () => {
  let app: ServedFolder;
  let folder: string;
  let server: ServeProcess;
  let page: Page;
  const outside: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `import-${name}.png`) });
  const waitFor = (selector: string, timeout = 30_000) => page.waitForSelector(selector, { timeout });
  const bothRendered = async () => {
    await waitFor('[data-testid="import-original"][data-status="ok"] svg');
    await waitFor('[data-testid="import-mermaid"][data-status="ok"]');
  };
  const mermaidFrame = async () => {
    const frame = await (await waitFor('[data-testid="import-preview-frame"]')).contentFrame();
    if (!frame) throw new Error('no preview frame in the import view');
    return frame;
  };
  const mermaidText = () => page.textContent('[data-testid="import-mermaid-text"]');

  beforeAll(async () => {
    app = await serveFolder(
      'import',
      {
        'drawings/web.excalidraw': readFileSync(DRAWING),
        'drawings/l4.excalidraw': readFileSync(EXAMPLE),
        'drawings/queue.excalidraw': ICON_DRAWING,
        'drawings/odd.excalidraw': ODD_DRAWING,
        ...(existsSync(REAL_PNG) ? { 'drawings/voting.excalidraw.png': readFileSync(REAL_PNG) } : {}),
      }, // The network is blocked: every host but loopback goes to a proxy that is not there.
      { viewport: { width: 1500, height: 900 }, args: ['--proxy-server=http://127.0.0.1:9'] },
    );
    ({ folder, server, page } = app);
    page.on('pageerror', (error) => console.warn(`page error: ${error.message}`));
    // Any attempt counts, even one the CSP or the missing proxy stops.
    page.on('request', (request) => {
      const url = request.url();
      if (!isLoopback(url) && !/^(data|blob):/.test(url)) outside.push(url);
    });
    await page.goto(server.url);
    await waitFor('[data-testid="tree-item-drawings/web.excalidraw"]');
  }, 180_000);

  afterAll(() => app?.close());

  it('opens a drawing from the tree: Excalidraw’s own drawing beside the Mermaid rendered live', async () => {
    await page.click('[data-testid="tree-item-drawings/web.excalidraw"]');
    await bothRendered();
    expect(await page.getAttribute('[data-testid="tab-drawings/web.excalidraw"]', 'aria-selected')).toBe(
      'true',
    );
    // exportToSvg's output: Excalidraw's fonts embedded, taken from the app's own files.
    const style = await page.textContent('[data-testid="import-original"] svg style');
    expect(style).toMatch(/@font-face \{ font-family: (Virgil|Excalifont)/);
    const nodes = await (await mermaidFrame()).locator('svg g.node').count();
    const converted = Number(await page.textContent('.import-group.converted .import-count'));
    expect(nodes).toBeGreaterThan(1);
    expect(converted).toBeGreaterThanOrEqual(nodes);
    await shot('01-opened');
  });

  it('highlights the element of a report line in the original drawing', async () => {
    await page.click('[data-testid="import-item-converted"] >> nth=0');
    const box = await page.evaluate(() => {
      const svg = document.querySelector<SVGSVGElement>('[data-testid="import-original"] svg')!;
      const rect = svg.querySelector('.import-highlight')!.getBoundingClientRect();
      const outer = svg.getBoundingClientRect();
      return { inside: rect.left >= outer.left && rect.right <= outer.right + 1, width: rect.width };
    });
    expect(box.inside).toBe(true);
    expect(box.width).toBeGreaterThan(10);
    await shot('02-highlight');
  });

  it('re-converts live when an option changes', async () => {
    await page.selectOption('[data-testid="import-direction"]', 'TD');
    await page.check('[data-testid="import-hand-drawn"]');
    await page.uncheck('[data-testid="import-colors"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="import-mermaid-text"]')?.textContent?.includes('flowchart TD'),
    );
    const text = await mermaidText();
    expect(text).toContain('look: handDrawn');
    expect(text).not.toContain('classDef');
    await waitFor('[data-testid="import-mermaid"][data-status="ok"]');
    await page.click('.import-text summary');
    await shot('03-options');
  });

  it('saves name.mmd beside the drawing, opens it, and it passes merrow check', async () => {
    const expected = await mermaidText();
    await page.click('[data-testid="import-save"]');
    await waitFor('[data-testid="tree-item-drawings/web.mmd"]');
    await page.waitForFunction(() => window.merrowApp.workspace.active.get() === 'drawings/web.mmd');
    expect(await page.locator('[data-testid="import-view"]').count()).toBe(0);
    const onDisk = readFileSync(join(folder, 'drawings/web.mmd'), 'utf8');
    expect(onDisk).toBe(expected);
    const check = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'check', join(folder, 'drawings/web.mmd')],
      {
        encoding: 'utf8',
      },
    );
    expect(check.stderr).toBe('1 diagram OK\n');
    expect(check.status).toBe(0);
    await waitFor('[data-testid="preview-pane"][data-status="ok"]');
    await shot('04-saved');
  });

  it('reads a drawing exported as PNG through file.readBinary', async () => {
    if (!existsSync(REAL_PNG)) return console.warn('corpus PNG drawing absent: skipped');
    await page.click('[data-testid="tree-item-drawings/voting.excalidraw.png"]');
    await bothRendered();
    expect(await page.textContent('.import-carrier')).toBe('png');
    await shot('05-png');
  });

  it('names an icon by the words printed in its picture, read on the machine’s side', async () => {
    await page.click('[data-testid="tree-item-drawings/queue.excalidraw"]');
    await bothRendered();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="import-mermaid-text"]')?.textContent?.includes('Order Queue'),
      undefined,
      { timeout: 60_000 },
    );
    expect(await mermaidText()).toMatch(/n_api --> n_icon/);
    // The picture became the node: it is listed as guessed, not dropped.
    expect(await page.textContent('[data-testid="import-report"]')).toContain('by the words printed in it');
    expect(await page.locator('[data-testid="import-item-dropped"]').count()).toBe(0);
    await waitFor('[data-testid="import-mermaid"][data-status="ok"]');
    await shot('05b-printed-name');
  });

  it('draws the original of a drawing whose elements another tool left half-written', async () => {
    await page.click('[data-testid="tree-item-drawings/odd.excalidraw"]');
    await bothRendered();
    expect(await mermaidText()).toContain('Checkout');
    expect(await page.getAttribute('[data-testid="import-original"] svg', 'viewBox')).not.toContain('NaN');
  });

  it('opens the import view for a drawing dropped onto the window', async () => {
    await page.click('[data-testid="tree-item-drawings/web.mmd"]');
    const data = readFileSync(EXAMPLE).toString('base64');
    await page.evaluate(
      ({ data }) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'dropped-sketch.excalidraw'));
        (window as unknown as { dropped: DataTransfer }).dropped = transfer;
        document.body.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      },
      { data },
    );
    await waitFor('[data-testid="import-drop"]');
    await shot('06-dragging');
    await page.evaluate(() => {
      const transfer = (window as unknown as { dropped: DataTransfer }).dropped;
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    });
    await bothRendered();
    expect(await page.textContent('.import-title')).toContain('dropped-sketch.excalidraw');
    expect(await page.locator('[data-testid="import-drop"]').count()).toBe(0);
    expect(await mermaidText()).toContain('subgraph');
    await shot('07-dropped');
    await page.click('[data-testid="import-close"]');
    expect(await page.locator('[data-testid="import-view"]').count()).toBe(0);
  });

  it('opens the import view for Excalidraw clipboard JSON pasted into the window', async () => {
    const clip = JSON.stringify({
      type: 'excalidraw/clipboard',
      elements: JSON.parse(readFileSync(EXAMPLE, 'utf8')).elements,
      files: {},
    });
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', text);
      document.body.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, clip);
    await bothRendered();
    expect(await page.textContent('.import-carrier')).toBe('clipboard');
    await page.click('[data-testid="import-close"]');
  });

  it('converts a whole folder of drawings and shows a summary', async () => {
    await page.click('[data-testid="tree-item-drawings/l4.excalidraw"]');
    await bothRendered();
    await page.click('[data-testid="import-convert-folder"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="import-summary"] strong')?.textContent?.startsWith('Converted'),
    );
    const rows = await page.locator('[data-testid="import-summary"] tbody tr').count();
    expect(rows).toBe(existsSync(REAL_PNG) ? 5 : 4);
    expect(existsSync(join(folder, 'drawings/l4.mmd'))).toBe(true);
    expect(readFileSync(join(folder, 'drawings/queue.mmd'), 'utf8')).toContain('n_icon["Order Queue"]');
    await shot('08-folder');
    await page.click('[data-testid="import-summary"] header button');
  });

  it('exports the current diagram as .excalidraw beside it, never over the sketch it came from', async () => {
    const sketch = readFileSync(join(folder, 'drawings/l4.excalidraw'));
    await page.click('[data-testid="tree-item-drawings/l4.mmd"]');
    await waitFor('[data-testid="preview-pane"][data-status="ok"]');
    const exportIt = async () => {
      await page.keyboard.press('Control+Shift+P');
      await page.fill('[data-testid="palette-input"]', 'Export as .excalidraw');
      await page.press('[data-testid="palette-input"]', 'Enter');
    };
    await exportIt();
    // The hand-made drawing the diagram was imported from keeps its name and its bytes.
    const written = join(folder, 'drawings/l4 (from Mermaid).excalidraw');
    await page.waitForFunction(
      () => document.body.textContent?.includes('Exported drawings/l4 (from Mermaid).excalidraw'),
      null,
      { timeout: 30_000 },
    );
    expect(readFileSync(join(folder, 'drawings/l4.excalidraw')).equals(sketch)).toBe(true);
    const doc = readExcalidraw(readFileSync(written));
    expect(doc.scenes[0]!.elements.filter((e) => e.type === 'rectangle').length).toBeGreaterThan(4);
    // Exported again, Merrow's own copy is replaced (the dialogs of this page are accepted).
    await page.waitForTimeout(300);
    await exportIt();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="tree-item-drawings/l4 (from Mermaid"]').length === 1,
      null,
      { timeout: 30_000 },
    );
    expect(readExcalidraw(readFileSync(written)).scenes[0]!.elements.length).toBe(
      doc.scenes[0]!.elements.length,
    );
  });

  it('never asked for anything outside this machine', () => {
    expect(outside).toEqual([]);
  });
});

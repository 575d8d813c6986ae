import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

const fake = await import('../test/support/fake-electron.ts');
const { inProcessBrowser } = await import('./cli-browser.ts');

beforeEach(() => fake.resetFake());

async function openPage() {
  const page = await inProcessBrowser().newPage();
  const win = fake.BrowserWindow.created.at(-1)!;
  return { page, win, contents: win.webContents };
}

describe('inProcessBrowser pages', () => {
  it('are hidden, sandboxed windows that open nothing and navigate nowhere by themselves', async () => {
    const { win, contents } = await openPage();
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, offscreen: true },
    });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', { url: 'https://example.com' })).toBe(true);
  });

  it('evaluates a function with its argument as JSON, as Playwright does', async () => {
    const { page, contents } = await openPage();
    contents.evaluateScript = () => ({ ok: true });
    const result = await page.evaluate((r: { text: string }) => r.text.length, { text: 'graph "LR"' });
    expect(result).toEqual({ ok: true });
    expect(contents.scripts[0]).toBe('((r) => r.text.length)({"text":"graph \\"LR\\""})');
  });

  it('polls until the engine page is ready', async () => {
    const { page, contents } = await openPage();
    let calls = 0;
    contents.evaluateScript = () => ++calls >= 3;
    await page.waitForFunction(() => 'merrowEngine' in window, undefined, { polling: 1 });
    expect(calls).toBe(3);
  });

  it('gives up waiting after the timeout', async () => {
    const { page, contents } = await openPage();
    contents.evaluateScript = () => false;
    await expect(page.waitForFunction(() => false, undefined, { polling: 1, timeout: 20 })).rejects.toThrow(
      'the render page did not start',
    );
  });

  it('resizes the viewport and captures the clipped area as PNG', async () => {
    const { page } = await openPage();
    expect(page.viewportSize()).toEqual({ width: 1200, height: 800 });
    await page.setViewportSize({ width: 2400.5, height: 900 });
    expect(page.viewportSize()).toEqual({ width: 2401, height: 900 });
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 640.2, height: 480 } });
    expect(JSON.parse(png.toString())).toEqual({ x: 0, y: 0, width: 641, height: 480 });
  });

  it('prints a single borderless PDF page of the diagram size in inches', async () => {
    const { page } = await openPage();
    const pdf = await page.pdf({ width: '960px', height: '480px', printBackground: true, pageRanges: '1' });
    expect(JSON.parse(pdf.toString())).toEqual({
      pageSize: { width: 10, height: 5 },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      printBackground: true,
      pageRanges: '1',
    });
  });

  it('reports a crashed renderer and closes for good', async () => {
    const { page, contents } = await openPage();
    const crashed = vi.fn();
    page.on('crash', crashed);
    contents.emit('render-process-gone');
    expect(crashed).toHaveBeenCalledOnce();
    expect(page.isClosed()).toBe(false);
    await page.close({ runBeforeUnload: false });
    expect(page.isClosed()).toBe(true);
  });

  it('closes every page with the browser', async () => {
    const browser = inProcessBrowser();
    const pages = [await browser.newPage(), await browser.newPage()];
    await browser.close();
    expect(pages.map((p) => p.isClosed())).toEqual([true, true]);
  });
});

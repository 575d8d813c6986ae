import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli as runNodeCli } from '../test/support/run-cli.ts';
import { engineAssets } from '../test/support/test-assets.ts';

vi.mock('electron', () => import('../test/support/chromium-electron.ts'));

const fake = await import('../test/support/chromium-electron.ts');
const { runCli } = await import('./cli-mode.ts');

const ROOT = resolve(import.meta.dirname, '..');
const DIAGRAMS = join(ROOT, 'examples/diagrams');
const examples = readdirSync(DIAGRAMS).filter((name) => name.endsWith('.mmd'));
let work: string;
let assets: string;
let fromBrowser: string;

beforeAll(async () => {
  assets = await engineAssets();
  work = mkdtempSync(join(tmpdir(), 'merrow-app-cli-'));
  fake.app.appPath = ROOT;
  // What the browser engine makes of the examples, to compare with.
  fromBrowser = join(work, 'browser');
  const node = await runNodeCli(ROOT, ['export', DIAGRAMS, '-o', fromBrowser, '--quiet'], {
    MERROW_ENGINE_ASSETS: assets,
  });
  expect(node.stderr).toBe('');
}, 180_000);
afterAll(async () => {
  await fake.shutdown();
  rmSync(work, { recursive: true, force: true });
});

/** `Merrow --cli …` in this process: the app's CLI mode, its windows backed by the fake. */
async function appCli(args: string[]): Promise<number> {
  const saved = { ...process.env };
  // The engine must not look for a browser: one that is not there proves it never did.
  Object.assign(process.env, { MERROW_ENGINE_ASSETS: assets, MERROW_BROWSER: join(work, 'no-browser') });
  try {
    await runCli(args);
  } finally {
    process.env = saved;
  }
  return fake.app.exitCode!;
}

describe("the app's CLI mode", () => {
  it('renders the examples in its own hidden windows to the same SVG bytes as the browser engine', async () => {
    const fromApp = join(work, 'app');
    expect(await appCli(['export', DIAGRAMS, '-o', fromApp, '--quiet'])).toBe(0);

    for (const name of examples) {
      const svg = name.replace(/\.mmd$/, '.svg');
      expect(readFileSync(join(fromApp, svg), 'utf8'), svg).toBe(
        readFileSync(join(fromBrowser, svg), 'utf8'),
      );
    }
    // Every render went through the windows' debugger, in hidden, sandboxed windows.
    expect(fake.BrowserWindow.created.length).toBeGreaterThan(0);
    for (const win of fake.BrowserWindow.created) {
      expect(win.options).toMatchObject({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
      });
      expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    }
    expect(fake.BrowserWindow.created.flatMap((w) => w.webContents.debugger.methods)).toContain(
      'Runtime.evaluate',
    );
    expect(fake.app.switches).toContainEqual(['host-resolver-rules', expect.stringContaining('~NOTFOUND')]);
  });

  it('writes a PNG of the diagram through the window, at the asked scale', async () => {
    const out = join(work, 'flow.png');
    const file = join(DIAGRAMS, 'l4-tls-passthrough.mmd');
    expect(await appCli(['export', file, '-o', out, '--scale', '2', '--quiet'])).toBe(0);
    const svg = join(fromBrowser, 'l4-tls-passthrough.svg');
    const png = PNG.sync.read(readFileSync(out));
    const [, w, h] = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(readFileSync(svg, 'utf8'))!;
    expect(Math.abs(png.width - 2 * Math.ceil(Number(w)))).toBeLessThanOrEqual(2);
    expect(Math.abs(png.height - 2 * Math.ceil(Number(h)))).toBeLessThanOrEqual(2);
    const methods = fake.BrowserWindow.created.flatMap((w) => w.webContents.debugger.methods);
    expect(methods).toContain('Page.captureScreenshot');
  });

  it('fails a broken diagram with file:line:col and exit status 1', async () => {
    const broken = join(work, 'broken.mmd');
    writeFileSync(broken, 'flowchart LR\n  a --> \n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await appCli(['export', broken, '--quiet'])).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/broken\.mmd:2:\d+: /);
    stderr.mockRestore();
  });
});

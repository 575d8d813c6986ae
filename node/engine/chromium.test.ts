import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, running, until } from '../../test/support/processes.ts';
import { findBrowser } from './browser.ts';
import { FOR_THROUGHPUT, launchChromium } from './chromium.ts';
import type { EnginePage, RunningBrowser } from './page.ts';
import { JobTimeoutError, PagePool } from './pool.ts';

const chromium = findBrowser().path;
const linux = process.platform === 'linux';
let server: Server;
let origin: string;
let browser: RunningBrowser;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>${req.url}</title>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(chromium, `${origin}/first`);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Waits until a new tab shows `path` (until then it may hold about:blank, whose context goes away). */
async function loaded(page: EnginePage, path: string): Promise<void> {
  while ((await page.evaluate(() => location.pathname, undefined).catch(() => '')) !== path) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('launchChromium', () => {
  it('hands out the tab opened at launch first, then opens new tabs', async () => {
    const first = await browser.newPage(`${origin}/first`);
    const second = await browser.newPage(`${origin}/second`);
    await loaded(first, '/first');
    await loaded(second, '/second');
    expect(await first.evaluate(() => document.title, undefined)).toBe('/first');
    expect(await second.evaluate(() => document.title, undefined)).toBe('/second');
    await second.close();
    expect(second.isClosed()).toBe(true);
  });

  it('rejects a script error with its message', async () => {
    const page = await browser.newPage(`${origin}/error`);
    await loaded(page, '/error');
    await expect(
      page.evaluate(() => {
        throw new Error('boom');
      }, undefined),
    ).rejects.toThrow(/boom/);
    await page.close();
  });

  it('replaces a page whose script never returns', async () => {
    let opened = 0;
    const pool = new PagePool(
      async () => {
        opened++;
        return browser.newPage(`${origin}/pool`);
      },
      1,
      1500,
    );
    const hang = pool.run({
      cost: 1,
      run: (page) =>
        page.evaluate(() => {
          for (;;) {}
        }, undefined),
    });
    await expect(hang).rejects.toBeInstanceOf(JobTimeoutError);
    await expect(pool.run({ cost: 1, run: (page) => page.evaluate((n) => n * 7, 6) })).resolves.toBe(42);
    expect(opened).toBe(2);
    await pool.close();
  });

  it.skipIf(!linux)('passes the batch flags to the pages of a browser launched for a batch', async () => {
    const batch = await launchChromium(chromium, `${origin}/batch`, undefined, [FOR_THROUGHPUT]);
    try {
      const page = await batch.newPage(`${origin}/batch`);
      await loaded(page, '/batch');
      expect(await page.evaluate((n) => n + 1, 41)).toBe(42);
      const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const ours = descendants(process.pid).find((pid) => cmdline(pid).includes(`${origin}/batch`))!;
      const renderers = descendants(ours).filter((pid) => cmdline(pid).includes('--type=renderer'));
      expect(renderers.length).toBeGreaterThan(0);
      for (const pid of renderers) expect(cmdline(pid)).toContain(FOR_THROUGHPUT);
      // The shared browser of the other tests was launched without it.
      const plain = descendants(process.pid).find((pid) => cmdline(pid).includes(`${origin}/first`))!;
      for (const pid of descendants(plain).filter((p) => cmdline(p).includes('--type=renderer')))
        expect(cmdline(pid)).not.toContain(FOR_THROUGHPUT);
    } finally {
      await batch.close();
    }
  });

  it.skipIf(!linux)('fails the pending call and reports a crash when the renderer dies', async () => {
    const page = await browser.newPage(`${origin}/crash`);
    await loaded(page, '/crash');
    // Tabs of one site may share a renderer: end every renderer of this test's browser (found by
    // the launch URL on its command line).
    const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const ours = descendants(process.pid).find((pid) => cmdline(pid).includes(`${origin}/first`))!;
    const renderers = descendants(ours).filter((pid) => cmdline(pid).includes('--type=renderer'));
    expect(renderers.length).toBeGreaterThan(0);
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
    });
    const pending = page.evaluate(() => new Promise(() => {}), undefined);
    for (const pid of renderers) process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toThrow(/crashed|closed/);
    expect(await until(() => crashed, 5000)).toBe(true);
    await page.close();
  });
});

describe.skipIf(!linux)('browser processes', () => {
  const script = (ending: string) => `
    import { launchChromium } from ${JSON.stringify(new URL('./chromium.ts', import.meta.url).href)};
    const browser = await launchChromium(${JSON.stringify(chromium)}, 'about:blank');
    const page = await browser.newPage('about:blank');
    await page.evaluate(() => 1, undefined);
    process.stdout.write('ready\\n');
    ${ending}
  `;

  for (const [how, ending, signal] of [
    ['killed with SIGKILL', 'setInterval(() => {}, 1000);', 'SIGKILL'],
    ['ended by SIGTERM', 'setInterval(() => {}, 1000);', 'SIGTERM'],
    ['exiting without closing the engine', 'process.exit(0);', undefined],
  ] as const) {
    it(`leaves none behind when Node is ${how}`, async () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script(ending)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const browserProcesses = descendants(child.pid!);
      expect(browserProcesses.length).toBeGreaterThan(1);
      if (signal) child.kill(signal);
      await exited;
      expect(await until(() => browserProcesses.every((pid) => !running(pid)), 5000)).toBe(true);
    });
  }
});

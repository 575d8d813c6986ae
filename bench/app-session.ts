/**
 * What the app benchmarks share: the renderer built from the current sources (the engine page and
 * the app), and the app served by `merrow serve` in a process of its own, driven in Chromium.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { WITHOUT_BROWSER_UI_WORK } from '../node/engine/chromium.ts';
import { buildRenderer, PROJECT_ROOT, rendererBuildState } from '../node/serve/renderer-build.ts';

/** Builds dist/renderer when it is missing or older than its sources. */
export async function freshRenderer(): Promise<void> {
  if ((await rendererBuildState()) === 'fresh') return;
  if (!(await buildRenderer())) throw new Error('the renderer build failed');
}

export interface AppSession {
  page: Page;
  url: string;
  close(): Promise<void>;
}

/** Headless Chromium as the app benchmarks drive it: without its own UI preload for each new window (see bench/app.ts). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      WITHOUT_BROWSER_UI_WORK,
    ],
  });
}

/** Starts `merrow serve FOLDER` in a process of its own (state in `state`) and waits for its URL. */
export function startServe(folder: string, state: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'serve', folder, '--no-open', '--port', '0'],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MERROW_STATE_DIR: state },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\s/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`merrow serve exited with ${code}: ${out}`)));
  });
}

/** Serves `folder` with `merrow serve` and opens it in headless Chromium at a laptop's size. */
export async function openApp(folder: string, state: string): Promise<AppSession> {
  const { child, url } = await startServe(folder, state);
  const browser = await launchChromium(process.env.MERROW_CHROMIUM ?? '/usr/bin/chromium');
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  return {
    page,
    url,
    async close() {
      await browser.close();
      child.kill('SIGKILL');
      for (const dir of [folder, state]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

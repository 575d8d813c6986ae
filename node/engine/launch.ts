import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, ElectronApplication, Page } from 'playwright-core';
import type { FoundBrowser } from './browser.ts';

/** A running browser that can open pages. */
export interface RunningBrowser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Nothing leaves the machine: every host name fails to resolve except the local asset server
 * (mermaid is strict, the icon packs are bundled; this guards against anything that slips through).
 */
const OFFLINE = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

const CHROMIUM_ARGS = [
  OFFLINE,
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** Launches the browser headless (no X server needed). */
export async function launchBrowser(found: FoundBrowser): Promise<RunningBrowser> {
  // playwright-core is megabytes of JavaScript; Node's on-disk compile cache makes loading it
  // again (every CLI run) several times cheaper.
  enableCompileCache?.();
  const { chromium, _electron } = await import('playwright-core');
  const env = { ...process.env };
  delete env.DISPLAY;
  if (found.kind === 'electron') return launchElectron(_electron, found.path, env);
  const browser: Browser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  return {
    newPage: () => context.newPage(),
    close: () => browser.close(),
  };
}

async function launchElectron(
  electron: typeof import('playwright-core')['_electron'],
  executablePath: string,
  env: NodeJS.ProcessEnv,
): Promise<RunningBrowser> {
  const host = fileURLToPath(new URL('./electron-host.cjs', import.meta.url));
  const app: ElectronApplication = await electron.launch({
    executablePath,
    args: [host, '--ozone-platform=headless', OFFLINE, '--disable-gpu'],
    env: env as Record<string, string>,
  });
  return {
    async newPage() {
      const [page] = await Promise.all([
        app.waitForEvent('window'),
        app.evaluate(({ BrowserWindow }) => {
          const win = new BrowserWindow({
            show: false,
            width: 1200,
            height: 800,
            webPreferences: { sandbox: true, contextIsolation: true, backgroundThrottling: false },
          });
          win.loadURL('about:blank');
        }),
      ]);
      return page;
    },
    close: () => app.close(),
  };
}

import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from 'playwright-core';
import type { FoundBrowser } from './browser.ts';
import { launchChromium, OFFLINE, SAME_PIXELS_EVERYWHERE } from './chromium.ts';
import type { EnginePage, RunningBrowser } from './page.ts';
import type { BrowserProfile } from './profile.ts';

/**
 * Launches the browser headless (no X server needed), its first tab already loading `url`;
 * `profile` (Chromium only) is released when the browser has exited.
 * Chromium is driven directly over the DevTools pipe; Electron through playwright-core, whose
 * Electron launcher knows how to start it.
 */
export async function launchBrowser(
  found: FoundBrowser,
  url: string,
  profile?: BrowserProfile,
  extraArgs: readonly string[] = [],
): Promise<RunningBrowser> {
  if (found.kind === 'chromium') {
    return launchChromium(found.path, url, profile, extraArgs).catch((error: unknown) => {
      // A reused profile that some other browser still holds: a fresh one always works.
      if (!profile?.port) throw error;
      return launchChromium(found.path, url, undefined, extraArgs);
    });
  }
  // playwright-core is megabytes of JavaScript; Node's on-disk compile cache makes loading it
  // again (every CLI run) several times cheaper.
  enableCompileCache?.();
  const { _electron } = await import('playwright-core').catch(() => {
    // The npm package leaves it out (an optional dependency): only rendering with Electron needs it.
    throw new Error(
      'rendering with Electron needs the playwright-core package: npm install -D playwright-core',
    );
  });
  const env = { ...process.env };
  delete env.DISPLAY;
  return launchElectron(_electron, found.path, env, extraArgs);
}

async function launchElectron(
  electron: typeof import('playwright-core')['_electron'],
  executablePath: string,
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[],
): Promise<RunningBrowser> {
  const host = fileURLToPath(new URL('./electron-host.cjs', import.meta.url));
  const app: ElectronApplication = await electron.launch({
    executablePath,
    args: [host, '--ozone-platform=headless', OFFLINE, SAME_PIXELS_EVERYWHERE, '--disable-gpu', ...extraArgs],
    env: env as Record<string, string>,
  });
  return {
    async newPage(url) {
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
      await page.goto(url);
      return playwrightPage(page);
    },
    close: () => app.close(),
  };
}

function playwrightPage(page: Page): EnginePage {
  return {
    // Playwright's own signature is wider (handles, serializable-only arguments); ours is a subset.
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown) as Promise<Awaited<R>>,
    async screenshot(options) {
      // Playwright clips to the viewport: grow it first when the drawing is larger.
      const viewport = page.viewportSize();
      const { width, height } = options.clip;
      if (!viewport || viewport.width < width || viewport.height < height) {
        await page.setViewportSize({
          width: Math.ceil(Math.max(width, viewport?.width ?? 0)),
          height: Math.ceil(Math.max(height, viewport?.height ?? 0)),
        });
      }
      return page.screenshot(options);
    },
    pdf: (options) => page.pdf(options),
    on: (event, listener) => page.on(event, listener),
    isClosed: () => page.isClosed(),
    close: (options) => page.close(options),
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CdpConnection } from './cdp.ts';
import { CdpPage } from './cdp-page.ts';
import type { RunningBrowser } from './page.ts';
import { type BrowserProfile, temporaryProfile } from './profile.ts';

/**
 * Nothing leaves the machine: every host name fails to resolve except the local asset server
 * (mermaid is strict, the icon packs are bundled; this guards against anything that slips through).
 */
export const OFFLINE = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/**
 * Text is antialiased in grey, never for the subpixel order a machine's font configuration names,
 * so a PNG has the same pixels on every machine (the engine page also draws text unhinted).
 */
export const SAME_PIXELS_EVERYWHERE = '--disable-lcd-text';

/**
 * Headless Chromium still preloads the WebUI omnibox popup, in a renderer of its own, for every new
 * window: that costs as much CPU as loading mermaid. Only the last --disable-features counts.
 */
export const WITHOUT_BROWSER_UI_WORK =
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI,Translate,OptimizationHints,MediaRouter';

/**
 * For a batch of diagrams: V8's efficiency mode, with fewer background threads and a later
 * tier-up to its optimizing compiler. With every core rendering, those threads only take CPU
 * from the other pages (a folder export is about 15 % faster on two cores); one diagram alone
 * renders about 10 % slower with it, so only batches use it.
 */
export const FOR_THROUGHPUT = '--js-flags=--efficiency-mode';

const CHROMIUM_ARGS = [
  '--headless',
  '--remote-debugging-pipe',
  OFFLINE,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-breakpad',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--password-store=basic',
  '--use-mock-keychain',
  '--window-size=1200,800',
  SAME_PIXELS_EVERYWHERE,
  WITHOUT_BROWSER_UI_WORK,
];

const LAUNCH_TIMEOUT_MS = 30_000;

/** Browsers of this process still running, killed (with their whole process group) when it exits. */
const running = new Map<ChildProcess, BrowserProfile>();
let reaperInstalled = false;

/** Kills the browser and, on POSIX, every process of its group (zygotes, renderers), even after the browser itself ended. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // Detached, the browser leads its own process group: its zygotes and renderers go with it.
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function installReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  // A signal that ends Node closes the DevTools pipe, and the browser quits by itself when it
  // does; an ordinary exit (or process.exit) still leaves no browser behind.
  process.on('exit', () => {
    for (const [child, profile] of running) {
      killGroup(child);
      profile.release();
    }
  });
}

/**
 * Launches headless Chromium speaking the DevTools protocol over a pipe, with its first tab
 * already loading `url`: the first `newPage(url)` returns that tab, later ones open new tabs.
 * The profile is released when the browser has exited.
 */
export async function launchChromium(
  path: string,
  url: string,
  profile: BrowserProfile = temporaryProfile(),
  extraArgs: readonly string[] = [],
): Promise<RunningBrowser> {
  // The profile is this process's alone (see acquireProfile): a lock left by a browser that was
  // killed would only make Chromium look for that browser.
  for (const name of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) {
    rmSync(join(profile.dir, name), { force: true });
  }
  const env = { ...process.env };
  delete env.DISPLAY;
  const child = spawn(path, [...CHROMIUM_ARGS, ...extraArgs, `--user-data-dir=${profile.dir}`, url], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    env,
  });
  installReaper();
  running.set(child, profile);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  exited.then(() => {
    running.delete(child);
    profile.release();
  });

  const cdp = new CdpConnection(child.stdio[4] as Readable, child.stdio[3] as Writable);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(error));
    exited.then(() => reject(new Error(lastLines(stderr) || `exited with ${child.exitCode}`)));
    timer = setTimeout(
      () => reject(new Error(`no answer within ${LAUNCH_TIMEOUT_MS / 1000} s`)),
      LAUNCH_TIMEOUT_MS,
    );
  });
  // The first answer proves the browser is up; it also names the tab the command line opened.
  const { targetInfos } = await Promise.race([
    cdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets'),
    failed,
  ])
    .catch((error: unknown) => {
      killGroup(child);
      throw error;
    })
    .finally(() => clearTimeout(timer));
  const tabs = targetInfos.filter((t) => t.type === 'page');
  let firstTab = (tabs.find((t) => t.url === url) ?? tabs[0])?.targetId;

  const attach = async (targetId: string) => {
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    return new CdpPage(cdp, targetId, sessionId);
  };
  return {
    async newPage(pageUrl) {
      if (firstTab && pageUrl === url) {
        const targetId = firstTab;
        firstTab = undefined;
        return attach(targetId);
      }
      // A tab of its own window is visible: Chromium lowers the CPU priority (nice 5) of the
      // renderers of hidden tabs, --disable-renderer-backgrounding notwithstanding.
      const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
        url: pageUrl,
        newWindow: true,
      });
      return attach(targetId);
    },
    async close() {
      // No orderly shutdown: it takes longer than the whole render of a small diagram, and the
      // profile keeps nothing that matters (Chromium recovers its caches after a kill).
      killGroup(child);
      await exited;
    },
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

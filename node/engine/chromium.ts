import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CdpConnection } from './cdp.ts';
import { CdpPage } from './cdp-page.ts';
import type { RunningBrowser } from './launch.ts';

/**
 * Nothing leaves the machine: every host name fails to resolve except the local asset server
 * (mermaid is strict, the icon packs are bundled; this guards against anything that slips through).
 */
export const OFFLINE = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

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
  // Headless Chromium still preloads the WebUI omnibox popup in renderers of its own; that
  // costs as much CPU as loading mermaid. Only the last --disable-features counts.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI,Translate,OptimizationHints,MediaRouter',
];

/** Browsers of this process still running, killed (with their whole process group) when it exits. */
const running = new Set<ChildProcess>();
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
    for (const child of running) killGroup(child);
  });
}

/**
 * Launches headless Chromium speaking the DevTools protocol over a pipe, with its first tab
 * already loading `url`: the first `newPage(url)` returns that tab, later ones open new tabs.
 * The profile is a temporary folder, removed on close.
 */
export async function launchChromium(path: string, url: string): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'merrow-browser-'));
  const env = { ...process.env };
  delete env.DISPLAY;
  const child = spawn(path, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, url], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    env,
  });
  installReaper();
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  exited.then(() => {
    running.delete(child);
    removeProfile();
  });

  const cdp = new CdpConnection(child.stdio[4] as Readable, child.stdio[3] as Writable);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(error));
    exited.then(() => reject(new Error(lastLines(stderr) || `exited with ${child.exitCode}`)));
  });
  // The first answer proves the browser is up; it also names the tab the command line opened.
  const { targetInfos } = await Promise.race([
    cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets'),
    failed,
  ]).catch((error: unknown) => {
    killGroup(child);
    throw error;
  });
  let firstTab = targetInfos.find((t) => t.type === 'page')?.targetId;

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
      if (child.exitCode === null && child.signalCode === null) {
        cdp.send('Browser.close').catch(() => {});
        const timer = setTimeout(() => killGroup(child), 2000);
        await exited;
        clearTimeout(timer);
      }
      // Renderers may outlive the browser process by a moment; they must not write into the profile.
      killGroup(child);
      removeProfile();
    },
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

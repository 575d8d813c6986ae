import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, session } from 'electron';
import { OFFLINE_HOST_RULES } from '../node/engine/chromium.ts';
import { inProcessBrowser } from './cli-browser.ts';
import { restrictPermissions } from './security.ts';

/**
 * Runs `merrow <command> …` inside the app's own binary, with no window: installing the app is
 * enough to export from scripts. The CLI is loaded from the app's `node/` sources at run time
 * (Electron's Node strips the types), not bundled into main, so its render engine finds the
 * built renderer beside it exactly as under plain Node.
 */
export async function runCli(argv: string[]): Promise<void> {
  // Must happen before `ready`: no GPU, no display needed, no Dock icon.
  app.disableHardwareAcceleration();
  app.commandLine.appendSwitch('ozone-platform', 'headless');
  // Nothing leaves the machine, as when the engine starts a browser itself.
  app.commandLine.appendSwitch('host-resolver-rules', OFFLINE_HOST_RULES);
  app.dock?.hide();
  // Windows the render engine may open are hidden; quitting is the CLI's decision alone.
  app.on('window-all-closed', () => {});
  let code: number;
  try {
    await app.whenReady();
    restrictPermissions(session.defaultSession);
    const source = (...path: string[]) => pathToFileURL(join(app.getAppPath(), ...path)).href;
    // The engine renders in hidden windows of this process: the app needs no other browser.
    const engine = (await import(/* @vite-ignore */ source('node', 'engine', 'index.ts'))) as Pick<
      typeof import('../node/engine/index.ts'),
      'provideBrowser'
    >;
    engine.provideBrowser(async () => inProcessBrowser());
    const cli = (await import(/* @vite-ignore */ source('node', 'cli', 'merrow.ts'))) as {
      main(argv: string[]): Promise<number>;
    };
    code = await cli.main(argv);
  } catch (error) {
    process.stderr.write(
      `merrow: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    code = 70;
  }
  app.exit(code);
}

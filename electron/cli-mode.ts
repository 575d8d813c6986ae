import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from 'electron';

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
  app.dock?.hide();
  // Windows the render engine may open are hidden; quitting is the CLI's decision alone.
  app.on('window-all-closed', () => {});
  let code: number;
  try {
    await app.whenReady();
    const cli = pathToFileURL(join(app.getAppPath(), 'node', 'cli', 'merrow.ts')).href;
    const { main } = (await import(/* @vite-ignore */ cli)) as { main(argv: string[]): Promise<number> };
    code = await main(argv);
  } catch (error) {
    process.stderr.write(
      `merrow: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    code = 70;
  }
  app.exit(code);
}

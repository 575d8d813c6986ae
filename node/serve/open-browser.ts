import { spawn } from 'node:child_process';

/** Opens `url` in the default browser; when that fails (no desktop, no xdg-open) says so and carries on. */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const note = () => process.stderr.write('merrow: could not open a browser; open the URL above yourself\n');
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', note);
    child.on('exit', (code) => {
      if (code) note();
    });
    child.unref();
  } catch {
    note();
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRenderer,
  PROJECT_ROOT,
  RENDERER_DIR,
  rendererBuildState,
} from '../../node/serve/renderer-build.ts';

/** A `merrow serve` child process and the URL it printed. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
}

/** Starts `merrow serve FOLDER --no-open` as a child process and waits for its URL. */
export function startServe(folder: string, env: NodeJS.ProcessEnv, port = 0): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'serve', folder, '--no-open', '--port', String(port)],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`merrow serve did not start:\n${out}${err}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d;
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, port: Number(m[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`merrow serve exited with ${code}:\n${out}${err}`)));
  });
}

/** Builds the renderer when there is no build or it is older than its sources. */
export async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'preview.html')) && (await rendererBuildState()) === 'fresh') return;
  if (!(await buildRenderer())) throw new Error('the renderer build failed');
}

import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder where warm engines keep their sockets and tokens, reachable by this user alone:
 * `$XDG_RUNTIME_DIR/merrow`, else `merrow-<uid>` in the temp folder (0700, owned by this user, not
 * a symbolic link: anything else is refused, so another user cannot plant or read a socket there);
 * on Windows, `%LOCALAPPDATA%\merrow\run`, private to the user by its ACL. Undefined when no such
 * folder can be had: the caller then renders in-process.
 */
export function privateDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform === 'win32') {
    const dir = join(env.LOCALAPPDATA || join(homedir(), 'AppData/Local'), 'merrow', 'run');
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      return undefined;
    }
  }
  const uid = process.getuid!();
  const dir = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'merrow') : join(tmpdir(), `merrow-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.uid !== uid) return undefined;
    // Ours, but opened up (by hand, or by an old umask): close it again.
    if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return dir;
  } catch {
    return undefined;
  }
}

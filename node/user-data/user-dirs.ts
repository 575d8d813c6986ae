import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Merrow keeps its own data: never inside the user's folder (no sidecar files in their repository). */
export interface UserDirs {
  /** Recovery data and trash: losing it costs nothing but unsaved work of a crashed session. */
  cache: string;
  /** Small settings such as recent folders. */
  config: string;
}

/**
 * The per-user cache and config folders for Merrow, following each OS's convention.
 * `MERROW_STATE_DIR` puts both under one folder (tests, portable setups).
 */
export function userDirs(env: NodeJS.ProcessEnv = process.env, platform = process.platform): UserDirs {
  if (env.MERROW_STATE_DIR) {
    return { cache: join(env.MERROW_STATE_DIR, 'cache'), config: join(env.MERROW_STATE_DIR, 'config') };
  }
  const home = homedir();
  if (platform === 'darwin') {
    return {
      cache: join(home, 'Library/Caches/Merrow'),
      config: join(home, 'Library/Application Support/Merrow'),
    };
  }
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? join(home, 'AppData/Local');
    return {
      cache: join(local, 'Merrow/Cache'),
      config: join(env.APPDATA ?? join(home, 'AppData/Roaming'), 'Merrow'),
    };
  }
  return {
    cache: join(env.XDG_CACHE_HOME || join(home, '.cache'), 'merrow'),
    config: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'merrow'),
  };
}

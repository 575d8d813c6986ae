import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../safe-write/atomic-write.ts';
import { userDirs } from './user-dirs.ts';

const MAX_RECENT = 10;

const recentFile = (configDir: string) => join(configDir, 'recent-folders.json');

/** Folders opened lately, most recent first (absolute paths; ones that vanished are kept, callers check). */
export async function readRecentFolders(configDir = userDirs().config): Promise<string[]> {
  try {
    const data: unknown = JSON.parse(await readFile(recentFile(configDir), 'utf8'));
    return Array.isArray(data) ? data.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** Puts `folder` first in the recent list (shared by `npm start`, `merrow serve` and the desktop app). */
export async function addRecentFolder(folder: string, configDir = userDirs().config): Promise<void> {
  const list = [folder, ...(await readRecentFolders(configDir)).filter((item) => item !== folder)];
  await mkdir(configDir, { recursive: true });
  await writeFileAtomic(recentFile(configDir), `${JSON.stringify(list.slice(0, MAX_RECENT), null, 2)}\n`);
}

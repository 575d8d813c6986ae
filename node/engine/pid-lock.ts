import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** Whether a process of this id is running (one of another user counts too; a zombie does not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  // Killed, but not yet reaped by its parent (a detached process's is init, which may be slow).
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Takes a lock file holding this process's id: created exclusively, or taken over when the process
 * named in it is gone (one killed outright leaves its lock behind). False when another live process
 * holds it, or is writing it right now. Release it by deleting the file.
 */
export function takePidLock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    let owner: number;
    try {
      owner = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue;
    }
    // A half-written lock is being taken right now.
    if (!owner || processAlive(owner)) return false;
    try {
      unlinkSync(file);
    } catch {
      return false;
    }
  }
  return false;
}

import { randomBytes } from 'node:crypto';
import { close, fchmod, fsync, openSync, unlinkSync, writeFile } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const writeFd = promisify(writeFile);
const fchmodFd = promisify(fchmod);
const fsyncFd = promisify(fsync);
const closeFd = promisify(close);

/** Suffix of in-flight temp files; the watcher and the listing ignore them. */
export const TEMP_SUFFIX = '.merrow-tmp';

// `.<name>.<pid>-<12 hex>.merrow-tmp`: the writer's process id tells a live write from a leftover.
const TEMP = /^\..+\.(\d+)-[0-9a-f]{12}\.merrow-tmp$/;
// The naming before the process id was added.
const OLD_TEMP = /^\..+\.[0-9a-f]{12}\.merrow-tmp$/;
/** A temp file this old is a leftover whatever its name says (a reused process id). */
const STALE_MS = 60 * 60 * 1000;
const OLD_STALE_MS = 10 * 60 * 1000;

const inFlight = new Set<string>();
const swept = new Map<string, Promise<void>>();

/**
 * Writes `data` to `file` so that readers see the old content or the new, never half of it:
 * a temp file in the same folder (same file system, so rename is atomic), flushed to disk,
 * given the old file's mode, then renamed over the target. The temp file is removed on failure
 * and when the process is interrupted (Ctrl+C, SIGTERM); one left by a `kill -9` is removed by
 * the next write into that folder (see removeStaleTemps).
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { sync?: boolean } = {},
) {
  const dir = dirname(file);
  await sweepOnce(dir);
  const temp = join(dir, `.${tempStem(file)}.${process.pid}-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const existingMode = await stat(file).then(
    (s) => s.mode & 0o7777,
    () => null,
  );
  // Tracked before it exists (an interrupt then waits for the listener, which removes it), and
  // created synchronously: the process cannot end between the file's creation and the moment a
  // listener can see it, as it could while an asynchronous open was finishing in the thread pool.
  track(temp);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', existingMode ?? 0o666);
  } catch (error) {
    untrack(temp);
    throw error;
  }
  try {
    try {
      await writeFd(fd, data);
      // `open` applies the umask; an existing file's mode is kept exactly.
      if (existingMode !== null) await fchmodFd(fd, existingMode);
      if (options.sync !== false) await fsyncFd(fd);
    } finally {
      await closeFd(fd);
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  } finally {
    untrack(temp);
  }
}

/**
 * The start of the file's name that its temp file carries: enough to tell whose it is, short
 * enough that any name the disk takes (255 bytes) still takes the ~35 the temp name adds.
 */
function tempStem(file: string): string {
  return [...basename(file)].slice(0, 64).join('');
}

/**
 * Removes the temp files of Merrow's naming in `dir` that no write will finish: their writer is no
 * longer running (a `kill -9`, a crash, a power cut), or they are over an hour old. Returns how
 * many were removed. Never touches a file of another naming.
 */
export async function removeStaleTemps(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined && !OLD_TEMP.test(name)) continue;
    if (inFlight.has(path)) continue;
    const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now());
    const stale = pid === undefined ? age > OLD_STALE_MS : !isRunning(Number(pid)) || age > STALE_MS;
    if (
      stale &&
      (await unlink(path).then(
        () => true,
        () => false,
      ))
    )
      removed++;
  }
  return removed;
}

/** The first write into a folder in this process cleans it first. */
function sweepOnce(dir: string): Promise<void> {
  let done = swept.get(dir);
  if (!done) {
    done = removeStaleTemps(dir).then(() => {});
    swept.set(dir, done);
  }
  return done;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// While temp files are being written, an interrupt removes them before the process ends.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeInFlight(): void {
  for (const temp of inFlight) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed into place or removed.
    }
  }
  inFlight.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (merrow serve's Ctrl+C) ends the process its own way and may let writes
  // finish; whatever is still in flight when it exits, the 'exit' listener removes.
  if (process.listenerCount(signal) > 1) return;
  // Alone, this listener has kept the process from its default end: clean up, then end it so.
  removeInFlight();
  stopWatchingSignals();
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  if (inFlight.size === 0) {
    // First in line, so that listeners added later (and `once` ones, removed as they run) still count.
    for (const signal of SIGNALS) process.prependListener(signal, onSignal);
    process.on('exit', removeInFlight);
  }
  inFlight.add(temp);
}

function untrack(temp: string): void {
  inFlight.delete(temp);
  if (inFlight.size === 0) stopWatchingSignals();
}

function stopWatchingSignals(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeInFlight);
}

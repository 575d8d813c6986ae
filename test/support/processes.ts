/** Test support: what became of processes (Linux /proc), and waiting for it. */
import { readdirSync, readFileSync } from 'node:fs';

/** Descendant processes of `pid`, found through every thread's children list. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number);
    } catch {}
    for (const child of children) out.push(child, ...descendants(child));
  }
  return out;
}

/** Whether a process runs (a zombie, ended but not yet reaped, does not). */
export function running(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Polls `check` until it holds or `ms` have passed; whether it held. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

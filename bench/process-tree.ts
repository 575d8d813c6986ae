import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one timed tool run produced. */
export interface ToolRun {
  ms: number;
  /** Highest sum of the resident set sizes of the process and all its descendants, in bytes. */
  peakRss: number;
  /** CPU time (user + system) of the tree, as last sampled per process: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const SAMPLE_MS = 50;
/** USER_HZ, the unit of the CPU times in /proc/PID/stat; 100 on every Linux build in use. */
const TICK_MS = 10;

/** Processes started by a run that are still alive, keyed by pid, valued by their start time (guards pid reuse). */
const started = new Map<number, string>();

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields 14, 15 and 22 of /proc/PID/stat; the command name in field 2 may hold spaces, so split after its ')'. */
function stat(pid: number): { start: string; cpuTicks: number } | undefined {
  const text = readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { start: fields[19]!, cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

function startTime(pid: number): string | undefined {
  return stat(pid)?.start;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  // A child belongs to the thread that forked it, so every thread's list is read.
  const children: number[] = [];
  for (const tid of tasks) {
    const text = readText(`/proc/${pid}/task/${tid}/children`);
    if (text) for (const c of text.trim().split(' ')) if (c) children.push(Number(c));
  }
  return children;
}

function rssBytes(pid: number): number {
  const status = readText(`/proc/${pid}/status`);
  const kb = status?.match(/^VmRSS:\s+(\d+)/m)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/**
 * Sums the RSS of the tree under `root`, plus processes it started earlier that have since been
 * re-parented (browsers are launched detached, and outlive a killed launcher), and remembers them all.
 * Records each process's CPU ticks in `cpu`, keyed by pid and start time.
 */
function sampleTree(root: number, cpu: Map<string, number>): number {
  const seen = new Set<number>();
  const queue = [root];
  for (const pid of started.keys()) queue.push(pid);
  let total = 0;
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const now = stat(pid);
    if (now === undefined) {
      started.delete(pid);
      continue;
    }
    const known = started.get(pid);
    if (known !== undefined && known !== now.start) {
      started.delete(pid); // the pid now belongs to an unrelated process
      continue;
    }
    started.set(pid, now.start);
    cpu.set(`${pid}@${now.start}`, now.cpuTicks);
    total += rssBytes(pid);
    queue.push(...childrenOf(pid));
  }
  return total;
}

/** Kills every process a run started that is still alive (and only those: the start time must match). */
export function killLeftovers(): number {
  let killed = 0;
  for (const [pid, start] of started) {
    if (startTime(pid) === start) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    started.delete(pid);
  }
  return killed;
}

/** Runs a command to completion or timeout, timing it and sampling the peak RSS of its process tree. */
export function runTool(command: string, args: string[], options: RunOptions): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let peakRss = 0;
    const cpu = new Map<string, number>();
    let timedOut = false;
    const sample = () => {
      if (child.pid !== undefined) peakRss = Math.max(peakRss, sampleTree(child.pid, cpu));
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      sample();
      killLeftovers();
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(timer);
      reject(error);
    });
    // The time is taken when the process exits: a leftover browser may hold its pipes open longer.
    let ms = 0;
    child.on('exit', () => {
      ms = Math.round(performance.now() - t0);
    });
    child.on('close', (exitCode) => {
      clearInterval(sampler);
      clearTimeout(timer);
      killLeftovers();
      resolve({
        ms,
        peakRss,
        cpuMs: [...cpu.values()].reduce((sum, ticks) => sum + ticks, 0) * TICK_MS,
        exitCode,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * A temporary work folder for a benchmark run, removed with every process the run started when the
 * run ends or is interrupted (Ctrl+C).
 */
export function benchWorkFolder(prefix: string): { work: string; cleanUp: () => void } {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const cleanUp = () => {
    killLeftovers();
    rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }
  return { work, cleanUp };
}

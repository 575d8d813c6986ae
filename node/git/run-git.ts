import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ApiError } from '../../shared/api/contract.ts';

export interface GitOutput {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  /** Written to git's stdin (commit messages). */
  input?: string;
  /** Exit codes that are answers rather than failures (e.g. 1 for `diff --no-index`). */
  okCodes?: number[];
  /** Receives git's progress lines (stderr, split on `\r` and `\n`) as they arrive. */
  onProgress?: (line: string) => void;
  /**
   * Run git in a new session with no controlling terminal: ssh and credential prompts then fail
   * with git's own message instead of waiting on a terminal the user cannot see.
   */
  detached?: boolean;
}

export const GIT_MISSING_MESSAGE =
  'Git was not found on this computer. Install git to see changes, commit and browse history.';

/**
 * The user's environment, unchanged except that git must never wait for a password on a
 * terminal nobody sees (GIT_TERMINAL_PROMPT=0). Identity, config, hooks, signing and
 * credential helpers all stay the user's.
 */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0' };
}

/** Runs the system `git` in `cwd` and resolves with its output, whatever the exit code. */
export function spawnGit(cwd: string, args: string[], options: RunOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.detached === true && process.platform !== 'win32',
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      if (options.onProgress) {
        const lines = (partial + chunk.toString('utf8')).split(/[\r\n]/);
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) options.onProgress(line);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' && existsSync(cwd)
          ? new ApiError('unavailable', GIT_MISSING_MESSAGE)
          : new ApiError('git', error.message),
      );
    });
    child.on('close', (code) => {
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? 1,
      });
    });
    // A hook that exits early closes stdin under us; git's own exit code tells the story.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns stdout; a failure becomes ApiError('git') carrying git's own message. */
export async function runGit(cwd: string, args: string[], options: RunOptions = {}): Promise<string> {
  const result = await spawnGit(cwd, args, options);
  if (result.code !== 0 && !options.okCodes?.includes(result.code)) {
    throw new ApiError('git', gitMessage(result, args));
  }
  return result.stdout;
}

/** Git's own words for a failure: stderr without the `fatal:`/`error:` noise, else stdout. */
export function gitMessage(result: GitOutput, args: string[]): string {
  const text = (result.stderr.trim() || result.stdout.trim())
    .split('\n')
    .map((line) => line.replace(/^(fatal|error): /, ''))
    .join('\n')
    .trim();
  return text || `git ${args[0] ?? ''} failed with exit code ${result.code}`;
}

/**
 * git's output as a person reads it: each progress line git redrew with `\r` reduced to its last
 * state, stderr (progress, the remote's words, a push's refusal) before stdout (a merge's
 * `CONFLICT` lines and `Automatic merge failed`), so that nothing git said is lost.
 */
export function readableOutput(result: Pick<GitOutput, 'stdout' | 'stderr'>): string {
  const collapse = (text: string) =>
    text
      .split('\n')
      .map((line) => line.split('\r').filter(Boolean).at(-1) ?? '')
      .filter((line) => line.trim() !== '')
      .join('\n');
  return [collapse(result.stderr), collapse(result.stdout)].filter(Boolean).join('\n').trim();
}

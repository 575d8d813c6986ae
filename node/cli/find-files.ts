import { glob, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';

const GLOB_CHARS = /[*?[\]{}]/;

/** A file named on the command line, with the folder an output tree mirrors from. */
export interface FoundFile {
  /** Absolute path, or '-' for stdin. */
  path: string;
  /** The folder or glob base the file was found under. */
  base: string;
}

export interface FindRules {
  /** Which files a folder contributes (searched by name: sniffing a whole tree would read too much). */
  inFolder: (name: string) => boolean;
  /** Which files a glob contributes. */
  inGlob: (path: string) => boolean | Promise<boolean>;
  emptyFolder: string;
  emptyGlob: string;
  /** Whether `-` stands for standard input. */
  stdin?: boolean;
}

/** A diagnostic about a whole file (line 1, column 1). */
export function problem(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity: 'error', message };
}

async function walk(dir: string, keep: (name: string) => boolean, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, keep, out);
    else if (entry.isFile() && keep(entry.name)) out.push(full);
  }
}

/** The leading path segments of a glob that hold no pattern characters. */
function globBase(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  return resolve(
    parts.filter((_, i) => !parts.slice(0, i + 1).some((p) => GLOB_CHARS.test(p))).join('/') || '.',
  );
}

/**
 * Expands files, folders (recursively) and globs, in the order given, without duplicates; an
 * argument that matches nothing becomes a problem and the others go on.
 */
export async function findFiles(
  args: string[],
  rules: FindRules,
): Promise<{ files: FoundFile[]; problems: Diagnostic[] }> {
  const files: FoundFile[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (path: string, base: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, base });
  };
  for (const arg of args) {
    if (arg === '-' && rules.stdin) {
      add('-', process.cwd());
      continue;
    }
    const abs = resolve(arg);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isDirectory()) {
      const found: string[] = [];
      await walk(abs, rules.inFolder, found);
      if (found.length === 0) problems.push(problem(arg, rules.emptyFolder));
      for (const f of found.sort()) add(f, abs);
    } else if (info) {
      add(abs, dirname(abs));
    } else if (GLOB_CHARS.test(arg)) {
      const matches: string[] = [];
      for await (const m of glob(arg, { exclude: (p) => /(^|[\\/])node_modules$/.test(String(p)) })) {
        const full = resolve(m);
        if (await rules.inGlob(full)) matches.push(full);
      }
      if (matches.length === 0) problems.push(problem(arg, rules.emptyGlob));
      const base = globBase(arg);
      for (const f of matches.sort()) add(f, base);
    } else {
      problems.push(problem(arg, 'no such file or folder'));
    }
  }
  return { files, problems };
}

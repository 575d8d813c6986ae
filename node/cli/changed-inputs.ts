import { realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ApiError } from '../../shared/api/contract.ts';
import { changedDiagrams } from '../git/changed-diagrams.ts';
import { type ExpandedInputs, type ExpandOptions, expandInputs } from './diagram-inputs.ts';

/** The help text of `--changed` and `--staged`, shared by export and check. */
export const CHANGED_HELP = `      --changed            only diagrams changed against git's HEAD (staged, unstaged or
                           new) in the current folder and below; inputs, if any, narrow them
      --staged             only diagrams staged for the next commit (for pre-commit hooks);
                           implies --changed`;

/** `--changed` could not ask git: not a repository, or no git at all. */
export class ChangedInputsError extends Error {}

/**
 * `--changed`: the diagram files under the current folder that differ from HEAD (or, with
 * `staged`, what is staged), narrowed to `args` when some are given (a changed file is kept if the
 * arguments name it, or a folder or glob that finds it).
 */
export async function changedInputs(
  args: string[],
  staged: boolean,
  options: ExpandOptions = {},
): Promise<ExpandedInputs> {
  const cwd = process.cwd();
  let changed: string[];
  try {
    changed = (await changedDiagrams(cwd, { staged })).map((p) => join(cwd, p));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const why = /not (in )?a git repository/i.test(error.message)
      ? 'the current folder is not in a git repository'
      : error.message;
    throw new ChangedInputsError(`--changed compares with git's HEAD, but ${why}`);
  }
  if (args.length === 0) {
    const found = await expandInputs(changed.map((p) => relative(cwd, p)));
    // The output tree (-o DIR) mirrors the current folder, as it would for `merrow export .`.
    return { files: found.files.map((f) => ({ ...f, base: cwd })), problems: found.problems };
  }
  const wanted = new Set(await Promise.all(changed.map((p) => realpath(p).catch(() => p))));
  const { files, problems } = await expandInputs(args, options);
  const kept = [];
  for (const f of files) if (wanted.has(await realpath(f.path).catch(() => f.path))) kept.push(f);
  // A folder without diagrams narrows the changes to none; that is no mistake here.
  const real = [];
  for (const p of problems)
    if (!(await stat(resolve(p.file ?? '')).catch(() => null))?.isDirectory()) real.push(p);
  return { files: kept, problems: real };
}

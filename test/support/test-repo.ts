import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway repository for tests, with a deterministic identity from its own global config. */
export interface TestRepo {
  root: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  remove(): void;
}

/**
 * Points git's global config at a temp file (so the developer's own identity, hooks and
 * signing never leak into tests) and creates an empty repository on branch `main`.
 */
export function createTestRepo(): TestRepo {
  const base = mkdtempSync(join(tmpdir(), 'merrow-git-'));
  const globalConfig = join(base, 'gitconfig');
  writeFileSync(
    globalConfig,
    '[user]\n\tname = Ada Tester\n\temail = ada@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n',
  );
  process.env.GIT_CONFIG_GLOBAL = globalConfig;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  const root = join(base, 'repo');
  mkdirSync(root);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  return {
    root,
    git,
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

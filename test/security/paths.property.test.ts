import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../node/api/call-api.ts';
import { checkRelativePath } from '../../shared/api/validate.ts';
import { escapeControl } from '../../shared/text/escape.ts';
import { type AttackGround, attackGround, walk } from './fixture.ts';

/**
 * Random paths made of the segments an attacker would try (VCS folders in every spelling a file
 * system accepts, `..`, symlinks in and out, pathspec magic and globs, separators, NUL, escapes,
 * Unicode look-alikes, very long names), run through every method that takes a path. Whatever
 * the path, nothing outside the folder or inside `.git` is read, written or run, and nothing is lost.
 */
const SEGMENTS = [
  '.git',
  '.GIT',
  '.Git',
  '.git.',
  '.git ',
  '.git. .',
  '.git::$INDEX_ALLOCATION',
  '.git:stream',
  'git~1',
  'GIT~1',
  '.g\u200cit',
  '\ufeff.git',
  '．ｇｉｔ',
  '.hg',
  '.svn',
  'config',
  'hooks',
  'pre-commit',
  'pre-commit.sample',
  'info',
  'attributes',
  '..',
  '.',
  '',
  'docs',
  'sub',
  'nested',
  'gitlink',
  'away',
  'linked',
  'sibling',
  'secret.txt',
  'secret.mmd',
  'flow.mmd',
  'untracked.mmd',
  'new.mmd',
  '*.mmd',
  '*',
  '**',
  ':(top)',
  ':(top)sibling',
  ':/',
  ':!flow.mmd',
  ':(glob)**',
  ':(icase)FLOW.MMD',
  '[a-z]*.mmd',
  'a\\..\\..',
  '..\\outside',
  'C:',
  'é.mmd',
  'e\u0301.mmd',
  'FLOW.MMD',
  'x'.repeat(300),
  'nul\u0000.mmd',
  '\u001b[31mred.mmd',
  '\u202egnp.mmd',
];

const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const separator = fc.constantFrom('/', '/', '/', '//', '/./', '\\');
const path = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 5 }))
  .map(
    ([absolute, parts]) => `${absolute ? '/' : ''}${parts.map(([s, sep], i) => (i ? sep : '') + s).join('')}`,
  );

let ground: AttackGround;
let nestedDigest: () => string;

beforeAll(() => {
  ground = attackGround('repo');
  // A clean working tree: a discard then restores exactly what was committed.
  ground.git('checkout', '--', '.');
  mkdirSync(join(ground.repo, 'nested'));
  execFileSync('git', ['init', '-q'], { cwd: join(ground.repo, 'nested') });
  writeFileSync(join(ground.repo, 'nested/n.mmd'), 'flowchart LR\n  nested-repo\n');
  symlinkSync('.git', join(ground.repo, 'gitlink'));
  symlinkSync(ground.outside, join(ground.repo, 'away'));
  symlinkSync('sibling', join(ground.repo, 'linked'));
  nestedDigest = () => walk(join(ground.repo, 'nested/.git')).join('\n');
});
afterAll(() => ground.close());

/** path → content of every file in the folder (outside any .git) and in the trash. */
function files(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of [ground.repo, ground.trash]) {
    for (const [file] of walk(dir, ['.git'])) {
      if (!lstatSync(file).isFile()) continue;
      found.set(file, readFileSync(file, 'utf8'));
    }
  }
  return found;
}

/** Where a successful write to `p` landed, to tell an intended overwrite from a loss. */
function writtenFile(p: string): string | null {
  try {
    const target = join(ground.repo, checkRelativePath(p));
    return existsSync(target) ? realpathSync(target) : target;
  } catch {
    return null;
  }
}

describe('every method that takes a path, on random hostile paths', () => {
  it('reads, writes and runs nothing outside the folder or inside .git, and loses nothing', async () => {
    const untouchable = ground.untouchable();
    const nested = nestedDigest();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        run++;
        const victim = `victim-${run}.mmd`;
        writeFileSync(join(ground.repo, victim), `flowchart LR\n  victim ${run}\n`);
        const before = files();
        const text = `[core]\n\tfsmonitor = touch '${ground.canary}'\n# run ${run}\n`;
        const calls: [string, unknown][] = [
          ['file.read', { path: p }],
          ['file.readBinary', { path: p }],
          ['git.show', { path: p, ref: 'HEAD' }],
          ['git.diff', { path: p }],
          ['git.log', { path: p }],
          ['file.write', { path: p, text }],
          ['file.writeBinary', { path: p, data: Buffer.from(text).toString('base64') }],
          ['file.create', { path: p, text }],
          ['file.mkdir', { path: p }],
          ['file.duplicate', { path: p }],
          ['file.rename', { from: victim, to: p }],
          ['file.rename', { from: p, to: `renamed-${run}.mmd` }],
          ['git.stage', { paths: [p] }],
          ['git.unstage', { paths: [p] }],
          ['git.discard', { paths: [p] }],
          ['file.delete', { path: p }],
        ];
        const overwritten = new Set<string>();
        for (const [method, args] of calls) {
          const reply = await callApi(ground.api.handlers, method, args);
          const shown = JSON.stringify(reply);
          expect(shown, `${method} ${JSON.stringify(p)}`).not.toMatch(
            /SECRET-OUTSIDE|repositoryformatversion|touch '/,
          );
          if (reply.ok && (method === 'file.write' || method === 'file.writeBinary')) {
            const file = writtenFile(p);
            if (file) overwritten.add(file);
          }
          // A message quotes the path, but never its control characters raw.
          if (!reply.ok)
            expect(escapeControl(reply.error.message, { keepNewlines: true })).toBe(reply.error.message);
        }
        expect(ground.untouchable(), `after ${JSON.stringify(p)}`).toBe(untouchable);
        expect(nestedDigest(), `after ${JSON.stringify(p)}`).toBe(nested);
        const after = new Set(files().values());
        for (const [file, content] of before) {
          if (!after.has(content) && !overwritten.has(file)) {
            expect.fail(`${JSON.stringify(p)} lost ${file}`);
          }
        }
      }),
      { numRuns: 150 },
    );
    // The app's own git calls afterwards: a status, a commit (pre-commit hook), a show (filters).
    await ground.api.handlers['git.status']({});
    await ground.api.handlers['git.commit']({ message: 'after the paths', amend: true });
    await ground.api.handlers['git.show']({ path: 'flow.mmd', ref: 'HEAD' });
    expect(existsSync(ground.canary)).toBe(false);
  });
});

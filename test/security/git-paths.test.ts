import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../node/api/call-api.ts';
import { type AttackGround, attackGround } from './fixture.ts';

let ground: AttackGround;

beforeEach(() => {
  ground = attackGround('docs');
});
afterEach(() => ground.close());

/** What git itself says changed in the whole repository (index and working tree). */
const repoStatus = () => ground.git('status', '--porcelain', '--untracked-files=all');

/** Pathspec magic and globs a path could carry to reach outside the opened folder. */
const MAGIC = [
  ':(top)sibling/secret.txt',
  ':(top)',
  ':/sibling/secret.txt',
  ':(top,glob)**/secret.txt',
  ':(glob)**',
  ':(icase)FLOW.MMD',
  ':!flow.mmd',
  ':^flow.mmd',
  '*',
  '*.mmd',
  '**/*.txt',
  '[a-z]*.mmd',
  'sub/*',
];

describe('git paths are literal and confined', () => {
  it('never shows a file outside the opened folder, whatever pathspec magic the path holds', async () => {
    for (const path of MAGIC) {
      for (const [method, args] of [
        ['git.diff', { path }],
        ['git.diff', { path, staged: true }],
        ['git.show', { path, ref: 'HEAD' }],
        ['git.log', { path }],
      ] as const) {
        const reply = await callApi(ground.api.handlers, method, args);
        expect(JSON.stringify(reply), `${method} ${path}`).not.toContain('SECRET');
      }
    }
  });

  it('stages and unstages nothing outside the folder, and nothing but the literal name', async () => {
    const before = repoStatus();
    for (const path of MAGIC) {
      await callApi(ground.api.handlers, 'git.stage', { paths: [path] });
      // Only `*.mmd` names a file (of that very name, in docs/); every other path stages nothing.
      const staged = ground.git('diff', '--cached', '--name-only');
      expect(staged, path).toBe(path === '*.mmd' ? 'docs/*.mmd\n' : '');
      await callApi(ground.api.handlers, 'git.unstage', { paths: [path] });
      expect(ground.git('diff', '--cached', '--name-only'), path).toBe('');
    }
    expect(repoStatus()).toBe(before);
  });

  it('discards an untracked file named like a glob alone, into the trash, and nothing outside', async () => {
    const everyFile = ground.contents();
    const sibling = readFileSync(join(ground.repo, 'sibling/secret.txt'), 'utf8');
    for (const path of MAGIC.filter((p) => p !== '*.mmd')) {
      await callApi(ground.api.handlers, 'git.discard', { paths: [path] });
    }
    expect(ground.contents()).toEqual(everyFile);
    await ground.api.handlers['git.discard']({ paths: ['*.mmd'] });
    expect(existsSync(join(ground.opened, '*.mmd'))).toBe(false);
    expect(existsSync(join(ground.opened, 'untracked.mmd'))).toBe(true);
    expect(existsSync(join(ground.opened, 'flow.mmd'))).toBe(true);
    expect(existsSync(join(ground.repo, 'untracked.mmd'))).toBe(true);
    expect(readFileSync(join(ground.repo, 'sibling/secret.txt'), 'utf8')).toBe(sibling);
    // Discarded, not destroyed: the file is in Merrow's trash.
    const trashed = readdirSync(ground.trash);
    expect(trashed).toHaveLength(1);
    expect(readFileSync(join(ground.trash, trashed[0]!), 'utf8')).toBe('flowchart LR\n  star-named\n');
    expect(ground.contents()).toEqual(everyFile);
  });

  it('does not read what a symlinked folder leading outside points to, through any git method', async () => {
    symlinkSync('../sibling', join(ground.opened, 'linked'));
    symlinkSync(ground.outside, join(ground.opened, 'away'));
    const before = ground.untouchable();
    for (const path of ['linked/secret.txt', 'away/secret.txt', 'away/secret.mmd', 'linked']) {
      for (const [method, args] of [
        ['git.diff', { path }],
        ['git.show', { path, ref: 'HEAD' }],
        ['git.log', { path }],
        ['git.stage', { paths: [path] }],
        ['git.unstage', { paths: [path] }],
        ['git.discard', { paths: [path] }],
      ] as const) {
        const reply = await callApi(ground.api.handlers, method, args);
        expect(JSON.stringify(reply), `${method} ${path}`).not.toContain('SECRET');
        if (path !== 'linked') expect(reply.ok, `${method} ${path}`).toBe(false);
      }
    }
    expect(ground.untouchable()).toBe(before);
    expect(ground.git('diff', '--cached', '--name-only')).toBe('');
  });

  it('still diffs, stages and discards ordinary files of the folder', async () => {
    ground.git('-C', 'docs', 'checkout', '--', '.');
    const flow = join(ground.opened, 'flow.mmd');
    const { handlers } = ground.api;
    await handlers['file.write']({ path: 'flow.mmd', text: 'flowchart LR\n  changed\n' });
    expect((await handlers['git.diff']({ path: 'flow.mmd' })).patch).toContain('+  changed');
    expect((await handlers['git.diff']({ path: 'untracked.mmd' })).patch).toContain('+  untracked-docs');
    await handlers['git.stage']({ paths: ['flow.mmd'] });
    expect(ground.git('diff', '--cached', '--name-only')).toBe('docs/flow.mmd\n');
    await handlers['git.unstage']({ paths: ['flow.mmd'] });
    await handlers['git.discard']({ paths: ['flow.mmd', 'untracked.mmd'] });
    expect(readFileSync(flow, 'utf8')).toBe('flowchart LR\n  committed-flow\n');
    expect(existsSync(join(ground.opened, 'untracked.mmd'))).toBe(false);
  });
});

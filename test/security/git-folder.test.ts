import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../node/api/call-api.ts';
import { createApi, systemGit } from '../../node/api/create-api.ts';
import type { ApiErrorCode } from '../../shared/api/contract.ts';
import { type AttackGround, attackGround, canaryScript } from './fixture.ts';

let ground: AttackGround;

/** Opens the folder again, as the app does after a restart (git's folders are read on open). */
function reopen() {
  ground.api.close();
  ground.api = createApi(ground.repo, { cacheDir: join(ground.base, 'cache'), watch: false, git: systemGit });
}

beforeEach(() => {
  ground = attackGround('repo');
});
afterEach(() => ground.close());

/** Calls the API as a transport would and expects a refusal with `code`; returns its message. */
async function refused(method: string, args: unknown, code: ApiErrorCode = 'outside-workspace') {
  const reply = await callApi(ground.api.handlers, method, args);
  expect(reply, `${method} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code } });
  return reply.ok ? '' : reply.error.message;
}

/** The app's own calls after any change: the status, and a commit (which runs pre-commit hooks). */
async function gitRunsAsUsual() {
  expect((await ground.api.handlers['git.status']({})).isRepo).toBe(true);
  await ground.api.handlers['git.stage']({ paths: ['untracked.mmd'] });
  await ground.api.handlers['git.commit']({ message: 'after the attack' });
  await ground.api.handlers['git.show']({ path: 'flow.mmd', ref: 'HEAD' });
  expect(existsSync(ground.canary), 'a hook or fsmonitor ran').toBe(false);
}

const FSMONITOR = (canary: string) => `[core]\n\tfsmonitor = touch '${canary}'\n`;

describe('the .git folder is outside the boundary', () => {
  it('refuses to write core.fsmonitor into .git/config, so git.status runs nothing', async () => {
    const before = ground.untouchable();
    const config = FSMONITOR(ground.canary);
    for (const path of ['.git/config', '.GIT/config', '.git./config', '.git /config', '.Git/./config']) {
      expect(await refused('file.write', { path, text: config })).toContain('.git');
      await refused('file.create', { path: `${path}.d`, text: config });
    }
    await refused('file.writeBinary', { path: '.git/config', data: Buffer.from(config).toString('base64') });
    expect(ground.untouchable()).toBe(before);
    await gitRunsAsUsual();
  });

  it('refuses to rename a sample hook into place or write its body, so git.commit runs nothing', async () => {
    const before = ground.untouchable();
    await refused('file.rename', { from: '.git/hooks/pre-commit.sample', to: '.git/hooks/pre-commit' });
    await refused('file.rename', { from: 'flow.mmd', to: '.git/hooks/pre-commit' });
    await refused('file.write', { path: '.git/hooks/pre-commit', text: canaryScript(ground.canary) });
    await refused('file.duplicate', { path: '.git/hooks/pre-commit.sample' });
    expect(ground.untouchable()).toBe(before);
    await gitRunsAsUsual();
  });

  it('refuses a filter in .git/config and .git/info/attributes, so git.show runs nothing', async () => {
    const before = ground.untouchable();
    const filter = `[filter "x"]\n\tsmudge = touch '${ground.canary}'\n\ttextconv = touch '${ground.canary}'\n`;
    await refused('file.write', { path: '.git/config', text: filter });
    await refused('file.create', { path: '.git/info/attributes', text: '* filter=x diff=x\n' });
    await refused('file.mkdir', { path: '.git/info/new' });
    expect(ground.untouchable()).toBe(before);
    await gitRunsAsUsual();
  });

  it('refuses to read .git/config (remote URLs can hold credentials) or list anything in .git', async () => {
    ground.git('remote', 'add', 'origin', 'https://ada:hunter2@example.com/repo.git');
    for (const path of [
      '.git/config',
      '.git/HEAD',
      '.git',
      '.GIT/CONFIG',
      'git~1/config',
      '.g\u200cit/config',
    ]) {
      const message = await refused('file.read', { path });
      expect(message).not.toContain('hunter2');
      await refused('file.readBinary', { path });
    }
    const listed = await ground.api.handlers['workspace.list']({});
    expect(listed.some((entry) => entry.path.toLowerCase().includes('.git'))).toBe(false);
  });

  it('refuses to delete, move or copy .git, or a folder that holds a repository', async () => {
    mkdirSync(join(ground.repo, 'nested'));
    ground.git('-C', 'nested', 'init', '-q');
    writeFileSync(join(ground.repo, 'nested/n.mmd'), 'flowchart LR\n  nested\n');
    const before = ground.untouchable();
    await refused('file.delete', { path: '.git' });
    await refused('file.delete', { path: '.git/' });
    await refused('file.rename', { from: '.git', to: 'elsewhere' });
    await refused('file.delete', { path: 'nested/.git' });
    await refused('file.rename', { from: 'nested/.git/config', to: 'nested/config.mmd' });
    expect(await refused('file.delete', { path: 'nested' }, 'invalid-args')).toContain('holds a repository');
    await refused('file.rename', { from: 'nested', to: 'moved' }, 'invalid-args');
    await refused('file.duplicate', { path: 'nested' }, 'invalid-args');
    expect(existsSync(join(ground.repo, 'nested/.git/config'))).toBe(true);
    expect(ground.untouchable()).toBe(before);
  });

  it('refuses .git reached through a symbolic link, and the .hg, .svn, .bzr and .jj folders', async () => {
    symlinkSync('.git', join(ground.repo, 'gitlink'));
    symlinkSync('.git/config', join(ground.repo, 'config.mmd'));
    mkdirSync(join(ground.repo, '.hg'));
    writeFileSync(join(ground.repo, '.hg/hgrc'), '[hooks]\n');
    await refused('file.read', { path: 'gitlink/config' });
    await refused('file.write', { path: 'gitlink/hooks/pre-commit.mmd', text: 'x' });
    await refused('file.read', { path: 'config.mmd' });
    await refused('file.write', { path: 'config.mmd', text: FSMONITOR(ground.canary) });
    for (const folder of ['.hg', '.svn', '.bzr', '.jj', '.HG', '.svn.']) {
      await refused('file.write', { path: `${folder}/hgrc.md`, text: 'x' });
    }
    const listed = await ground.api.handlers['workspace.list']({});
    expect(listed.map((e) => e.path)).not.toContain('config.mmd');
    await gitRunsAsUsual();
  });

  it('guards a git folder kept elsewhere in the folder, and a core.hooksPath folder inside it', async () => {
    ground.git('init', '-q', '--separate-git-dir', join(ground.repo, 'meta'));
    ground.git('config', 'core.hooksPath', 'tools/hooks');
    mkdirSync(join(ground.repo, 'tools/hooks'), { recursive: true });
    writeFileSync(join(ground.repo, 'tools/hooks/pre-commit.md'), '# not a hook yet\n');
    writeFileSync(join(ground.repo, 'meta/notes.md'), '# in the git folder\n');
    reopen();
    expect(await refused('file.write', { path: 'tools/hooks/pre-commit.md', text: 'x' })).toContain(
      'core.hooksPath',
    );
    await refused('file.rename', { from: 'flow.mmd', to: 'tools/hooks/flow.mmd' });
    await refused('file.rename', { from: 'tools', to: 'tools2' });
    expect(await refused('file.read', { path: 'meta/config' })).toContain("the repository's own data");
    await refused('file.write', { path: 'meta/notes.md', text: FSMONITOR(ground.canary) });
    await refused('file.delete', { path: 'meta' });
    expect(readFileSync(join(ground.repo, 'tools/hooks/pre-commit.md'), 'utf8')).toBe('# not a hook yet\n');
    expect((await ground.api.handlers['workspace.list']({})).map((e) => e.path)).not.toContain(
      'meta/notes.md',
    );
    await gitRunsAsUsual();
  });
});

describe('writes are limited to the kinds of file Merrow makes', () => {
  it('refuses scripts, hooks and tool configuration that some tool would run', async () => {
    writeFileSync(join(ground.repo, 'run.sh'), '#!/bin/sh\necho hi\n');
    chmodSync(join(ground.repo, 'run.sh'), 0o755);
    for (const path of [
      '.husky/pre-commit',
      'package.json',
      '.vscode/tasks.json',
      'Makefile',
      '.envrc',
      'run.sh',
    ]) {
      await refused('file.write', { path, text: canaryScript(ground.canary) }, 'invalid-args');
      await refused('file.create', { path, text: 'x' }, 'invalid-args');
    }
    await refused('file.rename', { from: 'flow.mmd', to: '.husky/pre-commit' }, 'invalid-args');
    await refused('file.rename', { from: 'run.sh', to: 'run.mmd' }, 'invalid-args');
    await refused('file.duplicate', { path: 'run.sh' }, 'invalid-args');
    expect(existsSync(join(ground.repo, '.husky'))).toBe(false);
    for (const path of ['a.mmd', 'b.mermaid', 'c.md', 'd.excalidraw', 'e.svg', 'f.png', 'g.pdf']) {
      expect((await callApi(ground.api.handlers, 'file.write', { path, text: 'x' })).ok).toBe(true);
    }
  });
});

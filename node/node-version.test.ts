import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIdentity, oldNode, pathWithNode } from '../test/support/node-releases.ts';
import { isAtLeast, oldNodeMessage } from './node-version.js';

const ROOT = resolve(import.meta.dirname, '..');
const OLD_NODE = oldNode();

describe('oldNodeMessage', () => {
  const node = (version: string, runsTypeScript = true) => ({
    version,
    execPath: '/opt/node/bin/node',
    runsTypeScript,
  });

  it('accepts the minimum and anything newer', () => {
    expect(oldNodeMessage('package', 'merrow', node('22.12.0'))).toBeNull();
    expect(oldNodeMessage('package', 'merrow', node('24.1.0'))).toBeNull();
    expect(oldNodeMessage('checkout', 'npm start', node('22.18.0'))).toBeNull();
    expect(oldNodeMessage('checkout', 'npm start', node('25.0.0'))).toBeNull();
  });

  it('names the Node it needs, the one it found and where, in one line', () => {
    expect(oldNodeMessage('package', 'merrow', node('22.11.0'))).toBe(
      'merrow: Merrow needs Node.js 22.12 or newer, but found Node.js 22.11.0 at /opt/node/bin/node; put a newer `node` first on PATH',
    );
    expect(oldNodeMessage('checkout', 'npm start', node('22.12.0'))).toMatch(
      /^npm start: Merrow needs Node.js 22.18 or newer, but found Node.js 22.12.0 at \/opt\/node\/bin\/node;[^\n]*$/,
    );
  });

  it('refuses a checkout on a Node that cannot run TypeScript, whatever its version', () => {
    expect(oldNodeMessage('checkout', 'npm test', node('24.1.0', false))).toContain('found Node.js 24.1.0');
  });

  it('compares versions by number, not as text', () => {
    expect(isAtLeast('22.9.0', '22.12')).toBe(false);
    expect(isAtLeast('100.0.0', '22.12')).toBe(true);
  });
});

describe('the README commands on a Node too old for a checkout', () => {
  const npm = (skip: (condition: boolean, note: string) => void, ...args: string[]) => {
    skip(!OLD_NODE, 'no Node older than 22.12 on this machine (or in MERROW_OLD_NODE)');
    return spawnSync('npm', args, {
      cwd: ROOT,
      env: { ...process.env, PATH: pathWithNode(OLD_NODE!) },
      encoding: 'utf8',
      timeout: 60_000,
    });
  };
  const found = () => {
    const { version, execPath } = nodeIdentity(OLD_NODE!);
    return `Merrow needs Node.js 22.18 or newer, but found Node.js ${version} at ${execPath}; put a newer \`node\` first on PATH\n`;
  };

  it('npm start stops with one line saying which Node it needs and which it found', ({ skip }) => {
    const run = npm(skip, 'start');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`npm start: ${found()}`);
  });

  it('npm test stops the same way before it lints or builds anything', ({ skip }) => {
    const run = npm(skip, 'test');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`npm test: ${found()}`);
    expect(run.stdout).not.toContain('biome');
  });

  it('npm install says it too, and still succeeds', ({ skip }) => {
    const run = npm(skip, 'run', 'postinstall');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`npm install: ${found()}`);
  });
});

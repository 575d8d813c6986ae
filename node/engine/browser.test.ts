import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser } from './browser.ts';

const root = mkdtempSync(join(tmpdir(), 'merrow-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeExecutable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

/** A project with an installed `electron` package whose binary is a fake executable. */
function fakeElectronProject(name: string, withBinary: boolean): string {
  const project = join(root, name);
  const pkg = join(project, 'node_modules/electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron","main":"index.js"}');
  // The real index.js downloads a missing binary; discovery must never run it.
  writeFileSync(join(pkg, 'index.js'), 'throw new Error("index.js must not run");');
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (withBinary) fakeExecutable(join(pkg, 'dist/electron'));
  return project;
}

const systemBin = join(root, 'bin');
const chromium = fakeExecutable(join(systemBin, 'chromium'));
const explicit = fakeExecutable(join(root, 'my-chrome'));
const fromEnv = fakeExecutable(join(root, 'env-chrome'));
const project = fakeElectronProject('app', true);
const noBinary = fakeElectronProject('nobinary', false);
const env = { PATH: systemBin };

describe('findBrowser', () => {
  it('prefers --browser over everything else', () => {
    expect(
      findBrowser({ browser: explicit, env: { ...env, MERROW_BROWSER: fromEnv }, electronFrom: [project] }),
    ).toEqual({
      path: explicit,
      kind: 'chromium',
      source: 'option',
    });
  });

  it('then MERROW_BROWSER', () => {
    expect(findBrowser({ env: { ...env, MERROW_BROWSER: fromEnv }, electronFrom: [project] }).source).toBe(
      'env',
    );
  });

  it('then the Electron binary of an installed electron package', () => {
    expect(findBrowser({ env, electronFrom: [project] })).toEqual({
      path: join(project, 'node_modules/electron/dist/electron'),
      kind: 'electron',
      source: 'electron',
    });
  });

  it('skips an electron package installed without its binary, and finds a system browser on PATH', () => {
    expect(findBrowser({ env, electronFrom: [noBinary], platform: 'linux' })).toEqual({
      path: chromium,
      kind: 'chromium',
      source: 'system',
    });
  });

  it('fails with one message listing every option when nothing is found', () => {
    const find = () =>
      findBrowser({ env: { PATH: join(root, 'empty') }, electronFrom: [noBinary], platform: 'linux' });
    expect(find).toThrow(BrowserNotFoundError);
    expect(find).toThrow(
      /--browser[\s\S]*MERROW_BROWSER[\s\S]*electron[\s\S]*Chrome, Chromium or Microsoft Edge/,
    );
  });

  it('names a --browser path that is not an executable', () => {
    expect(() => findBrowser({ browser: join(root, 'nope'), env })).toThrow(
      `--browser ${join(root, 'nope')}: no executable file there`,
    );
  });
});

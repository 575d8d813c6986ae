import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const configFile = resolve(import.meta.dirname, 'vite.config.ts');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'merrow-electron-build-'));
  for (const mode of ['main', 'preload']) {
    await build({ configFile, mode, logLevel: 'silent', build: { outDir: out, emptyOutDir: false } });
  }
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('build:electron', () => {
  it('bundles the sandboxed preload into one CommonJS file that requires only electron', async () => {
    const preload = await readFile(join(out, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld("merrow"');
  });

  it('builds main as an ES module that keeps npm packages external and loads the CLI from its sources', async () => {
    const main = await readFile(join(out, 'main.js'), 'utf8');
    const imports = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(imports).toContain('electron');
    expect(
      imports.every((name) => name === 'electron' || name.startsWith('node:') || !name.startsWith('.')),
    ).toBe(true);
    expect(main).toContain('"node", "cli", "merrow.ts"');
    expect(main).not.toContain('vitest');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetMermaidState } from '../shared/mermaid/state-reset.ts';
import { COUNTERS, registerReset } from './mermaid-state-reset.ts';

const require = createRequire(import.meta.url);
const mermaidChunks = join(dirname(require.resolve('mermaid/package.json')), 'dist/chunks/mermaid.core');
const iconifyIds = join(dirname(require.resolve('@iconify/utils/package.json')), 'lib/svg/id.js');
const installed = [
  ...readdirSync(mermaidChunks)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => join(mermaidChunks, f)),
  iconifyIds,
];

describe('resettableMermaidState', () => {
  it('finds each counter in exactly one installed module, once', () => {
    for (const counter of COUNTERS) {
      const holders = installed.filter(
        (path) => counter.module.test(path) && readFileSync(path, 'utf8').includes(counter.declaration),
      );
      expect(holders, counter.declaration).toHaveLength(1);
      const code = readFileSync(holders[0]!, 'utf8');
      expect(code.split(counter.declaration)).toHaveLength(2);
    }
  });

  it('registers a function that puts the counter back', async () => {
    const counter = COUNTERS[0]!;
    const code = `${counter.declaration}\nexport const next = () => classCounter++;\n`;
    const module = (await import(
      `data:text/javascript,${encodeURIComponent(registerReset(code, counter, 'test'))}`
    )) as { next: () => number };
    expect([module.next(), module.next(), module.next()]).toEqual([0, 1, 2]);
    resetMermaidState();
    expect(module.next()).toBe(0);
  });

  it('refuses a module where the counter is missing or declared twice', () => {
    const counter = COUNTERS[1]!;
    expect(() => registerReset('var actors = [];', counter, 'x.mjs')).toThrow(/exactly once/);
    expect(() => registerReset(`${counter.declaration}\n${counter.declaration}`, counter, 'x.mjs')).toThrow(
      /exactly once/,
    );
  });
});

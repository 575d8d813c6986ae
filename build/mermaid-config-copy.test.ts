import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/random.ts';
import { fastMermaidConfigCopy } from './mermaid-config-copy.ts';

const modules = join(import.meta.dirname, '../node_modules');

/** The dist chunk of `pkg` that defines assignWithDepth, as Vite would see it. */
function chunkDefiningAssign(dir: string): { id: string; code: string } {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.mjs'))) {
    const code = readFileSync(join(dir, name), 'utf8');
    if (code.includes('"assignWithDepth")')) return { id: join(dir, name), code };
  }
  throw new Error(`no chunk of ${dir} defines assignWithDepth`);
}

type Assign = (dst: unknown, src: unknown, options?: { depth?: number }) => unknown;

function transform(code: string, id: string): string | undefined {
  const hook = fastMermaidConfigCopy().transform as (code: string, id: string) => string | undefined;
  return hook(code, id);
}

/** Evaluates the `var assignWithDepth = …` definition found in `code`. */
function evaluateAssign(code: string): Assign {
  const start = code.indexOf('var assignWithDepth = ');
  const end = code.indexOf('}, "assignWithDepth");', start) + '}, "assignWithDepth");'.length;
  let text = code.slice(start, end);
  // The replacement's helper follows the function.
  const helper = code.indexOf('function assignOwn(', end);
  if (helper >= 0) text += code.slice(helper, code.indexOf('\n}', helper) + 2);
  return new Function('__name', `"use strict"; ${text}; return assignWithDepth;`)(
    (f: unknown) => f,
  ) as Assign;
}

/** getConfig() of the transformed `code`, reading `config` as mermaid's current configuration. */
function evaluateGetConfig(code: string): (config: unknown) => Record<string, unknown> {
  const assignStart = code.indexOf('var assignWithDepth = ');
  const assignEnd = code.indexOf('\n}', code.indexOf('function assignOwn', assignStart)) + 2;
  const start = code.indexOf('var getConfig = ');
  const end = code.indexOf('\n  return copy;\n}', start) + '\n  return copy;\n}'.length;
  return new Function(
    '__name',
    `"use strict"; ${code.slice(assignStart, assignEnd)}; var assignWithDepth_default = assignWithDepth;
    let currentConfig; ${code.slice(start, end)};
    return (config) => { currentConfig = config; return getConfig(); };`,
  )((f: unknown) => f) as (config: unknown) => Record<string, unknown>;
}

/** Reads every property, as a caller of getConfig() might, so that lazily copied sections exist. */
function readAll(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value)) void (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Everything observable about a value after a call: shapes, own property descriptors, prototypes,
 * key order, and which objects are the caller's own (by their path in the inputs) rather than new.
 */
function snapshot(value: unknown, known: Map<object, string>, seen = new Set<object>()): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' ? 'function' : [typeof value, value];
  }
  const path = known.get(value);
  if (seen.has(value)) return { cycle: path };
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  const kind = proto === Object.prototype ? 'object' : proto === Array.prototype ? 'array' : 'other';
  const props = Reflect.ownKeys(value).map((key) => {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    return [String(key), d.enumerable, d.writable, d.configurable, snapshot(d.value, known, seen)];
  });
  seen.delete(value);
  return { path, kind, props };
}

function pathsOf(value: unknown, path: string, into: Map<object, string>): void {
  if (typeof value !== 'object' || value === null || into.has(value)) return;
  into.set(value, path);
  for (const key of Reflect.ownKeys(value)) {
    pathsOf((value as Record<PropertyKey, unknown>)[key], `${path}.${String(key)}`, into);
  }
}

const KEYS = ['a', 'b', 'theme', 'flowchart', 'curve', '0', '7', 'constructor', 'toString', '__proto__'];

function generate(next: () => number, level: number): unknown {
  const r = next();
  if (level <= 0 || r < 0.35) {
    const pick = [1, 0, 'x', '', true, false, undefined, null, () => 1][Math.floor(next() * 9)];
    return pick;
  }
  if (r < 0.5) {
    const shared = { n: 1 };
    return Array.from({ length: Math.floor(next() * 4) }, () =>
      next() < 0.3 ? shared : (generate(next, level - 1) ?? 'x'),
    );
  }
  const text: string[] = [];
  const values: unknown[] = [];
  for (let i = Math.floor(next() * 6); i > 0; i--) {
    text.push(JSON.stringify(KEYS[Math.floor(next() * KEYS.length)]));
    values.push(generate(next, level - 1));
  }
  // JSON.parse makes `__proto__` an own key, as a parsed config or directive would have it.
  const object = JSON.parse(`{${text.map((k) => `${k}:0`).join(',')}}`) as Record<string, unknown>;
  Object.keys(object).forEach((key, i) => {
    Object.defineProperty(object, key, {
      value: values[i],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });
  return object;
}

describe('the faster assignWithDepth built into mermaid', () => {
  const mermaidChunk = chunkDefiningAssign(join(modules, 'mermaid/dist/chunks/mermaid.core'));
  const elkChunk = chunkDefiningAssign(
    join(modules, '@mermaid-js/layout-elk/dist/chunks/mermaid-layout-elk.core'),
  );

  it('replaces the function in mermaid and in the copy the ELK layout bundles', () => {
    for (const { id, code } of [mermaidChunk, elkChunk]) {
      const out = transform(code, id);
      expect(out).toBeDefined();
      expect(out).toContain('function assignOwn(');
      expect(out).toContain('return lazyConfigCopy(currentConfig);');
      expect(out).not.toContain('Object.defineProperty(dst, key, {');
      expect(out!.length).toBeGreaterThan(code.length - 2000);
    }
  });

  it('leaves other modules alone and fails the build when mermaid changes the function', () => {
    expect(transform('export const x = 1;', join(modules, 'mermaid/dist/mermaid.core.mjs'))).toBeUndefined();
    expect(transform(mermaidChunk.code, '/src/elsewhere.mjs')).toBeUndefined();
    const changed = mermaidChunk.code.replace('if (!Object.hasOwn(dst, key)) {', 'if (!(key in dst)) {');
    expect(() => transform(changed, mermaidChunk.id)).toThrow(/assignWithDepth has changed/);
  });

  it('behaves exactly as the original on thousands of generated inputs', () => {
    const original = evaluateAssign(mermaidChunk.code);
    const fast = evaluateAssign(transform(mermaidChunk.code, mermaidChunk.id)!);
    for (let seed = 1; seed <= 3000; seed++) {
      const run = (assign: Assign) => {
        const next = seededRandom(seed);
        const src = generate(next, 4);
        const dst = next() < 0.5 ? {} : generate(next, 3);
        const depth = [undefined, 0, 1, 2, 3][Math.floor(next() * 5)];
        const known = new Map<object, string>();
        pathsOf(src, 'src', known);
        pathsOf(dst, 'dst', known);
        let result: unknown;
        try {
          result = assign(dst, src, depth === undefined ? undefined : { depth });
        } catch (error) {
          result = { threw: (error as Error).constructor.name };
        }
        return JSON.stringify([snapshot(result, known), snapshot(dst, known), snapshot(src, known)]);
      };
      expect(run(fast), `seed ${seed}`).toBe(run(original));
    }
  });

  it('copies a mermaid-sized configuration as the original does', () => {
    const original = evaluateAssign(mermaidChunk.code);
    const fast = evaluateAssign(transform(elkChunk.code, elkChunk.id)!);
    const config: Record<string, unknown> = { theme: 'default', fontSize: 16, secure: ['secure', 'theme'] };
    config.themeVariables = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`v${i}`, `#${i}`]));
    for (let s = 0; s < 30; s++) {
      config[`diagram${s}`] = { useMaxWidth: true, padding: s, list: [1, 2, 2], nested: { a: { b: 1 } } };
    }
    const known = new Map<object, string>();
    pathsOf(config, 'config', known);
    expect(JSON.stringify(snapshot(fast({}, config), known))).toBe(
      JSON.stringify(snapshot(original({}, config), known)),
    );
  });

  it('getConfig copies each section when it is first read, giving what the full copy gives', () => {
    const original = evaluateAssign(mermaidChunk.code);
    for (const { id, code } of [mermaidChunk, elkChunk]) {
      const getConfig = evaluateGetConfig(transform(code, id)!);
      for (let seed = 1; seed <= 1500; seed++) {
        const next = seededRandom(seed);
        const config = next() < 0.1 ? generate(next, 1) : generate(next, 4);
        const known = new Map<object, string>();
        pathsOf(config, 'config', known);
        const before = JSON.stringify(snapshot(config, known));
        const lazy = JSON.stringify(snapshot(readAll(getConfig(config)), known));
        expect(lazy, `seed ${seed}`).toBe(JSON.stringify(snapshot(original({}, config), known)));
        expect(JSON.stringify(snapshot(config, known)), `seed ${seed}`).toBe(before);
      }
    }
  });

  it('getConfig copies stay independent of each other and of the configuration', () => {
    const { id, code } = mermaidChunk;
    const getConfig = evaluateGetConfig(transform(code, id)!);
    const config = { theme: 'dark', flowchart: { curve: 'basis', padding: { x: 1 } }, list: [1, 2] };
    const a = getConfig(config) as { flowchart: { curve: string; padding: { x: number } }; list: number[] };
    const b = getConfig(config) as typeof a;
    a.flowchart.curve = 'linear';
    a.flowchart.padding.x = 9;
    a.list.push(3);
    expect(a.flowchart).toBe(a.flowchart);
    expect(b.flowchart).toEqual({ curve: 'basis', padding: { x: 1 } });
    expect(config.flowchart).toEqual({ curve: 'basis', padding: { x: 1 } });
    expect(b.list).toEqual([1, 2]);
    const replaced = { curve: 'step' } as typeof a.flowchart;
    b.flowchart = replaced;
    expect(b.flowchart).toBe(replaced);
    delete (b as Partial<typeof b>).list;
    expect(Object.keys(b)).toEqual(['theme', 'flowchart']);
    expect(JSON.parse(JSON.stringify(getConfig(config)))).toEqual(config);
  });
});

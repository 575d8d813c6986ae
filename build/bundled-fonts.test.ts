import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyFontPatch,
  bundledFaces,
  FONT_PATCHES,
  parseFontFaces,
  textInBundledFonts,
} from './bundled-fonts.ts';

describe('parseFontFaces', () => {
  it('reads the family, weight, woff2 file and unicode-range of each face', () => {
    const css = `/* noto-sans-kr-[0]-400-normal */
@font-face {
  font-family: 'Noto Sans KR';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(./files/noto-sans-kr-0-400-normal.woff2) format('woff2'), url(./files/noto-sans-kr-0-400-normal.woff) format('woff');
  unicode-range: U+f9ca-fa0b,U+ff03-ff05;
}`;
    expect(parseFontFaces(css)).toEqual([
      {
        family: 'Noto Sans KR',
        weight: 400,
        file: 'files/noto-sans-kr-0-400-normal.woff2',
        unicodeRange: 'U+f9ca-fa0b,U+ff03-ff05',
      },
    ]);
  });

  it('fails on a face it cannot bundle rather than leaving it out', () => {
    const css =
      "@font-face { font-family: 'X'; font-style: normal; src: url(x.ttf); unicode-range: U+0-FF; }";
    expect(() => parseFontFaces(css)).toThrow(/woff2/);
  });
});

describe('bundledFaces', () => {
  const latin = bundledFaces('latin');
  const cjk = bundledFaces('cjk');

  it('bundles Arimo regular and bold for Latin, and the four CJK families for the rest', () => {
    expect(new Set(latin.map((f) => `${f.family} ${f.weight}`))).toEqual(new Set(['Arimo 400', 'Arimo 700']));
    expect(new Set(cjk.map((f) => f.family))).toEqual(
      new Set(['Noto Sans JP', 'Noto Sans KR', 'Noto Sans SC', 'Noto Sans TC']),
    );
    // Hangul, kana and the commonest Han characters each have a face.
    const covers = (cp: number) =>
      cjk.filter((f) =>
        f.unicodeRange.split(',').some((r) => {
          const [a, b = a] = r
            .replace('U+', '')
            .split('-')
            .map((h) => Number.parseInt(h!, 16));
          return cp >= a! && cp <= b!;
        }),
      );
    expect(covers(0xd55c).map((f) => f.family)).toContain('Noto Sans KR'); // 한
    expect(covers(0x3042).map((f) => f.family)).toContain('Noto Sans JP'); // あ
    expect(covers(0x4e2d).length).toBeGreaterThanOrEqual(4); // 中
  });

  it('keeps the fonts within their share of the installed size (woff2, regular weight for CJK)', () => {
    const bytes = [...latin, ...cjk].reduce((sum, f) => sum + statSync(f.path).size, 0);
    // 9.5 MB as bundled: adding a weight or a family must be a decision, not an accident.
    expect(bytes).toBeGreaterThan(9_000_000);
    expect(bytes).toBeLessThan(10_000_000);
  });
});

describe('FONT_PATCHES', () => {
  const require = createRequire(import.meta.url);
  const mermaidChunks = join(dirname(require.resolve('mermaid/package.json')), 'dist/chunks/mermaid.core');
  // The file mermaid's bundle imports (cytoscape's "import" export).
  const cytoscape = join(dirname(require.resolve('cytoscape')), 'cytoscape.esm.mjs');
  const installed = [
    ...readdirSync(mermaidChunks)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => join(mermaidChunks, f)),
    cytoscape,
  ];

  it('finds each patched text in exactly one installed module, once', () => {
    for (const patch of FONT_PATCHES) {
      const holders = installed.filter(
        (file) => patch.module.test(file) && readFileSync(file, 'utf8').includes(patch.find),
      );
      expect(holders, patch.find).toHaveLength(1);
      const code = readFileSync(holders[0]!, 'utf8');
      const patched = applyFontPatch(code, patch, holders[0]!);
      expect(patched).not.toBe(code);
      expect(patched).toContain(patch.replace);
    }
  });

  it('fails the build when a new version changed the text, rather than leaving it unpatched', () => {
    const plugin = textInBundledFonts();
    const transform = plugin.transform as (code: string, id: string) => unknown;
    const twice = `${FONT_PATCHES[2]!.find};${FONT_PATCHES[2]!.find}`;
    expect(() => transform.call(undefined, twice, cytoscape)).toThrow(/exactly once/);
    const buildEnd = plugin.buildEnd as (this: { error(message: string): never }) => void;
    const context = {
      error(message: string): never {
        throw new Error(message);
      },
    };
    (plugin.buildStart as () => void).call(undefined);
    expect(() => buildEnd.call(context)).toThrow(/found nothing to change/);
  });
});

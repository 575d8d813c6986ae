import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { fontStackFor } from '../shared/mermaid/font-stack.ts';

/**
 * The fonts every mermaid page lays diagrams out with, bundled so that a render never depends on
 * the fonts of the machine (and never fetches one): Arimo (metric-compatible with Arial) for Latin,
 * Greek, Cyrillic, Hebrew and Vietnamese, and Noto Sans JP, KR, SC and TC for Japanese, Korean and
 * Chinese, which also cover arrows, box drawing and most symbols. Each comes from its Fontsource
 * package as woff2 files split by unicode-range, so a page loads only the few that a diagram's
 * characters need. CJK is regular weight only (bold is synthesized); Arimo has regular and bold.
 */
const FONTS: readonly { pkg: string; weights: readonly number[]; group: FontGroup }[] = [
  { pkg: '@fontsource/arimo', weights: [400, 700], group: 'latin' },
  { pkg: '@fontsource/noto-sans-jp', weights: [400], group: 'cjk' },
  { pkg: '@fontsource/noto-sans-kr', weights: [400], group: 'cjk' },
  { pkg: '@fontsource/noto-sans-sc', weights: [400], group: 'cjk' },
  { pkg: '@fontsource/noto-sans-tc', weights: [400], group: 'cjk' },
];

/** Latin is small and needed by every diagram; CJK's table alone is 300 kB, imported when a text needs it. */
export type FontGroup = 'latin' | 'cjk';

/** One `@font-face` of a Fontsource stylesheet. */
export interface FontFaceRule {
  family: string;
  weight: number;
  /** The woff2 file, relative to the package. */
  file: string;
  unicodeRange: string;
}

/** The `@font-face` rules of a Fontsource stylesheet (its normal style; woff2 sources only). */
export function parseFontFaces(css: string): FontFaceRule[] {
  const rules: FontFaceRule[] = [];
  for (const [, body] of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const get = (name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(body!)?.[1]?.trim();
    const family = get('font-family')?.replace(/^'|'$/g, '');
    const file = /url\(([^)]+\.woff2)\)/.exec(get('src') ?? '')?.[1];
    const unicodeRange = get('unicode-range');
    if (!family || !file || !unicodeRange || get('font-style') !== 'normal') {
      throw new Error(`an @font-face without a family, a woff2 source or a range: ${body}`);
    }
    rules.push({ family, weight: Number(get('font-weight')), file: file.replace(/^\.\//, ''), unicodeRange });
  }
  return rules;
}

const PREFIX = 'virtual:merrow-fonts/';
const require = createRequire(import.meta.url);
const packageDir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

/** The faces of a group, each with the path of its woff2 file. */
export function bundledFaces(group: FontGroup): (FontFaceRule & { path: string })[] {
  return FONTS.filter((f) => f.group === group).flatMap(({ pkg, weights }) =>
    weights.flatMap((weight) => {
      const dir = packageDir(pkg);
      const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
      return parseFontFaces(css).map((face) => ({ ...face, path: join(dir, face.file) }));
    }),
  );
}

/**
 * `import faces from 'virtual:merrow-fonts/latin'` (or `/cjk`): the bundled faces of that group as
 * `{ family, weight, url, unicodeRange }[]`, each url a woff2 file the build emits as an asset.
 * The fonts' licences (SIL OFL 1.1) are written beside the build's assets.
 */
export function bundledFonts(): Plugin {
  return {
    name: 'merrow-bundled-fonts',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : undefined),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const faces = bundledFaces(id.slice(PREFIX.length + 1) as FontGroup);
      if (faces.length === 0) throw new Error(`no bundled fonts in ${id.slice(1)}`);
      const imports = faces.map((face, i) => `import f${i} from ${JSON.stringify(`${face.path}?url`)};`);
      const table = faces.map(
        (face, i) =>
          `{family:${JSON.stringify(face.family)},weight:${face.weight},url:f${i},unicodeRange:${JSON.stringify(face.unicodeRange)}}`,
      );
      return `${imports.join('\n')}\nexport default [${table.join(',\n')}];\n`;
    },
    generateBundle() {
      const licences = FONTS.map(
        ({ pkg }) => `${pkg}\n\n${readFileSync(join(packageDir(pkg), 'LICENSE'), 'utf8').trim()}\n`,
      );
      this.emitFile({
        type: 'asset',
        fileName: 'font-licenses.txt',
        source: licences.join(`\n${'-'.repeat(72)}\n\n`),
      });
    },
  };
}

/** A change to a dependency's code, found exactly as shipped. */
export interface FontPatch {
  /** Which module, by the end of its path. */
  module: RegExp;
  find: string;
  replace: string;
}

/**
 * Where mermaid and cytoscape measure or draw text in a font of their own choosing, that is in
 * whatever the machine has under that name, rather than in the diagram's fonts.
 */
export const FONT_PATCHES: readonly FontPatch[] = [
  {
    // Mermaid measures each text twice, in the diagram's font and in the machine's sans-serif, and
    // keeps the sans-serif size when it is larger every way: a sequence diagram laid out on a
    // machine whose sans-serif is DejaVu Sans came out wider. The bundled fonts are always there.
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/chunk-\w+\.mjs$/,
    find: 'const fontFamilies = ["sans-serif", fontFamily];',
    replace: 'const fontFamilies = [fontFamily, fontFamily];',
  },
  {
    // Sequence numbers are drawn in a fixed sans-serif: without it they take the diagram's font.
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/sequenceDiagram-\w+\.mjs$/,
    find: '.attr("font-family", "sans-serif")',
    replace: '',
  },
  {
    // Cytoscape (architecture diagrams' layout) measures node labels on a canvas in its default
    // font, Helvetica. Every CJK family has the same 1 em advances, so their order does not matter.
    module: /\/cytoscape\/dist\/cytoscape\.esm\.mjs$/,
    find: "'font-family': 'Helvetica Neue, Helvetica, sans-serif'",
    replace: `'font-family': ${JSON.stringify(fontStackFor(''))}`,
  },
  {
    // …and rounds each width up, so the canvas must measure unhinted, exact advances, as the pages
    // do (text-rendering: geometricPrecision), whatever hinting the machine's fonts ask for.
    module: /\/cytoscape\/dist\/cytoscape\.esm\.mjs$/,
    find: 'c2d.font = "".concat(fStyle, " ").concat(weight, " ").concat(size, "px ").concat(family);',
    replace:
      'c2d.font = "".concat(fStyle, " ").concat(weight, " ").concat(size, "px ").concat(family); c2d.textRendering = "geometricPrecision";',
  },
];

/** Applies `patch` to a module's code, or throws when its text is not there exactly once. */
export function applyFontPatch(code: string, patch: FontPatch, id: string): string {
  const parts = code.split(patch.find);
  if (parts.length !== 2)
    throw new Error(`'${patch.find}' is not in ${id} exactly once: review the font patch`);
  return parts.join(patch.replace);
}

/**
 * Every text mermaid measures or draws, in the diagram's (bundled) fonts: see FONT_PATCHES. The
 * build fails when a patch found nothing to change (a new version must be reviewed).
 */
export function textInBundledFonts(): Plugin {
  const applied = new Set<FontPatch>();
  return {
    name: 'merrow-text-in-bundled-fonts',
    buildStart() {
      applied.clear();
    },
    transform(code, id) {
      let out = code;
      for (const patch of FONT_PATCHES) {
        if (!patch.module.test(id) || !out.includes(patch.find)) continue;
        out = applyFontPatch(out, patch, id);
        applied.add(patch);
      }
      return out === code ? undefined : { code: out, map: null };
    },
    buildEnd(error) {
      if (error) return;
      const missing = FONT_PATCHES.filter((p) => !applied.has(p));
      if (missing.length > 0) {
        this.error(
          `font patches found nothing to change: ${missing.map((p) => p.find).join(', ')}; review build/bundled-fonts.ts`,
        );
      }
    },
  };
}

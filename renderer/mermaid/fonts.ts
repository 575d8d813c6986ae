/**
 * The bundled fonts in a page (see build/bundled-fonts.ts and shared/mermaid/font-stack.ts). Every
 * face is registered with the page's FontFaceSet but loads only when asked for: mermaid measures
 * labels as it lays them out, so a render first loads the faces its text will be drawn with, and
 * a face that was missed would only be drawn, and measured, in a fallback font.
 */
import latinFaces from 'virtual:merrow-fonts/latin';

/** A bundled face as the build lists it. */
export interface BundledFace {
  family: string;
  weight: number;
  url: string;
  unicodeRange: string;
}

interface Registered {
  spec: BundledFace;
  face: FontFace;
}

/** Registered faces by family (lower case), and per family the faces that draw each code point. */
const families = new Map<string, Registered[]>();
const coverage = new Map<string, Map<number, Registered[]>>();
const registered: Registered[] = [];
let cjk: Promise<void> | undefined;

function register(specs: readonly BundledFace[]): void {
  for (const spec of specs) {
    const face = new FontFace(spec.family, `url("${spec.url}") format("woff2")`, {
      weight: String(spec.weight),
      style: 'normal',
      unicodeRange: spec.unicodeRange,
    });
    document.fonts.add(face);
    const entry = { spec, face };
    registered.push(entry);
    const key = spec.family.toLowerCase();
    families.set(key, [...(families.get(key) ?? []), entry]);
    coverage.delete(key);
  }
}

register(latinFaces);

/** The CJK faces' table is 300 kB: it is imported the first time a text has a character Latin lacks. */
function registerCjk(): Promise<void> {
  cjk ??= import('virtual:merrow-fonts/cjk').then((m) => register(m.default));
  return cjk;
}

function parseRanges(unicodeRange: string): [number, number][] {
  return unicodeRange.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(from!, 16), Number.parseInt(to!, 16)];
  });
}

function coverageOf(family: string): Map<number, Registered[]> | undefined {
  let map = coverage.get(family);
  if (map) return map;
  const faces = families.get(family);
  if (!faces) return undefined;
  map = new Map();
  for (const entry of faces) {
    for (const [from, to] of parseRanges(entry.spec.unicodeRange)) {
      for (let cp = from; cp <= to; cp++) {
        const list = map.get(cp);
        if (list) list.push(entry);
        else map.set(cp, [entry]);
      }
    }
  }
  coverage.set(family, map);
  return map;
}

/** The families of a CSS font-family list, unquoted and in lower case. */
function familyNames(fontFamily: string): string[] {
  return fontFamily.split(',').map((name) =>
    name
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .toLowerCase(),
  );
}

/**
 * The code points of a diagram's text that may be drawn, with mermaid's `#9829;` and HTML's
 * `&#x2665;` entities decoded (other named entities are caught after the render).
 */
function codePoints(text: string): Set<number> {
  const decoded = text.replace(/&?#(x[0-9a-f]+|\d+);/gi, (whole, code: string) => {
    const cp = code[0] === 'x' || code[0] === 'X' ? Number.parseInt(code.slice(1), 16) : Number(code);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
  const points = new Set<number>();
  for (const ch of decoded) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20) points.add(cp);
  }
  return points;
}

/**
 * Loads the bundled faces that will draw `text` in the font list `fontFamily`: for each character,
 * the faces (every weight) of the first bundled family in the list that has it. Families the page
 * does not bundle are passed over (their coverage is unknown), which at worst loads a face more.
 */
export async function loadFontsFor(text: string, fontFamily: string): Promise<void> {
  const points = codePoints(text);
  const latin = coverageOf('arimo');
  if ([...points].some((cp) => !latin?.has(cp))) await registerCjk();
  const names = familyNames(fontFamily);
  const needed = new Set<FontFace>();
  for (const cp of points) {
    for (const name of names) {
      const faces = coverageOf(name)?.get(cp);
      if (!faces) continue;
      for (const { face } of faces) needed.add(face);
      break;
    }
  }
  await Promise.all(
    [...needed].map((face) =>
      face.load().catch(() => {
        throw new Error(`a bundled font did not load: ${face.family} ${face.unicodeRange.slice(0, 40)}…`);
      }),
    ),
  );
}

/** How many bundled faces have started loading: a render that changes it drew some text before its font. */
export function fontLoadsStarted(): number {
  return registered.filter((r) => r.face.status !== 'unloaded').length;
}

/**
 * `@font-face` rules, with the fonts inline, for the loaded faces that draw `text`: an SVG drawn as an
 * image (onto a canvas, for PNG) cannot use the page's fonts, only fonts it carries itself.
 */
export async function inlineFontFaces(text: string): Promise<string> {
  const points = codePoints(text);
  const used = registered.filter(
    ({ face, spec }) =>
      face.status === 'loaded' &&
      parseRanges(spec.unicodeRange).some(([from, to]) => hasPointIn(points, from, to)),
  );
  const rules = await Promise.all(
    used.map(async ({ spec }) => {
      const data = await dataUrl(await (await fetch(spec.url)).blob());
      return `@font-face{font-family:"${spec.family}";font-weight:${spec.weight};font-style:normal;unicode-range:${spec.unicodeRange};src:url(${data}) format("woff2")}`;
    }),
  );
  return rules.join('\n');
}

function hasPointIn(points: Set<number>, from: number, to: number): boolean {
  for (const cp of points) if (cp >= from && cp <= to) return true;
  return false;
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([blob], { type: 'font/woff2' }));
  });
}

import fc from 'fast-check';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../node/engine/index.ts';
import {
  EmbeddedSourceError,
  embedSourceInPng,
  embedSourceInSvg,
  MERROW_NS,
  readSourceFromPng,
  readSourceFromSvg,
} from './embed.ts';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" id="merrow" width="100%" style="max-width: 80px;" viewBox="0 0 80 40" role="graphics-document document"><style>#merrow{fill:#333;}</style><g><rect x="1" y="1" width="78" height="38"/><text x="10" y="25">a &gt; b</text></g></svg>';

/** Sources that would break naive embedding: XML specials, comment and CDATA ends, CRLF, astral characters. */
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      ']]>',
      '--',
      '<',
      '&',
      '>',
      '"',
      "'",
      '\r\n',
      '\r',
      '\t',
      ' ',
      '\0',
      'é',
      '😀',
      '\uFEFF',
      '\u2028',
      'a',
    ),
    maxLength: 60,
  }),
  fc.constant('---\nconfig:\n  theme: dark\n---\nflowchart LR\n  a["<b>é & ü</b>"] --> b\n'),
);

function pngOf(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findBrowser().path, args: ['--no-sandbox'] });
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Parses with Chromium's strict XML parser and reads the source back through the DOM, as an XML tool would. */
function throughXmlParser(
  svg: string,
): Promise<{ error: string | null; source: string | null; root: string }> {
  return page.evaluate(
    ([text, ns]) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const error = doc.querySelector('parsererror')?.textContent ?? null;
      const el = doc.getElementsByTagNameNS(ns, 'source')[0];
      const source = el
        ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(
            Uint8Array.from(atob(el.textContent ?? ''), (c) => c.charCodeAt(0)),
          )
        : null;
      return { error, source, root: doc.documentElement.localName };
    },
    [svg, MERROW_NS] as const,
  );
}

describe('embedSourceInSvg / readSourceFromSvg', () => {
  it('round-trips any source exactly, and the SVG stays well-formed XML that holds it', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (source) => {
        const svg = embedSourceInSvg(SVG, source);
        expect(readSourceFromSvg(svg)).toBe(source);
        const parsed = await throughXmlParser(svg);
        expect(parsed).toEqual({ error: null, source, root: 'svg' });
      }),
      { numRuns: 150 },
    );
  });

  it('puts the metadata first inside the root and replaces an earlier embedding', () => {
    const once = embedSourceInSvg(SVG, 'flowchart LR\n  a --> b\n');
    expect(once).toMatch(
      /^<svg [^>]*><metadata><merrow:source xmlns:merrow="https:\/\/merrow\.dev\/ns" encoding="base64">[A-Za-z0-9+/=]+<\/merrow:source><\/metadata><style>/,
    );
    const twice = embedSourceInSvg(once, 'pie\n  "x": 1\n');
    expect(twice.match(/<metadata>/g)).toHaveLength(1);
    expect(readSourceFromSvg(twice)).toBe('pie\n  "x": 1\n');
  });

  it('handles a prolog, a root tag with > in an attribute, and a self-closing root', async () => {
    const prolog = `<?xml version="1.0"?>\n<!-- <svg> in a comment -->\n<svg xmlns="http://www.w3.org/2000/svg" data-x="a>b"><g/></svg>`;
    const embedded = embedSourceInSvg(prolog, 'graph TD\n');
    expect(readSourceFromSvg(embedded)).toBe('graph TD\n');
    expect((await throughXmlParser(embedded)).error).toBeNull();
    const empty = embedSourceInSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', 'x');
    expect(readSourceFromSvg(empty)).toBe('x');
    expect((await throughXmlParser(empty)).error).toBeNull();
  });

  it('finds the source after an XML tool moved the namespace to the root and re-wrapped the text', () => {
    const b64 = Buffer.from('flowchart LR\n  ü --> 😀\n').toString('base64');
    const edited = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:m="${MERROW_NS}"><metadata>\n  <m:source encoding="base64">\n    ${b64.slice(0, 10)}\n    ${b64.slice(10)}\n  </m:source>\n</metadata></svg>`;
    expect(readSourceFromSvg(edited)).toBe('flowchart LR\n  ü --> 😀\n');
    const defaultNs = `<svg xmlns="http://www.w3.org/2000/svg"><metadata><source xmlns="${MERROW_NS}">${b64}</source></metadata></svg>`;
    expect(readSourceFromSvg(defaultNs)).toBe('flowchart LR\n  ü --> 😀\n');
  });

  it('returns null for an SVG without a source and rejects a damaged one', () => {
    expect(readSourceFromSvg(SVG)).toBeNull();
    expect(readSourceFromSvg('<svg><metadata><source>Zm9v</source></metadata></svg>')).toBeNull();
    const damaged = embedSourceInSvg(SVG, 'flowchart LR').replace(
      /encoding="base64">[^<]{3}/,
      'encoding="base64">%%%',
    );
    expect(() => readSourceFromSvg(damaged)).toThrow(EmbeddedSourceError);
    expect(() => embedSourceInSvg('<html></html>', 'x')).toThrow('not an SVG document');
  });
});

describe('embedSourceInPng / readSourceFromPng', () => {
  it('round-trips any source exactly, and the PNG still decodes with its pixels intact', () => {
    const original = pngOf(7, 5);
    fc.assert(
      fc.property(nasty, (source) => {
        const png = embedSourceInPng(original, source);
        expect(readSourceFromPng(png)).toBe(source);
        const decoded = PNG.sync.read(Buffer.from(png));
        expect(decoded.width).toBe(7);
        expect(Buffer.from(decoded.data).equals(PNG.sync.read(Buffer.from(original)).data)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('writes one uncompressed iTXt chunk named merrow:source just before IEND, replacing an earlier one', () => {
    const png = embedSourceInPng(embedSourceInPng(pngOf(2, 2), 'old'), 'flowchart LR\n  é --> b\n');
    const text = Buffer.from(png).toString('latin1');
    expect(text.split('merrow:source').length - 1).toBe(1);
    const at = text.indexOf('iTXtmerrow:source');
    const iend = text.indexOf('IEND');
    expect(at).toBeGreaterThan(text.indexOf('IDAT'));
    const length = Buffer.from(png).readUInt32BE(at - 4);
    // length + type + data + CRC, then IEND's own length field
    expect(at - 4 + 12 + length + 4).toBe(iend);
    expect(Buffer.from(png.subarray(at + 4, at + 4 + length)).toString('utf8')).toBe(
      'merrow:source\0\0\0\0\0flowchart LR\n  é --> b\n',
    );
    expect(readSourceFromPng(png)).toBe('flowchart LR\n  é --> b\n');
  });

  it('returns null for a PNG without a source, and rejects a damaged chunk or a non-PNG', () => {
    expect(readSourceFromPng(pngOf(2, 2))).toBeNull();
    const png = embedSourceInPng(pngOf(2, 2), 'flowchart LR');
    const at = Buffer.from(png).indexOf('flowchart');
    const broken = png.slice();
    broken[at] = 'F'.charCodeAt(0);
    expect(() => readSourceFromPng(broken)).toThrow(/CRC mismatch/);
    expect(() => readSourceFromPng(png.subarray(0, png.length - 20))).toThrow(EmbeddedSourceError);
    expect(() => readSourceFromPng(new Uint8Array([1, 2, 3]))).toThrow('not a PNG image');
  });
});

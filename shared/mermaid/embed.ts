/**
 * The diagram's Mermaid source, carried inside its exported image so that the image can be
 * turned back into the exact `.mmd` it came from (as draw.io and Excalidraw do for theirs).
 *
 * SVG: the first child of the root `<svg>` is
 *   `<metadata><merrow:source xmlns:merrow="https://merrow.dev/ns" encoding="base64">…</merrow:source></metadata>`
 * holding the source's UTF-8 bytes in base64. Base64 rather than escaped text because XML tools
 * normalise line ends and whitespace in text and may rewrite CDATA; base64 survives all of that,
 * and contains nothing (`]]>`, `--`, `<`, `&`) that could end the element or break the XML.
 *
 * PNG: an `iTXt` chunk (UTF-8 text) with the keyword `merrow:source`, just before `IEND`,
 * uncompressed so that `exiftool` and friends show the source as is; compressed (zlib) only for
 * a source holding a NUL character, which uncompressed PNG text may not contain.
 */
import { strFromU8, strToU8, zlibSync } from 'fflate';
import { decodeBase64, encodeBase64 } from '../bytes/base64.ts';
import { concatBytes } from '../bytes/concat.ts';
import { DecodeError } from '../bytes/decode-error.ts';
import { inflateBounded } from '../bytes/inflate.ts';
import { makePngChunk, type PngChunk, pngChunks } from '../bytes/png.ts';

/** The XML namespace of Merrow's metadata in SVG. */
export const MERROW_NS = 'https://merrow.dev/ns';
/** The keyword of the PNG text chunk holding the source. */
export const PNG_SOURCE_KEYWORD = 'merrow:source';

/** An image carries Merrow's metadata, but it is damaged and cannot be read. */
export class EmbeddedSourceError extends Error {}

/** Sources (or a compressed chunk inflating past this) are refused: mermaid stops at 50 000 characters. */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

// ---------------------------------------------------------------- SVG

// The root start tag: attribute values may hold `>` in tools' output, so quoted values are skipped whole.
const SVG_START = /<svg\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/;
// Exactly what embedSourceInSvg writes, so that a second embedding replaces the first.
const OWN_METADATA =
  /<metadata><merrow:source xmlns:merrow="https:\/\/merrow\.dev\/ns"[^>]*>[^<]*<\/merrow:source><\/metadata>/g;

/** Returns the SVG with `source` in its `<metadata>` (replacing any source embedded before). */
export function embedSourceInSvg(svg: string, source: string): string {
  const clean = svg.replace(OWN_METADATA, '');
  const start = SVG_START.exec(clean);
  if (!start) throw new Error('not an SVG document: no <svg> element');
  const metadata = `<metadata><merrow:source xmlns:merrow="${MERROW_NS}" encoding="base64">${encodeBase64(strToU8(source))}</merrow:source></metadata>`;
  const end = start.index + start[0].length;
  if (start[1]) {
    // A self-closing root: open it to hold the metadata.
    const open = `${start[0].slice(0, -2).trimEnd()}>`;
    return `${clean.slice(0, start.index)}${open}${metadata}</svg>${clean.slice(end)}`;
  }
  return `${clean.slice(0, end)}${metadata}${clean.slice(end)}`;
}

/**
 * The source embedded in an SVG, or null when it carries none. Finds the element by namespace,
 * whatever prefix it has: tools such as Inkscape move namespace declarations to the root.
 */
export function readSourceFromSvg(svg: string): string | null {
  const prefixes = new Set<string>();
  const ns = escapeRegExp(MERROW_NS);
  for (const m of svg.matchAll(new RegExp(`xmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*["']${ns}["']`, 'g')))
    prefixes.add(m[1]!);
  const candidates: RegExp[] = [...prefixes].map(
    (p) =>
      new RegExp(
        `<${escapeRegExp(p)}:source\\b((?:[^>"']|"[^"]*"|'[^']*')*)>([^<]*)</${escapeRegExp(p)}:source>`,
      ),
  );
  candidates.push(
    new RegExp(`<source\\b((?:[^>"']|"[^"]*"|'[^']*')*xmlns\\s*=\\s*["']${ns}["'][^>]*)>([^<]*)</source>`),
  );
  for (const pattern of candidates) {
    const m = pattern.exec(svg);
    if (!m) continue;
    const encoding = /\bencoding\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1] ?? 'base64';
    if (encoding !== 'base64')
      throw new EmbeddedSourceError(`the SVG's Merrow source has an unknown encoding "${encoding}"`);
    try {
      return utf8(decodeBase64(m[2]!));
    } catch (error) {
      throw damaged(error, 'SVG');
    }
  }
  return null;
}

/**
 * Decodes UTF-8 keeping a leading byte order mark: the source must come back byte for byte, and
 * TextDecoder (which fflate's strFromU8 uses) drops it. Invalid sequences become U+FFFD.
 */
function utf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf5 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\uFFFD';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------- PNG

/** An EmbeddedSourceError for a DecodeError, in the words of the image it came from. */
function damaged(error: unknown, where: 'SVG' | 'PNG'): unknown {
  if (!(error instanceof DecodeError)) return error;
  const what = error.reason === 'too-large' ? 'is too large' : error.message;
  return new EmbeddedSourceError(`the ${where}'s Merrow source ${what}`);
}

function* chunks(png: Uint8Array): Generator<PngChunk> {
  try {
    yield* pngChunks(png);
  } catch (error) {
    if (error instanceof DecodeError && error.reason === 'corrupt') throw new Error('not a PNG image');
    if (error instanceof DecodeError) throw new EmbeddedSourceError(`the PNG ${error.message}`);
    throw error;
  }
}

function isSourceChunk(chunk: PngChunk): boolean {
  if (chunk.type !== 'iTXt') return false;
  const nul = chunk.data.indexOf(0);
  return (
    nul === PNG_SOURCE_KEYWORD.length && strFromU8(chunk.data.subarray(0, nul), true) === PNG_SOURCE_KEYWORD
  );
}

/** Returns the PNG with `source` in an iTXt chunk before IEND (replacing any source embedded before). */
export function embedSourceInPng(png: Uint8Array, source: string): Uint8Array {
  const text = strToU8(source);
  const compressed = text.includes(0);
  // keyword NUL, compression flag, compression method, language tag NUL, translated keyword NUL, text
  const header = [...strToU8(PNG_SOURCE_KEYWORD, true), 0, compressed ? 1 : 0, 0, 0, 0];
  const chunk = makePngChunk(
    'iTXt',
    concatBytes([Uint8Array.from(header), compressed ? zlibSync(text) : text]),
  );
  const kept: Uint8Array[] = [png.subarray(0, 8)];
  for (const c of chunks(png)) {
    if (c.type === 'IEND') kept.push(chunk);
    if (!isSourceChunk(c)) kept.push(png.subarray(c.start, c.end));
  }
  return concatBytes(kept);
}

/** The source embedded in a PNG, or null when it carries none. */
export function readSourceFromPng(png: Uint8Array): string | null {
  for (const c of chunks(png)) {
    if (!isSourceChunk(c)) continue;
    if (!c.crcOk()) throw new EmbeddedSourceError('the PNG’s Merrow source chunk is damaged (CRC mismatch)');
    const d = c.data;
    let at = PNG_SOURCE_KEYWORD.length + 1;
    const flag = d[at];
    const method = d[at + 1];
    at += 2;
    // Skip the language tag and the translated keyword, both NUL-terminated.
    for (let skip = 0; skip < 2; skip++) {
      const nul = d.indexOf(0, at);
      if (nul < 0) throw new EmbeddedSourceError('the PNG’s Merrow source chunk is cut short');
      at = nul + 1;
    }
    const body = d.subarray(at);
    if (flag === 0) return utf8(body);
    if (flag === 1 && method === 0) {
      try {
        return utf8(inflateBounded(body, { maxBytes: MAX_SOURCE_BYTES, maxRatio: 200, format: 'zlib' }));
      } catch (error) {
        throw damaged(error, 'PNG');
      }
    }
    throw new EmbeddedSourceError('the PNG’s Merrow source chunk has an unknown compression');
  }
  return null;
}

/**
 * Getting the scene JSON out of the files Excalidraw and its integrations write: plain JSON,
 * SVG and PNG exports with the scene embedded, and Obsidian Excalidraw notes. Detection is by
 * content, never by file name.
 */

import { strFromU8 } from 'fflate';
import { decodeBase64, decodeBase64ToLatin1 } from '../bytes/base64.ts';
import { DecodeError, megabytes } from '../bytes/decode-error.ts';
import { inflateBounded } from '../bytes/inflate.ts';
import { JsonCostMeter } from '../bytes/json-cost.ts';
import { latin1ToString } from '../bytes/latin1.ts';
import { decompressLzBase64 } from '../bytes/lz-string.ts';
import { isPng, pngChunks } from '../bytes/png.ts';
import type { CarrierKind } from './model.ts';
import { ExcalidrawReadError } from './restore.ts';

/** Bigger files are refused before they are read. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/**
 * A compressed payload (PNG, SVG, Obsidian) is refused as soon as it decompresses past this: a
 * scene of 32 MB holds many embedded images, and a bomb stops well within the memory it may take.
 */
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;
/**
 * A scene whose JSON would take more memory than this once parsed is refused before it is
 * parsed (see JsonCostMeter): about 80 000 typical elements; a drawing of 100 000 boxes and
 * arrows takes about 90 MB.
 */
export const MAX_JSON_COST = 128 * 1024 * 1024;

/** A compressed scene inflating to more than this many times its size is a bomb (see inflateBounded). */
const MAX_RATIO = 200;

const MIME = 'application/vnd.excalidraw+json';

export interface ExtractedJson {
  /** How the JSON was carried; 'json' means the file itself is JSON. */
  carrier: Exclude<CarrierKind, 'scene' | 'clipboard' | 'library-v1' | 'library-v2'> | 'json';
  json: string;
}

/**
 * Runs a decoding step, turning a DecodeError into the reader's error for `what` (such as "PNG
 * scene"): every decoder stops as soon as its output passes its limit, and says so in one line.
 */
function decoding<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const message =
      error.reason === 'corrupt' && error.message.startsWith('does not decompress')
        ? `payload is corrupt (${error.message})`
        : error.message;
    throw new ExcalidrawReadError(`${what} ${message}`);
  }
}

/** A meter for one scene's JSON. */
const meter = () => new JsonCostMeter(MAX_JSON_COST);

/** Finds the Excalidraw JSON inside a file's bytes, whatever carries it. */
export function extractJson(bytes: Uint8Array): ExtractedJson {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new ExcalidrawReadError(`file is larger than ${megabytes(MAX_INPUT_BYTES)}`);
  }
  if (isPng(bytes)) return { carrier: 'png', json: pngScene(bytes) };
  const text = strFromU8(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    decoding('scene', () => meter().push(bytes));
    return { carrier: 'json', json: text };
  }
  if (/^<(\?xml|svg|!--|!DOCTYPE)/i.test(start) && text.includes('<svg'))
    return { carrier: 'svg', json: svgScene(text) };
  const obsidian = obsidianScene(text);
  if (obsidian) return obsidian;
  throw new ExcalidrawReadError(
    'not an Excalidraw file: expected Excalidraw JSON, an SVG or PNG exported with the scene embedded, or an Obsidian .excalidraw.md note',
  );
}

function pngScene(bytes: Uint8Array): string {
  try {
    for (const chunk of pngChunks(bytes)) {
      if (chunk.type !== 'tEXt') continue;
      const nul = chunk.data.indexOf(0);
      if (nul > 0 && strFromU8(chunk.data.subarray(0, nul), true) === MIME) {
        // tEXt is Latin-1; Excalidraw stores its byte-string payload there as JSON.
        return decodePayload(latin1ToString(chunk.data.subarray(nul + 1)), 'PNG');
      }
    }
  } catch (error) {
    // A PNG cut short is read as far as it goes: no scene found in what is there.
    if (!(error instanceof DecodeError)) throw error;
  }
  throw new ExcalidrawReadError(
    'PNG has no embedded Excalidraw scene (export it with "Embed scene" turned on)',
  );
}

function svgScene(svg: string): string {
  if (!svg.includes(`payload-type:${MIME}`)) {
    throw new ExcalidrawReadError(
      'SVG has no embedded Excalidraw scene (export it with "Embed scene" turned on)',
    );
  }
  const match = /<!-- payload-start -->\s*([\s\S]+?)\s*<!-- payload-end -->/.exec(svg);
  if (!match) throw new ExcalidrawReadError('SVG scene payload is cut short (no payload-end marker)');
  const version = /<!-- payload-version:(\d+) -->/.exec(svg)?.[1] ?? '1';
  // Version 1 payloads are base64 of UTF-8 JSON; version 2 base64 of a byte string.
  const text = decoding('SVG scene payload', () =>
    version === '1' ? strFromU8(decodeBase64(match[1]!)) : decodeBase64ToLatin1(match[1]!),
  );
  return decodePayload(text, 'SVG');
}

/** Decodes Excalidraw's `encode()` envelope, or returns legacy un-enveloped scene JSON as is. */
function decodePayload(text: string, where: string): string {
  decoding(`${where} scene payload`, () => meter().push(text));
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new ExcalidrawReadError(`${where} scene payload is not valid JSON`);
  }
  if (typeof envelope !== 'object' || envelope === null || !Object.hasOwn(envelope, 'encoded')) return text;
  const { encoded, compressed, encoding } = envelope as Record<string, unknown>;
  if (encoding !== undefined && encoding !== 'bstring') {
    throw new ExcalidrawReadError(`${where} scene payload has an unknown encoding "${String(encoding)}"`);
  }
  if (typeof encoded !== 'string')
    throw new ExcalidrawReadError(`${where} scene payload has no encoded data`);
  const bytes = byteStringToBytes(encoded);
  if (!compressed) {
    if (!bytes) return encoded;
    decoding(`${where} scene`, () => meter().push(bytes));
    return strFromU8(bytes);
  }
  if (!bytes) throw new ExcalidrawReadError(`${where} scene payload is not a byte string`);
  const json = new JsonCostMeter(MAX_JSON_COST, { strict: true });
  const inflated = decoding(`${where} scene`, () =>
    inflateBounded(bytes, {
      maxBytes: MAX_DECOMPRESSED_BYTES,
      maxRatio: MAX_RATIO,
      format: 'any',
      onChunk: (chunk) => json.push(chunk),
    }),
  );
  return strFromU8(inflated);
}

function byteStringToBytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return out;
}

/**
 * Obsidian Excalidraw notes keep the scene in a fenced block under a `# Drawing` (2022) or
 * `## Drawing` (2023+) heading: `compressed-json` (LZString base64, wrapped over many lines)
 * or plain `json`.
 */
function obsidianScene(text: string): ExtractedJson | null {
  const heading = /^#{1,2} Drawing[ \t]*$/m.exec(text);
  if (!heading) return null;
  const block = /```(compressed-json|json)[ \t]*\r?\n([\s\S]*?)\r?\n```/.exec(text.slice(heading.index));
  if (!block)
    throw new ExcalidrawReadError('Obsidian note has a Drawing section but no json or compressed-json block');
  if (block[1] === 'json') {
    decoding('Obsidian json block', () => meter().push(block[2]!));
    return { carrier: 'obsidian-json', json: block[2]! };
  }
  const json = new JsonCostMeter(MAX_JSON_COST, { strict: true });
  const decoded = decoding('Obsidian compressed-json block', () =>
    decompressLzBase64(block[2]!.replace(/\s+/g, ''), {
      maxChars: MAX_DECOMPRESSED_BYTES,
      maxRatio: MAX_RATIO,
      onBlock: (units) => json.push(units),
    }),
  );
  if (!decoded) throw new ExcalidrawReadError('Obsidian compressed-json block does not decompress');
  return { carrier: 'obsidian-compressed', json: decoded };
}

/**
 * Getting the scene JSON out of the files Excalidraw and its integrations write: plain JSON,
 * SVG and PNG exports with the scene embedded, and Obsidian Excalidraw notes. Detection is by
 * content, never by file name.
 */

import { Decompress, strFromU8 } from 'fflate';
import LZString from 'lz-string';
import type { CarrierKind } from './model.ts';
import { ExcalidrawReadError } from './restore.ts';

/** Bigger inputs (or payloads inflating past this) are refused rather than exhausting memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const MIME = 'application/vnd.excalidraw+json';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface ExtractedJson {
  /** How the JSON was carried; 'json' means the file itself is JSON. */
  carrier: Exclude<CarrierKind, 'scene' | 'clipboard' | 'library-v1' | 'library-v2'> | 'json';
  json: string;
}

/** Finds the Excalidraw JSON inside a file's bytes, whatever carries it. */
export function extractJson(bytes: Uint8Array): ExtractedJson {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new ExcalidrawReadError(`file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
  }
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return { carrier: 'png', json: pngScene(bytes) };
  const text = strFromU8(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return { carrier: 'json', json: text };
  if (/^<(\?xml|svg|!--|!DOCTYPE)/i.test(start) && text.includes('<svg'))
    return { carrier: 'svg', json: svgScene(text) };
  const obsidian = obsidianScene(text);
  if (obsidian) return obsidian;
  throw new ExcalidrawReadError(
    'not an Excalidraw file: expected Excalidraw JSON, an SVG or PNG exported with the scene embedded, or an Obsidian .excalidraw.md note',
  );
}

function pngScene(bytes: Uint8Array): string {
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length =
      ((bytes[offset]! << 24) |
        (bytes[offset + 1]! << 16) |
        (bytes[offset + 2]! << 8) |
        bytes[offset + 3]!) >>>
      0;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd > bytes.length) break;
    if (type === 'tEXt') {
      const data = bytes.subarray(dataStart, dataEnd);
      const nul = data.indexOf(0);
      if (nul > 0 && strFromU8(data.subarray(0, nul), true) === MIME) {
        // tEXt is Latin-1; Excalidraw stores its byte-string payload there as JSON.
        return decodePayload(strFromU8(data.subarray(nul + 1), true), 'PNG');
      }
    }
    if (type === 'IEND') break;
    offset = dataEnd + 4;
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
  const bytes = base64ToBytes(match[1]!);
  // Version 1 payloads are base64 of UTF-8 JSON; version 2 base64 of a byte string.
  return decodePayload(strFromU8(bytes, version !== '1'), 'SVG');
}

/** Decodes Excalidraw's `encode()` envelope, or returns legacy un-enveloped scene JSON as is. */
function decodePayload(text: string, where: string): string {
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
  if (!compressed) return bytes ? strFromU8(bytes) : encoded;
  if (!bytes) throw new ExcalidrawReadError(`${where} scene payload is not a byte string`);
  return strFromU8(inflateBounded(bytes, where));
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

// Inflates with a ceiling, so a small "zip bomb" payload cannot exhaust memory.
function inflateBounded(bytes: Uint8Array, where: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const stream = new Decompress((chunk, final) => {
    total += chunk.length;
    if (total > MAX_INPUT_BYTES)
      throw new ExcalidrawReadError(`${where} scene inflates past ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    stream.push(bytes, true);
  } catch (error) {
    if (error instanceof ExcalidrawReadError) throw error;
    throw new ExcalidrawReadError(
      `${where} scene payload is corrupt (${error instanceof Error ? error.message : 'inflate failed'})`,
    );
  }
  if (!done) throw new ExcalidrawReadError(`${where} scene payload is truncated`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUES[B64.charCodeAt(i)] = i;
B64_VALUES['-'.charCodeAt(0)] = 62;
B64_VALUES['_'.charCodeAt(0)] = 63;

function base64ToBytes(b64: string): Uint8Array {
  const clean = b64.replace(/[\s=]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? B64_VALUES[code]! : -1;
    if (v < 0) throw new ExcalidrawReadError('SVG scene payload is not valid base64');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
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
  if (block[1] === 'json') return { carrier: 'obsidian-json', json: block[2]! };
  const json = LZString.decompressFromBase64(block[2]!.replace(/\s+/g, ''));
  if (!json) throw new ExcalidrawReadError('Obsidian compressed-json block does not decompress');
  return { carrier: 'obsidian-compressed', json };
}

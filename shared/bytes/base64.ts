/**
 * Base64 for the pure core and the browser (no `Buffer`, and `btoa`/`atob` need Latin-1 strings):
 * the one encoder and decoder of Merrow's own code. Node's `Buffer` does the same on the machine side.
 */
import { DecodeError } from './decode-error.ts';
import { latin1ToString } from './latin1.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
// Both alphabets decode: standard (`+/`) and URL-safe (`-_`), as Excalidraw has written both.
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
VALUES['-'.charCodeAt(0)] = 62;
VALUES['_'.charCodeAt(0)] = 63;

const PAD = 61; // '='
const SLICE = 0x6000; // characters per String.fromCharCode call (a multiple of 4)

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const out = new Uint8Array(SLICE);
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o++] = CODES[n >> 18]!;
    out[o++] = CODES[(n >> 12) & 63]!;
    out[o++] = i + 1 < bytes.length ? CODES[(n >> 6) & 63]! : PAD;
    out[o++] = i + 2 < bytes.length ? CODES[n & 63]! : PAD;
    if (o === SLICE) {
      parts.push(String.fromCharCode(...out));
      o = 0;
    }
  }
  parts.push(String.fromCharCode(...out.subarray(0, o)));
  return parts.join('');
}

// The runtime's own decoder, where there is one (Node, browsers): native, and many times faster
// than the loop below on a payload of megabytes. It takes the standard alphabet only.
const nativeAtob = (globalThis as { atob?: (text: string) => string }).atob;

/**
 * Decodes base64 to a string of one char per byte (Excalidraw's byte strings), as `atob` does,
 * also in the URL-safe alphabet. Throws DecodeError `corrupt`.
 */
export function decodeBase64ToLatin1(text: string): string {
  if (nativeAtob) {
    try {
      return nativeAtob(text);
    } catch {
      // Not the standard alphabet (or odd padding): the lenient decoder below says which.
    }
  }
  return latin1ToString(decodeBase64Loop(text));
}

/**
 * Decodes base64 in either alphabet; whitespace (line breaks of wrapped text) is skipped and `=`
 * padding may end the text. Anything else is `corrupt`. The output is never larger than 3/4 of
 * the input, so it is bounded by the input the caller already bounds.
 */
export function decodeBase64(text: string): Uint8Array {
  if (nativeAtob) {
    let binary: string | undefined;
    try {
      binary = nativeAtob(text);
    } catch {
      // Decoded below, or refused with the reason.
    }
    if (binary !== undefined) {
      const out = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
      return out;
    }
  }
  return decodeBase64Loop(text);
}

function decodeBase64Loop(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let value = 0;
  let bits = 0;
  let at = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) continue;
    if (code === PAD) {
      padding++;
      continue;
    }
    const v = code < 128 ? VALUES[code]! : -1;
    if (v < 0 || padding > 0) throw new DecodeError('corrupt', 'is not valid base64');
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  // Six bits left over cannot be a byte: one base64 character too many or too few.
  if (bits >= 6 || padding > 2) throw new DecodeError('corrupt', 'is not valid base64');
  return out.subarray(0, at);
}

import { deflateRawSync, constants as zlib } from 'node:zlib';

const blocks = new Map<number, Uint8Array>();

/** Deflate data of `bytes` ended by a full flush: byte-aligned, history reset, so copies can follow. */
const flushed = (bytes: Uint8Array) => deflateRawSync(bytes, { level: 9, finishFlush: zlib.Z_FULL_FLUSH });

/**
 * Decompression bombs of any size, made without ever holding their output: a flushed deflate
 * block of 1 MiB of `fill` bytes is repeated, so each mebibyte of output takes about a kilobyte.
 * `prefix` comes first (say, the start of a JSON scene, so that the output looks like one).
 */
export function deflateBomb(
  mebibytes: number,
  wrap: 'raw' | 'zlib' = 'zlib',
  { fill = 0, prefix = '' }: { fill?: number; prefix?: string } = {},
): Uint8Array {
  const block = blocks.get(fill) ?? flushed(new Uint8Array(1 << 20).fill(fill));
  blocks.set(fill, block);
  const head = wrap === 'zlib' ? Uint8Array.of(0x78, 0xda) : new Uint8Array(0);
  const start = prefix ? flushed(new TextEncoder().encode(prefix)) : new Uint8Array(0);
  const end = deflateRawSync(new Uint8Array(0));
  const parts = [head, start, ...Array.from({ length: mebibytes }, () => block), end];
  // An adler-32 trailer of zeros: a decoder that checks it has already inflated everything.
  if (wrap === 'zlib') parts.push(new Uint8Array(4));
  return Buffer.concat(parts);
}

/**
 * An LZString `compressToBase64` text whose output grows with the square of its length: one
 * literal, then `codes` codes each naming the entry being defined (the previous one plus its own
 * first character), so code k outputs k + 1 characters. 20 000 codes (about 37 KB) ask for 200
 * million characters. Packed exactly as the library packs bits.
 */
export function lzStringBomb(codes: number, char = 'a'): string {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  let out = '';
  let val = 0;
  let position = 0;
  const write = (value: number, bits: number) => {
    for (let i = 0; i < bits; i++) {
      val = (val << 1) | ((value >> i) & 1);
      if (position === 5) {
        out += ALPHABET[val];
        position = 0;
        val = 0;
      } else position++;
    }
  };
  write(0, 2);
  write(char.charCodeAt(0), 8);
  let dictSize = 4;
  let enlargeIn = 4;
  let numBits = 3;
  for (let i = 0; i < codes; i++) {
    write(dictSize, numBits);
    dictSize++;
    if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
  }
  write(2, numBits);
  while (position !== 0) write(0, 1);
  return out;
}

import { deflateRawSync, constants as zlib } from 'node:zlib';

let block: Uint8Array | undefined;

/**
 * Decompression bombs of any size, made without ever holding their output: a deflate block of
 * 1 MiB of zeros ended by a full flush (byte-aligned, history reset) is repeated, so `mebibytes`
 * of output take about a kilobyte each.
 */
export function deflateBomb(mebibytes: number, wrap: 'raw' | 'zlib' = 'zlib'): Uint8Array {
  block ??= deflateRawSync(new Uint8Array(1 << 20), { level: 9, finishFlush: zlib.Z_FULL_FLUSH });
  const end = deflateRawSync(new Uint8Array(0));
  const head = wrap === 'zlib' ? [0x78, 0xda] : [];
  const out = new Uint8Array(head.length + block.length * mebibytes + end.length + (wrap === 'zlib' ? 4 : 0));
  out.set(head);
  for (let i = 0; i < mebibytes; i++) out.set(block, head.length + i * block.length);
  // The adler-32 trailer is left zero: a decoder that checks it has already inflated everything.
  out.set(end, head.length + block.length * mebibytes);
  return out;
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

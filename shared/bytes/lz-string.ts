/**
 * LZString's `decompressFromBase64` (the `compressed-json` of Obsidian Excalidraw notes), with a
 * limit that holds while it runs. The library builds each dictionary entry as a string that grows
 * by one character per code, so its output grows with the square of the input: 300 KB of crafted
 * text asks for gigabytes, and it has no limit. Here an entry is a link to its prefix plus one
 * character, output goes into fixed blocks, and decoding stops as soon as the output passes the
 * limit. Same format, same results: a test compares it with the library on its own compressor's output.
 */
import { DecodeError } from './decode-error.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const VALUES = new Int8Array(128).fill(0);
// A character outside the alphabet reads as zero bits, as in the library.
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Past this many characters of output, a `maxRatio` is enforced. */
const RATIO_FLOOR = 4_000_000;
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

export interface LzOptions {
  /** Refuse (`too-large`) as soon as the output passes this many UTF-16 code units. */
  maxChars: number;
  /**
   * Refuse (`too-large`) once the output, past 4 million characters, is more than this many times
   * the input read so far: LZString packs a drawing's JSON a few times over, a bomb thousands.
   */
  maxRatio?: number;
  /** Sees each finished block of output (to meter it, and refuse early by throwing). */
  onBlock?: (units: Uint16Array) => void;
}

/** Decodes LZString base64; throws DecodeError `corrupt` where the library returns null or "". */
export function decompressLzBase64(input: string, options: LzOptions): string {
  const corrupt = () => new DecodeError('corrupt', 'does not decompress');
  if (input.length === 0) throw corrupt();
  let index = 0;
  let value = 0;
  let position = 0;
  const nextValue = () => {
    const code = input.charCodeAt(index++);
    value = code < 128 ? VALUES[code]! : 0;
    position = 32;
  };
  nextValue();
  const read = (count: number) => {
    let bits = 0;
    for (let i = 0; i < count; i++) {
      const bit = value & position;
      position >>= 1;
      if (position === 0) nextValue();
      if (bit) bits |= 1 << i;
    }
    return bits >>> 0;
  };

  // The dictionary: entry k is entry prefix[k] followed by last[k] (prefix -1: a single character).
  let size = 4096;
  let prefix = new Int32Array(size);
  let last = new Uint16Array(size);
  let first = new Uint16Array(size);
  let length = new Int32Array(size);
  let dictSize = 3;
  const add = (before: number, char: number, head: number, count: number) => {
    if (dictSize === size) {
      size *= 2;
      const grow = <T extends Int32Array | Uint16Array>(a: T, make: (n: number) => T) => {
        const b = make(size);
        b.set(a);
        return b;
      };
      prefix = grow(prefix, (n) => new Int32Array(n));
      last = grow(last, (n) => new Uint16Array(n));
      first = grow(first, (n) => new Uint16Array(n));
      length = grow(length, (n) => new Int32Array(n));
    }
    prefix[dictSize] = before;
    last[dictSize] = char;
    first[dictSize] = head;
    length[dictSize] = count;
    return dictSize++;
  };

  const blocks: Uint16Array[] = [];
  let total = 0;
  let fed = 0;
  const emit = (k: number) => {
    const count = length[k]!;
    if (total + count > options.maxChars) {
      throw new DecodeError(
        'too-large',
        `decompresses past ${options.maxChars.toLocaleString('en-US')} characters`,
      );
    }
    const end = total + count;
    if (options.maxRatio && end >= RATIO_FLOOR && end > index * options.maxRatio) {
      throw new DecodeError(
        'too-large',
        `decompresses to over ${options.maxRatio} times its size: a decompression bomb`,
      );
    }
    while (blocks.length * BLOCK < end) blocks.push(new Uint16Array(BLOCK));
    // Written from the end: each entry knows only its last character and its prefix.
    for (let at = end - 1, node = k; at >= total; at--, node = prefix[node]!) {
      blocks[at >>> BLOCK_BITS]![at & (BLOCK - 1)] = last[node]!;
    }
    total = end;
    for (; fed + BLOCK <= total; fed += BLOCK) options.onBlock?.(blocks[fed >>> BLOCK_BITS]!);
  };
  const literal = (bits: number) => {
    const char = read(bits);
    return add(-1, char, char, 1);
  };

  let enlargeIn = 4;
  let numBits = 3;
  const kind = read(2);
  if (kind === 2) return '';
  if (kind === 3) throw corrupt();
  let w = literal(kind === 0 ? 8 : 16);
  // The library counts the first character as entry 3 and starts the next at 4.
  dictSize = 4;
  emit(w);
  for (;;) {
    if (index > input.length) throw corrupt();
    if (numBits > 30) throw corrupt();
    let c = read(numBits);
    if (c === 2) break;
    if (c < 2) {
      c = literal(c === 0 ? 8 : 16);
      if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
    }
    if (c > dictSize || c < 3) throw corrupt();
    if (c === dictSize) {
      // The entry being defined: the previous one followed by its own first character.
      add(w, first[w]!, first[w]!, length[w]! + 1);
      emit(c);
    } else {
      emit(c);
      add(w, first[c]!, first[w]!, length[w]! + 1);
    }
    if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
    w = c;
  }
  if (total > fed) options.onBlock?.(blocks[fed >>> BLOCK_BITS]!.subarray(0, total - fed));
  return unitsToString(blocks, total);
}

function unitsToString(blocks: Uint16Array[], total: number): string {
  const parts: string[] = [];
  for (let at = 0; at < total; at += 8192) {
    const block = blocks[at >>> BLOCK_BITS]!;
    const offset = at & (BLOCK - 1);
    parts.push(String.fromCharCode(...block.subarray(offset, offset + Math.min(8192, total - at))));
  }
  return parts.join('');
}

/** Walking, checking and writing PNG chunks: the one PNG reader of the core (embedded sources, Excalidraw scenes). */
import { readUint32, writeUint32 } from './concat.ts';
import { DecodeError } from './decode-error.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

export interface PngChunk {
  /** Four letters, such as `IHDR`, `tEXt`, `iTXt`, `IEND`. */
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
  data: Uint8Array;
  /** Whether the stored CRC matches the chunk's type and data. */
  crcOk(): boolean;
}

/**
 * The chunks of a PNG in order, up to and including IEND. A chunk running past the end is
 * `truncated`, as is a PNG that ends without IEND; lengths are checked before anything is read.
 */
export function* pngChunks(png: Uint8Array): Generator<PngChunk> {
  if (!isPng(png)) throw new DecodeError('corrupt', 'is not a PNG image');
  let at = 8;
  while (at + 12 <= png.length) {
    const length = readUint32(png, at);
    const dataStart = at + 8;
    const end = dataStart + length + 4;
    if (end > png.length) throw new DecodeError('truncated', 'is truncated');
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const start = at;
    yield {
      type,
      start,
      end,
      data: png.subarray(dataStart, end - 4),
      crcOk: () => crc32(png.subarray(start + 4, end - 4)) === readUint32(png, end - 4),
    };
    if (type === 'IEND') return;
    at = end;
  }
  throw new DecodeError('truncated', 'has no end (IEND) chunk');
}

/** A complete chunk: length, type, data and CRC. */
export function makePngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 12);
  writeUint32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeUint32(out, data.length + 8, crc32(out.subarray(4, data.length + 8)));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks use it (ISO 3309, reflected, 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

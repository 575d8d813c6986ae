/**
 * Inflating with a ceiling that holds while it runs. fflate inflates everything pushed in one call
 * before it reports any output, so the compressed input is pushed a slice at a time: a slice of
 * deflate data can grow at most about 1 032 times, so no call outputs more than ~4 MB past the
 * limit, whatever the ratio of the whole.
 */
import { Decompress, Unzlib } from 'fflate';
import { concatBytes } from './concat.ts';
import { DecodeError, megabytes } from './decode-error.ts';

const SLICE = 4 * 1024;
/** Past this much output, a `maxRatio` is enforced (a small payload may compress well by chance). */
const RATIO_FLOOR = 4 * 1024 * 1024;

export interface InflateOptions {
  /** Refuse (`too-large`) as soon as the output passes this many bytes. */
  maxBytes: number;
  /**
   * Refuse (`too-large`) once the output, past 4 MB, is more than this many times the input read
   * so far: deflate reaches about 1 032, a bomb's ratio, where no drawing comes near 100. A bomb
   * then stops after 4 MB instead of at the size limit.
   */
  maxRatio?: number;
  /** `zlib` (PNG text chunks), or `any` of zlib, gzip and raw deflate (Excalidraw's payloads). */
  format: 'zlib' | 'any';
  /** Sees each piece of output as it comes (to meter it, and refuse early by throwing). */
  onChunk?: (chunk: Uint8Array) => void;
}

/** Inflates `bytes`; throws DecodeError: `too-large`, `corrupt` or `truncated`. */
export function inflateBounded(bytes: Uint8Array, options: InflateOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let read = 0;
  let done = false;
  const onData = (chunk: Uint8Array, final: boolean) => {
    total += chunk.length;
    if (total > options.maxBytes) {
      throw new DecodeError('too-large', `inflates past ${megabytes(options.maxBytes)}`);
    }
    // The caller's meter first: a payload that is not what it should be says so.
    options.onChunk?.(chunk);
    if (options.maxRatio && total >= RATIO_FLOOR && total > read * options.maxRatio) {
      throw new DecodeError(
        'too-large',
        `inflates to over ${options.maxRatio} times its size: a decompression bomb`,
      );
    }
    parts.push(chunk);
    done ||= final;
  };
  const stream = options.format === 'zlib' ? new Unzlib(onData) : new Decompress(onData);
  try {
    for (let at = 0; at < bytes.length || at === 0; at += SLICE) {
      const last = at + SLICE >= bytes.length;
      read = Math.min(bytes.length, at + SLICE);
      stream.push(bytes.subarray(at, at + SLICE), last);
      if (last) break;
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(
      'corrupt',
      `does not decompress (${error instanceof Error ? error.message : 'inflate failed'})`,
    );
  }
  if (!done) throw new DecodeError('truncated', 'is truncated');
  return concatBytes(parts);
}

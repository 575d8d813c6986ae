import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './utf8.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('decodeUtf8', () => {
  it('reads UTF-8, a byte-order mark and replacement characters kept as they are', () => {
    expect(decodeUtf8(bytes('flowchart LR\n  A[café] --> B[図]\n'))).toEqual({
      text: 'flowchart LR\n  A[café] --> B[図]\n',
    });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'graph TD'))).toEqual({ text: '\uFEFFgraph TD' });
    expect(decodeUtf8(bytes('A[\uFFFD]'))).toEqual({ text: 'A[\uFFFD]' });
    // Every plane, more characters than one call of String.fromCodePoint takes.
    const long = 'aé図😀\n'.repeat(5000);
    expect(decodeUtf8(bytes(long))).toEqual({ text: long });
  });

  it('says where the first byte that is not UTF-8 is: Latin-1, a sequence cut short, UTF-16', () => {
    expect(decodeUtf8(bytes('flowchart LR\n  A[caf', [0xe9], ']\n'))).toEqual({
      error: { line: 2, column: 8, message: 'not UTF-8 text (byte 0xE9): save the file as UTF-8' },
    });
    expect(decodeUtf8(bytes('図図', [0xe5, 0x9b], 'x'))).toMatchObject({ error: { line: 1, column: 3 } });
    expect(decodeUtf8(bytes('ab', [0xe5, 0x9b]))).toMatchObject({ error: { line: 1, column: 3 } });
    // Forms the standard rules out: overlong, a surrogate, past U+10FFFF, a stray continuation.
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
      expect(decodeUtf8(bytes('ok ', bad))).toMatchObject({ error: { line: 1, column: 4 } });
    }
    expect(decodeUtf8(bytes([0xff, 0xfe, 0x67, 0x00]))).toEqual({
      error: { line: 1, column: 1, message: 'UTF-16 text, not UTF-8: save the file as UTF-8' },
    });
  });
});

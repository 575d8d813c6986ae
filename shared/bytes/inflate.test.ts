import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deflateBomb } from '../../test/support/bombs.ts';
import { DecodeError } from './decode-error.ts';
import { inflateBounded } from './inflate.ts';

function refusal(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a refusal');
}

describe('inflateBounded', () => {
  it('gives back what was compressed, in zlib and in any format', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50_000 }), fc.integer({ min: 0, max: 9 }), (bytes, level) => {
        const packed = zlibSync(bytes, { level: level as 0 });
        expect(inflateBounded(packed, { maxBytes: 1 << 20, format: 'zlib' })).toEqual(bytes);
        expect(inflateBounded(packed, { maxBytes: 1 << 20, format: 'any' })).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a bomb of any size as soon as the output passes the limit', () => {
    const max = 2 << 20;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 4096 }), fc.constantFrom('zlib', 'raw'), (mebibytes, wrap) => {
        let seen = 0;
        const error = refusal(() =>
          inflateBounded(deflateBomb(mebibytes, wrap as 'zlib' | 'raw'), {
            maxBytes: max,
            format: wrap === 'zlib' ? 'zlib' : 'any',
            onChunk: (chunk) => {
              seen += chunk.length;
            },
          }),
        );
        expect(error.reason).toBe('too-large');
        expect(error.message).toBe('inflates past 2 MB');
        // Output was looked at only up to the limit: nothing past it was kept.
        expect(seen).toBeLessThanOrEqual(max);
      }),
      { numRuns: 15 },
    );
  });

  it('refuses a bomb by its ratio after 4 MB, and lets ordinary data compressed 100 times through', () => {
    const bomb = refusal(() =>
      inflateBounded(deflateBomb(2048), { maxBytes: 64 << 20, maxRatio: 200, format: 'zlib' }),
    );
    expect(bomb.message).toBe('inflates to over 200 times its size: a decompression bomb');
    // A scene of many near-identical elements: ids and seeds differ, so it compresses far less.
    const scene = JSON.stringify({
      elements: Array.from({ length: 40_000 }, (_, i) => ({
        id: `e${i}`,
        type: 'rectangle',
        x: i,
        seed: i * 7919,
      })),
    });
    const packed = zlibSync(new TextEncoder().encode(scene), { level: 9 });
    expect(inflateBounded(packed, { maxBytes: 64 << 20, maxRatio: 200, format: 'zlib' }).length).toBe(
      scene.length,
    );
  });

  it('refuses random and damaged input as corrupt or truncated, never anything else', () => {
    const good = zlibSync(new TextEncoder().encode('{"type":"excalidraw","elements":[]}'.repeat(50)));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.integer({ min: 0, max: good.length - 1 }).map((cut) => good.subarray(0, cut)),
          fc
            .tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }))
            .map(([at, flip]) => good.map((b, i) => (i === at ? b ^ flip : b))),
        ),
        (bytes) => {
          try {
            inflateBounded(bytes, { maxBytes: 1 << 20, format: 'any' });
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

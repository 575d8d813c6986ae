import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64ToLatin1, encodeBase64 } from './base64.ts';
import { DecodeError } from './decode-error.ts';

describe('base64', () => {
  it('encodes and decodes any bytes as Node does, in both alphabets and wrapped over lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
        expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
        expect(decodeBase64(text.replace(/(.{76})/g, '$1\r\n  '))).toEqual(bytes);
        const latin1 = Buffer.from(bytes).toString('latin1');
        expect(decodeBase64ToLatin1(text)).toBe(latin1);
        expect(decodeBase64ToLatin1(Buffer.from(bytes).toString('base64url'))).toBe(latin1);
      }),
      { numRuns: 300 },
    );
    const large = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) & 0xff);
    expect(encodeBase64(large)).toBe(Buffer.from(large).toString('base64'));
  });

  it('refuses anything else as corrupt, and never decodes more than 3/4 of its input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          expect(decodeBase64(text).length).toBeLessThanOrEqual((text.length * 3) / 4);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500 },
    );
    for (const bad of ['%%%%', 'QUJD=RA==', 'QUJDR', 'QQ===', 'é']) {
      expect(() => decodeBase64(bad), bad).toThrow(DecodeError);
    }
  });
});

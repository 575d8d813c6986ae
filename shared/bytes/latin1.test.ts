import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1ToString } from './latin1.ts';

describe('latin1ToString', () => {
  it('gives each byte as the char of that code, 0x80–0x9F included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(latin1ToString(bytes)).toBe(Buffer.from(bytes).toString('latin1'));
      }),
    );
    expect(latin1ToString(Uint8Array.of(0x80, 0x9f, 0xff, 0))).toBe('\u0080\u009f\u00ff\u0000');
  });
});

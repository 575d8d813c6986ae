import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.ts';
import { JsonCostMeter, MAX_JSON_DEPTH } from './json-cost.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('JsonCostMeter', () => {
  it('lets ordinary JSON through, in any pieces, at the same cost as text or bytes', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), fc.integer({ min: 1, max: 50 }), (json, piece) => {
        const whole = new JsonCostMeter(1 << 30);
        whole.push(json);
        const split = new JsonCostMeter(1 << 30);
        const bytes = encode(json);
        for (let at = 0; at < bytes.length; at += piece) split.push(bytes.subarray(at, at + piece));
        // Bytes count a multi-byte character once per byte; structure is counted alike.
        expect(split.cost).toBeGreaterThanOrEqual(whole.cost);
        expect(split.cost - whole.cost).toBeLessThanOrEqual(bytes.length - json.length);
      }),
      { numRuns: 300 },
    );
  });

  it('stops a JSON bomb early: objects, arrays of pairs, numbers, nesting', () => {
    const limit = 16 << 20;
    for (const [unit, name] of [
      ['{},', 'objects'],
      ['[1.5,2.5],', 'pairs'],
      ['1,', 'numbers'],
    ] as const) {
      const meter = new JsonCostMeter(limit);
      const piece = encode(unit.repeat(10_000));
      let read = 0;
      expect(() => {
        meter.push(encode('['));
        for (;;) {
          meter.push(piece);
          read += piece.length;
        }
      }, name).toThrow(DecodeError);
      // It gave up long before the text itself reached the limit.
      expect(read, name).toBeLessThan(limit);
    }
    const deep = new JsonCostMeter(limit);
    expect(() => deep.push('['.repeat(MAX_JSON_DEPTH + 1))).toThrow(/nested deeper than 1000 levels/);
    expect(() => deep.push('')).not.toThrow();
  });

  it('finds the end of short and long strings alike, escaped quotes and backslashes included', () => {
    for (let length = 0; length <= 80; length++) {
      for (const inner of ['', '\\"', '\\\\', '\\\\\\"']) {
        const value = `${'a'.repeat(length)}${inner}${'b'.repeat(length % 7)}`;
        const json = `["${value}",{"k":"${value}"}]`;
        // Two containers, one comma, and each string's contents and closing quote.
        const expected = 2 * 96 + 16 + 2 * (value.length + 1) + ('k'.length + 1);
        const whole = new JsonCostMeter(1 << 20);
        whole.push(encode(json));
        const oneByOne = new JsonCostMeter(1 << 20);
        for (const byte of encode(json)) oneByOne.push(Uint8Array.of(byte));
        expect(oneByOne.cost, json).toBe(whole.cost);
        expect(whole.cost, json).toBe(expected);
        expect(() => JSON.parse(json)).not.toThrow();
      }
    }
  });

  it('counts brackets and commas inside strings as text', () => {
    const meter = new JsonCostMeter(1 << 20);
    meter.push(JSON.stringify({ label: '[[[{{{,,,\\"]]]' }));
    expect(meter.cost).toBeLessThan(96 * 2 + 40);
  });
});

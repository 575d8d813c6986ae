import { describe, expect, it } from 'vitest';
import { escapeControl } from './escape.ts';

describe('escapeControl', () => {
  it('escapes terminal escapes, NUL, C1 and bidirectional overrides, keeping other text', () => {
    expect(escapeControl('\u001b[2Jred\u0000\u009b\u202eabc é 漢')).toBe(
      '\\x1b[2Jred\\x00\\x9b\\u202eabc é 漢',
    );
    expect(escapeControl('a\nb\tc')).toBe('a\\x0ab\\x09c');
    expect(escapeControl('a\nb\tc\r', { keepNewlines: true })).toBe('a\nb\tc\\x0d');
    expect(escapeControl('plain')).toBe('plain');
  });
});

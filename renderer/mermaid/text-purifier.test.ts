import { describe, expect, it } from 'vitest';
import { installTextOnlyPurifier } from './text-purifier.ts';

function purifier() {
  const purify: Record<string, unknown> = { version: 'x', isSupported: false };
  installTextOnlyPurifier(purify);
  return purify as { sanitize(dirty: unknown): string; addHook(...args: unknown[]): unknown };
}

describe('installTextOnlyPurifier', () => {
  it('returns text without markup unchanged, as DOMPurify does', () => {
    expect(purifier().sanitize('Order & pay -> done "now"')).toBe('Order & pay -> done "now"');
  });

  it('keeps markup as inert text, and distinct texts distinct', () => {
    const { sanitize } = purifier();
    expect(sanitize('<img src=x onerror=alert(1)>a & b')).toBe('&lt;img src=x onerror=alert(1)&gt;a &amp; b');
    expect(sanitize('a<b>')).not.toBe(sanitize('a<b >'));
  });

  it('accepts the hooks mermaid installs', () => {
    expect(() => purifier().addHook('afterSanitizeAttributes', () => {})).not.toThrow();
  });
});

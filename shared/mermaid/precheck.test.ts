import { describe, expect, it } from 'vitest';
import { diagramKeyword, estimateRenderCost, maxTextSize, overMaxTextSize, precheck } from './precheck.ts';

describe('precheck', () => {
  it('reports an empty file and a file with only frontmatter', () => {
    expect(precheck('', undefined)[0]?.message).toMatch(/^the file is empty/);
    expect(precheck('---\ntitle: x\n---\n%% only a comment\n', undefined)[0]).toMatchObject({
      line: 4,
      message: expect.stringMatching(/^there is no diagram/),
    });
  });

  it('reports text over maxTextSize, counting what mermaid counts', () => {
    const big = `flowchart TD\n${'  a --> b\n'.repeat(6000)}`;
    expect(precheck(big, undefined)[0]?.message).toMatch(/over mermaid's maxTextSize of 50000/);
    expect(precheck(big, { maxTextSize: 100_000 })).toEqual([]);
  });
});

describe('maxTextSize', () => {
  it('is mermaid’s 50 000 characters unless the config sets another', () => {
    expect(maxTextSize(undefined)).toBe(50_000);
    expect(maxTextSize({ theme: 'dark' })).toBe(50_000);
    expect(maxTextSize({ maxTextSize: 120_000 })).toBe(120_000);
  });
});

describe('overMaxTextSize', () => {
  it('counts what mermaid counts, and reads the text only when its length is over the limit', () => {
    let reads = 0;
    const text = (t: string) => () => {
      reads++;
      return t;
    };
    expect(overMaxTextSize(90, text('x'.repeat(90)), { maxTextSize: 100 })).toBe(false);
    expect(reads).toBe(0);
    expect(overMaxTextSize(120, text('x'.repeat(120)), { maxTextSize: 100 })).toBe(true);
    const commented = `pie\n%% ${'c'.repeat(200)}\n  "a" : 1\n`;
    expect(overMaxTextSize(commented.length, text(commented), { maxTextSize: 100 })).toBe(false);
    expect(reads).toBe(2);
  });
});

describe('diagramKeyword', () => {
  it('skips frontmatter and comments', () => {
    expect(diagramKeyword('---\ntitle: x\n---\n%% hi\narchitecture-beta\n')).toBe('architecture-beta');
  });
});

describe('estimateRenderCost', () => {
  it('ranks a large flowchart above a small one', () => {
    const small = 'flowchart TD\n a --> b\n';
    const large = `flowchart TD\n${Array.from({ length: 100 }, (_, i) => ` n${i} --> n${i + 1}`).join('\n')}`;
    expect(estimateRenderCost(large)).toBeGreaterThan(10 * estimateRenderCost(small));
  });
});

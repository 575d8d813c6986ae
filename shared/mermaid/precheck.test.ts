import { describe, expect, it } from 'vitest';
import { diagramKeyword, estimateRenderCost, precheck } from './precheck.ts';

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

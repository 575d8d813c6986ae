import { describe, expect, it } from 'vitest';
import { applyOps, renumberLinkStyles } from './edit.ts';
import { readSource, unitsMentioning } from './source.ts';

describe('renumberLinkStyles', () => {
  it('keeps each linkStyle on its link when links change order', () => {
    const before =
      'flowchart TD\n  a --> b\n  a --> c\n  c --> d\n  linkStyle 0 stroke:red\n  linkStyle 1,2 stroke:blue';
    const after =
      'flowchart TD\n  c --> d\n  a --> b\n  a --> c\n  linkStyle 0 stroke:red\n  linkStyle 1,2 stroke:blue';
    expect(renumberLinkStyles(before, after).split('\n').slice(-2)).toEqual([
      '  linkStyle 1 stroke:red',
      '  linkStyle 2,0 stroke:blue',
    ]);
  });

  it('leaves linkStyle default alone', () => {
    const before = 'flowchart TD\n  a --> b\n  b --> c\n  linkStyle default stroke:red';
    const after = 'flowchart TD\n  b --> c\n  a --> b\n  linkStyle default stroke:red';
    expect(renumberLinkStyles(before, after)).toBe(after);
  });
});

describe('applyOps', () => {
  it('moves a statement re-indented to its new block and keeps Windows line ends', () => {
    const text = 'flowchart TD\r\n  a --> b\r\n  subgraph s\r\n      c\r\n  end\r\n';
    const source = readSource(text)!;
    const unit = unitsMentioning(source, 'c')[0]!;
    const out = applyOps(source, [{ op: 'move', unit, before: 1, indent: '  ' }]);
    expect(out).toBe('flowchart TD\r\n  c\r\n  a --> b\r\n  subgraph s\r\n  end\r\n');
  });

  it('inserts, replaces and removes whole lines', () => {
    const source = readSource('flowchart LR\n  a --> b\n  b --> c\n')!;
    const out = applyOps(source, [
      { op: 'insert', before: 1, text: '  c' },
      { op: 'replace', line: 2, text: '  b ~~~ c' },
      { op: 'replace', line: 1, text: '', remove: true },
    ]);
    expect(out).toBe('flowchart LR\n  c\n  b ~~~ c\n');
  });
});

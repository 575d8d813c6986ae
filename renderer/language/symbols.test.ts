import { describe, expect, it } from 'vitest';
import { collectSymbols, findMessageLine, findTransitionLine, modelSymbols, symbolAt } from './symbols.ts';

const sequence = [
  'sequenceDiagram',
  '    participant A as Alice',
  '    A->>B: Hello',
  '    B-->>A: Hi',
  '    A->>B: Again',
  '    A-)B: Async',
].join('\n');

describe('findMessageLine', () => {
  it('finds the nth message between the same two participants', () => {
    expect(findMessageLine(sequence, 'A', 'B', 0)).toBe(3);
    expect(findMessageLine(sequence, 'A', 'B', 1)).toBe(5);
    expect(findMessageLine(sequence, 'B', 'A', 0)).toBe(4);
  });

  it('reads every arrow form and says null past the last message', () => {
    expect(findMessageLine(sequence, 'A', 'B', 2)).toBe(6);
    expect(findMessageLine(sequence, 'A', 'B', 3)).toBeNull();
  });
});

describe('findTransitionLine', () => {
  it('counts transitions in the order of the source, start and end states included', () => {
    const state =
      'stateDiagram-v2\n    [*] --> Still\n    Still: resting\n    Still --> Moving : push\n    Moving --> [*]\n';
    expect(findTransitionLine(state, 0)).toBe(2);
    expect(findTransitionLine(state, 1)).toBe(4);
    expect(findTransitionLine(state, 2)).toBe(5);
    expect(findTransitionLine(state, 3)).toBeNull();
  });
});

describe('symbolAt', () => {
  it('names the defined id under the column, ignoring an arrow glued to it', () => {
    const known = collectSymbols('flowchart LR\n    a[Start]-->b\n');
    expect(symbolAt('    a[Start]-->b', 5, known)).toBe('a');
    expect(symbolAt('    a[Start]-->b', 16, known)).toBe('b');
    expect(symbolAt('    a[Start]-->b', 8, known)).toBeNull();
  });
});

describe('modelSymbols', () => {
  it('scans a model once per version', () => {
    let reads = 0;
    let version = 1;
    const model = {
      getVersionId: () => version,
      getValue: () => {
        reads++;
        return `flowchart LR\n    n${version} --> m\n`;
      },
    };
    expect([...modelSymbols(model).keys()]).toEqual(['n1', 'm']);
    modelSymbols(model);
    expect(reads).toBe(1);
    version = 2;
    expect([...modelSymbols(model).keys()]).toEqual(['n2', 'm']);
    expect(reads).toBe(2);
  });
});

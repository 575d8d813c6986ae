import { describe, expect, it } from 'vitest';
import {
  collectSymbols,
  edgeLine,
  findMessageLine,
  findTransitionLine,
  modelSymbols,
  symbolAt,
} from './symbols.ts';

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

describe('collectSymbols of a flowchart', () => {
  it('places each node where the core flowchart reader finds its definition, subgraphs included', () => {
    const text =
      'flowchart LR\n  a --> b\n  subgraph group [Group]\n    b[Bee] --> c@{ shape: cyl }\n  end\n  subgraph "Only a title"\n  end\n';
    expect(Object.fromEntries(collectSymbols(text))).toEqual({
      a: { line: 2, column: 3 },
      b: { line: 4, column: 5 },
      group: { line: 3, column: 12 },
      c: { line: 4, column: 16 },
    });
  });
});

describe('edgeLine', () => {
  it('finds a flowchart edge by the id mermaid gave it, repeated edges apart', () => {
    const text = 'flowchart LR\n  a --> b\n  b --> c\n  a -->|again| b\n';
    const known = collectSymbols(text);
    expect(edgeLine(text, 'L_a_b_0', known)).toBe(2);
    expect(edgeLine(text, 'L_a_b_2', known)).toBe(4);
    expect(edgeLine(text, 'L_c_a_0', known)).toBeNull();
  });

  it('finds a class diagram relation by its two ends', () => {
    const text = 'classDiagram\n  class Animal\n  Animal <|-- Duck\n';
    expect(edgeLine(text, 'id_Animal_Duck_1', collectSymbols(text))).toBe(3);
  });
});

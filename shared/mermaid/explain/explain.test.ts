import { diagramData } from '@mermaid-js/examples';
import { describe, expect, it } from 'vitest';
import { explainFailure } from './index.ts';
import { Source } from './source.ts';
import { unclosedOnLine } from './structure.ts';
import { DIAGRAM_TYPES, didYouMean } from './words.ts';

describe('didYouMean', () => {
  it('finds a word that differs in case, by a swapped pair or by one letter', () => {
    expect(didYouMean('classdiagram', DIAGRAM_TYPES)).toBe('classDiagram');
    expect(didYouMean('stlye', ['style', 'subgraph'])).toBe('style');
    expect(didYouMean('gant', DIAGRAM_TYPES)).toBe('gantt');
  });

  it('suggests nothing for a word that is right, or far from every candidate', () => {
    expect(didYouMean('style', ['style'])).toBeUndefined();
    expect(didYouMean('Hello', DIAGRAM_TYPES)).toBeUndefined();
    expect(didYouMean('abc', ['style'])).toBeUndefined();
  });
});

describe('DIAGRAM_TYPES', () => {
  it('holds the first word of every example of the installed mermaid', () => {
    const firstWords = diagramData.flatMap((d) => d.examples.map((e) => new Source(e.code).keyword));
    expect(firstWords.filter((w) => !DIAGRAM_TYPES.includes(w))).toEqual([]);
  });
});

describe('unclosedOnLine', () => {
  it('takes brackets inside a quote, and a quote inside brackets, as text', () => {
    expect(unclosedOnLine('a["say ] and ("] --> b', 'flowchart')).toBeUndefined();
    expect(unclosedOnLine('a["say --> b', 'flowchart')).toEqual({ char: '"', column: 3 });
  });

  it('reads a | after a flowchart link as an edge label', () => {
    expect(unclosedOnLine('a -->|yes| b', 'flowchart')).toBeUndefined();
    expect(unclosedOnLine('a -->|yes b', 'flowchart')).toEqual({ char: '|', column: 6 });
  });
});

describe('explainFailure', () => {
  it('does not blame a label that goes on over the next lines', () => {
    const text = 'flowchart LR\n  a["`one\n  two`"] --> b\n  b --> c c\n';
    expect(explainFailure({ text, line: 4, column: 11, kind: 'syntax', message: 'x' })).toBeUndefined();
  });

  it('says nothing for a failure it does not recognise', () => {
    const text = 'flowchart LR\n  a --> b\n';
    expect(explainFailure({ text, line: 2, column: 3, kind: 'syntax', message: 'x' })).toBeUndefined();
    expect(
      explainFailure({ text, kind: 'other', message: 'Cannot read properties of undefined' }),
    ).toBeUndefined();
  });

  it('finds the statement of a gitGraph branch mermaid names without a position', () => {
    const text = 'gitGraph\n  commit\n  branch feature\n  checkout main\n  merge featur\n';
    const message = 'Incorrect usage of "merge". Branch to be merged (featur) does not exist';
    expect(explainFailure({ text, kind: 'other', message })).toEqual({
      line: 5,
      column: 9,
      message: "branch 'featur' does not exist; did you mean 'feature'?",
    });
  });
});

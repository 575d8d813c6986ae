import { describe, expect, it } from 'vitest';
import { shapeCanFollow } from './completions.ts';
import { DIAGRAM_TYPES } from './diagram-types.ts';

const KEYWORDS = DIAGRAM_TYPES.find((t) => t.keyword === 'flowchart')!.keywords;

describe('shapeCanFollow', () => {
  it.each([
    ['an id that starts a statement', '    Start'],
    ['an id after an arrow', '    a --> b'],
    ['an id after a labelled arrow', '    a -->|yes| b'],
    ['an id after a thick, dotted or open arrow', '    a ==> b2'],
    ['an id after &', '    a & b'],
    ['an id in a subgraph', '        inner'],
  ])('offers shapes after %s', (_, before) => {
    expect(shapeCanFollow(before, KEYWORDS)).toBe(true);
  });

  it.each([
    ['before any id is typed', '    '],
    ['after an arrow with no id yet', '    a --> '],
    ['on a keyword', '    subgraph'],
    ['after style', '    style a'],
    ['after classDef', '    classDef hot'],
    ['after subgraph', '    subgraph group'],
    ['after click', '    click a'],
    ['on the declaration', 'flowchart'],
    ['in the middle of an edge', '    a -'],
  ])('offers none %s', (_, before) => {
    expect(shapeCanFollow(before, KEYWORDS)).toBe(false);
  });
});

import type { editor, Position } from 'monaco-editor/editor/editor.api';
import { describe, expect, it } from 'vitest';
import { mermaidCompletions, shapeCanFollow } from './completions.ts';
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

/** As much of Monaco as the provider uses: ranges, kinds and the snippet rule. */
const FAKE_MONACO = {
  Range: class {
    constructor(...bounds: number[]) {
      Object.assign(this, { bounds });
    }
  },
  languages: {
    CompletionItemKind: new Proxy({}, { get: (_, name) => String(name) }),
    CompletionItemInsertTextRule: { InsertAsSnippet: 4 },
  },
} as unknown as Parameters<typeof mermaidCompletions>[0];

/** A text model as far as the provider reads it, the word being Monaco's default (letters, digits, _). */
function fakeModel(text: string): editor.ITextModel {
  const lines = text.split('\n');
  return {
    getValue: () => text,
    getVersionId: () => 1,
    getLineContent: (line: number) => lines[line - 1]!,
    getWordUntilPosition: ({ lineNumber, column }: Position) => {
      const word = /\w*$/.exec(lines[lineNumber - 1]!.slice(0, column - 1))![0];
      return { word, startColumn: column - word.length, endColumn: column };
    },
  } as unknown as editor.ITextModel;
}

/** The ids offered at `line`:`column`, with their detail. */
function idsOffered(text: string, line: number, column: number): Record<string, string> {
  const provider = mermaidCompletions(FAKE_MONACO);
  const result = provider.provideCompletionItems(
    fakeModel(text),
    { lineNumber: line, column } as Position,
    {} as never,
    {} as never,
  ) as { suggestions: { label: string; detail?: string }[] };
  return Object.fromEntries(
    result.suggestions
      .filter((s) => s.detail?.startsWith('defined on line'))
      .map((s) => [s.label, s.detail!]),
  );
}

describe('the ids completion offers', () => {
  const FLOW = 'flowchart TD\n    Start --> Build\n    Build --> Test\n';

  it('does not offer the word being typed as a defined id, wherever the cursor is in it', () => {
    // Typing `Ki` at the end of the text, in the middle of `Kitchen`, and on a line with more after it.
    expect(idsOffered(`${FLOW}    Ki`, 4, 7)).not.toHaveProperty('Ki');
    expect(idsOffered(`${FLOW}    Kitchen`, 4, 7)).not.toHaveProperty('Kitchen');
    expect(idsOffered(`${FLOW}    Build --> Kitchen`, 4, 21)).not.toHaveProperty('Kitchen');
    // A class id with a dot, of which Monaco's word is only the part after it.
    const classes = 'classDiagram\n    Animal <|-- Duck\n    class shop.Till';
    expect(idsOffered(classes, 3, 20)).not.toHaveProperty('shop.Till');
    // The file's other ids are offered, with where they are defined.
    expect(idsOffered(`${FLOW}    Ki`, 4, 7)).toEqual({
      Start: 'defined on line 2',
      Build: 'defined on line 2',
      Test: 'defined on line 3',
    });
  });

  it('offers an id mentioned elsewhere too, even on the cursor’s line', () => {
    expect(idsOffered(`${FLOW}    Kitchen --> Build\n    Test --> Kitchen`, 4, 7)).toHaveProperty('Kitchen');
    expect(idsOffered(`${FLOW}    Gate --> Ga`, 4, 16)).toHaveProperty('Gate');
    expect(idsOffered(`${FLOW}    Gate --> Gate`, 4, 18)).toHaveProperty('Gate');
  });
});

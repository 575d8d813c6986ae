import { describe, expect, it } from 'vitest';
import { readClassSource } from './class-source.ts';
import { unitsMentioning } from './source.ts';

const TEXT = [
  'classDiagram',
  '  direction LR',
  '  class Animal {',
  '    +String name',
  '    +eat()',
  '  }',
  '  Animal <|-- Dog',
  '  Animal "1" *-- "many" Leg : has',
  '  Dog : +bark()',
  '  <<interface>> Pet',
  '  class Shape~T~',
  '  note for Dog "good boy"',
  '  namespace Farm {',
  '    class Cow',
  '  }',
  '  Cow ..|> Pet',
  '  cssClass "Dog,Cow" pet',
].join('\n');

describe('a class diagram read for layout edits', () => {
  const source = readClassSource(TEXT)!;
  const at = (line: number) => source.units.find((u) => u.first === line - 1)!;

  it('reads a class body as one statement, and what each statement mentions', () => {
    expect(at(2).kind).toBe('direction');
    expect(at(3)).toMatchObject({ kind: 'chain', nodes: ['Animal'], last: 5 });
    expect(at(7).nodes).toEqual(['Animal', 'Dog']);
    // Cardinalities and a label around the link.
    expect(at(8).nodes).toEqual(['Animal', 'Leg']);
    expect(at(9).nodes).toEqual(['Dog']);
    expect(at(10).nodes).toEqual(['Pet']);
    expect(at(11).nodes).toEqual(['Shape']);
    expect(at(12)).toMatchObject({ kind: 'note', nodes: ['Dog'] });
    expect(at(16).nodes).toEqual(['Cow', 'Pet']);
    expect(at(17).kind).toBe('cssClass');
    expect(unitsMentioning(source, 'Dog').map((u) => u.first + 1)).toEqual([7, 9]);
  });

  it('knows namespaces as blocks', () => {
    expect(at(13)).toMatchObject({ kind: 'subgraph', nodes: ['Farm'], block: '' });
    expect(at(14)).toMatchObject({ nodes: ['Cow'], block: 'Farm' });
    expect(source.blocks.get('Farm')).toMatchObject({ open: 12, close: 14, parent: '' });
  });

  it('is not another diagram’s reader', () => {
    expect(readClassSource('stateDiagram-v2\n  a --> b\n')).toBeNull();
  });
});

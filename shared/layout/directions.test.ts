import { describe, expect, it } from 'vitest';
import { readDirections, setChartDirection, setSubgraphDirection } from './directions.ts';

const TEXT =
  'flowchart TD\n  subgraph a [A]\n    direction LR\n    x --> y\n  end\n  subgraph b\n    z\n  end\n';

describe('directions', () => {
  it('reads the header’s and each subgraph’s own direction', () => {
    expect(readDirections(TEXT)).toEqual({
      chart: 'TB',
      subgraphs: [
        { id: 'a', direction: 'LR' },
        { id: 'b', direction: '' },
      ],
    });
    expect(readDirections('graph\n  a --> b')?.chart).toBe('TB');
  });

  it('sets the header’s direction, with or without one written', () => {
    expect(setChartDirection(TEXT, 'RL').split('\n')[0]).toBe('flowchart RL');
    expect(setChartDirection('graph\n  a --> b', 'LR')).toBe('graph LR\n  a --> b');
  });

  it('adds, changes and removes a subgraph’s direction line', () => {
    expect(setSubgraphDirection(TEXT, 'b', 'BT')).toBe(
      TEXT.replace('subgraph b\n', 'subgraph b\n    direction BT\n'),
    );
    expect(setSubgraphDirection(TEXT, 'a', 'TB')).toBe(TEXT.replace('direction LR', 'direction TB'));
    expect(setSubgraphDirection(TEXT, 'a', '')).toBe(TEXT.replace('    direction LR\n', ''));
  });
});

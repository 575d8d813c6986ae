import { describe, expect, it } from 'vitest';
import { readDirections, setChartDirection, setSubgraphDirection } from './directions.ts';

const TEXT =
  'flowchart TD\n  subgraph a [A]\n    direction LR\n    x --> y\n  end\n  subgraph b\n    z\n  end\n';

describe('directions', () => {
  it('reads the header’s and each subgraph’s own direction', () => {
    expect(readDirections(TEXT)).toEqual({
      family: 'flowchart',
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

  const STATES =
    'stateDiagram-v2\n  [*] --> Idle\n  state Busy {\n    direction LR\n    a --> b\n  }\n  state Both {\n    c\n    --\n    d\n  }\n';

  it('reads and sets a state diagram’s direction statements, at the top and in its composite states', () => {
    expect(readDirections(STATES)).toEqual({
      family: 'state',
      chart: 'TB',
      // Concurrent regions follow their composite state.
      subgraphs: [
        { id: 'Busy', direction: 'LR' },
        { id: 'Both', direction: '' },
      ],
    });
    const lr = setChartDirection(STATES, 'LR');
    expect(lr).toBe(STATES.replace('stateDiagram-v2\n', 'stateDiagram-v2\n  direction LR\n'));
    expect(readDirections(lr)?.chart).toBe('LR');
    expect(setChartDirection(lr, 'BT')).toBe(lr.replace('direction LR\n  [*]', 'direction BT\n  [*]'));
    expect(setSubgraphDirection(STATES, 'Busy', 'TB')).toBe(STATES.replace('direction LR', 'direction TB'));
    expect(setSubgraphDirection(STATES, 'Both', 'RL')).toBe(
      STATES.replace('state Both {\n', 'state Both {\n    direction RL\n'),
    );
    expect(readDirections('sequenceDiagram\n  a->>b: hi\n')).toBeNull();
  });

  it('reads and sets a class diagram’s direction statement', () => {
    const classes = 'classDiagram\n  A <|-- B\n  namespace N {\n    class C\n  }\n';
    expect(readDirections(classes)).toEqual({ family: 'class', chart: 'TB', subgraphs: [] });
    expect(setChartDirection(classes, 'RL')).toBe(
      classes.replace('classDiagram\n', 'classDiagram\n  direction RL\n'),
    );
  });
});

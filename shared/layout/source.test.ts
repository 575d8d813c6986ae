import { describe, expect, it } from 'vitest';
import { blockChain, indentOf, readSource, unitOfEdge, unitsMentioning } from './source.ts';

const TEXT = `---
title: Demo
---
flowchart TD
    a[Start] --> b
    subgraph outer [Outer]
        subgraph inner
            c --> d; d --> e
        end
        f
    end
    %% a comment
    b --> c
    style a fill:#fff`;

describe('readSource', () => {
  const source = readSource(TEXT)!;

  it('knows the subgraph blocks, their lines and parents', () => {
    expect(source.blocks.get('outer')).toMatchObject({ open: 5, close: 10, parent: '' });
    expect(source.blocks.get('inner')).toMatchObject({ open: 6, close: 8, parent: 'outer' });
    expect(blockChain(source, 'inner')).toEqual(['inner', 'outer']);
  });

  it('makes one unit of statements that share a line, with their links and block', () => {
    const [unit] = unitsMentioning(source, 'd');
    expect(unit).toMatchObject({ first: 7, last: 7, nodes: ['c', 'd', 'e'], edges: [1, 2], block: 'inner' });
    expect(unitOfEdge(source, 3)?.first).toBe(12);
  });

  it('gives the indentation of a block from its statements, ignoring the header', () => {
    expect(indentOf(source, '')).toBe('    ');
    expect(indentOf(source, 'inner')).toBe('            ');
  });

  it('reads no other diagram type', () => {
    expect(readSource('sequenceDiagram\n  a->>b: hi')).toBeNull();
  });
});

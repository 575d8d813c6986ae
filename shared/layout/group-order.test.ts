import { describe, expect, it } from 'vitest';
import { reorderGroup } from './group-order.ts';

describe('reorderGroup', () => {
  it('moves a member of an & group before or after another, labels and all', () => {
    const line = '    submit --> legal[Legal review] & finance[Finance & tax] & security[Security]';
    expect(reorderGroup(line, 'security', 'legal', true)).toBe(
      '    submit --> security[Security] & legal[Legal review] & finance[Finance & tax]',
    );
    expect(reorderGroup(line, 'legal', 'finance', false)).toBe(
      '    submit --> finance[Finance & tax] & legal[Legal review] & security[Security]',
    );
  });

  it('finds groups on either side of a link, with link text', () => {
    expect(reorderGroup('  a & b -->|go| c & d', 'b', 'a', true)).toBe('  b & a -->|go| c & d');
    expect(reorderGroup('  x -. check .-> p & q', 'q', 'p', true)).toBe('  x -. check .-> q & p');
  });

  it('answers null when the two nodes share no group, or are already in place', () => {
    expect(reorderGroup('  a & b --> c & d', 'a', 'c', true)).toBeNull();
    expect(reorderGroup('  a & b --> c', 'a', 'b', true)).toBeNull();
  });
});

/**
 * What the line readers of state and class diagrams share: the text as lines, where the header
 * is (after frontmatter, blank lines and comments), and the statements that are not the diagram's
 * own (an `accDescr { … }` block, a keyword statement, a statement naming its nodes).
 */
import type { Unit } from './source.ts';

export interface DiagramLines {
  lines: string[];
  eol: '\n' | '\r\n';
  /** 0-based line of the header. */
  header: number;
}

/** The text's lines and header line; null when the first statement is not `header`. */
export function diagramLines(text: string, header: RegExp): DiagramLines | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let n = 0;
  if (lines[0]?.trim() === '---') {
    n = lines.findIndex((l, i) => i > 0 && l.trim() === '---') + 1;
    if (n === 0) return null;
  }
  while (n < lines.length && (lines[n]!.trim() === '' || lines[n]!.trim().startsWith('%%'))) n++;
  if (n >= lines.length || !header.test(lines[n]!.trim())) return null;
  return { lines, eol, header: n };
}

/**
 * A statement every diagram type reads alike, as a unit (`push(first, last, kind, nodes)`), at
 * line `n` whose trimmed text is `t`: returns the last line it takes, or -1 when it is not one.
 * `mentions` names the nodes of the type's own statements.
 */
export function commonStatement(
  lines: readonly string[],
  n: number,
  t: string,
  keyword: RegExp,
  mentions: (line: string) => string[],
  push: (first: number, last: number, kind: string, nodes: string[]) => void,
): number {
  if (/^accDescr\s*\{/.test(t)) {
    let last = n;
    while (last < lines.length - 1 && !lines[last]!.includes('}')) last++;
    push(n, last, 'accDescr', []);
    return last;
  }
  const word = keyword.exec(t);
  if (word) {
    push(n, n, word[1]!, []);
    return n;
  }
  const mentioned = mentions(t);
  push(n, n, mentioned.length > 0 ? 'chain' : 'other', mentioned);
  return n;
}

/** The unit of a diagram's header line. */
export function headerUnit(header: number): Unit {
  return { first: header, last: header, kind: 'header', nodes: [], edges: [], block: '' };
}

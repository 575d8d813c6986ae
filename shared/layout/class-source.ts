/**
 * A class diagram's text seen as lines that layout edits can move, as state-source.ts reads a
 * state diagram's: which lines hold which statements (a class body `{ … }` is one), which classes
 * each mentions, and which namespace encloses it. Whether an edit keeps the diagram is decided by
 * mermaid itself (the search compares the graphs mermaid reads before and after).
 */
import { commonStatement, diagramLines, headerUnit } from './diagram-lines.ts';
import type { Block, LineSource, Unit } from './source.ts';

const HEADER = /^classDiagram(?:-v2)?(?=\s|;|$)/;
const NAMESPACE = /^namespace\s+([^\s{]+)\s*\{$/;
/** `class Animal {`, `class Shape~T~ {`, `class A["Label"] {` */
const CLASS_BODY = /^class\s+([^\s{~["]+)[^{]*\{\s*$/;
const KEYWORD = /^(direction|classDef|cssClass|style|click|link|callback|accTitle|accDescr|title)\b/;
/** A relation: two classes, each perhaps with a cardinality in quotes, around one of mermaid's links. */
const RELATION =
  /^([^\s"]+)\s*(?:"[^"]*"\s*)?(?:<\|--|<\|\.\.|\*--|o--|<--|<\.\.|\(\)--|--\(\)|--\|>|\.\.\|>|--\*|--o|-->|\.\.>|--|\.\.)\s*(?:"[^"]*"\s*)?([^\s":]+)/;

/** Reads a class diagram's text for layout edits; null when it is not a class diagram. */
export function readClassSource(text: string): LineSource | null {
  const read = diagramLines(text, HEADER);
  if (!read) return null;
  const { lines, eol, header } = read;
  const units: Unit[] = [headerUnit(header)];
  const blocks = new Map<string, Block>();
  const open: Block[] = [];
  const push = (first: number, last: number, kind: string, nodes: string[]) =>
    units.push({ first, last, kind, nodes, edges: [], block: open.at(-1)?.id ?? '' });

  for (let n = header + 1; n < lines.length; n++) {
    const t = lines[n]!.trim();
    if (t === '' || t.startsWith('%%')) continue;
    let m = NAMESPACE.exec(t);
    if (m) {
      push(n, n, 'subgraph', [m[1]!]);
      const block: Block = { id: m[1]!, open: n, close: -1, parent: open.at(-1)?.id ?? '' };
      blocks.set(block.id, block);
      open.push(block);
      continue;
    }
    if (t === '}') {
      const block = open.pop();
      if (block) block.close = n;
      push(n, n, 'end', []);
      continue;
    }
    m = CLASS_BODY.exec(t);
    if (m) {
      // The class's members, to its closing brace: one statement.
      let last = n + 1;
      while (last < lines.length && lines[last]!.trim() !== '}') last++;
      last = Math.min(last, lines.length - 1);
      push(n, last, 'chain', [m[1]!]);
      n = last;
      continue;
    }
    if (/^note\b/.test(t)) {
      const target = /^note\s+for\s+(\S+)/.exec(t);
      push(n, n, 'note', target ? [target[1]!] : []);
      continue;
    }
    n = commonStatement(lines, n, t, KEYWORD, mentions, push);
  }
  return { lines, eol, header, units, blocks };
}

/** The classes a statement line names: a relation's two, a declaration's, a member's or an annotation's. */
function mentions(line: string): string[] {
  const id = (raw: string) =>
    raw
      .replace(/~.*$/, '')
      .replace(/:::.*$/, '')
      .replace(/\[.*$/, '');
  const relation = RELATION.exec(line);
  if (relation) return [id(relation[1]!), id(relation[2]!)];
  const declared = /^class\s+([^\s{~["]+)/.exec(line);
  if (declared) return [id(declared[1]!)];
  const annotated = /^<<[^>]*>>\s*(\S+)/.exec(line);
  if (annotated) return [id(annotated[1]!)];
  // `Animal : +int age`
  const member = /^([^\s:"]+)\s*:(?!::)/.exec(line);
  return member ? [id(member[1]!)] : [];
}

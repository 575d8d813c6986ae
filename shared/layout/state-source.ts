/**
 * A state diagram's text seen as lines that layout edits can move, as source.ts reads a
 * flowchart's: which lines hold which statements, which states each mentions, and which composite
 * state (and which of its concurrent regions) encloses it. A light reader of mermaid's state
 * syntax: it only has to know what a line mentions, since whether an edit keeps the diagram is
 * decided by mermaid itself (the search compares the graphs mermaid reads before and after).
 */
import { commonStatement, diagramLines, headerUnit } from './diagram-lines.ts';
import type { Block, LineSource, Unit } from './source.ts';

const HEADER = /^stateDiagram(?:-v2)?(?=\s|;|$)/;
/** `state X {`, `state "Long name" as X {` */
const COMPOSITE = /^state\s+(?:"[^"]*"\s+as\s+)?([^\s{"]+)\s*\{$/;
/** The start of a note that runs to `end note`. */
const NOTE_BLOCK = /^note\s+(?:left|right)\s+of\s+([^\s:]+)\s*$/i;
const NOTE_LINE = /^note\s+(?:left|right)\s+of\s+([^\s:]+)\s*:/i;
const KEYWORD = /^(direction|classDef|class|style|click|accTitle|accDescr|title|hide|scale)\b/;

/** Reads a state diagram's text for layout edits; null when it is not a state diagram. */
export function readStateSource(text: string): LineSource | null {
  const read = diagramLines(text, HEADER);
  if (!read) return null;
  const { lines, eol, header } = read;
  const units: Unit[] = [headerUnit(header)];
  const blocks = new Map<string, Block>();
  /** Open composite states, innermost last, each with the region statements go into now. */
  const open: { state: Block; region: Block | null; regions: number }[] = [];
  const current = () => {
    const top = open.at(-1);
    return top ? (top.region?.id ?? top.state.id) : '';
  };
  const push = (first: number, last: number, kind: string, nodes: string[]) =>
    units.push({ first, last, kind, nodes, edges: [], block: current() });

  for (let n = header + 1; n < lines.length; n++) {
    const t = lines[n]!.trim();
    if (t === '' || t.startsWith('%%')) continue;
    let m = NOTE_BLOCK.exec(t);
    if (m) {
      let last = n + 1;
      while (last < lines.length && !/^end\s+note$/i.test(lines[last]!.trim())) last++;
      last = Math.min(last, lines.length - 1);
      push(n, last, 'note', [m[1]!]);
      n = last;
      continue;
    }
    m = COMPOSITE.exec(t);
    if (m) {
      push(n, n, 'subgraph', [m[1]!]);
      const state: Block = { id: m[1]!, open: n, close: -1, parent: current() };
      blocks.set(state.id, state);
      open.push({ state, region: null, regions: 0 });
      continue;
    }
    if (t === '}') {
      const top = open.pop();
      if (top) {
        top.state.close = n;
        if (top.region) top.region.close = n;
      }
      push(n, n, 'end', []);
      continue;
    }
    if (t === '--' && open.length > 0) {
      // Concurrent regions: each is a block of its own, so no statement moves into another.
      const top = open.at(-1)!;
      if (!top.region) {
        const first: Block = {
          id: `${top.state.id}#0`,
          open: top.state.open,
          close: n,
          parent: top.state.id,
        };
        blocks.set(first.id, first);
        for (const u of units) if (u.block === top.state.id && u.first > top.state.open) u.block = first.id;
      } else {
        top.region.close = n;
      }
      top.regions++;
      top.region = { id: `${top.state.id}#${top.regions}`, open: n, close: -1, parent: top.state.id };
      blocks.set(top.region.id, top.region);
      push(n, n, 'divider', []);
      continue;
    }
    m = NOTE_LINE.exec(t);
    if (m) {
      push(n, n, 'note', [m[1]!]);
      continue;
    }
    n = commonStatement(lines, n, t, KEYWORD, mentions, push);
  }
  return { lines, eol, header, units, blocks };
}

/** The states a statement line names: a transition's two ends, a declaration's or description's state. */
function mentions(line: string): string[] {
  const id = (raw: string) => raw.trim().replace(/:::.*$/, '');
  const arrow = line.indexOf('-->');
  if (arrow >= 0) {
    const from = id(line.slice(0, arrow));
    const rest = line.slice(arrow + 3);
    const colon = rest.search(/:(?!::)/);
    const to = id(colon >= 0 ? rest.slice(0, colon) : rest);
    return [from, to].filter((s) => s !== '' && s !== '[*]' && !/\s/.test(s));
  }
  const declared = /^state\s+(?:"[^"]*"\s+as\s+(\S+)|([^\s"]+))/.exec(line);
  if (declared) return [id(declared[1] ?? declared[2]!)];
  // `Moving : a description`, or a bare `Moving` (with a `:::class` perhaps).
  const described = /^([^\s:"]+?)(?::::\S+)?\s*(?::(?!::)|$)/.exec(line);
  return described ? [described[1]!] : [];
}

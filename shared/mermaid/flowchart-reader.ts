/**
 * The core's one reader of Mermaid flowchart text: which nodes and edges a text declares, with
 * their text, shape and place in the file. The visual diff compares two versions by it, the editor
 * finds ids and jumps to them by it, and the converter's tests read back what it wrote. Mermaid's
 * own parser needs a DOM, and this reader must run anywhere (the renderer, the CLI, tests). It is
 * tolerant of half-typed text and never throws: what it cannot read is skipped, and the preview
 * reports the real syntax errors.
 */

export interface FlowNode {
  id: string;
  label: string;
  /** Bracket shape (`rect`, `round`, `diamond`, …), the `@{ shape }` name, or `subgraph`. */
  shape: string;
  /** 1-based line in the whole file (frontmatter included) where the node is defined. */
  line: number;
  /** 1-based column of the node's id on that line. */
  column: number;
}

export interface FlowEdge {
  /** Mermaid's own edge id: `L_<from>_<to>_<k>`, or the author's `id@` (see svg-ids.ts). */
  id: string;
  from: string;
  to: string;
  label: string;
  /** The arrow with its length normalised: `-->`, `---`, `-.->`, `==>`, `<-->`, `--o`, `~~~`, … */
  kind: string;
  line: number;
}

/** One statement of the text, where it is and what it mentions (layout edits move them). */
export interface FlowStatement {
  /** `chain` (nodes and links), `subgraph`, `end`, the flowchart `header`, or the keyword (`style`, `linkStyle`, …). */
  kind: string;
  /** 1-based lines in the whole file where the statement starts and ends. */
  line: number;
  endLine: number;
  /** Node ids a chain mentions, in order (each once); a subgraph's own id. */
  nodes: string[];
  /** Index in `edges` of the chain's first edge, and how many it adds. */
  firstEdge: number;
  edgeCount: number;
}

export interface Flowchart {
  nodes: Map<string, FlowNode>;
  edges: FlowEdge[];
  statements: FlowStatement[];
}

/** Bracket openers, longest first, with their closers and the shape each closer means. */
const SHAPES: { open: string; close: [string, string][] }[] = [
  { open: '(((', close: [[')))', 'doublecircle']] },
  { open: '((', close: [['))', 'circle']] },
  { open: '([', close: [['])', 'stadium']] },
  { open: '(-', close: [['-)', 'ellipse']] },
  { open: '(', close: [[')', 'round']] },
  { open: '[[', close: [[']]', 'subroutine']] },
  { open: '[(', close: [[')]', 'cylinder']] },
  {
    open: '[/',
    close: [
      ['/]', 'lean_right'],
      ['\\]', 'trapezoid'],
    ],
  },
  {
    open: '[\\',
    close: [
      ['\\]', 'lean_left'],
      ['/]', 'inv_trapezoid'],
    ],
  },
  { open: '[', close: [[']', 'rect']] },
  { open: '{{', close: [['}}', 'hexagon']] },
  { open: '{', close: [['}', 'diamond']] },
  { open: '>', close: [[']', 'odd']] },
];

const IGNORED_STATEMENTS = new Set([
  'direction',
  'classDef',
  'class',
  'style',
  'linkStyle',
  'click',
  'callback',
  'accTitle',
  'accDescr',
]);

const ID_CHAR = /[\p{L}\p{N}_$#*+!?]/u;
// Arrows without text: solid, thick, dotted, invisible; optional heads on either end.
const ARROW = /([<xo]?)(?:(-{2,})([->xo])|(={2,})([=>xo])|(-?\.+-)([>xo]?)|(~{3,}))/y;
// The opening half of an arrow that carries its text inside: `-- text -->`, `== text ==>`, `-. text .->`.
const TEXT_ARROW_OPEN = /([<xo]?)(--|==|-\.)/y;
const TEXT_ARROW_CLOSE: Record<string, RegExp> = {
  '--': /-{2,}([->xo])/g,
  '==': /={2,}([=>xo])/g,
  '-.': /\.+-([>xo]?)/g,
};
const EDGE_ID = /([\p{L}\p{N}_]+)@(?=[<xo]?[-=.~])/uy;

interface Arrow {
  kind: string;
  label: string;
  userId?: string;
}

/** Reads a flowchart (`flowchart`/`graph` header); null when the text is another diagram type. */
export function readFlowchart(text: string): Flowchart | null {
  const src = blankFrontmatterAndComments(text);
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const placeOf = (offset: number) => {
    const line = lineAt(offset);
    return { line, column: offset - lineStarts[line - 1]! + 1 };
  };

  const nodes = new Map<string, FlowNode>();
  const edges: FlowEdge[] = [];
  const statements: FlowStatement[] = [];
  let mentioned: string[] = [];
  let pos = 0;
  let subgraphCount = 0;
  let headerSeen = false;

  const peek = (s: string) => src.startsWith(s, pos);
  const skipSpaces = () => {
    while (pos < src.length && (src[pos] === ' ' || src[pos] === '\t')) pos++;
  };
  const skipToStatementEnd = () => {
    while (pos < src.length && src[pos] !== '\n' && src[pos] !== ';') {
      if (src[pos] === '"') {
        const end = src.indexOf('"', pos + 1);
        pos = end < 0 ? src.length : end;
      }
      pos++;
    }
  };
  const restOfLine = () => {
    const start = pos;
    skipToStatementEnd();
    return src.slice(start, pos).trim();
  };

  function touchNode(id: string, at: number, label?: string, shape?: string): void {
    const existing = nodes.get(id);
    if (!existing) {
      nodes.set(id, { id, label: label ?? id, shape: shape ?? 'rect', ...placeOf(at) });
    } else if (label !== undefined && existing.shape !== 'subgraph') {
      // As in Mermaid, the latest definition of a node's text and shape wins.
      existing.label = label;
      existing.shape = shape ?? existing.shape;
      Object.assign(existing, placeOf(at));
    }
  }

  function readId(): string {
    const start = pos;
    while (pos < src.length) {
      const c = src[pos]!;
      const next = src[pos + 1] ?? '';
      if (ID_CHAR.test(c)) pos++;
      // `-` and `.` belong to an id (`c-d`, `v1.2`) only when not starting an arrow.
      else if ((c === '-' || c === '.') && pos > start && ID_CHAR.test(next)) pos++;
      else break;
    }
    return src.slice(start, pos);
  }

  function readNode(): string | null {
    skipSpaces();
    const at = pos;
    const id = readId();
    if (!id) return null;
    if (!mentioned.includes(id)) mentioned.push(id);
    if (peek('@{')) {
      const body = readBalanced('{', '}');
      const shape = /shape\s*:\s*([\w-]+)/.exec(body)?.[1]?.toLowerCase();
      const label = /label\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^,\n}]*))/.exec(body);
      const text = label ? (label[1] ?? label[2] ?? label[3] ?? '').trim() : undefined;
      // `e1@{ animate: true }` styles an edge, not a node.
      if (!edges.some((e) => e.id === id)) touchNode(id, at, text, shape ?? 'rect');
      else mentioned = mentioned.filter((m) => m !== id);
    } else {
      const bracket = SHAPES.find((s) => peek(s.open));
      if (bracket) {
        pos += bracket.open.length;
        const [label, shape] = readLabel(bracket.close);
        touchNode(id, at, label, shape);
      } else {
        touchNode(id, at);
      }
    }
    if (peek(':::')) {
      pos += 3;
      readId();
    }
    return id;
  }

  /** Reads a node's text up to one of its closers: quoted text may hold any bracket. */
  function readLabel(closers: [string, string][]): [string, string] {
    skipSpaces();
    let label = '';
    if (src[pos] === '"') {
      const end = src.indexOf('"', pos + 1);
      label = src.slice(pos + 1, end < 0 ? src.length : end);
      pos = end < 0 ? src.length : end + 1;
      skipSpaces();
    }
    let best: { at: number; close: string; shape: string } | null = null;
    for (const [close, shape] of closers) {
      const at = src.indexOf(close, pos);
      if (at >= 0 && (!best || at < best.at)) best = { at, close, shape };
    }
    const first = closers[0]!;
    if (!best) {
      label ||= restOfLine();
      return [cleanText(label), first[1]];
    }
    if (!label) label = src.slice(pos, best.at);
    pos = best.at + best.close.length;
    return [cleanText(label), best.shape];
  }

  function readBalanced(open: string, close: string): string {
    const start = pos;
    let depth = 0;
    let quote = '';
    for (; pos < src.length; pos++) {
      const c = src[pos]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) {
        pos++;
        break;
      }
    }
    return src.slice(start + 1, pos - 1);
  }

  function readArrow(): Arrow | null {
    const save = pos;
    skipSpaces();
    EDGE_ID.lastIndex = pos;
    const idMatch = EDGE_ID.exec(src);
    if (idMatch) pos += idMatch[0].length;
    let arrow: Arrow | null = null;
    ARROW.lastIndex = pos;
    const full = ARROW.exec(src);
    if (full) {
      pos += full[0].length;
      const start = full[1] ?? '';
      if (full[2]) arrow = { kind: `${start}--${full[3]}`, label: '' };
      else if (full[4]) arrow = { kind: `${start}==${full[5]}`, label: '' };
      else if (full[6]) arrow = { kind: `${start}-.-${full[7]}`, label: '' };
      else arrow = { kind: '~~~', label: '' };
    } else {
      TEXT_ARROW_OPEN.lastIndex = pos;
      const open = TEXT_ARROW_OPEN.exec(src);
      if (open) {
        const lineEnd = src.indexOf('\n', pos);
        const closer = TEXT_ARROW_CLOSE[open[2]!]!;
        closer.lastIndex = pos + open[0].length;
        const close = closer.exec(src);
        if (close && (lineEnd < 0 || close.index < lineEnd)) {
          const label = cleanText(src.slice(pos + open[0].length, close.index));
          pos = close.index + close[0].length;
          const body = open[2] === '-.' ? '-.-' : open[2]!;
          arrow = { kind: `${open[1] ?? ''}${body}${close[1] ?? ''}`, label };
        }
      }
    }
    if (!arrow) {
      pos = save;
      return null;
    }
    skipSpaces();
    if (src[pos] === '|') {
      // Quoted text may hold a `|` of its own.
      const quoteEnd = src[pos + 1] === '"' ? src.indexOf('"', pos + 2) : -1;
      const end = src.indexOf('|', quoteEnd > 0 ? quoteEnd : pos + 1);
      const lineEnd = src.indexOf('\n', pos);
      if (end > 0 && (lineEnd < 0 || end < lineEnd)) {
        arrow.label = cleanText(src.slice(pos + 1, end));
        pos = end + 1;
      }
    }
    if (idMatch) arrow.userId = idMatch[1]!;
    return arrow;
  }

  function readGroup(): string[] {
    const ids: string[] = [];
    for (;;) {
      const id = readNode();
      if (!id) break;
      ids.push(id);
      const save = pos;
      skipSpaces();
      if (src[pos] === '&') {
        pos++;
        continue;
      }
      pos = save;
      break;
    }
    return ids;
  }

  function addEdge(from: string, to: string, arrow: Arrow, userId: string | undefined, at: number): void {
    let id: string;
    if (userId && !edges.some((e) => e.id === userId)) id = userId;
    else {
      // Mermaid numbers repeated edges between the same pair 0, 2, 3, … (FlowDB.addSingleLink).
      const same = edges.filter((e) => e.from === from && e.to === to).length;
      id = `L_${from}_${to}_${same === 0 ? 0 : same + 1}`;
    }
    edges.push({ id, from, to, label: arrow.label, kind: arrow.kind, line: lineAt(at) });
  }

  function readChain(): void {
    let left = readGroup();
    while (left.length) {
      const at = pos;
      const arrow = readArrow();
      if (!arrow) break;
      const right = readGroup();
      if (!right.length) break;
      // Like FlowDB.addLink: every start to every end; an `id@` names the last start → first end.
      for (const from of left) {
        for (const to of right) {
          const named = from === left[left.length - 1] && to === right[0] ? arrow.userId : undefined;
          addEdge(from, to, arrow, named, at);
        }
      }
      left = right;
    }
    skipToStatementEnd();
  }

  function readSubgraph(at: number): void {
    skipSpaces();
    // Where the subgraph is: its id when the header names one, else the `subgraph` keyword.
    let place = pos;
    const header = restOfLine();
    const bracketed = /^([^\s[\]"]+)\s*\[\s*(?:"(.*)"|(.*))\s*\]$/.exec(header);
    let id: string;
    let title: string;
    if (bracketed) {
      id = bracketed[1]!;
      title = bracketed[2] ?? bracketed[3] ?? id;
    } else if (/^[^\s"]+$/.test(header)) {
      id = header;
      title = header;
    } else {
      // A title with spaces or quotes only: Mermaid names the subgraph itself.
      id = `subGraph${subgraphCount}`;
      title = header.replace(/^"(.*)"$/, '$1');
      place = at;
    }
    subgraphCount++;
    nodes.set(id, { id, label: cleanText(title), shape: 'subgraph', ...placeOf(place) });
    mentioned = [id];
  }

  while (pos < src.length) {
    while (pos < src.length && /[\s;]/.test(src[pos]!)) pos++;
    if (pos >= src.length) break;
    const at = pos;
    const firstEdge = edges.length;
    const word = /^[A-Za-z][\w-]*/.exec(src.slice(pos, pos + 40))?.[0] ?? '';
    let kind = 'chain';
    mentioned = [];
    if (!headerSeen) {
      if (!/^(flowchart|graph|flowchart-elk)$/.test(word)) return null;
      headerSeen = true;
      kind = 'header';
      pos += word.length;
      restOfLine();
    } else if (word === 'subgraph' && /\s/.test(src[pos + word.length] ?? '')) {
      kind = 'subgraph';
      pos += word.length;
      readSubgraph(at);
    } else if (word === 'end' && !ID_CHAR.test(src[pos + 3] ?? '') && src[pos + 3] !== '-') {
      kind = 'end';
      pos += 3;
    } else if (IGNORED_STATEMENTS.has(word) && /[\s:]/.test(src[pos + word.length] ?? '')) {
      kind = word;
      if (word === 'accDescr' && /^accDescr\s*\{/.test(src.slice(pos, pos + 40))) {
        const end = src.indexOf('}', pos);
        pos = end < 0 ? src.length : end + 1;
      } else {
        skipToStatementEnd();
      }
    } else {
      readChain();
    }
    statements.push({
      kind,
      line: lineAt(at),
      endLine: lineAt(Math.max(at, pos - 1)),
      nodes: mentioned,
      firstEdge,
      edgeCount: edges.length - firstEdge,
    });
  }
  return headerSeen ? { nodes, edges, statements } : null;
}

/**
 * Node and edge text as Mermaid shows it: quotes and Markdown-string backticks removed, spaces
 * trimmed, Mermaid's entity codes (`#quot;`, `#35;`) and `<br>` line breaks decoded.
 */
function cleanText(text: string): string {
  return decodeEntities(
    text
      .trim()
      .replace(/^"([\s\S]*)"$/, '$1')
      .replace(/^`([\s\S]*)`$/, '$1')
      .trim(),
  );
}

const NAMED_ENTITIES: Record<string, string> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes what Mermaid decodes in text: `#name;` and `#123;` codes, and `<br>` as a new line. */
export function decodeEntities(text: string): string {
  return text.replace(/<br\s*\/?>/gi, '\n').replace(/#(\d+|[a-z]+);/g, (code: string, name: string) => {
    if (!/^\d+$/.test(name)) return NAMED_ENTITIES[name] ?? code;
    const point = Number(name);
    return point <= 0x10ffff ? String.fromCodePoint(point) : code;
  });
}

/**
 * Blanks YAML frontmatter and `%%` comment lines (as Mermaid does before parsing), keeping every
 * newline so that offsets still map to the file's own line numbers.
 */
function blankFrontmatterAndComments(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trim() === '---') {
    const end = lines.findIndex((line, j) => j > i && line.trim() === '---');
    if (end > i) for (let j = i; j <= end; j++) lines[j] = '';
  }
  return lines.map((line) => (/^\s*%%/.test(line) ? '' : line)).join('\n');
}

import { readFlowchart } from '../../shared/mermaid/flowchart-reader.ts';
import { declarationOf } from './diagram-types.ts';

/** Where a diagram element (node, participant, class, state, entity) is first defined in the text. */
export interface SymbolLocation {
  line: number;
  column: number;
}

const IDENT_RE = /^[A-Za-z_][\w.-]*$/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function add(map: Map<string, SymbolLocation>, id: string | undefined, line: number, column: number): void {
  if (!id || map.has(id) || !IDENT_RE.test(id)) return;
  map.set(id, { line, column });
}

type LineScanner = (line: string, lineNo: number, map: Map<string, SymbolLocation>) => void;

const sequence: LineScanner = (line, lineNo, map) => {
  const decl = /^(\s*(?:participant|actor|create\s+participant|create\s+actor)\s+)(\S+)/.exec(line);
  if (decl) return add(map, decl[2], lineNo, decl[1]!.length + 1);
  const msg = /^(\s*)([^\s:+-][^:]*?)\s*(?:<<)?[-]{1,2}(?:>>|>|x|\)|>)[+-]?\s*([^:]+?)\s*:/.exec(line);
  if (msg) {
    add(map, msg[2], lineNo, msg[1]!.length + 1);
    add(map, msg[3], lineNo, line.indexOf(msg[3]!, msg[1]!.length + msg[2]!.length) + 1);
  }
};

const classDiagram: LineScanner = (line, lineNo, map) => {
  const decl = /^(\s*class\s+)([\w.-]+)/.exec(line);
  if (decl) return add(map, decl[2], lineNo, decl[1]!.length + 1);
  const rel =
    /^(\s*)([\w.-]+)\s*(?:"[^"]*"\s*)?(?:<\|--|--\|>|\*--|--\*|o--|--o|<--|-->|<\.\.|\.\.>|\.\.\|>|<\|\.\.|--|\.\.)\s*(?:"[^"]*"\s*)?([\w.-]+)/.exec(
      line,
    );
  if (rel) {
    add(map, rel[2], lineNo, rel[1]!.length + 1);
    add(map, rel[3], lineNo, line.lastIndexOf(rel[3]!) + 1);
    return;
  }
  const member = /^(\s*)([\w.-]+)\s*:/.exec(line);
  if (member) add(map, member[2], lineNo, member[1]!.length + 1);
};

const stateDiagram: LineScanner = (line, lineNo, map) => {
  const decl = /^(\s*state\s+)(?:"[^"]*"\s+as\s+)?([\w.-]+)/.exec(line);
  if (decl) return add(map, decl[2], lineNo, line.indexOf(decl[2]!, decl[1]!.length) + 1);
  const tr = /^(\s*)([\w.-]+|\[\*\])\s*-->\s*([\w.-]+|\[\*\])/.exec(line);
  if (tr) {
    add(map, tr[2], lineNo, tr[1]!.length + 1);
    add(map, tr[3], lineNo, line.lastIndexOf(tr[3]!) + 1);
    return;
  }
  const desc = /^(\s*)([\w.-]+)\s*:/.exec(line);
  if (desc) add(map, desc[2], lineNo, desc[1]!.length + 1);
};

const erDiagram: LineScanner = (line, lineNo, map) => {
  const rel = /^(\s*)([\w.-]+)\s*[|}o][|o]?(?:--|\.\.)[|o][|{o]?\s*([\w.-]+)/.exec(line);
  if (rel) {
    add(map, rel[2], lineNo, rel[1]!.length + 1);
    add(map, rel[3], lineNo, line.lastIndexOf(rel[3]!) + 1);
    return;
  }
  const entity = /^(\s*)([\w.-]+)\s*(?:\[[^\]]*\]\s*)?\{/.exec(line);
  if (entity) add(map, entity[2], lineNo, entity[1]!.length + 1);
};

const generic: LineScanner = (line, lineNo, map) => {
  const m = /^(\s*)([A-Za-z_][\w-]*)\s*[[(:]/.exec(line);
  if (m) add(map, m[2], lineNo, m[1]!.length + 1);
};

function scannerFor(declaration: string | null): LineScanner {
  if (!declaration) return generic;
  if (declaration === 'sequenceDiagram') return sequence;
  if (declaration === 'classDiagram') return classDiagram;
  if (declaration.startsWith('stateDiagram')) return stateDiagram;
  if (declaration === 'erDiagram') return erDiagram;
  return generic;
}

/**
 * The ids the diagram defines (nodes, participants, classes, states, entities), each where it is
 * defined: a flowchart's where the core's flowchart reader places them (the node's text, else its
 * first mention), the other types' at their first mention.
 */
export function collectSymbols(text: string): Map<string, SymbolLocation> {
  const flowchart = readFlowchart(text);
  if (flowchart) {
    const lines = text.split('\n');
    return new Map(
      [...flowchart.nodes.values()]
        // A subgraph with only a title gets an id from mermaid that the text never mentions.
        .filter((n) => lines[n.line - 1]?.startsWith(n.id, n.column - 1))
        .map((n) => [n.id, { line: n.line, column: n.column }]),
    );
  }
  const map = new Map<string, SymbolLocation>();
  const scan = scannerFor(declarationOf(text));
  const lines = text.split('\n');
  let started = false;
  let inFrontmatter = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (i === 0 && trimmed === '---') {
      inFrontmatter = true;
      continue;
    }
    if (inFrontmatter) {
      if (trimmed === '---') inFrontmatter = false;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('%%')) continue;
    if (!started) {
      started = true;
      // The declaration line itself may hold content (`pie title X`) but defines no ids.
      continue;
    }
    scan(line, i + 1, map);
  }
  return map;
}

/** What `modelSymbols` needs of a Monaco text model. */
interface VersionedText {
  getVersionId(): number;
  getValue(): string;
}

const scanned = new WeakMap<VersionedText, { version: number; map: Map<string, SymbolLocation> }>();

/**
 * The symbols of a model, scanned at most once per version: completions, the preview highlight and
 * click-to-source all ask, and a full scan of a large file per keystroke would slow typing.
 */
export function modelSymbols(model: VersionedText): Map<string, SymbolLocation> {
  const version = model.getVersionId();
  const cached = scanned.get(model);
  if (cached?.version === version) return cached.map;
  const map = collectSymbols(model.getValue());
  scanned.set(model, { version, map });
  return map;
}

/**
 * The line (1-based) of the edge mermaid drew with `edgeId`: a flowchart's by its id (the reader
 * numbers edges as mermaid does), another diagram's as the first line linking its two ends.
 */
export function edgeLine(text: string, edgeId: string, known: Map<string, SymbolLocation>): number | null {
  const flowchart = readFlowchart(text);
  if (flowchart) return flowchart.edges.find((e) => e.id === edgeId)?.line ?? null;
  const ends = edgeEnds(edgeId, known);
  return ends ? findEdgeLine(text, ends.from, ends.to) : null;
}

/** The line (1-based) of the first edge from `from` to `to`, or null. */
function findEdgeLine(text: string, from: string, to: string): number | null {
  const lines = text.split('\n');
  const word = (id: string) => new RegExp(`(^|[^\\w.-])${escapeRegExp(id)}($|[^\\w.-])`);
  const a = word(from);
  const b = word(to);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (a.test(line) && b.test(line) && /--|==|\.\.|-\.|~~/.test(line)) return i + 1;
  }
  return null;
}

/** The line (1-based) of the `index`-th message (0-based) from `from` to `to` in a sequence diagram, or null. */
export function findMessageLine(text: string, from: string, to: string, index: number): number | null {
  const arrow = String.raw`\s*(?:<<)?-{1,2}(?:>>|>|x|\))[+-]?\s*`;
  const re = new RegExp(`^\\s*${escapeRegExp(from)}${arrow}${escapeRegExp(to)}\\s*:`);
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i]!) && seen++ === index) return i + 1;
  return null;
}

/** The line (1-based) of the `index`-th transition (0-based, `A --> B`) of a state diagram, or null. */
export function findTransitionLine(text: string, index: number): number | null {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*([\w.-]+|\[\*\])\s*-->\s*([\w.-]+|\[\*\])/.test(lines[i]!) && seen++ === index) return i + 1;
  }
  return null;
}

/**
 * Splits mermaid's edge ids (`L_A_B_0` in flowcharts, `id_A_B_1` in class diagrams,
 * `id_entity-A-0_entity-B-1_0` in ER diagrams) into their two ends, using the known ids
 * because ids may themselves contain `_`.
 */
function edgeEnds(edgeId: string, known: Map<string, SymbolLocation>): { from: string; to: string } | null {
  const er = /^id_entity-(.+)-\d+_entity-(.+)-\d+_\d+$/.exec(edgeId);
  if (er) return { from: er[1]!, to: er[2]! };
  const m = /^(?:L|id)_(.+)_\d+$/.exec(edgeId);
  if (!m) return null;
  const inner = m[1]!;
  for (let i = inner.indexOf('_'); i !== -1; i = inner.indexOf('_', i + 1)) {
    const from = inner.slice(0, i);
    const to = inner.slice(i + 1);
    if (known.has(from) && known.has(to)) return { from, to };
  }
  return null;
}

/** The defined id at `column` (1-based) of a line, or null. */
export function symbolAt(
  lineText: string,
  column: number,
  known: Map<string, SymbolLocation>,
): string | null {
  for (const m of lineText.matchAll(/[\w.-]+/g)) {
    const start = m.index + 1;
    const end = start + m[0].length;
    if (column < start || column > end) continue;
    for (const candidate of [m[0], m[0].replace(/-+>?$|^-+/, '')]) if (known.has(candidate)) return candidate;
  }
  return null;
}

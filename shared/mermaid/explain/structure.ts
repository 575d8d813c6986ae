/**
 * Brackets, quotes and blocks: which opener a line or the diagram leaves unclosed, and which
 * closer has nothing to close. Mermaid's grammars notice such a mistake only where the text stops
 * making sense, often lines later; the explainer points at the opener instead.
 */
import type { Explanation } from './explanation.ts';
import { type Family, indentColumn, type Line, type Source } from './source.ts';

const PAIRS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
/** Flowchart links, for telling an edge label's `|` from text. */
const LINK_END = /(?:--+|==+|-\.+-)[>xo]?$|~~~$/;

interface Opener {
  char: string;
  column: number;
}

/** Families whose statements hold labels in brackets and quotes on one line. */
export const INLINE: Family[] = [
  'flowchart',
  'kanban',
  'mindmap',
  'block',
  'xychart',
  'quadrant',
  'class',
  'state',
];

/**
 * The innermost opener a line leaves unclosed (a quote before any bracket), or undefined. In
 * flowcharts a `|` right after a link opens an edge label.
 */
export function unclosedOnLine(text: string, family: Family): Opener | undefined {
  const stack: Opener[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack.at(-1);
    if (top?.char === '"') {
      if (c === '"') stack.pop();
      continue;
    }
    if (top?.char === '|') {
      if (c === '|') stack.pop();
      continue;
    }
    if (c === '%' && text[i + 1] === '%') break;
    if (c === '"') stack.push({ char: c, column: i + 1 });
    else if (c in PAIRS) {
      // Class and state diagrams open multi-line blocks with `{` at the end of a line.
      if (c === '{' && (family === 'class' || family === 'state') && text.slice(i + 1).trim() === '') break;
      stack.push({ char: c, column: i + 1 });
    } else if (c === ']' || c === ')' || c === '}') {
      const at = stack.map((o) => PAIRS[o.char]).lastIndexOf(c);
      // A shape opened with two brackets and closed with one (`A([Start)`): the shape is unclosed.
      if (at !== -1 && at < stack.length - 1 && stack[at + 1]!.column === stack[at]!.column + 1) {
        const inner = stack.slice(at);
        return { char: inner.map((o) => o.char).join(''), column: stack[at]!.column };
      }
      if (at !== -1) stack.splice(at);
    } else if (
      c === '|' &&
      family === 'flowchart' &&
      stack.length === 0 &&
      LINK_END.test(text.slice(0, i).trimEnd())
    ) {
      stack.push({ char: c, column: i + 1 });
    } else if (c === '~' && family === 'class') {
      // A generic type: `List~int~`.
      const close = text.indexOf('~', i + 1);
      if (close === -1) return { char: c, column: i + 1 };
      i = close;
    }
  }
  return stack.findLast((o) => o.char === '"') ?? stack.at(-1);
}

/** The word just before a column (a node or class id before its label's bracket). */
function wordBefore(text: string, column: number): string {
  return /([\w.-]+)\s*$/.exec(text.slice(0, column - 1))?.[1] ?? '';
}

/** An explanation for an opener a line leaves unclosed. */
export function explainUnclosed(line: Line, opener: Opener, family: Family): Explanation {
  const at = { line: line.n, column: opener.column };
  if (opener.char === '"')
    return { ...at, message: `the '"' opened here is never closed; add the closing '"'` };
  if (opener.char === '|')
    return { ...at, message: `the edge label's '|' is never closed; end the label with '|'` };
  if (opener.char === '~') {
    const name = /~(\w*)/.exec(line.text.slice(opener.column - 1))?.[1] ?? '';
    return { ...at, message: `the generic type '~${name}' is never closed; end it with '~'` };
  }
  // A shape of two brackets (`([`, `[[`, `((`, `{{`) is one opener.
  const next = line.text[opener.column - 1 + opener.char.length] ?? '';
  const chars = opener.char.length === 1 && next in PAIRS ? opener.char + next : opener.char;
  const close = [...chars]
    .reverse()
    .map((c) => PAIRS[c] ?? c)
    .join('');
  if (line.text[opener.column - 2] === '@') {
    const node = wordBefore(line.text, opener.column - 1);
    return { ...at, message: `the shape data '@{' of '${node}' is never closed; end it with '}'` };
  }
  const id = wordBefore(line.text, opener.column);
  const what = family === 'xychart' || family === 'quadrant' ? 'the list' : 'the label';
  const whose = id && what === 'the label' ? ` of '${id}'` : ' opened here';
  return { ...at, message: `the '${chars}'${whose} is never closed; end ${what} with '${close}'` };
}

/** A block opened on one line and closed on a later one. */
export interface Block {
  line: Line;
  column: number;
  /** What opened it, for the message: `subgraph 'api'`, `'loop' block`, `'{' of class 'A'`. */
  what: string;
  closer: 'end' | '}';
}

const SEQUENCE_BLOCKS = /^\s*(loop|alt|opt|par|par_over|critical|break|rect|box)\b/;

/** A line that opens a block, for the families whose blocks span lines. */
function opens(line: Line, family: Family): Block | undefined {
  const t = line.text;
  if (family === 'flowchart') {
    const m = /^(\s*)subgraph\b\s*([^\s[("]*)/.exec(t);
    if (m)
      return {
        line,
        column: m[1]!.length + 1,
        what: `the subgraph${m[2] ? ` '${m[2]}'` : ''}`,
        closer: 'end',
      };
  } else if (family === 'sequence') {
    const m = SEQUENCE_BLOCKS.exec(t);
    if (m) return { line, column: indentColumn(t), what: `the '${m[1]}' block`, closer: 'end' };
  } else if (['class', 'state', 'er', 'requirement'].includes(family)) {
    const m =
      /^\s*(?:(class|state|namespace|\w*[Rr]equirement|element|designConstraint)\s+)?("[^"]*"|[\w.-]+)[^{"]*\{\s*$/.exec(
        t,
      );
    if (m) {
      const kind = m[1] && !/[Rr]equirement|element|designConstraint/.test(m[1]) ? `${m[1]} ` : '';
      return {
        line,
        column: t.lastIndexOf('{') + 1,
        what: `the '{' of ${kind}'${m[2]!.replace(/"/g, '')}'`,
        closer: '}',
      };
    }
  }
  return undefined;
}

function closes(text: string, closer: Block['closer']): boolean {
  return closer === 'end' ? /^\s*end\s*$/.test(text) : /^\s*\}\s*$/.test(text);
}

/** Families whose `{` blocks cannot hold another block. */
const FLAT_BLOCKS: Family[] = ['er', 'requirement'];

/** Walks the diagram's blocks up to line `until`. */
export function scanBlocks(
  source: Source,
  until = Number.MAX_SAFE_INTEGER,
): { open: Block[]; stray?: Line; nested?: { outer: Block; inner: Line } } {
  const open: Block[] = [];
  const family = source.family;
  for (const line of source.content()) {
    if (line.n > until) break;
    const block = opens(line, family);
    if (block) {
      const outer = open.at(-1);
      if (outer && FLAT_BLOCKS.includes(family)) return { open, nested: { outer, inner: line } };
      open.push(block);
      continue;
    }
    const closer: Block['closer'] = family === 'flowchart' || family === 'sequence' ? 'end' : '}';
    if (closes(line.text, closer)) {
      if (open.length === 0) return { open, stray: line };
      open.pop();
    }
  }
  return { open };
}

/** The message for a block left open. */
export function explainOpenBlock(block: Block): Explanation {
  const fix =
    block.closer === 'end' ? "close it with 'end' on a line of its own" : "add '}' after its last line";
  const has = block.closer === 'end' ? "has no 'end'" : 'is never closed';
  return { line: block.line.n, column: block.column, message: `${block.what} ${has}; ${fix}` };
}

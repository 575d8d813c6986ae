/**
 * Mermaid's errors in words: the common mistakes told as one sentence that names the problem, at
 * the position in the file where it is (an arrow with no target, two arrows in a row, an unclosed
 * bracket or quote, a block without its end, a misspelt keyword, arrow or diagram type, a name
 * that is not declared where the diagram type needs it). Pure: it reads the file's text and what
 * mermaid said, so the app's preview and `merrow check` explain a mistake alike.
 */
import { danglingArrow, doubleArrow, misspeltArrow } from './arrows.ts';
import type { Explanation } from './explanation.ts';
import { explainSemantic } from './semantic.ts';
import { indentColumn, type Line, Source } from './source.ts';
import { explainOpenBlock, explainUnclosed, INLINE, scanBlocks, unclosedOnLine } from './structure.ts';
import { DIAGRAM_TYPES, didYouMean, KEYWORDS } from './words.ts';

export type { Explanation } from './explanation.ts';

/** What mermaid said, as the mermaid module reads it from the error it threw. */
export interface MermaidFailure {
  /** The file's text, frontmatter included. */
  text: string;
  /** Where mermaid put the error, in the file's lines; absent when it gave no position. */
  line?: number;
  column?: number;
  kind: 'syntax' | 'lexical' | 'unknown-type' | 'other';
  /** The tokens a jison grammar expected (`AMP`, `COLON`, …) and the one it got. */
  expected?: string[];
  got?: string;
  /** Mermaid's own message. */
  message: string;
}

/** One sentence for a common mistake, or undefined when the failure is none of them. */
export function explainFailure(failure: MermaidFailure): Explanation | undefined {
  const source = new Source(failure.text);
  if (failure.kind === 'other') return explainSemantic(source, failure.message);
  return (
    diagramType(source, failure) ?? (failure.line ? atTheError(source, failure, failure.line) : undefined)
  );
}

const DIRECTIONS = ['TB', 'TD', 'BT', 'RL', 'LR'];

function diagramType(source: Source, f: MermaidFailure): Explanation | undefined {
  if (!source.header) return undefined;
  const header = source.text(source.header);
  const at = { line: source.header, column: indentColumn(header) };
  const onHeader = f.kind === 'unknown-type' || f.line === source.header;
  if (onHeader && !DIAGRAM_TYPES.includes(source.keyword)) {
    const guess = didYouMean(source.keyword, DIAGRAM_TYPES);
    if (guess)
      return { ...at, message: `unknown diagram type '${source.keyword}'; did you mean '${guess}'?` };
    return undefined;
  }
  if (f.line === source.header && source.family === 'flowchart') {
    const m = /^(\s*\S+\s+)(\S+)/.exec(header);
    if (m && !DIRECTIONS.includes(m[2]!)) {
      return {
        line: source.header,
        column: m[1]!.length + 1,
        message: `unknown direction '${m[2]}'; use TB (or TD), BT, LR or RL`,
      };
    }
  }
  return undefined;
}

/** Whether mermaid stopped because the text ended. */
function atTheEnd(source: Source, f: MermaidFailure, line: number): boolean {
  const last = source.content().at(-1)?.n ?? 0;
  return line > last || ['EOF', '1', 'EOF_IN_STRUCT'].includes(f.got ?? '');
}

function atTheError(source: Source, f: MermaidFailure, errorLine: number): Explanation | undefined {
  const family = source.family;
  const line = source.contentAtOrBefore(errorLine) ?? { n: errorLine, text: source.text(errorLine) };
  const column = f.column ?? 1;
  const startOfLine = line.n < errorLine || column <= indentColumn(line.text);
  const previous = source.contentBefore(line.n);

  const unclosed = firstUnclosed(source, line.n);
  // Of two mistakes on one line, the first: a misspelt arrow before the unclosed bracket.
  const before = unclosed?.line === line.n ? misspeltArrow(line, family, 1) : undefined;
  if (before && unclosed && before.column < unclosed.column) return before;
  if (unclosed) return unclosed;

  const blocks = scanBlocks(source, line.n + 1);
  if (blocks.nested) return explainOpenBlock(blocks.nested.outer);
  // An entity's attributes hold no relationships: one there means its '}' is missing.
  const inside = scanBlocks(source, line.n - 1).open.at(-1);
  if (family === 'er' && inside && /\s(?:[|}o]{1,2}[-.]{1,3}[|{o]{0,2})\s/.test(line.text))
    return explainOpenBlock(inside);

  const arrow =
    danglingArrow(line, family) ??
    (startOfLine && previous ? danglingArrow(previous, family) : undefined) ??
    doubleArrow(line, family) ??
    endAsNode(line, f) ??
    misspeltArrow(line, family, column);
  if (arrow) return arrow;

  // Jison places an error at the token before the one it could not take: the stray closer may be
  // on the next line.
  if (blocks.stray && Math.abs(blocks.stray.n - line.n) <= 1) return strayCloser(blocks.stray, family);
  const open = blocks.open.at(-1);
  if (open && atTheEnd(source, f, errorLine)) return explainOpenBlock(open);

  return keyword(line, family) ?? byFamily(source, f, line, column);
}

/** The first line up to `until` that leaves a bracket or quote open for good. */
function firstUnclosed(source: Source, until: number): Explanation | undefined {
  if (!INLINE.includes(source.family)) return undefined;
  const lines = source.content().filter((l) => l.n <= until);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = unclosedOnLine(line.text, source.family);
    if (!opener) continue;
    // A label may go on over the next lines (a Markdown string): only an opener still open at the
    // error is the mistake; the lines it spans are skipped.
    let j = i + 1;
    while (j < lines.length && unclosedOnLine(joined(lines, i, j), source.family)) j++;
    if (j === lines.length) return explainUnclosed(line, opener, source.family);
    i = j;
  }
  return undefined;
}

function joined(lines: Line[], from: number, to: number): string {
  return lines
    .slice(from, to + 1)
    .map((l) => l.text)
    .join('\n');
}

function strayCloser(line: Line, family: string): Explanation {
  const closer = line.text.trim();
  const what =
    family === 'flowchart'
      ? "'end' has no subgraph to close"
      : family === 'sequence'
        ? "'end' has no block (loop, alt, opt, par, …) to close"
        : `'${closer}' has nothing to close`;
  return { line: line.n, column: indentColumn(line.text), message: `${what}; remove it` };
}

/** Flowchart: `end` is a keyword, so a node cannot be called that. */
function endAsNode(line: Line, f: MermaidFailure): Explanation | undefined {
  if (f.got !== 'end') return undefined;
  const m = /(?:-->|---|==>|-\.->)\s*(end)\b/.exec(line.text);
  if (!m) return undefined;
  const at = (m.index ?? 0) + m[0].length - 2;
  return {
    line: line.n,
    column: at,
    message: "'end' is a keyword and cannot name a node; call it 'End' or something else",
  };
}

/** A statement that starts with a misspelt keyword, or a note with a misspelt position. */
function keyword(line: Line, family: Family): Explanation | undefined {
  const words = KEYWORDS[family];
  if (!words) return undefined;
  const note = /^(\s*note\s+)(\w+)(\s+of)?\b/i.exec(line.text);
  if (note && (family === 'sequence' || family === 'state')) {
    const position = `${note[2]}${note[3] ?? ''}`.toLowerCase();
    if (!['left of', 'right of', 'over'].includes(position)) {
      const guess = didYouMean(position, ['right of', 'left of', 'over']);
      if (guess)
        return {
          line: line.n,
          column: note[1]!.length + 1,
          message: `unknown note position '${note[2]}${note[3] ?? ''}'; did you mean '${guess}'?`,
        };
    }
  }
  const m = /^(\s*)([A-Za-z][\w-]*)/.exec(line.text);
  if (!m) return undefined;
  const guess = didYouMean(m[2]!, words);
  if (!guess) return undefined;
  return {
    line: line.n,
    column: m[1]!.length + 1,
    message: `unknown keyword '${m[2]}'; did you mean '${guess}'?`,
  };
}

type Family = Source['family'];

const DATE_LIKE = /\d{4}-\d{2}-\d{2}|\bafter\b|\b\d+[dwhm]\b/;
const CHOICES: [RegExp, string, string[]][] = [
  [/_RISK$/, 'risk', ['Low', 'Medium', 'High']],
  [/_VERIFY$/, 'verify method', ['Analysis', 'Inspection', 'Test', 'Demonstration']],
];

/** A sequence message written without its ':': sender, arrow (activation mark and all), receiver, text. */
const SEQUENCE_MESSAGE =
  /^([^\s:>-]+?)(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))([+-]?[^\s:]+)\s+([^:]+)$/;

/** The word at a column. */
function wordAt(text: string, column: number): string {
  return /^[^\s,:;]+/.exec(text.slice(column - 1))?.[0] ?? '';
}

/** Mistakes of one diagram family that its grammar reports by a token it expected. */
function byFamily(source: Source, f: MermaidFailure, line: Line, column: number): Explanation | undefined {
  const expected = f.expected ?? [];
  const end = { line: line.n, column: line.text.trimEnd().length + 1 };
  const statement = line.text.trim();
  // A statement that starts with a name (not an arrow or a stray symbol).
  const named = /^["\w]/.test(statement);
  const colonMissing = /Expecting token of type ':'/.test(f.message);
  switch (source.family) {
    case 'sequence':
      if (expected.length === 1 && expected[0] === 'TXT') {
        // `Alice->>Bob Hello`: the text is there, the ':' before it is not.
        const message = SEQUENCE_MESSAGE.exec(statement);
        if (message) {
          const [, from, arrow, to, text] = message;
          const at = line.text.indexOf(statement) + from!.length + arrow!.length + to!.length;
          return {
            line: line.n,
            column: at + 1,
            message: `a message's text goes after ':'; write '${from}${arrow}${to}: ${text}'`,
          };
        }
        return { ...end, message: `a message needs a text after ':'; write '${statement}: …'` };
      }
      // A name on a line of its own: the start of a message, or a participant not declared.
      if (
        f.got === 'NEWLINE' &&
        /^[A-Za-z_][\w-]*$/.test(statement) &&
        expected.some((e) => e.endsWith('_ARROW'))
      ) {
        return {
          line: line.n,
          column: indentColumn(line.text),
          message: `'${statement}' alone is no statement; write a message as '${statement}->>Other: text', or declare it as 'participant ${statement}'`,
        };
      }
      break;
    case 'flowchart': {
      // Words after a finished statement (`A[Start] some text`, `A --> B then C`).
      if (f.got !== 'NODE_STRING' || !expected.includes('NEWLINE') || !expected.includes('SEMI')) break;
      const at = column - 1;
      const rest = line.text.slice(at).trim();
      const before = line.text.slice(0, at).trimEnd();
      const node = /([A-Za-z_][\w-]*)(?:\[([^\]]*)\])?$/.exec(before);
      if (!rest || !node) break;
      const label = `${node[2] ?? node[1]} ${rest}`.replace(/"/g, "'");
      return {
        line: line.n,
        column,
        message: `'${rest}' follows a finished statement; put the words in a label, e.g. ${node[1]}["${label}"], or start a new line`,
      };
    }
    case 'er':
      if (expected.includes('COLON') && /^\w+\s+\S+\s+\w+$/.test(statement)) {
        return { ...end, message: `a relationship needs a label after ':'; write '${statement} : label'` };
      }
      if (expected.includes('ATTRIBUTE_WORD') && f.got === 'BLOCK_STOP') {
        const attribute = source.contentBefore(line.n);
        const name = attribute?.text.trim() ?? '';
        if (attribute && /^\w+$/.test(name)) {
          return {
            line: attribute.n,
            column: indentColumn(attribute.text),
            message: `the attribute '${name}' has no type; write its type first, e.g. 'string ${name}'`,
          };
        }
      }
      break;
    case 'gantt': {
      if (!expected.includes('taskData') || !named) break;
      const comma = statement.indexOf(',');
      const date = DATE_LIKE.exec(line.text);
      const commaFirst = comma !== -1 && (!date || indentColumn(line.text) + comma < date.index + 1);
      if (commaFirst && !statement.includes(':')) {
        return {
          line: line.n,
          column: indentColumn(line.text) + comma,
          message: "a task needs ':' between its name and its dates, not ','",
        };
      }
      if (date) {
        const name = line.text.slice(0, date.index).trim();
        return {
          line: line.n,
          column: date.index + 1,
          message: `a task needs ':' before its dates; write '${name} :${line.text.slice(date.index).trim()}'`,
        };
      }
      return { ...end, message: "a task needs ':' and its dates after its name" };
    }
    case 'journey':
      if (expected.includes('taskData') && named) {
        return {
          ...end,
          message: `a step needs ':' then its score and who takes it, e.g. '${statement}: 5: Me'`,
        };
      }
      break;
    case 'pie':
      if (colonMissing)
        return { line: line.n, column, message: "a slice needs ':' between its label and its value" };
      if (f.kind === 'lexical' && statement.startsWith('"')) {
        return {
          line: line.n,
          column,
          message: `a slice's value must be a number, not '${wordAt(line.text, column)}'`,
        };
      }
      break;
    case 'packet':
      if (colonMissing)
        return { line: line.n, column, message: "a field needs ':' between its bits and its label" };
      break;
    case 'architecture':
      if (colonMissing && /found `[<-]/.test(f.message)) {
        const before = line.text.slice(0, column - 1).trimEnd();
        const id = /[\w-]+$/.exec(before)?.[0];
        if (!id) break;
        return {
          line: line.n,
          column: before.length + 1,
          message: `an edge names the side of each end, e.g. '${id}:R --> L:…'; add ':R', ':L', ':T' or ':B' after '${id}'`,
        };
      }
      break;
    case 'requirement':
      for (const [token, what, values] of CHOICES) {
        const value = /:\s*(\S+)\s*$/.exec(line.text);
        if (value && expected.length > 0 && expected.every((e) => token.test(e))) {
          const word = value[1]!;
          const guess = didYouMean(word, values);
          const fix = guess ? `did you mean '${guess}'?` : `use ${values.join(', ')}`;
          const at = line.text.lastIndexOf(word) + 1;
          return { line: line.n, column: at, message: `unknown ${what} '${word}'; ${fix}` };
        }
      }
      break;
    case 'sankey': {
      // At the end of the text, jison names the row before the one it could not finish.
      const row = atTheEnd(source, f, line.n) ? (source.content().at(-1) ?? line) : line;
      const text = row.text.trim();
      if (expected.length === 1 && expected[0] === 'COMMA' && /^["\w]/.test(text) && text.includes(',')) {
        const at = { line: row.n, column: row.text.trimEnd().length + 1 };
        return { ...at, message: `the row '${text}' has no value; a row is source,target,value` };
      }
      break;
    }
  }
  return undefined;
}

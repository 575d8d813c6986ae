/**
 * Mermaid strips a YAML frontmatter block, `%%{init}%%` directives and `%%` comment lines before
 * it parses, and its grammars count lines in what is left. These helpers recover the file's own
 * lines so that errors point where the user looks.
 */

/** A diagram's text split into its frontmatter (YAML between `---` fences) and its body. */
export interface FrontmatterSplit {
  /** The YAML between the fences, or undefined when the text has no frontmatter. */
  yaml: string | undefined;
  body: string;
  /** Number of lines before the body: the 0-based index of the body's first line in the text. */
  bodyLineOffset: number;
}

const FRONTMATTER = /^[ \t]*---[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*---[ \t]*(?:\r?\n|$)/;

/** Splits off the frontmatter and says on which line the body starts. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const match = FRONTMATTER.exec(text);
  if (!match) return { yaml: undefined, body: text, bodyLineOffset: 0 };
  const head = match[0];
  return { yaml: match[1], body: text.slice(head.length), bodyLineOffset: countNewlines(head) };
}

/**
 * Where mermaid's YAML parser reads a frontmatter block: the 1-based file lines of the YAML's first
 * and last lines (mermaid skips blank lines after the opening fence), and the indentation of the
 * fences, which mermaid strips from each line before parsing.
 */
export function frontmatterYamlLines(
  text: string,
): { first: number; last: number; indent: string } | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const open = /^([ \t]*)---[ \t]*$/.exec(lines[0] ?? '');
  const { yaml, bodyLineOffset } = splitFrontmatter(text);
  if (!open || yaml === undefined) return undefined;
  // The closing fence is the line before the body.
  const last = bodyLineOffset - 1;
  let first = 2;
  while (first < last && (lines[first - 1] ?? '').trim() === '') first++;
  return { first, last, indent: open[1] ?? '' };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// The same expressions mermaid's preprocessing uses (src/diagram-api/comments.ts, directiveRegex).
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

/** The text mermaid's grammars see: no frontmatter, directives or comment lines, no leading blank lines. */
export function mermaidParsedText(text: string): string {
  const body = splitFrontmatter(text.replace(/\r\n?/g, '\n')).body;
  return body.replace(DIRECTIVE, '').replace(COMMENT_LINE, '').trimStart();
}

/** Where a line of mermaid's parsed text sits in the file: 1-based line and the column shift. */
export interface SourcePosition {
  line: number;
  /** Add to a column in the parsed line to get the column in the file's line. */
  columnShift: number;
}

/**
 * Maps line numbers of mermaid's parsed text (1-based) back to the file's own lines. Every
 * parsed line is a file line with some lines removed in between, so a greedy in-order match
 * recovers the mapping without re-implementing each removal exactly.
 */
export function sourceLineMapper(text: string): (parsedLine: number) => SourcePosition {
  const fileLines = text.replace(/\r\n?/g, '\n').split('\n');
  const parsedLines = mermaidParsedText(text).split('\n');
  const { bodyLineOffset } = splitFrontmatter(text.replace(/\r\n?/g, '\n'));
  const map: SourcePosition[] = [];
  let cursor = bodyLineOffset;
  for (const parsed of parsedLines) {
    let found = -1;
    for (let i = cursor; i < fileLines.length; i++) {
      const line = fileLines[i] ?? '';
      if (line === parsed || (parsed.trim() !== '' && line.endsWith(parsed))) {
        found = i;
        break;
      }
      // A blank parsed line only matches a blank file line, never skips content.
      if (parsed.trim() === '' && line.trim() !== '' && !/^\s*%%/.test(line)) break;
    }
    if (found === -1) found = Math.min(cursor, fileLines.length - 1);
    const fileLine = fileLines[found] ?? '';
    map.push({ line: found + 1, columnShift: Math.max(0, fileLine.length - parsed.length) });
    cursor = found + 1;
  }
  return (parsedLine) => {
    const index = Math.min(Math.max(parsedLine, 1), map.length) - 1;
    return map[index] ?? { line: bodyLineOffset + 1, columnShift: 0 };
  };
}

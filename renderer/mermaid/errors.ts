import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { explainFailure, type MermaidFailure } from '../../shared/mermaid/explain/index.ts';
import { frontmatterYamlLines, sourceLineMapper } from '../../shared/mermaid/frontmatter.ts';

interface JisonHash {
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  line?: number;
  expected?: string[];
  token?: string | null;
}

interface LangiumResult {
  lexerErrors: { line?: number; column?: number; length?: number; message: string }[];
  parserErrors: {
    token: { startLine?: number; startColumn?: number; endColumn?: number };
    message: string;
  }[];
}

/** js-yaml's error, thrown by mermaid for a frontmatter block that is not valid YAML. */
interface YamlError {
  name: 'YAMLException';
  reason: string;
  /** 0-based, in the YAML between the fences (indentation stripped). */
  mark?: { line: number; column: number };
}

/** A position in mermaid's parsed text (1-based line and column) with its message. */
interface ParsedLocation {
  line: number;
  column: number;
  endColumn?: number;
  message: string;
  /** The offending token's text, when the grammar names it. */
  token?: string;
}

/** Diagnostics for what mermaid threw; `internal` when it is not a mistake mermaid recognises in the text. */
export interface ErrorReport {
  diagnostics: Diagnostic[];
  /** Mermaid failed on its own (a TypeError inside a diagram type, say) rather than on a mistake. */
  internal: boolean;
}

/**
 * Turns whatever mermaid threw into diagnostics located in the file's own lines. Grammars built
 * with jison throw errors with `hash.loc` (0-based columns), those built with langium throw
 * errors with `result.lexerErrors` / `result.parserErrors` (1-based); both count lines after
 * the frontmatter, directives and comments were stripped. A frontmatter that is not valid YAML
 * is placed at the mistake in the file.
 */
export function describeError(error: unknown, text: string): ErrorReport {
  const yaml = yamlDiagnostic(error, text);
  if (yaml) return { diagnostics: [yaml], internal: false };
  const toFile = sourceLineMapper(text);
  const fileLines = text.replace(/\r\n?/g, '\n').split('\n');
  const { locations, internal, failure } = locate(error);
  const diagnostics = locations.map((loc) => {
    const { line, columnShift } = toFile(loc.line);
    let column = loc.column + columnShift;
    // Jison reports where the failing rule began; the offending token is at or after that.
    const at = loc.token ? (fileLines[line - 1] ?? '').indexOf(loc.token, column - 1) : -1;
    if (at !== -1) column = at + 1;
    const d: Diagnostic = { line, column, severity: 'error', message: loc.message };
    if (loc.endColumn !== undefined) {
      d.endLine = line;
      d.endColumn = loc.endColumn + columnShift;
    }
    return d;
  });
  const first = diagnostics[0];
  const positioned = failure.kind === 'syntax' || failure.kind === 'lexical';
  const explained = explainFailure({
    ...failure,
    text,
    ...(positioned && first ? { line: first.line, column: first.column } : {}),
  });
  if (!explained) return { diagnostics, internal };
  const { line, column, message } = explained;
  return {
    diagnostics: [{ line, column, severity: 'error', message, detail: mermaidWords(failure.message) }],
    internal: false,
  };
}

/**
 * Mermaid's message without what misleads in Merrow: the line numbers mermaid counts after the
 * frontmatter, the excerpt and its caret. What is left is mermaid's own words, token list included.
 */
function mermaidWords(message: string): string {
  const lines = message.trim().split('\n');
  const expecting = lines.findLast((l) => /^Expecting /.test(l));
  if (expecting) return expecting;
  return lines[0]!
    .replace(/^Parsing failed:\s*/, '')
    .replace(/^(Parse|Lexer) error on line \d+, column \d+:\s*/, '')
    .replace(/^Lexical error on line \d+\.\s*/, 'Lexical error: ')
    .slice(0, 300);
}

/** The diagnostics alone (see describeError). */
export function errorToDiagnostics(error: unknown, text: string): Diagnostic[] {
  return describeError(error, text).diagnostics;
}

function yamlDiagnostic(error: unknown, text: string): Diagnostic | undefined {
  const err = error as Partial<YamlError> | undefined;
  if (err?.name !== 'YAMLException' || typeof err.reason !== 'string') return undefined;
  const yaml = frontmatterYamlLines(text);
  const d: Diagnostic = {
    line: 1,
    column: 1,
    severity: 'error',
    message: `the frontmatter is not valid YAML: ${err.reason}`,
  };
  if (!yaml || !err.mark) return d;
  const fileLines = text.replace(/\r\n?/g, '\n').split('\n');
  const line = yaml.first + err.mark.line;
  if (line > yaml.last) {
    // The YAML ended early (an unclosed bracket or quote): the mistake is at the end of its last line.
    return { ...d, line: yaml.last, column: (fileLines[yaml.last - 1] ?? '').trimEnd().length + 1 };
  }
  const fileLine = fileLines[line - 1] ?? '';
  const indent = yaml.indent && fileLine.startsWith(yaml.indent) ? yaml.indent.length : 0;
  return { ...d, line, column: err.mark.column + 1 + indent };
}

/** What mermaid threw: where (in its parsed lines) and what, and the facts the explainer reads. */
interface Located {
  locations: ParsedLocation[];
  internal: boolean;
  failure: Omit<MermaidFailure, 'text'>;
}

function locate(error: unknown): Located {
  const err = error as { name?: string; message?: string; hash?: JisonHash; result?: LangiumResult };
  const message = String(err?.message ?? error);
  const recognised = recognise(err, message);
  if (recognised) return { ...recognised, internal: false };
  // Anything else is mermaid failing on valid-looking input (a TypeError from HTML inside a class
  // member, say), or refusing statements that do not fit together (the explainer finds those):
  // say so plainly instead of passing on an internal stack.
  const kind = err?.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return {
    locations: [
      { line: 1, column: 1, message: `mermaid could not render this diagram (${kind}${firstLine(message)})` },
    ],
    internal: true,
    failure: { kind: 'other', message },
  };
}

/** Locations of the mistakes mermaid reports with a position, or undefined for anything else. */
function recognise(
  err: { name?: string; hash?: JisonHash; result?: LangiumResult } | undefined,
  message: string,
): Omit<Located, 'internal'> | undefined {
  if (err?.result && Array.isArray(err.result.lexerErrors) && Array.isArray(err.result.parserErrors)) {
    const kind = err.result.lexerErrors.length > 0 ? 'lexical' : 'syntax';
    return { locations: langiumLocations(err.result), failure: { kind, message } };
  }
  // Some diagram types throw their own errors with a `hash` (gitGraph's branches, say): only a
  // grammar's errors say "Parse error" or "Lexical error".
  if (err?.hash && /^(Parse|Lexical) error/.test(message)) {
    const lexical = /^Lexical error/.test(message);
    const got = /got '([^']*)'/.exec(message)?.[1];
    const expected = (err.hash.expected ?? []).map((e) => e.replace(/^'|'$/g, ''));
    return {
      locations: [jisonLocation(err.hash, message)],
      failure: { kind: lexical ? 'lexical' : 'syntax', expected, ...(got ? { got } : {}), message },
    };
  }
  // Grammars of their own (usecase) say where in words.
  const words = /^Error (?:lexing|parsing) \w+ diagram: (.*?) at line (\d+), column (\d+)/.exec(message);
  if (words) {
    const location = {
      line: Number(words[2]),
      column: Number(words[3]),
      message: `syntax error: ${words[1]}`,
    };
    return { locations: [location], failure: { kind: 'syntax', message } };
  }
  if (err?.name === 'UnknownDiagramError' || /No diagram type detected/.test(message)) {
    const first =
      message
        .replace(/^[\s\S]*?for text:\s*/, '')
        .split('\n')[0]
        ?.trim() ?? '';
    return {
      locations: [
        {
          line: 1,
          column: 1,
          message: `not a Mermaid diagram: '${first.slice(0, 60)}' does not start with a diagram type such as flowchart, sequenceDiagram or classDiagram`,
        },
      ],
      failure: { kind: 'unknown-type', message },
    };
  }
  const edges = /Edge limit exceeded\. (\d+) edges found, but the limit is (\d+)/.exec(message);
  if (edges) {
    return {
      locations: [
        {
          line: 1,
          column: 1,
          message: `the diagram has more than ${edges[2]} edges (mermaid's maxEdges); split it, or raise maxEdges in the config`,
        },
      ],
      failure: { kind: 'other', message },
    };
  }
  return undefined;
}

function jisonLocation(hash: JisonHash & { text?: string }, message: string): ParsedLocation {
  const line = hash.loc ? hash.loc.first_line : (hash.line ?? 0) + 1;
  const column = hash.loc ? hash.loc.first_column + 1 : 1;
  const got = /got '([^']*)'/.exec(message)?.[1];
  let text: string;
  if (/^Lexical error/.test(message)) {
    text = `unrecognized text${hash.token ? ` '${hash.token}'` : ''}`;
  } else if (hash.expected && hash.expected.length > 0) {
    const expected = hash.expected.slice(0, 6).join(', ');
    text = `syntax error: expecting ${expected}${hash.expected.length > 6 ? ', …' : ''}${got ? `, got '${got}'` : ''}`;
  } else {
    text = `syntax error${got ? `: unexpected '${got}'` : ''}`;
  }
  const loc: ParsedLocation = { line, column, message: text };
  if (hash.text?.trim()) loc.token = hash.text;
  return loc;
}

function langiumLocations(result: LangiumResult): ParsedLocation[] {
  // An error at the end of input has no position; the line mapper clamps this to the last line.
  const lastLine = Number.MAX_SAFE_INTEGER;
  const out: ParsedLocation[] = [];
  for (const e of result.lexerErrors) {
    out.push({
      line: validOr(e.line, lastLine),
      column: validOr(e.column, 1),
      message: `lexer error: ${e.message}`,
    });
  }
  for (const e of result.parserErrors) {
    const loc: ParsedLocation = {
      line: validOr(e.token.startLine, lastLine),
      column: validOr(e.token.startColumn, 1),
      message: `syntax error: ${e.message}`,
    };
    if (Number.isFinite(e.token.endColumn)) loc.endColumn = (e.token.endColumn as number) + 1;
    out.push(loc);
  }
  return out.slice(0, 1).concat(out.slice(1).filter((l) => l.line !== out[0]?.line));
}

function validOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
}

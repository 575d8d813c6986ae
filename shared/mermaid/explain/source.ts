import { splitFrontmatter } from '../frontmatter.ts';

/** The diagram families whose mistakes are explained; `other` gets the generic rules only. */
export type Family =
  | 'flowchart'
  | 'sequence'
  | 'class'
  | 'state'
  | 'er'
  | 'gantt'
  | 'journey'
  | 'gitGraph'
  | 'mindmap'
  | 'kanban'
  | 'timeline'
  | 'pie'
  | 'packet'
  | 'architecture'
  | 'venn'
  | 'quadrant'
  | 'xychart'
  | 'sankey'
  | 'requirement'
  | 'block'
  | 'other';

const FAMILIES: [RegExp, Family][] = [
  [/^(flowchart|graph)$/, 'flowchart'],
  [/^sequenceDiagram$/, 'sequence'],
  [/^classDiagram(-v2)?$/, 'class'],
  [/^stateDiagram(-v2)?$/, 'state'],
  [/^erDiagram$/, 'er'],
  [/^gantt$/, 'gantt'],
  [/^journey$/, 'journey'],
  [/^gitGraph$/, 'gitGraph'],
  [/^mindmap$/, 'mindmap'],
  [/^kanban$/, 'kanban'],
  [/^timeline$/, 'timeline'],
  [/^pie$/, 'pie'],
  [/^packet(-beta)?$/, 'packet'],
  [/^architecture(-beta)?$/, 'architecture'],
  [/^venn(-beta)?$/, 'venn'],
  [/^quadrantChart$/, 'quadrant'],
  [/^xychart(-beta)?$/, 'xychart'],
  [/^sankey(-beta)?$/, 'sankey'],
  [/^requirementDiagram$/, 'requirement'],
  [/^block(-beta)?$/, 'block'],
];

/** The family of a diagram that starts with `keyword` (e.g. `graph` is a flowchart). */
export function familyOf(keyword: string): Family {
  return FAMILIES.find(([re]) => re.test(keyword))?.[1] ?? 'other';
}

/** One line of the file: its 1-based number and its text. */
export interface Line {
  n: number;
  text: string;
}

const COMMENT = /^\s*%%(?!\{)/;

/**
 * A diagram file as the explainer reads it: its lines, where the diagram's first keyword is (after
 * frontmatter, directives and comments), and the lines of the diagram after it that hold something.
 */
export class Source {
  readonly lines: string[];
  /** The 1-based line of the diagram's first keyword, or 0 when there is none. */
  readonly header: number;
  /** The diagram's first word, e.g. `flowchart` or `sequenceDiagrams`. */
  readonly keyword: string;
  readonly family: Family;

  constructor(text: string) {
    this.lines = text.replace(/\r\n?/g, '\n').split('\n');
    const { bodyLineOffset } = splitFrontmatter(text.replace(/\r\n?/g, '\n'));
    let header = 0;
    for (let i = bodyLineOffset; i < this.lines.length; i++) {
      const t = this.lines[i]!;
      if (t.trim() === '' || COMMENT.test(t) || /^\s*%%\{/.test(t)) continue;
      header = i + 1;
      break;
    }
    this.header = header;
    this.keyword = header ? (/^\s*([\w-]+)/.exec(this.lines[header - 1]!)?.[1] ?? '') : '';
    this.family = familyOf(this.keyword);
  }

  /** The text of a 1-based line ('' past the end). */
  text(n: number): string {
    return this.lines[n - 1] ?? '';
  }

  /** The diagram's lines after its keyword line that are neither blank nor comments. */
  content(): Line[] {
    const out: Line[] = [];
    for (let n = this.header + 1; n <= this.lines.length; n++) {
      const text = this.text(n);
      if (text.trim() !== '' && !COMMENT.test(text)) out.push({ n, text });
    }
    return out;
  }

  /** The last line with content at or before line `n`. */
  contentAtOrBefore(n: number): Line | undefined {
    return this.content()
      .filter((l) => l.n <= n)
      .at(-1);
  }

  /** The last line with content before line `n`. */
  contentBefore(n: number): Line | undefined {
    return this.content()
      .filter((l) => l.n < n)
      .at(-1);
  }
}

/** The 1-based column of a line's first non-blank character. */
export function indentColumn(text: string): number {
  return text.length - text.trimStart().length + 1;
}

import type { Diagnostic } from './diagnostic.ts';
import { mermaidParsedText, splitFrontmatter } from './frontmatter.ts';
import type { MermaidConfig } from './render-types.ts';

/** Mermaid's default `maxTextSize`; over it mermaid silently draws a "Maximum text size" box. */
export const DEFAULT_MAX_TEXT_SIZE = 50_000;

/** The `maxTextSize` mermaid renders with under `config` (the folder's config can raise it). */
export function maxTextSize(config: MermaidConfig | undefined): number {
  return typeof config?.maxTextSize === 'number' ? config.maxTextSize : DEFAULT_MAX_TEXT_SIZE;
}

/**
 * Whether mermaid refuses `text` as too long under `config`. It counts the text left after removing
 * frontmatter, directives and comments; `length` (the whole text's) decides alone when it is within
 * the limit, so that a caller holding a large buffer copies its text only when it is near the limit.
 */
export function overMaxTextSize(
  length: number,
  text: () => string,
  config: MermaidConfig | undefined,
): boolean {
  const max = maxTextSize(config);
  return length > max && mermaidParsedText(text()).length > max;
}

/**
 * Problems found without a browser: an empty diagram, and text over `maxTextSize` (mermaid
 * compares the text left after removing frontmatter, directives and comments).
 */
export function precheck(text: string, config: MermaidConfig | undefined): Diagnostic[] {
  const parsed = mermaidParsedText(text);
  if (parsed.trim() === '') {
    const { bodyLineOffset } = splitFrontmatter(text);
    const what =
      text.trim() === '' ? 'the file is empty' : 'there is no diagram after the frontmatter and comments';
    return [
      {
        line: Math.min(bodyLineOffset + 1, text.split('\n').length),
        column: 1,
        severity: 'error',
        message: `${what}; a Mermaid diagram starts with its type, e.g. 'flowchart TD'`,
      },
    ];
  }
  const max = maxTextSize(config);
  if (parsed.length > max) {
    return [
      {
        line: 1,
        column: 1,
        severity: 'error',
        message: `the diagram is ${parsed.length} characters, over mermaid's maxTextSize of ${max}; split it, or raise maxTextSize in the config`,
      },
    ];
  }
  return [];
}

/** The diagram's first keyword (e.g. `flowchart`, `sequenceDiagram`), or '' when there is none. */
export function diagramKeyword(text: string): string {
  return /^\s*([\w-]+)/.exec(mermaidParsedText(text))?.[1] ?? '';
}

/**
 * A rough relative cost of rendering a diagram, to schedule the longest first: layout time
 * grows with the number of edges and nodes, which the count of lines approximates.
 */
export function estimateRenderCost(text: string): number {
  const parsed = mermaidParsedText(text);
  const edges = parsed.match(/--|==|-\.|~~~|->>|->/g)?.length ?? 0;
  const lines = parsed.split('\n').length;
  const elkFactor = /layout:\s*elk/.test(text) ? 2 : 1;
  return (lines + edges * 2) * elkFactor + parsed.length / 200;
}

/**
 * Layout edits as operations on whole lines of the original text, and the one fix-up every edit
 * needs: `linkStyle` names links by their position in the text, so when links change order the
 * numbers are rewritten to keep each style on its own link.
 */
import { readFlowchart } from '../mermaid/flowchart-reader.ts';
import type { LineSource, Unit } from './source.ts';

export type LineOp =
  /** Moves a unit's lines to just before line `before` (the original's numbering; `lines.length` is the end), indented as given. */
  | { op: 'move'; unit: Unit; before: number; indent: string }
  /** Inserts a new line before line `before`. */
  | { op: 'insert'; before: number; text: string }
  /** Replaces line `line` with `text` ('' deletes it when `remove`). */
  | { op: 'replace'; line: number; text: string; remove?: boolean };

/** A proposed edit: its operations and what it does, in a sentence. */
export interface Proposal {
  ops: LineOp[];
  description: string;
  /** The kind of edit: `order`, `model-order` (ELK's, named in the frontmatter), `invisible-link`, `subgraph`. */
  family: string;
  /** A setting the edit also writes into the frontmatter's `config:`. */
  config?: { path: string[]; value: unknown };
  /** The edit that usually works for its request, though not the smallest (the app renders it early). */
  likely?: boolean;
}

/** Applies line operations to the source's original lines and returns the new text, links' styles renumbered. */
export function applyOps(source: LineSource, ops: readonly LineOp[]): string {
  const { lines } = source;
  const before = Array.from({ length: lines.length + 1 }, () => [] as string[]);
  const replaced = new Map<number, string | null>();
  for (const op of ops) {
    if (op.op === 'insert') before[op.before]!.push(op.text);
    else if (op.op === 'replace') replaced.set(op.line, op.remove ? null : op.text);
    else {
      const own = /^\s*/.exec(lines[op.unit.first]!)![0];
      for (let i = op.unit.first; i <= op.unit.last; i++) {
        const line = replaced.has(i) ? replaced.get(i) : lines[i]!;
        replaced.set(i, null);
        if (line == null) continue;
        before[op.before]!.push(line.startsWith(own) ? op.indent + line.slice(own.length) : line);
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i <= lines.length; i++) {
    out.push(...before[i]!);
    if (i === lines.length) break;
    const line = replaced.has(i) ? replaced.get(i) : lines[i]!;
    if (line != null) out.push(line);
  }
  const text = out.join('\n');
  return renumberLinkStyles(lines.join('\n'), text).replace(/\n/g, source.eol);
}

const LINK_STYLE = /^(\s*linkStyle\s+)([\d,\s]+?)(\s+\S.*)$/;

/**
 * Rewrites the numbers of `linkStyle` statements in `after` so that each names the same link it
 * named in `before`. Links are matched by their ends, arrow and text (the k-th such link to the
 * k-th); a `linkStyle` that names a link no longer there is left as it is.
 */
export function renumberLinkStyles(before: string, after: string): string {
  const oldChart = readFlowchart(before);
  const newChart = readFlowchart(after);
  if (!oldChart || !newChart) return after;
  const key = (e: { from: string; to: string; kind: string; label: string }) =>
    `${e.from}\0${e.to}\0${e.kind}\0${e.label}`;
  const newIndexes = new Map<string, number[]>();
  newChart.edges.forEach((e, i) => {
    const list = newIndexes.get(key(e)) ?? [];
    list.push(i);
    newIndexes.set(key(e), list);
  });
  const seen = new Map<string, number>();
  const moved = oldChart.edges.map((e) => {
    const k = key(e);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return newIndexes.get(k)?.[n];
  });
  if (moved.every((to, from) => to === from)) return after;
  return after
    .split('\n')
    .map((line) => {
      const m = LINK_STYLE.exec(line);
      if (!m) return line;
      const numbers = m[2]!.split(',').map((n) => Number(n.trim()));
      const renumbered = numbers.map((n) => moved[n] ?? n);
      return `${m[1]}${renumbered.join(',')}${m[3]}`;
    })
    .join('\n');
}

/**
 * The directions a flowchart's text holds: the header's (`flowchart LR`) and each subgraph's own
 * (`direction TB` inside its block). Read and set as line edits, for the layout panel.
 */
import { indentOf, readSource } from './source.ts';

export const DIRECTIONS = ['TB', 'BT', 'LR', 'RL'] as const;

export interface Directions {
  /** The header's direction (`TD` reads as `TB`). */
  chart: string;
  /** Each subgraph's own direction, '' when it has none; in the order of the text. */
  subgraphs: { id: string; direction: string }[];
}

const HEADER = /^(\s*(?:flowchart|graph|flowchart-elk))(?:([ \t]+)(TB|TD|BT|RL|LR))?(?=\s|;|$)/;
const DIRECTION = /^(\s*direction\s+)(TB|TD|BT|RL|LR)\b/;

const normal = (d: string) => (d === 'TD' ? 'TB' : d);

/** The directions of a flowchart; null when the text is not a flowchart. */
export function readDirections(text: string): Directions | null {
  const source = readSource(text);
  if (!source) return null;
  const header = HEADER.exec(source.lines[source.header] ?? '');
  const subgraphs = [...source.blocks.values()].map((b) => {
    const unit = source.units.find((u) => u.block === b.id && u.kind === 'direction');
    const m = unit ? DIRECTION.exec(source.lines[unit.first]!) : null;
    return { id: b.id, direction: m ? normal(m[2]!) : '' };
  });
  return { chart: normal(header?.[3] ?? 'TB'), subgraphs };
}

/** Sets the header's direction. */
export function setChartDirection(text: string, direction: string): string {
  const source = readSource(text);
  if (!source) return text;
  const lines = [...source.lines];
  lines[source.header] = lines[source.header]!.replace(HEADER, (_, head: string) => `${head} ${direction}`);
  return lines.join(source.eol);
}

/** Sets a subgraph's own direction, or removes it (''), as a `direction` line first in its block. */
export function setSubgraphDirection(text: string, id: string, direction: string): string {
  const source = readSource(text);
  const block = source?.blocks.get(id);
  if (!source || !block) return text;
  const lines = [...source.lines];
  const unit = source.units.find((u) => u.block === id && u.kind === 'direction');
  if (unit) {
    if (direction)
      lines[unit.first] = lines[unit.first]!.replace(DIRECTION, (_, head: string) => `${head}${direction}`);
    else lines.splice(unit.first, 1);
  } else if (direction) {
    lines.splice(block.open + 1, 0, `${indentOf(source, id)}direction ${direction}`);
  }
  return lines.join(source.eol);
}

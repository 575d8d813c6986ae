/**
 * The directions a flowchart's text holds: the header's (`flowchart LR`) and each subgraph's own
 * (`direction TB` inside its block); a state diagram's are `direction` statements, at the top and
 * in each composite state, and a class diagram's one at the top. Read and set as line edits, for
 * the layout panel.
 */

import { readDiagramSource } from './diagram-source.ts';
import { indentOf, type LineSource } from './source.ts';

export const DIRECTIONS = ['TB', 'BT', 'LR', 'RL'] as const;

export interface Directions {
  family: 'flowchart' | 'state' | 'class';
  /** The header's direction (`TD` reads as `TB`); a state or class diagram's top-level `direction`. */
  chart: string;
  /** Each subgraph's own direction, '' when it has none; in the order of the text. */
  subgraphs: { id: string; direction: string }[];
}

const HEADER = /^(\s*(?:flowchart|graph|flowchart-elk))(?:([ \t]+)(TB|TD|BT|RL|LR))?(?=\s|;|$)/;
const DIRECTION = /^(\s*direction\s+)(TB|TD|BT|RL|LR)\b/;

const normal = (d: string) => (d === 'TD' ? 'TB' : d);

/** The directions of a flowchart, state or class diagram; null for other text. */
export function readDirections(text: string): Directions | null {
  const read = readDiagramSource(text);
  if (!read) return null;
  const { family, source } = read;
  const own = (block: string) => {
    const unit = source.units.find((u) => u.block === block && u.kind === 'direction');
    const m = unit ? DIRECTION.exec(source.lines[unit.first]!) : null;
    return m ? normal(m[2]!) : '';
  };
  // A state diagram's concurrent regions (`Active#1`) follow their composite state; a namespace
  // has no direction of its own.
  const subgraphs =
    family === 'class'
      ? []
      : [...source.blocks.values()]
          .filter((b) => family === 'flowchart' || !b.id.includes('#'))
          .map((b) => ({ id: b.id, direction: own(b.id) }));
  if (family !== 'flowchart') return { family, chart: own('') || 'TB', subgraphs };
  const header = HEADER.exec(source.lines[source.header] ?? '');
  return { family, chart: normal(header?.[3] ?? 'TB'), subgraphs };
}

/** Sets the header's direction (a state or class diagram's top-level `direction` statement). */
export function setChartDirection(text: string, direction: string): string {
  const read = readDiagramSource(text);
  if (!read) return text;
  if (read.family !== 'flowchart') return setBlockDirection(read.source, '', direction) ?? text;
  const lines = [...read.source.lines];
  lines[read.source.header] = lines[read.source.header]!.replace(
    HEADER,
    (_, head: string) => `${head} ${direction}`,
  );
  return lines.join(read.source.eol);
}

/** Sets a subgraph's own direction, or removes it (''), as a `direction` line first in its block. */
export function setSubgraphDirection(text: string, id: string, direction: string): string {
  return setBlockDirection(readDiagramSource(text)?.source ?? null, id, direction) ?? text;
}

/** The `direction` line of a block ('' the top level: after the header) set, added or removed. */
function setBlockDirection(source: LineSource | null, id: string, direction: string): string | null {
  const block = id === '' ? { open: source?.header ?? -1 } : source?.blocks.get(id);
  if (!source || !block) return null;
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

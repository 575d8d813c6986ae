/**
 * A diagram's text read for layout edits, by type: a flowchart's (source.ts), a state diagram's
 * (state-source.ts) or a class diagram's (class-source.ts).
 */
import { readClassSource } from './class-source.ts';
import { type FlowSource, type LineSource, readSource } from './source.ts';
import { readStateSource } from './state-source.ts';

export type DiagramSource =
  | { family: 'flowchart'; source: FlowSource }
  | { family: 'state' | 'class'; source: LineSource };

/** The text as lines layout edits can move, and which type it is; null for other diagrams. */
export function readDiagramSource(text: string): DiagramSource | null {
  const flow = readSource(text);
  if (flow) return { family: 'flowchart', source: flow };
  const state = readStateSource(text);
  if (state) return { family: 'state', source: state };
  const classes = readClassSource(text);
  return classes ? { family: 'class', source: classes } : null;
}

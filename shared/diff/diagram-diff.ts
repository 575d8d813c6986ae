import { readFlowchart } from '../mermaid/flowchart-reader.ts';
import { readSequence, type SequenceMessage } from './sequence-reader.ts';

export type DiffMark = 'added' | 'removed' | 'changed';

/** The marks for one rendered version: element id → how it differs from the other version. */
export interface DiffSide {
  /** Flowchart node and subgraph ids; sequence participant names. */
  nodes: Map<string, DiffMark>;
  /** Flowchart edge ids (Mermaid's own); sequence message ids (`i<n>`). */
  edges: Map<string, DiffMark>;
}

/**
 * What changed between two versions of a diagram, as marks on each version: the old one holds
 * `removed` and `changed` elements, the new one `added` and `changed`. Flowchart nodes and edges
 * are matched by id; sequence participants by name and messages by order. svg-ids.ts says
 * where each id appears in Mermaid's rendered SVG.
 */
export interface DiagramDiff {
  kind: 'flowchart' | 'sequence';
  before: DiffSide;
  after: DiffSide;
}

/** Compares two versions of a flowchart or sequence diagram; null for other diagram types. */
export function diffDiagrams(before: string, after: string): DiagramDiff | null {
  const [oldFlow, newFlow] = [readFlowchart(before), readFlowchart(after)];
  if (oldFlow && newFlow) {
    const diff = emptyDiff('flowchart');
    compareById(oldFlow.nodes, newFlow.nodes, (n) => `${n.shape}\0${n.label}`, diff, 'nodes');
    const oldEdges = new Map(oldFlow.edges.map((e) => [e.id, e]));
    const newEdges = new Map(newFlow.edges.map((e) => [e.id, e]));
    compareById(oldEdges, newEdges, (e) => `${e.kind}\0${e.label}`, diff, 'edges');
    return diff;
  }
  const [oldSeq, newSeq] = [readSequence(before), readSequence(after)];
  if (oldSeq && newSeq) {
    const diff = emptyDiff('sequence');
    compareById(oldSeq.participants, newSeq.participants, (p) => `${p.type}\0${p.label}`, diff, 'nodes');
    alignMessages(oldSeq.messages, newSeq.messages, diff);
    return diff;
  }
  return null;
}

function emptyDiff(kind: DiagramDiff['kind']): DiagramDiff {
  return {
    kind,
    before: { nodes: new Map(), edges: new Map() },
    after: { nodes: new Map(), edges: new Map() },
  };
}

function compareById<T>(
  before: Map<string, T>,
  after: Map<string, T>,
  content: (item: T) => string,
  diff: DiagramDiff,
  part: keyof DiffSide,
): void {
  for (const [id, item] of after) {
    const old = before.get(id);
    if (!old) diff.after[part].set(id, 'added');
    else if (content(old) !== content(item)) {
      diff.before[part].set(id, 'changed');
      diff.after[part].set(id, 'changed');
    }
  }
  for (const id of before.keys()) if (!after.has(id)) diff.before[part].set(id, 'removed');
}

/**
 * Messages have no ids of their own, so they are matched in order: a longest common subsequence
 * of (from, to, arrow, text). Within one gap between matches, a removed and an added message
 * between the same two participants are one edited message (`changed` on both sides).
 */
function alignMessages(before: SequenceMessage[], after: SequenceMessage[], diff: DiagramDiff): void {
  const key = (m: SequenceMessage) => `${m.from}\0${m.to}\0${m.arrow}\0${m.text}`;
  const a = before.map(key);
  const b = after.map(key);
  // lengths[i][j]: length of the LCS of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  let removed: SequenceMessage[] = [];
  let added: SequenceMessage[] = [];
  const closeGap = () => {
    for (const message of added) {
      const twin = removed.findIndex((r) => r.from === message.from && r.to === message.to);
      if (twin >= 0) {
        diff.before.edges.set(removed[twin]!.id, 'changed');
        diff.after.edges.set(message.id, 'changed');
        removed.splice(twin, 1);
      } else {
        diff.after.edges.set(message.id, 'added');
      }
    }
    for (const message of removed) diff.before.edges.set(message.id, 'removed');
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      closeGap();
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      added.push(after[j++]!);
    } else {
      removed.push(before[i++]!);
    }
  }
  closeGap();
}

/**
 * Keywords of each diagram family and the "did you mean" that compares a word with them.
 * The lists follow mermaid's grammars; a test checks the diagram types against every example of
 * `@mermaid-js/examples`, so that a new mermaid with new types is noticed.
 */
import type { Family } from './source.ts';

/** The words a diagram may start with. */
export const DIAGRAM_TYPES = [
  'flowchart',
  'graph',
  'sequenceDiagram',
  'classDiagram',
  'classDiagram-v2',
  'stateDiagram',
  'stateDiagram-v2',
  'erDiagram',
  'gantt',
  'pie',
  'journey',
  'gitGraph',
  'mindmap',
  'timeline',
  'quadrantChart',
  'requirementDiagram',
  'C4Context',
  'C4Container',
  'C4Component',
  'C4Dynamic',
  'C4Deployment',
  'sankey',
  'sankey-beta',
  'xychart',
  'xychart-beta',
  'block',
  'block-beta',
  'packet',
  'packet-beta',
  'architecture',
  'architecture-beta',
  'kanban',
  'radar-beta',
  'treemap',
  'treemap-beta',
  'venn-beta',
  'info',
  'ishikawa',
  'ishikawa-beta',
  'usecase',
  'usecase-beta',
  'wardley-beta',
  'cynefin-beta',
  'treeView-beta',
  'eventmodeling',
  'swimlane-beta',
  'railroad-beta',
  'railroad-ebnf-beta',
  'railroad-abnf-beta',
  'railroad-peg-beta',
  'zenuml',
];

const ACC = ['accTitle', 'accDescr'];

/** The words a statement of each family may start with. */
export const KEYWORDS: Partial<Record<Family, string[]>> = {
  flowchart: ['subgraph', 'end', 'style', 'linkStyle', 'classDef', 'class', 'click', 'direction', ...ACC],
  sequence: [
    'participant',
    'actor',
    'activate',
    'deactivate',
    'note',
    'loop',
    'alt',
    'else',
    'opt',
    'par',
    'and',
    'critical',
    'option',
    'break',
    'rect',
    'end',
    'autonumber',
    'create',
    'destroy',
    'box',
    'title',
    'links',
    'link',
    'properties',
    'details',
    ...ACC,
  ],
  class: [
    'class',
    'namespace',
    'note',
    'classDef',
    'cssClass',
    'style',
    'click',
    'callback',
    'link',
    'direction',
    ...ACC,
  ],
  state: ['state', 'note', 'direction', 'classDef', 'class', 'style', 'click', ...ACC],
  er: ['direction', 'style', 'classDef', 'class', ...ACC],
  gantt: [
    'title',
    'dateFormat',
    'axisFormat',
    'tickInterval',
    'excludes',
    'includes',
    'todayMarker',
    'section',
    'weekday',
    'weekend',
    'inclusiveEndDate',
    'topAxis',
    'displayMode',
    'click',
    ...ACC,
  ],
  journey: ['title', 'section', ...ACC],
  gitGraph: ['commit', 'branch', 'checkout', 'switch', 'merge', 'cherry-pick', ...ACC],
  timeline: ['title', 'section', ...ACC],
  quadrant: [
    'title',
    'x-axis',
    'y-axis',
    'quadrant-1',
    'quadrant-2',
    'quadrant-3',
    'quadrant-4',
    'classDef',
    ...ACC,
  ],
  xychart: ['title', 'x-axis', 'y-axis', 'line', 'bar', ...ACC],
  requirement: [
    'requirement',
    'functionalRequirement',
    'interfaceRequirement',
    'performanceRequirement',
    'physicalRequirement',
    'designConstraint',
    'element',
    'id',
    'text',
    'risk',
    'verifymethod',
    'type',
    'docref',
    'direction',
    'style',
    'classDef',
    'class',
    ...ACC,
  ],
  pie: ['title', 'showData', ...ACC],
  packet: ['title', ...ACC],
  architecture: ['group', 'service', 'junction', 'title', ...ACC],
  venn: ['set', 'union', 'title', ...ACC],
};

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate a word was most likely meant to be: one that differs only in case, else the
 * nearest within one edit (two for words of five letters or more); undefined when none is close
 * or the word is a candidate itself.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(word)) return undefined;
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const limit = word.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const dist = distance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** What a conversion kept, guessed and dropped — shown as `%%` lines and written as JSON. */

/** How sure a guess is: high (one reading only), medium (the likely reading), low (a hint). */
export type Confidence = 'high' | 'medium' | 'low';

/** The kinds of guess the converter makes, each from one rule. */
export type InferenceKind =
  | 'container'
  | 'shape-label'
  | 'caption'
  | 'edge-label'
  | 'snapped-end'
  | 'pointed-end'
  | 'lifeline-end'
  | 'branch'
  | 'chain'
  | 'arrowhead'
  | 'duplicate'
  | 'composite'
  | 'decoration'
  | 'text-node'
  | 'text-block'
  | 'loop-label'
  | 'legend'
  | 'lone-shape'
  | 'aside'
  | 'lane'
  | 'covered'
  | 'picture-name'
  | 'picture-words'
  | 'title-plate'
  | 'card'
  | 'bar';

/** One guess: what was inferred, from which elements, and how confident the rule is. */
export interface Inference {
  kind: InferenceKind;
  what: string;
  /** The elements it was read from (ids in the drawing). */
  from: string[];
  confidence: Confidence;
}

export interface ConversionReport {
  converted: {
    nodes: number;
    edges: number;
    edgeLabels: number;
    subgraphs: number;
    /** Free text that labels nothing, kept as `%%` comments. */
    notes: number;
  };
  guessed: {
    /** Arrow or line ends not bound in the file, attached to the nearest shape. */
    snappedEnds: number;
    /** Free text placed inside a shape, used as its label. */
    shapeLabels: number;
    /** Free text sitting on or beside an arrow, used as its label. */
    edgeLabels: number;
    /** Free text that arrows point at, made a node. */
    textNodes: number;
    direction: 'TD' | 'LR';
  };
  /** The guesses, one per decision, in the order the rules ran (the first 2 000 of them). */
  inferences: Inference[];
  /** How many guesses of each kind were made, listed or not. */
  guessTotals: Partial<Record<InferenceKind, number>>;
  dropped: {
    deleted: number;
    freedraw: number;
    images: number;
    embeds: number;
    otherElements: number;
    /** Arrows with an end near no shape. */
    looseArrows: number;
    /** Arrow ends equally close to two shapes. */
    ambiguousEnds: number;
    /** Lines that connect no two shapes (underlines, dividers, drawn shapes). */
    decorativeLines: number;
    /** Shapes with no label and no connection. */
    emptyShapes: number;
  };
  /** One line per decision a reader may want to check, naming the element id. */
  warnings: string[];
}

export function emptyReport(): ConversionReport {
  return {
    converted: { nodes: 0, edges: 0, edgeLabels: 0, subgraphs: 0, notes: 0 },
    guessed: { snappedEnds: 0, shapeLabels: 0, edgeLabels: 0, textNodes: 0, direction: 'TD' },
    inferences: [],
    guessTotals: {},
    dropped: {
      deleted: 0,
      freedraw: 0,
      images: 0,
      embeds: 0,
      otherElements: 0,
      looseArrows: 0,
      ambiguousEnds: 0,
      decorativeLines: 0,
      emptyShapes: 0,
    },
    warnings: [],
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listNonZero(parts: [number, string, string?][]): string {
  return parts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => plural(n, one, many))
    .join(', ');
}

// How each kind of guess reads in the summary line, one and many.
const GUESS_WORDS: Record<InferenceKind, [string, string]> = {
  container: ['box holding others made a subgraph', 'boxes holding others made subgraphs'],
  'shape-label': ['free text used as a shape label', 'free texts used as shape labels'],
  caption: ['caption used as a label', 'captions used as labels'],
  'edge-label': ['free text used as an arrow label', 'free texts used as arrow labels'],
  'snapped-end': [
    'unbound arrow end snapped to the nearest shape',
    'unbound arrow ends snapped to the nearest shape',
  ],
  'pointed-end': ['arrow end extended to what it points at', 'arrow ends extended to what they point at'],
  'lifeline-end': ['arrow end on a lifeline', 'arrow ends on lifelines'],
  branch: ['arrow starting on another arrow', 'arrows starting on other arrows'],
  chain: ['chain of lines joined into one edge', 'chains of lines joined into edges'],
  arrowhead: ['drawn arrowhead', 'drawn arrowheads'],
  duplicate: ['stacked duplicate merged', 'stacked duplicates merged'],
  composite: ['drawing read as one shape', 'drawings read as one shape each'],
  decoration: ['decoration folded into its shape', 'decorations folded into their shapes'],
  'text-node': ['free text made a node', 'free texts made nodes'],
  'text-block': ['block of stacked texts read as one', 'blocks of stacked texts read as one'],
  'loop-label': ['text on a loop used as its label', 'texts on loops used as their labels'],
  legend: ['legend kept out of the graph', 'legends kept out of the graph'],
  'lone-shape': ['lone shape kept as a node', 'lone shapes kept as nodes'],
  aside: ['box kept as a note (a title, a section)', 'boxes kept as notes (titles, sections)'],
  lane: ['band between long lines made a subgraph', 'bands between long lines made subgraphs'],
  covered: ['arrow split where a box is drawn over it', 'arrows split where boxes are drawn over them'],
  'picture-name': ['picture named by its own title', 'pictures named by their own titles'],
  'picture-words': [
    'picture named by the words printed in it',
    'pictures named by the words printed in them',
  ],
  'title-plate': ['shape read as a subgraph’s title', 'shapes read as subgraphs’ titles'],
  card: ['box named by the bar across its top', 'boxes named by the bars across their tops'],
  bar: ['long thin box read as a stroke', 'long thin boxes read as strokes'],
};

/** A huge drawing lists its first guesses and counts the rest. */
export const MAX_LISTED_GUESSES = 2000;

/** Records a guess; `what` is only spelled out while the list has room. */
export function recordGuess(
  r: ConversionReport,
  kind: InferenceKind,
  confidence: Confidence,
  from: string[],
  what: () => string,
): void {
  r.guessTotals[kind] = (r.guessTotals[kind] ?? 0) + 1;
  if (r.inferences.length < MAX_LISTED_GUESSES) r.inferences.push({ kind, what: what(), from, confidence });
}

/** Counts of each kind of guess, in a stable order. */
export function guessCounts(r: ConversionReport): [InferenceKind, number][] {
  return (Object.keys(GUESS_WORDS) as InferenceKind[])
    .filter((k) => (r.guessTotals[k] ?? 0) > 0)
    .map((k) => [k, r.guessTotals[k]!]);
}

/**
 * The report as the summary lines (without `%%`) put at the top of the Mermaid output. A direction
 * the user chose is not a guess, so it is left out of the guessed line.
 */
export function reportSummary(r: ConversionReport, directionChosen = false): string[] {
  const c = r.converted;
  const g = r.guessed;
  const d = r.dropped;
  const lines = [
    `Converted from Excalidraw: ${
      listNonZero([
        [c.nodes, 'node'],
        [c.edges, 'edge'],
        [c.edgeLabels, 'edge label'],
        [c.subgraphs, 'subgraph'],
        [c.notes, 'note'],
      ]) || 'nothing to convert'
    }.`,
  ];
  const guessed = listNonZero(guessCounts(r).map(([kind, n]) => [n, ...GUESS_WORDS[kind]]));
  if (!directionChosen) lines.push(`Guessed: ${guessed ? `${guessed}, ` : ''}direction ${g.direction}.`);
  else if (guessed) lines.push(`Guessed: ${guessed}.`);
  const dropped = listNonZero([
    [d.deleted, 'deleted element'],
    [d.freedraw, 'freedraw stroke'],
    [d.images, 'image'],
    [d.embeds, 'embed'],
    [d.otherElements, 'unsupported element'],
    [d.looseArrows, 'arrow with a loose end', 'arrows with a loose end'],
    [d.ambiguousEnds, 'arrow with an ambiguous end', 'arrows with an ambiguous end'],
    [d.decorativeLines, 'line connecting no shapes', 'lines connecting no shapes'],
    [d.emptyShapes, 'empty unconnected shape'],
  ]);
  if (dropped) lines.push(`Dropped: ${dropped}.`);
  return lines;
}

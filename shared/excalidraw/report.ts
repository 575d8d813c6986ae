/** What a conversion kept, guessed and dropped — shown as `%%` lines and written as JSON. */

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
    /** Free text sitting on an arrow, used as its label. */
    edgeLabels: number;
    /** Free text that arrows point at, made a node. */
    textNodes: number;
    direction: 'TD' | 'LR';
  };
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
  const guessed = listNonZero([
    [
      g.snappedEnds,
      'unbound arrow end snapped to the nearest shape',
      'unbound arrow ends snapped to the nearest shape',
    ],
    [g.shapeLabels, 'free text used as a shape label', 'free texts used as shape labels'],
    [g.edgeLabels, 'free text used as an arrow label', 'free texts used as arrow labels'],
    [g.textNodes, 'free text made a node', 'free texts made nodes'],
  ]);
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

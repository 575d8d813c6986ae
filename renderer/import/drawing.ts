/**
 * A drawing opened for import: its scenes read twice from the same bytes, once into Merrow's model
 * (what the converter sees) and once as the raw JSON Excalidraw itself draws, plus the report of a
 * conversion as a list of items the view can point at in both pictures.
 */

import type { ApiClient } from '../../shared/api/contract.ts';
import { extractJson } from '../../shared/excalidraw/carriers.ts';
import type { FlowNode } from '../../shared/excalidraw/flow-graph.ts';
import { buildGraph } from '../../shared/excalidraw/graph.ts';
import type { CarrierKind, Scene } from '../../shared/excalidraw/model.ts';
import { namesByPicture, picturesToRead } from '../../shared/excalidraw/picture-text.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import { ExcalidrawReadError, isObject } from '../../shared/excalidraw/restore.ts';
import type { FlowSubgraph } from '../../shared/excalidraw/subgraphs.ts';
import { type Conversion, type ConvertOptions, sceneToMermaid } from '../../shared/excalidraw/to-mermaid.ts';
import type { ImportOptions } from './names.ts';

/** One scene as Excalidraw's own `restore` and `exportToSvg` take it. */
export interface RawScene {
  elements: unknown[];
  files: Record<string, unknown>;
  background: string;
}

export interface Drawing {
  /** The file's name (no folder), or what a paste or drop was called. */
  name: string;
  carrier: CarrierKind;
  /** One per scene: a scene, a clipboard payload or each item of a library. */
  scenes: { title: string; model: Scene; raw: RawScene }[];
}

/**
 * Reads a drawing of any carrier; throws ExcalidrawReadError with a message for the user.
 * `pictureNames`: the names printed in its icons (readPictureNames).
 */
export function openDrawing(
  name: string,
  bytes: Uint8Array,
  pictureNames?: ReadonlyMap<string, string>,
): Drawing {
  const doc = readExcalidraw(bytes, { pictureNames });
  const raws = rawScenes(JSON.parse(extractJson(bytes).json) as unknown);
  if (raws.length !== doc.scenes.length)
    throw new ExcalidrawReadError('the drawing could not be read twice alike');
  return {
    name,
    carrier: doc.carrier,
    scenes: doc.scenes.map((model, i) => ({
      title: model.name ?? (doc.scenes.length > 1 ? `item ${i + 1}` : name),
      model,
      raw: raws[i]!,
    })),
  };
}

/**
 * The names printed in the drawing's icons, read on the machine's side (`pictures.read`); none for
 * a drawing without such pictures, or when they cannot be read: the conversion goes on without.
 */
export async function readPictureNames(api: ApiClient, bytes: Uint8Array): Promise<Map<string, string>> {
  const pictures = picturesToRead(bytes);
  if (pictures.length === 0) return new Map();
  try {
    const { names } = await api.call('pictures.read', { images: pictures.map((p) => p.dataURL) });
    return namesByPicture(pictures, names);
  } catch {
    return new Map();
  }
}

// The same shapes read.ts accepts; it has already refused anything else by the time this runs.
function rawScenes(data: unknown): RawScene[] {
  const scene = (elements: unknown, files?: unknown, appState?: unknown): RawScene => ({
    elements: Array.isArray(elements) ? elements : [],
    files: isObject(files) ? files : {},
    background:
      isObject(appState) && typeof appState.viewBackgroundColor === 'string'
        ? appState.viewBackgroundColor
        : '#ffffff',
  });
  if (Array.isArray(data)) return [scene(data)];
  if (!isObject(data)) return [];
  if (data.type === 'excalidrawlib') {
    if (Array.isArray(data.libraryItems))
      return data.libraryItems.map((item) => scene(isObject(item) ? item.elements : []));
    return Array.isArray(data.library) ? data.library.map((elements) => scene(elements)) : [];
  }
  return [scene(data.elements, data.files, data.appState)];
}

/** A line of the report the user can click: the elements it is about, in the drawing and in Mermaid. */
export interface ReportItem {
  group: 'converted' | 'guessed' | 'dropped';
  text: string;
  elementIds: string[];
  mermaidIds: string[];
}

export interface ImportResult {
  conversion: Conversion;
  items: ReportItem[];
  /** Mermaid id → element id, for a click in the Mermaid preview. */
  elementOf: Map<string, string>;
}

/** Converts one scene with the view's options and lists what happened to each element. */
export function convertScene(scene: Scene, options: ImportOptions): ImportResult {
  const convertOptions: ConvertOptions = { handDrawn: options.handDrawn, colors: options.colors };
  if (options.direction !== 'auto') convertOptions.direction = options.direction;
  const conversion = sceneToMermaid(scene, convertOptions);
  const elementOf = new Map([...conversion.ids].map(([elementId, id]) => [id, elementId]));
  return { conversion, items: reportItems(scene), elementOf };
}

const quote = (text: string, max = 40) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > max ? `${line.slice(0, max - 1)}…` : line}”`;
};

const DROPPED_TYPES: Record<string, string> = {
  freedraw: 'freedraw stroke',
  image: 'image',
  embeddable: 'embedded web page',
  iframe: 'embedded frame',
};

/** How a node without words is drawn, in the list's words. */
const SHAPE_WORDS: Record<FlowNode['shape'], string> = {
  rect: 'box',
  round: 'rounded box',
  circle: 'circle',
  stadium: 'oval',
  diamond: 'diamond',
  text: 'text',
  cylinder: 'cylinder',
  hexagon: 'hexagon',
};

/** Every converted, guessed and dropped element of a scene, in that order. */
export function reportItems(scene: Scene): ReportItem[] {
  const graph = buildGraph(scene);
  // A node with no words is named by what it is drawn as, and its Mermaid id to find it by.
  const unnamed = (n: FlowNode) => `unnamed ${SHAPE_WORDS[n.shape]} ${n.id}`;
  const nodeLabel = new Map(graph.nodes.map((n) => [n.id, n.label || unnamed(n)]));
  // An edge may reach a subgraph: name it by its title, as the user sees it.
  const nameGroups = (list: FlowSubgraph[]) => {
    for (const sg of list) {
      nodeLabel.set(sg.id, sg.title || 'untitled group');
      nameGroups(sg.children);
    }
  };
  nameGroups(graph.subgraphs);
  const items: ReportItem[] = [];
  const add = (group: ReportItem['group'], text: string, elementIds: string[], mermaidIds: string[] = []) =>
    items.push({ group, text, elementIds, mermaidIds });

  for (const n of graph.nodes) {
    add(
      'converted',
      n.label ? `${n.shape === 'text' ? 'text node' : 'node'} ${quote(n.label)}` : `node: ${unnamed(n)}`,
      [n.elementId],
      [n.id],
    );
  }
  // Arrows whose label was read from free text beside them: the view marks those labels guessed.
  const guessedLabel = new Set(
    graph.report.inferences.filter((i) => i.kind === 'edge-label').flatMap((i) => i.from.slice(1)),
  );
  for (const e of graph.edges) {
    const label = e.label
      ? ` ${quote(e.label, 24)}${guessedLabel.has(e.elementId) ? ' (label guessed)' : ''}`
      : '';
    add(
      'converted',
      `edge ${quote(nodeLabel.get(e.from) ?? e.from, 20)} → ${quote(nodeLabel.get(e.to) ?? e.to, 20)}${label}`,
      [e.elementId],
    );
  }
  // Every subgraph: frames, titled containers drawn as boxes, and groups.
  const elementsOf = new Map<string, string[]>();
  for (const [elementId, id] of graph.ids) {
    const list = elementsOf.get(id);
    if (list) list.push(elementId);
    else elementsOf.set(id, [elementId]);
  }
  const listSubgraphs = (list: FlowSubgraph[]) => {
    for (const sg of list) {
      const what = sg.title ? `subgraph ${quote(sg.title)}` : 'untitled subgraph (a group)';
      const size = `${sg.nodeIds.length} node${sg.nodeIds.length === 1 ? '' : 's'}`;
      add('converted', `${what} holding ${size}`, elementsOf.get(sg.id) ?? [], [sg.id]);
      listSubgraphs(sg.children);
    }
  };
  listSubgraphs(graph.subgraphs);
  const noteTexts = new Set(graph.notes);
  const freeTexts = scene.elements.filter(
    (el) => el.type === 'text' && el.containerId === null && el.text.trim() !== '',
  );
  for (const t of freeTexts) {
    if (t.type === 'text' && noteTexts.has(t.text))
      add('converted', `note ${quote(t.text)} (a %% comment)`, [t.id]);
  }

  // Every guess the converter made, as it describes it, with its confidence: containers, labels
  // read from free text, ends attached by geometry, chains, composite shapes, legends.
  const { inferences, guessTotals } = graph.report;
  for (const i of inferences) {
    const mermaidIds = [...new Set(i.from.flatMap((id) => graph.ids.get(id) ?? []))];
    add('guessed', `${i.what} (${i.confidence} confidence)`, i.from, mermaidIds);
  }
  const unlisted = Object.values(guessTotals).reduce((a, b) => a + (b ?? 0), 0) - inferences.length;
  if (unlisted > 0) add('guessed', `… and ${unlisted} more guesses`, []);
  add(
    'guessed',
    `direction ${graph.direction}: most arrows run ${graph.direction === 'LR' ? 'sideways' : 'up or down'}`,
    [],
  );

  const edgeIds = new Set(graph.edges.map((e) => e.elementId));
  const nodeIds = new Set(graph.nodes.map((n) => n.elementId));
  // Shapes that became a container, or part of a composite node, were used, not dropped.
  const used = new Set([...graph.ids.keys(), ...graph.report.inferences.flatMap((i) => i.from)]);
  for (const el of scene.elements) {
    if (el.type === 'arrow' && !edgeIds.has(el.id)) {
      const why = graph.report.warnings.find((w) => w.startsWith(`arrow ${el.id}:`));
      add(
        'dropped',
        `arrow: ${why ? why.slice(why.indexOf(':') + 2).replace(/; arrow dropped$/, '') : 'it connects nothing'}`,
        [el.id],
      );
    } else if (el.type === 'line' && !edgeIds.has(el.id)) {
      add('dropped', 'line connecting no two shapes', [el.id]);
    } else if (
      (el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond') &&
      !nodeIds.has(el.id) &&
      !used.has(el.id)
    ) {
      add('dropped', `empty unconnected ${el.type}`, [el.id]);
    } else if (el.type in DROPPED_TYPES && !nodeIds.has(el.id) && !used.has(el.id)) {
      // A picture an arrow reaches, or that a drawing takes in, was used; the rest are dropped.
      add('dropped', DROPPED_TYPES[el.type]!, [el.id]);
    } else if (el.type === 'other') {
      add('dropped', `${el.originalType} element (no flowchart equivalent)`, [el.id]);
    }
  }
  if (scene.deletedCount > 0)
    add(
      'dropped',
      `${scene.deletedCount} deleted element${scene.deletedCount === 1 ? '' : 's'} (not drawn)`,
      [],
    );
  for (const repair of scene.repairs) add('dropped', `repaired: ${repair}`, []);
  return items;
}

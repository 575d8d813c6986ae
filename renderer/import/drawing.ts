/**
 * A drawing opened for import: its scenes read twice from the same bytes, once into Merrow's model
 * (what the converter sees) and once as the raw JSON Excalidraw itself draws, plus the report of a
 * conversion as a list of items the view can point at in both pictures.
 */

import { extractJson } from '../../shared/excalidraw/carriers.ts';
import { buildGraph } from '../../shared/excalidraw/graph.ts';
import type { CarrierKind, Element, Scene } from '../../shared/excalidraw/model.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import { ExcalidrawReadError } from '../../shared/excalidraw/restore.ts';
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

/** Reads a drawing of any carrier; throws ExcalidrawReadError with a message for the user. */
export function openDrawing(name: string, bytes: Uint8Array): Drawing {
  const doc = readExcalidraw(bytes);
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// The same shapes read.ts accepts; it has already refused anything else by the time this runs.
function rawScenes(data: unknown): RawScene[] {
  const scene = (elements: unknown, files?: unknown, appState?: unknown): RawScene => ({
    elements: Array.isArray(elements) ? elements : [],
    files: isRecord(files) ? files : {},
    background:
      isRecord(appState) && typeof appState.viewBackgroundColor === 'string'
        ? appState.viewBackgroundColor
        : '#ffffff',
  });
  if (Array.isArray(data)) return [scene(data)];
  if (!isRecord(data)) return [];
  if (data.type === 'excalidrawlib') {
    if (Array.isArray(data.libraryItems))
      return data.libraryItems.map((item) => scene(isRecord(item) ? item.elements : []));
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

/** Every converted, guessed and dropped element of a scene, in that order. */
export function reportItems(scene: Scene): ReportItem[] {
  const graph = buildGraph(scene);
  const byId = new Map<string, Element>(scene.elements.map((el) => [el.id, el]));
  const nodeLabel = new Map(graph.nodes.map((n) => [n.id, n.label || n.id]));
  const items: ReportItem[] = [];
  const add = (group: ReportItem['group'], text: string, elementIds: string[], mermaidIds: string[] = []) =>
    items.push({ group, text, elementIds, mermaidIds });

  for (const n of graph.nodes) {
    add(
      'converted',
      `${n.shape === 'text' ? 'text node' : 'node'} ${quote(n.label || n.id)}`,
      [n.elementId],
      [n.id],
    );
  }
  for (const e of graph.edges) {
    const label = e.label ? ` ${quote(e.label, 24)}` : '';
    add(
      'converted',
      `edge ${quote(nodeLabel.get(e.from) ?? e.from, 20)} → ${quote(nodeLabel.get(e.to) ?? e.to, 20)}${label}`,
      [e.elementId],
    );
  }
  for (const [elementId, id] of graph.ids) {
    const el = byId.get(elementId);
    if (el?.type === 'frame') add('converted', `subgraph ${quote(el.name ?? id)}`, [elementId], [id]);
  }
  const noteTexts = new Set(graph.notes);
  const textNodes = new Set(graph.nodes.filter((n) => n.shape === 'text').map((n) => n.elementId));
  const freeTexts = scene.elements.filter(
    (el) => el.type === 'text' && el.containerId === null && el.text.trim() !== '',
  );
  for (const t of freeTexts) {
    if (t.type === 'text' && noteTexts.has(t.text))
      add('converted', `note ${quote(t.text)} (a %% comment)`, [t.id]);
  }

  const edgeIds = new Set(graph.edges.map((e) => e.elementId));
  for (const el of scene.elements) {
    if ((el.type !== 'arrow' && el.type !== 'line') || !edgeIds.has(el.id)) continue;
    const unbound = [el.startBindingId, el.endBindingId].filter((b) => b === null).length;
    if (unbound > 0)
      add(
        'guessed',
        `${unbound === 2 ? 'both ends' : 'one end'} of an unbound ${el.type} snapped to the nearest shape`,
        [el.id],
      );
  }
  for (const t of freeTexts) {
    if (t.type !== 'text' || noteTexts.has(t.text)) continue;
    if (textNodes.has(t.id)) {
      const node = graph.nodes.find((n) => n.elementId === t.id)!;
      add('guessed', `free text ${quote(t.text)} made a node`, [t.id], [node.id]);
    } else add('guessed', `free text ${quote(t.text)} used as a label`, [t.id]);
  }
  add(
    'guessed',
    `direction ${graph.direction}: most arrows run ${graph.direction === 'LR' ? 'sideways' : 'up or down'}`,
    [],
  );

  const nodeIds = new Set(graph.nodes.map((n) => n.elementId));
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
      !nodeIds.has(el.id)
    ) {
      add('dropped', `empty unconnected ${el.type}`, [el.id]);
    } else if (el.type in DROPPED_TYPES) {
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

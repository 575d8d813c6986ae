/**
 * The typed model every Excalidraw carrier is restored into. Only what conversion needs is kept;
 * every field has passed a runtime check (see restore.ts), so the converter can trust it.
 */

export type ShapeType = 'rectangle' | 'ellipse' | 'diamond';
export type LinearType = 'arrow' | 'line';
/** Elements the converter cannot express in Mermaid; kept so they can be counted in the report. */
export type SkippedType = 'freedraw' | 'image' | 'embeddable' | 'iframe' | 'other';

/** Arrowhead kinds reduced to what Mermaid can draw. */
export type Arrowhead = 'arrow' | 'circle' | 'bar';

interface Base {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Radians, clockwise, around the element's centre. */
  angle: number;
  /** Innermost group first, as Excalidraw stores them. */
  groupIds: string[];
  frameId: string | null;
  strokeColor: string;
  backgroundColor: string;
  strokeStyle: 'solid' | 'dashed' | 'dotted';
  strokeWidth: number;
}

export interface ShapeElement extends Base {
  type: ShapeType;
  rounded: boolean;
  /**
   * Corners of a closed outline drawn with lines that is far from its box (a hexagon, a
   * triangle), absolute; containment and distance follow them instead of the box.
   */
  polygon?: { x: number; y: number }[];
  /** Filled solid: it hides what is drawn under it. */
  opaque?: true;
  /** Drawn as nothing (a clear outline and no fill, or no opacity): a cell laying out what is in it. */
  invisible?: true;
  /** A clear outline filled solid white: on the white page, seen only as the gap it masks. */
  mask?: true;
}

export interface TextElement extends Base {
  type: 'text';
  /** The text as typed, without the wrapping Excalidraw adds inside containers. */
  text: string;
  containerId: string | null;
  /** Where bound text sits in its container: a title is usually `top`. */
  verticalAlign: 'top' | 'middle' | 'bottom';
  fontSize: number;
}

export interface LinearElement extends Base {
  type: LinearType;
  /** Relative to (x, y), as in the file; at least two points. */
  points: [number, number][];
  startBindingId: string | null;
  endBindingId: string | null;
  startArrowhead: Arrowhead | null;
  endArrowhead: Arrowhead | null;
  /** Drawn with the pen (a freedraw stroke), its path smoothed to the corners that matter. */
  freehand?: true;
  /** Drawn as a smooth curve through its points (a round arrow or line of three points or more). */
  curved?: true;
  /** The stroke this is a piece of, where a node drawn over it splits it in two. */
  pieceOf?: string;
}

export interface FrameElement extends Base {
  type: 'frame';
  name: string | null;
}

export interface SkippedElement extends Base {
  type: SkippedType;
  /** The type as written in the file, for the report. */
  originalType: string;
  /** The link an embed shows (or an image carries), which names it when an arrow points at it. */
  link: string | null;
  /** An image whose picture is not in the file: Excalidraw draws nothing for it. */
  fileMissing: boolean;
  /** The name an SVG picture gives itself (its `<title>`, as icon sets write one), or prints. */
  title?: string;
  /** The title was read from the picture's pixels (see picture-text.ts), not written in it. */
  titlePrinted?: true;
}

export type Element = ShapeElement | TextElement | LinearElement | FrameElement | SkippedElement;

/** One drawing: a scene, a clipboard payload or one library item. */
export interface Scene {
  /** The library item's name, when the scene is one. */
  name: string | null;
  elements: Element[];
  /** How many elements were marked deleted and left out. */
  deletedCount: number;
  /** Fields that had to be repaired (non-finite coordinates, unknown types …), one line each. */
  repairs: string[];
}

export type CarrierKind =
  | 'scene'
  | 'clipboard'
  | 'library-v1'
  | 'library-v2'
  | 'svg'
  | 'png'
  | 'obsidian-compressed'
  | 'obsidian-json';

/** A file after reading: one scene, or one per library item. */
export interface ExcalidrawDocument {
  carrier: CarrierKind;
  scenes: Scene[];
}

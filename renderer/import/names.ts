/**
 * How drawings and the diagrams converted from them are named, and the import options: no
 * dependencies, so the app can load this at start without the converter.
 */

/** The drawing-name suffixes Merrow reads, longest first. */
const DRAWING_SUFFIX = /\.(excalidraw(\.(json|svg|png|md))?|excalidrawlib|json)$/i;

/** Whether a file name is one of the Excalidraw carriers (by name; content decides when read). */
export function isDrawingName(name: string): boolean {
  return /\.(excalidraw(\.(json|svg|png|md))?|excalidrawlib)$/i.test(name);
}

/**
 * Where scene `index` of a drawing is saved, as `merrow convert` names it: `flow.excalidraw` →
 * `flow.mmd`, a library's items `lib-1.mmd`, `lib-2.mmd`, … in `folder` ('' is the top folder).
 */
export function diagramPath(drawingName: string, folder: string, index: number, sceneCount: number): string {
  const base = drawingName.slice(drawingName.lastIndexOf('/') + 1);
  const stem = base.replace(DRAWING_SUFFIX, '') || 'drawing';
  const name = sceneCount > 1 ? `${stem}-${index + 1}.mmd` : `${stem}.mmd`;
  const dir = folder.replace(/^\/+|\/+$/g, '');
  return dir ? `${dir}/${name}` : name;
}

/** The folder part of a workspace path ('' for the top folder). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The options the import view offers; `direction: 'auto'` keeps the converter's guess. */
export interface ImportOptions {
  direction: 'auto' | 'TD' | 'LR';
  handDrawn: boolean;
  colors: boolean;
}

export const DEFAULT_OPTIONS: ImportOptions = { direction: 'auto', handDrawn: false, colors: true };

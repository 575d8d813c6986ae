import type { PaletteRequest } from '../ui/palette.tsx';
import type { Command } from '../workbench/commands.ts';
import type { Live } from '../workbench/live.ts';
import { isDiagram, type Workspace } from '../workbench/workspace.ts';
import { importUiFor } from './import-ui.ts';
import { DEFAULT_OPTIONS, folderOf, isDrawingName } from './names.ts';

/** Mirrors the reader's limit (shared/excalidraw/carriers.ts) without loading it at start. */
const MAX_DROP_BYTES = 64 * 1024 * 1024;

/** Whether pasted text is what Excalidraw puts on the clipboard (or a whole scene). */
export function isExcalidrawClipboard(text: string): boolean {
  if (!/^\s*\{/.test(text) || !text.includes('"excalidraw')) return false;
  try {
    const data = JSON.parse(text) as { type?: unknown; elements?: unknown };
    return (
      (data.type === 'excalidraw/clipboard' || data.type === 'excalidraw') && Array.isArray(data.elements)
    );
  } catch {
    return false;
  }
}

/** Shows a file from outside the folder (dropped, or chosen in the system's file dialog). */
export async function openOutsideFile(workspace: Workspace, files: File[]): Promise<void> {
  const file = files[0];
  if (!file) return;
  if (!isDrawingName(file.name) && !/\.(json|svg|png|md)$/i.test(file.name)) {
    workspace.say(
      `${file.name} is not an Excalidraw drawing (.excalidraw, .excalidraw.svg/.png/.md, .excalidrawlib)`,
      'error',
    );
    return;
  }
  if (file.size > MAX_DROP_BYTES) {
    workspace.say(`${file.name}: ${(file.size / 1024 / 1024).toFixed(1)} MB is too large to import`, 'error');
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  importUiFor(workspace).showExternal({ name: file.name, bytes });
  if (files.length > 1)
    workspace.say(`Showing ${file.name}; drop one drawing at a time, or convert a folder`);
}

function chooseFile(workspace: Workspace): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.excalidraw,.excalidrawlib,.json,.svg,.png,.md';
  input.addEventListener('change', () => void openOutsideFile(workspace, [...(input.files ?? [])]));
  input.click();
}

/** The palette's import and Excalidraw export commands. */
export function importPaletteItems(
  workspace: Workspace,
  live: Live,
  setPalette: (request: PaletteRequest) => void,
): Command[] {
  const files = workspace.files.get();
  const drawings = files.filter((f) => f.type === 'file' && isDrawingName(f.path));
  const items: Command[] = [
    {
      id: 'import-excalidraw',
      label: 'Import Excalidraw…',
      run: () =>
        setPalette({
          kind: 'pick',
          placeholder: 'Import an Excalidraw drawing (or drop one onto the window, or paste a selection)',
          items: [
            ...drawings.map((f) => ({
              id: `import-${f.path}`,
              label: f.path.slice(f.path.lastIndexOf('/') + 1),
              detail: f.path,
              run: () => void workspace.open(f.path),
            })),
            { id: 'import-choose', label: 'A file on this computer…', run: () => chooseFile(workspace) },
          ],
        }),
    },
  ];
  const folders = [...new Set(drawings.map((f) => folderOf(f.path)))].sort();
  if (folders.length > 0) {
    items.push({
      id: 'convert-drawings',
      label: 'Convert a folder of Excalidraw drawings…',
      run: () =>
        setPalette({
          kind: 'pick',
          placeholder: 'Convert every drawing in (and below) this folder, each beside itself',
          items: ['', ...folders.filter(Boolean)].map((dir) => ({
            id: `convert-${dir}`,
            label: dir || '(the whole folder)',
            run: () => void importUiFor(workspace).convertFolder(dir, DEFAULT_OPTIONS),
          })),
        }),
    });
  }
  const path = workspace.active.get();
  if (path && isDiagram(path)) {
    const exportIt = (opening: boolean) =>
      void import('./excalidraw-export.ts').then((m) => m.exportAsExcalidraw(workspace, live, path, opening));
    items.push(
      { id: 'export-excalidraw', label: 'Export as .excalidraw', detail: path, run: () => exportIt(false) },
      { id: 'open-in-excalidraw', label: 'Open in Excalidraw…', detail: path, run: () => exportIt(true) },
    );
  }
  return items;
}

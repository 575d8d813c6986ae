import type { CommandRegistry } from '../workbench/commands.ts';
import type { Live } from '../workbench/live.ts';
import type { Prompts } from '../workbench/prompts.ts';
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

/** The import and Excalidraw export commands. Returns their removal. */
export function registerImportCommands(
  commands: CommandRegistry,
  workspace: Workspace,
  live: Live,
  prompts: Prompts,
): () => void {
  const drawings = () => workspace.files.get().filter((f) => f.type === 'file' && isDrawingName(f.path));
  const folders = () => [...new Set(drawings().map((f) => folderOf(f.path)))].sort();
  const diagram = () => {
    const path = workspace.active.get();
    return path && isDiagram(path) ? path : undefined;
  };
  const exportIt = (opening: boolean) => {
    const path = diagram()!;
    void import('./excalidraw-export.ts').then((m) => m.exportAsExcalidraw(workspace, live, path, opening));
  };
  const removals = [
    commands.contribute({
      id: 'import-excalidraw',
      title: 'Import Excalidraw…',
      when: () => workspace.info.get() !== null,
      run: () =>
        prompts.pick('Import an Excalidraw drawing (or drop one onto the window, or paste a selection)', [
          ...drawings().map((f) => ({
            id: `import-${f.path}`,
            label: f.path.slice(f.path.lastIndexOf('/') + 1),
            detail: f.path,
            run: () => void workspace.open(f.path),
          })),
          { id: 'import-choose', label: 'A file on this computer…', run: () => chooseFile(workspace) },
        ]),
    }),
    commands.contribute({
      id: 'convert-drawings',
      title: 'Convert a folder of Excalidraw drawings…',
      when: () => drawings().length > 0,
      run: () =>
        prompts.pick(
          'Convert every drawing in (and below) this folder, each beside itself',
          ['', ...folders().filter(Boolean)].map((dir) => ({
            id: `convert-${dir}`,
            label: dir || '(the whole folder)',
            run: () => void importUiFor(workspace).convertFolder(dir, DEFAULT_OPTIONS),
          })),
        ),
    }),
    commands.contribute({
      id: 'export-excalidraw',
      title: 'Export as .excalidraw',
      detail: diagram,
      when: () => diagram() !== undefined,
      run: () => exportIt(false),
    }),
    commands.contribute({
      id: 'open-in-excalidraw',
      title: 'Open in Excalidraw…',
      detail: diagram,
      when: () => diagram() !== undefined,
      run: () => exportIt(true),
    }),
  ];
  return () => {
    for (const remove of removals) remove();
  };
}

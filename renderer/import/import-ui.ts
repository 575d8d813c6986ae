import { decodeBase64 } from '../../shared/bytes/base64.ts';
import { Store } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { diagramPath, folderOf, type ImportOptions, isDrawingName } from './names.ts';

/** A drawing that is not a file of the folder: dropped onto the window or pasted. */
export interface ExternalDrawing {
  name: string;
  bytes: Uint8Array;
}

/** One drawing of a folder conversion: what it became, or why it did not. */
export interface FolderEntry {
  input: string;
  outputs: string[];
  nodes: number;
  edges: number;
  guessed: number;
  dropped: number;
  error?: string;
}

export interface FolderSummary {
  folder: string;
  entries: FolderEntry[];
  running: boolean;
}

const sum = (record: object) =>
  Object.values(record).reduce<number>((n, v) => n + (typeof v === 'number' ? v : 0), 0);

/**
 * The import side of the app: which drawing from outside the folder is shown, the last folder
 * conversion, and the writes both make. A file of the folder is shown by opening it in a tab.
 */
export class ImportUi {
  readonly external = new Store<ExternalDrawing | null>(null);
  readonly summary = new Store<FolderSummary | null>(null);
  readonly workspace: Workspace;

  constructor(workspace: Workspace) {
    this.workspace = workspace;
    // Switching to another tab leaves a dropped or pasted drawing, as switching tabs leaves a file.
    workspace.active.subscribe(() => this.external.set(null));
  }

  /** Shows a drawing from outside the folder (after the tab switch, if any, has happened). */
  showExternal(drawing: ExternalDrawing): void {
    this.external.set(drawing);
  }

  async readDrawing(path: string): Promise<Uint8Array> {
    const { data } = await this.workspace.api.call('file.readBinary', { path });
    return decodeBase64(data);
  }

  /**
   * Writes a converted diagram (asking before it replaces a file), then opens it. Returns whether
   * it was written.
   */
  async saveDiagram(path: string, text: string): Promise<boolean> {
    const { workspace } = this;
    const files = workspace.files.get();
    const replacing = files.some((f) => f.path === path);
    if (replacing && !confirm(`${path} already exists. Replace it (the old one goes to the trash)?`))
      return false;
    try {
      // The replaced diagram stays recoverable, as a deleted one is.
      if (replacing) await workspace.api.call('file.delete', { path });
      await this.ensureFolder(folderOf(path));
      await workspace.api.call('file.write', { path, text });
      // Saved like any diagram: export on save writes its images too.
      workspace.onSaved(path, text);
    } catch (error) {
      workspace.say(`Could not save ${path}: ${(error as Error).message}`, 'error');
      return false;
    }
    await workspace.refreshFiles();
    await workspace.open(path);
    workspace.say(`Saved ${path}`);
    return true;
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (!folder || this.workspace.files.get().some((f) => f.path === folder && f.type === 'dir')) return;
    await this.workspace.api.call('file.mkdir', { path: folder });
  }

  /** Converts every drawing in `folder` (and below) beside itself, and shows a summary. */
  async convertFolder(folder: string, options: ImportOptions): Promise<void> {
    const { workspace } = this;
    const prefix = folder ? `${folder}/` : '';
    const drawings = workspace.files
      .get()
      .filter((f) => f.type === 'file' && f.path.startsWith(prefix) && isDrawingName(f.path))
      .map((f) => f.path);
    if (drawings.length === 0) {
      workspace.say(`No Excalidraw drawings in ${folder || 'the folder'}`, 'error');
      return;
    }
    const { openDrawing, convertScene, readPictureNames } = await import('./drawing.ts');
    const summary: FolderSummary = { folder, entries: [], running: true };
    this.summary.set({ ...summary });
    const converted: { entry: FolderEntry; outputs: { path: string; text: string }[] }[] = [];
    for (const input of drawings) {
      const entry: FolderEntry = { input, outputs: [], nodes: 0, edges: 0, guessed: 0, dropped: 0 };
      try {
        const bytes = await this.readDrawing(input);
        const drawing = openDrawing(input, bytes, await readPictureNames(workspace.api, bytes));
        const outputs = drawing.scenes.map((scene, i) => {
          const { conversion } = convertScene(scene.model, options);
          const r = conversion.report;
          entry.nodes += r.converted.nodes;
          entry.edges += r.converted.edges;
          entry.guessed += sum(r.guessed);
          entry.dropped += sum(r.dropped);
          const path = diagramPath(input, folderOf(input), i, drawing.scenes.length);
          return { path, text: conversion.mermaid };
        });
        converted.push({ entry, outputs });
      } catch (error) {
        entry.error = (error as Error).message;
      }
      summary.entries.push(entry);
      this.summary.set({ ...summary, entries: [...summary.entries] });
    }
    const paths = new Set(workspace.files.get().map((f) => f.path));
    const existing = converted.flatMap((c) => c.outputs).filter((o) => paths.has(o.path));
    const replace =
      existing.length === 0 ||
      confirm(`${existing.length} of the diagrams exist already (${existing[0]!.path} …). Replace them?`);
    for (const { entry, outputs } of converted) {
      for (const out of outputs) {
        if (paths.has(out.path) && !replace) continue;
        try {
          await workspace.api.call('file.write', out);
          entry.outputs.push(out.path);
        } catch (error) {
          entry.error = `${out.path}: ${(error as Error).message}`;
        }
      }
    }
    this.summary.set({ ...summary, entries: [...summary.entries], running: false });
    await workspace.refreshFiles();
  }
}

const instances = new WeakMap<Workspace, ImportUi>();

/** The one ImportUi of a workspace, created on first use. */
export function importUiFor(workspace: Workspace): ImportUi {
  let ui = instances.get(workspace);
  if (!ui) {
    ui = new ImportUi(workspace);
    instances.set(workspace, ui);
  }
  return ui;
}

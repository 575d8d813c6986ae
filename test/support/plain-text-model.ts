import type { TextModel, TextModels } from '../../renderer/workbench/buffers.ts';

/**
 * A text model without a DOM, for the workbench's tests in Node: Monaco's version semantics (each
 * edit a new version; undo returns to the earlier text and its version), nothing else.
 */
export class PlainTextModel implements TextModel {
  readonly path: string;
  private history: { text: string; version: number }[];
  private nextVersion = 2;
  private readonly listeners = new Set<() => void>();
  disposed = false;

  constructor(path: string, text: string) {
    this.path = path;
    this.history = [{ text, version: 1 }];
  }

  getValue(): string {
    return this.history.at(-1)!.text;
  }

  getAlternativeVersionId(): number {
    return this.history.at(-1)!.version;
  }

  onDidChangeContent(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Replaces the text, as typing or a pasted edit would. */
  setValue(text: string): void {
    this.history.push({ text, version: this.nextVersion++ });
    for (const listener of this.listeners) listener();
  }

  /** Types `text` at the end. */
  type(text: string): void {
    this.setValue(this.getValue() + text);
  }

  undo(): void {
    if (this.history.length < 2) return;
    this.history.pop();
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/** Plain models; `loading` (when given) is awaited before each model is created, as Monaco's load is. */
export function plainModels(loading?: () => Promise<void>): TextModels<PlainTextModel> {
  return {
    async create(path, text) {
      await loading?.();
      return new PlainTextModel(path, text);
    },
    replace(model, text) {
      model.setValue(text);
    },
  };
}

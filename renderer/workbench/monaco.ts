import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import type { editor } from 'monaco-editor/editor/editor.api';

export type Monaco = typeof MonacoApi;
export type { editor };

/**
 * Monaco, once loaded. Code that only runs with an editor or a model in hand (models are created
 * after loading) uses it directly; anything earlier awaits `monacoLoaded()`.
 */
export let monaco: Monaco;

let loaded: (m: Monaco) => void;
const ready = new Promise<Monaco>((resolve) => {
  loaded = resolve;
});
let started = false;

/** Resolves when Monaco has loaded; does not start loading it. */
export function monacoLoaded(): Promise<Monaco> {
  return ready;
}

/**
 * Loads the editor, a large chunk, once. The app starts it when the first render is on its way to
 * the preview frame: evaluating Monaco holds the page's thread, and the render should not queue behind it.
 */
export function loadMonaco(): Promise<Monaco> {
  if (!started) {
    started = true;
    void import('./monaco-setup.ts').then((module) => {
      monaco = module.monaco;
      loaded(monaco);
    });
  }
  return ready;
}

/**
 * Replaces the model's whole text as an undo step of its own. Without the stops around it the edit
 * joins the user's last typing (Monaco keeps that step open), and one Ctrl+Z would then take back
 * both the replacement and the last word typed before it, which redo could not bring back alone.
 */
export function replaceAllText(model: editor.ITextModel, text: string): void {
  model.pushStackElement();
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
  model.pushStackElement();
}

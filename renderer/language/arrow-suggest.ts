import type { editor, IDisposable } from 'monaco-editor/editor/editor.api';
import { MERMAID_LANGUAGE } from './register.ts';

/**
 * Offers arrows once typing pauses after a dash, as quick suggestions do after a word (Monaco's
 * quick suggestions need a word at the cursor, and a dash is none). A trigger character would open
 * the list on the dash itself: inside a burst of `-->` it opened and closed again on every arrow,
 * the costliest keystrokes of the burst.
 */
export function suggestArrowsWhenTypingPauses(ed: editor.ICodeEditor, delayMs: number): IDisposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = ed.onDidChangeModelContent((e) => {
    clearTimeout(timer);
    const model = ed.getModel();
    const position = ed.getPosition();
    const change = e.changes.length === 1 ? e.changes[0] : undefined;
    if (
      !model ||
      !position ||
      model.getLanguageId() !== MERMAID_LANGUAGE ||
      change?.text !== '-' ||
      e.isUndoing
    )
      return;
    const version = model.getVersionId();
    timer = setTimeout(() => {
      // Nothing typed since, and the cursor still right after the dash.
      if (ed.getModel() !== model || model.getVersionId() !== version || !ed.hasTextFocus()) return;
      if (!ed.getPosition()?.equals(position)) return;
      ed.trigger('keyboard', 'editor.action.triggerSuggest', { auto: true });
    }, delayMs);
  });
  return {
    dispose() {
      clearTimeout(timer);
      changed.dispose();
    },
  };
}

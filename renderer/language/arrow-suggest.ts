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
  const cancel = () => clearTimeout(timer);
  const changed = ed.onDidChangeModelContent((e) => {
    cancel();
    const model = ed.getModel();
    const change = e.changes.length === 1 ? e.changes[0] : undefined;
    if (!model || model.getLanguageId() !== MERMAID_LANGUAGE || change?.text !== '-' || e.isUndoing) return;
    const version = model.getVersionId();
    timer = setTimeout(() => {
      const position = ed.getPosition();
      if (ed.getModel() !== model || model.getVersionId() !== version || !ed.hasTextFocus() || !position)
        return;
      // The cursor still right after the dash it typed.
      if (model.getLineContent(position.lineNumber)[position.column - 2] !== '-') return;
      ed.trigger('keyboard', 'editor.action.triggerSuggest', { auto: true });
    }, delayMs);
  });
  const moved = ed.onDidChangeCursorPosition((e) => {
    if (e.reason !== 0 /* CursorChangeReason.NotSet: typing */) cancel();
  });
  return {
    dispose() {
      cancel();
      changed.dispose();
      moved.dispose();
    },
  };
}

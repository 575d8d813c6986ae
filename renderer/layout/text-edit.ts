import { textReplacement } from '../../shared/layout/line-diff.ts';
import { type editor, monaco } from '../workbench/monaco.ts';

/**
 * Turns the model's text into `text` by replacing only the lines that differ, as one undoable
 * edit (through the editor when it shows the model, so that the cursor and undo stops follow).
 */
export function replaceText(
  model: editor.ITextModel,
  shownIn: editor.IStandaloneCodeEditor | null,
  text: string,
  source: string,
): void {
  const r = textReplacement(model.getValue(), text);
  const range = monaco.Range.fromPositions(model.getPositionAt(r.start), model.getPositionAt(r.end));
  const ed = shownIn?.getModel() === model ? shownIn : null;
  if (ed) {
    ed.pushUndoStop();
    ed.executeEdits(source, [{ range, text: r.text, forceMoveMarkers: true }]);
    ed.pushUndoStop();
  } else {
    model.pushStackElement();
    model.pushEditOperations(null, [{ range, text: r.text }], () => null);
    model.pushStackElement();
  }
}

import { applyEdits, type FormattingOptions, modify } from 'jsonc-parser';

/** The indentation a JSON text already uses (its first indented line), two spaces for a new file. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^[ \t]+(?=\S)/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * The text of a folder's `merrow.config.json` with each key of `change` set, or removed when
 * undefined, and nothing else touched: the user's order, indentation, spacing and comments stay,
 * so a change shows in git as the one line it is. `text` null: there is no file yet.
 */
export function editConfigText(text: string | null, change: Record<string, unknown>): string {
  let edited = text?.trim() ? text : '{}\n';
  const formattingOptions = formattingOf(edited);
  for (const [key, value] of Object.entries(change)) {
    edited = applyEdits(edited, modify(edited, [key], value, { formattingOptions }));
  }
  return edited.endsWith('\n') ? edited : `${edited}\n`;
}

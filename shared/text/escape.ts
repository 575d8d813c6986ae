/**
 * Escapes control characters (C0, DEL, C1, and the bidirectional overrides) as `\xNN` / `\uNNNN`,
 * so text from a user's file (a file name, a label, JSON quoted by a parser) cannot move the
 * cursor, recolour or clear a terminal, or reorder what a page shows. With `keepNewlines`,
 * `\n` and `\t` stay (messages that quote git's own multi-line output).
 */
export function escapeControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code) || (options.keepNewlines && (code === 0x0a || code === 0x09))) continue;
    const hex = code.toString(16);
    out += `${text.slice(from, i)}${code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

// U+202A–U+202E and U+2066–U+2069 reorder text ("Trojan Source"); the rest are C0, DEL and C1.
function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

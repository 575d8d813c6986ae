/**
 * Reading a file's bytes as the UTF-8 text they must be. A file in another encoding (Latin-1,
 * Windows-1252, UTF-16) decoded anyway shows U+FFFD where its letters were, and saving it then
 * writes those replacement characters over the original bytes: it is refused instead, with the
 * place of its first byte that is not UTF-8.
 */

/** Where bytes stop being UTF-8, in an editor's terms (1-based line, and column in characters). */
export interface NotUtf8 {
  line: number;
  column: number;
  message: string;
}

/** The text the bytes hold (a byte-order mark kept, as a character), or where they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: NotUtf8 } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: { line: 1, column: 1, message: 'UTF-16 text, not UTF-8: save the file as UTF-8' } };
  }
  const parts: string[] = [];
  let codes: number[] = [];
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    let cp = b;
    let length = 1;
    if (b >= 0x80) {
      // The well-formed sequences (Unicode's table 3-7): no overlong form, no surrogate, nothing
      // past U+10FFFF; the second byte's range depends on the first.
      const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
      const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      let whole = need > 0;
      for (let k = 1; whole && k <= need; k++) {
        const c = bytes[i + k];
        if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) whole = false;
        else cp = (cp << 6) | (c & 0x3f);
      }
      if (!whole) {
        const hex = b.toString(16).toUpperCase().padStart(2, '0');
        return { error: { line, column, message: `not UTF-8 text (byte 0x${hex}): save the file as UTF-8` } };
      }
      length = need + 1;
    }
    codes.push(cp);
    if (codes.length === 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
    if (cp === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += length;
  }
  parts.push(String.fromCodePoint(...codes));
  return { text: parts.join('') };
}

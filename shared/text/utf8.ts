/**
 * Reading a file's bytes as the UTF-8 text they must be. A file in another encoding (Latin-1,
 * Windows-1252, UTF-16) decoded anyway shows U+FFFD where its letters were, and saving it then
 * writes those replacement characters over the original bytes: it is refused instead, with the
 * place of its first byte that is not UTF-8.
 */

/** Where bytes stop being UTF-8, in an editor's terms (1-based line and column). */
export interface NotUtf8 {
  line: number;
  column: number;
  message: string;
}

// A byte-order mark is kept, as a character: saving the text writes the file's bytes back as they were.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text the bytes hold, or where they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: NotUtf8 } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: { line: 1, column: 1, message: 'UTF-16 text, not UTF-8: save the file as UTF-8' } };
  }
  try {
    return { text: fatal.decode(bytes) };
  } catch {
    // The longest start that is whole UTF-8 (a sequence cut short at its end counts as whole):
    // once a start fails, every longer one does.
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      if (decodes(bytes.subarray(0, mid))) good = mid;
      else bad = mid;
    }
    // That start may end with a sequence's first bytes, which the byte after it breaks (or the
    // file's end cuts short): the fault is the sequence's first byte.
    if (!decodes(bytes.subarray(0, good), false)) {
      while (good > 0 && (bytes[good - 1]! & 0xc0) === 0x80) good--;
      good--;
    }
    const before = lenient.decode(bytes.subarray(0, good));
    const lineStart = before.lastIndexOf('\n') + 1;
    const byte = bytes[good] ?? 0;
    return {
      error: {
        line: before.slice(0, lineStart).split('\n').length,
        column: [...before.slice(lineStart)].length + 1,
        message: `not UTF-8 text (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}): save the file as UTF-8`,
      },
    };
  }
}

/** Whether the bytes are UTF-8; with `open`, a sequence they end in may still be incomplete. */
function decodes(bytes: Uint8Array, open = true): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: open });
    return true;
  } catch {
    return false;
  }
}

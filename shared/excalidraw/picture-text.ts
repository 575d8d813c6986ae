/**
 * Words printed in a drawing's pictures. Icon sets pasted as PNG carry their name in their pixels
 * ("Amazon API Gateway" under the icon), and a node drawn only as such a picture has no other name.
 * What reads the pixels lives outside the core; here are the two pure halves around it: which
 * pictures of a file are worth reading, and which of the words read from one name it.
 */

import { extractJson } from './carriers.ts';
import { isObject } from './restore.ts';

/** A picture a drawing shows, as the file carries it. */
export interface PictureToRead {
  /** The `files` key the drawing's images point at. */
  id: string;
  mimeType: string;
  /** `data:image/png;base64,…` as Excalidraw stores it. */
  dataURL: string;
}

/** A word read from a picture, with how sure the reader is of it (0–100). */
export interface ReadWord {
  text: string;
  confidence: number;
}

/** Formats a text reader takes; an SVG names itself in its `<title>` instead. */
const READABLE = /^data:image\/(png|jpeg);base64,/i;

/** The format of a picture a text reader takes (`png`, `jpeg`) and where its data starts, or null. */
export function readableFormat(dataURL: string): { format: 'png' | 'jpeg'; dataStart: number } | null {
  const m = READABLE.exec(dataURL);
  return m ? { format: m[1]!.toLowerCase() as 'png' | 'jpeg', dataStart: m[0].length } : null;
}
/** More pictures than this in one drawing are not read: a photo album is not a diagram. */
export const MAX_PICTURES = 120;
/**
 * A picture shown larger than this (its longer side, in scene pixels) is a screenshot or a photo,
 * not an icon; an icon's printed name is what is worth reading.
 */
export const MAX_SHOWN_SIZE = 400;
/** A picture bigger than this (its data URL, in characters) is a photo or a screenshot. */
export const MAX_PICTURE_CHARS = 4 * 1024 * 1024;

/**
 * The pictures the drawing's images show at an icon's size that a text reader can read, each once,
 * in the order the images come. A file that cannot be read gives none: reading it will say why.
 */
export function picturesToRead(bytes: Uint8Array): PictureToRead[] {
  let data: unknown;
  try {
    const { json } = extractJson(bytes);
    // Most drawings show no pictures: they are not parsed a second time.
    if (!json.includes('"fileId"')) return [];
    data = JSON.parse(json);
  } catch {
    return [];
  }
  if (!isObject(data) || !Array.isArray(data.elements) || !isObject(data.files)) return [];
  const files = data.files;
  const found = new Map<string, PictureToRead>();
  const shownLarge = new Set<string>();
  for (const el of data.elements) {
    if (!isObject(el) || el.type !== 'image' || el.isDeleted === true || typeof el.fileId !== 'string')
      continue;
    const { width, height } = el;
    if (
      typeof width === 'number' &&
      typeof height === 'number' &&
      Math.max(Math.abs(width), Math.abs(height)) > MAX_SHOWN_SIZE
    )
      shownLarge.add(el.fileId);
  }
  for (const el of data.elements) {
    if (found.size >= MAX_PICTURES) break;
    if (!isObject(el) || el.type !== 'image' || el.isDeleted === true) continue;
    const id = el.fileId;
    if (typeof id !== 'string' || found.has(id) || shownLarge.has(id) || !Object.hasOwn(files, id)) continue;
    const file = files[id];
    const url = isObject(file) ? file.dataURL : undefined;
    const readable = typeof url === 'string' && url.length <= MAX_PICTURE_CHARS ? readableFormat(url) : null;
    if (!readable) continue;
    found.set(id, { id, mimeType: `image/${readable.format}`, dataURL: url as string });
  }
  return [...found.values()];
}

/** A word read this surely is taken; below it, readers mostly see letters in a logo's shapes. */
const SURE = 70;
/** A name is short: more words than this is a screenshot of text, a banner or a table. */
const MAX_NAME_WORDS = 6;
/** Most of what was read (in characters) must be sure words, or the picture is art read as letters. */
const MIN_SURE_SHARE = 0.5;
/** Letters, digits and the marks of product names (`S3`, `Node.js`, `C#`, `Pub/Sub`). */
const WORD = /^[\p{L}\p{N}][\p{L}\p{N}.+#&/_-]*$/u;

/** A word of a name: two letters at least, or a letter and a digit (`S3`); one mark alone is noise. */
function isWord(text: string): boolean {
  if (!WORD.test(text)) return false;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 2 || (letters === 1 && /\p{N}/u.test(text));
}

/**
 * The name a picture prints, from the words a reader found in it (line by line), or null when it
 * prints none: words read unsurely are left out, and a picture with more text than a name, or with
 * more noise than words, names nothing.
 */
export function pictureName(lines: readonly (readonly ReadWord[])[]): string | null {
  let all = 0;
  let sure = 0;
  const kept: string[][] = [];
  for (const line of lines) {
    const words: string[] = [];
    for (const w of line) {
      const text = w.text.trim();
      if (!text) continue;
      all += text.length;
      // Brackets and quotes a reader puts around a word are not part of it.
      const bare = text.replace(/^[([{"'«]+|[)\]}"'»,;:.]+$/gu, '');
      if (w.confidence < SURE || !isWord(bare)) continue;
      words.push(bare);
      sure += text.length;
    }
    if (words.length) kept.push(words);
  }
  const count = kept.reduce((n, l) => n + l.length, 0);
  if (count === 0 || count > MAX_NAME_WORDS || sure < all * MIN_SURE_SHARE) return null;
  return kept.map((l) => l.join(' ')).join(' ');
}

/** `readExcalidraw`'s `pictureNames`: each picture's name read (one per picture, in order), by its key. */
export function namesByPicture(
  pictures: readonly PictureToRead[],
  names: readonly (string | null)[],
): Map<string, string> {
  const byId = new Map<string, string>();
  pictures.forEach((p, i) => {
    const name = names[i];
    if (name) byId.set(p.id, name);
  });
  return byId;
}

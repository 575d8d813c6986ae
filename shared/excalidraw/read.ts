/** Reading any Excalidraw file: bytes → carrier → JSON → validated scenes. */

import { extractJson } from './carriers.ts';
import { jsonErrorOffset } from './json-position.ts';
import type { ExcalidrawDocument, Scene } from './model.ts';
import { ExcalidrawReadError, restoreElements } from './restore.ts';

export interface ReadOptions {
  /** Names read from the pixels of the drawing's pictures, by `files` key (see picture-text.ts). */
  pictureNames?: ReadonlyMap<string, string>;
}

/** Reads an Excalidraw file of any carrier; throws ExcalidrawReadError with a user-facing message. */
export function readExcalidraw(bytes: Uint8Array, options: ReadOptions = {}): ExcalidrawDocument {
  const { carrier, json } = extractJson(bytes);
  const data = parseJson(json, carrier === 'json');
  const doc = interpret(data, options.pictureNames);
  return carrier === 'json' ? doc : { ...doc, carrier };
}

function parseJson(text: string, positionsAreInFile: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = positionsAreInFile ? jsonErrorPosition(text) : { line: 1, column: 1 };
    // V8 quotes an offset or a snippet of the input; the line and column say it better.
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, .*is not valid JSON$/s, '');
    throw new ExcalidrawReadError(`invalid JSON: ${reason}`, line, column);
  }
}

function jsonErrorPosition(text: string): { line: number; column: number } {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset < 0 ? text.length : offset);
  const lineStart = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - lineStart };
}

function interpret(data: unknown, pictureNames?: ReadonlyMap<string, string>): ExcalidrawDocument {
  // A bare array of elements is what some tools write; treat it as a scene.
  if (Array.isArray(data)) return { carrier: 'scene', scenes: [restoreElements(data)] };
  if (typeof data !== 'object' || data === null) {
    throw new ExcalidrawReadError('not an Excalidraw file: the JSON is not an object');
  }
  const record = data as Record<string, unknown>;
  const type = Object.hasOwn(record, 'type') ? record.type : undefined;
  if (type === 'excalidrawlib') return readLibrary(record);
  if (!Object.hasOwn(record, 'elements')) {
    throw new ExcalidrawReadError(
      typeof type === 'string'
        ? `not an Excalidraw scene: type "${type.slice(0, 60)}" has no "elements"`
        : 'not an Excalidraw file: no "elements" array and no "type": "excalidraw"',
    );
  }
  const scene = restoreElements(
    record.elements,
    null,
    Object.hasOwn(record, 'files') ? record.files : undefined,
    pictureNames,
  );
  return { carrier: type === 'excalidraw/clipboard' ? 'clipboard' : 'scene', scenes: [scene] };
}

// v1: `library: Element[][]`; v2 (2021+): `libraryItems: {id, name, status, elements}[]`.
function readLibrary(record: Record<string, unknown>): ExcalidrawDocument {
  if (Object.hasOwn(record, 'libraryItems')) {
    const items = record.libraryItems;
    if (!Array.isArray(items)) throw new ExcalidrawReadError('"libraryItems" must be an array');
    const scenes: Scene[] = items.map((item, i) => {
      if (typeof item !== 'object' || item === null || !Object.hasOwn(item, 'elements')) {
        throw new ExcalidrawReadError(`library item ${i + 1} has no "elements"`);
      }
      const { elements, name } = item as Record<string, unknown>;
      return restoreElements(elements, typeof name === 'string' && name.trim() ? name : `item ${i + 1}`);
    });
    return { carrier: 'library-v2', scenes };
  }
  const library = Object.hasOwn(record, 'library') ? record.library : undefined;
  if (!Array.isArray(library))
    throw new ExcalidrawReadError('library has neither "libraryItems" nor "library"');
  return { carrier: 'library-v1', scenes: library.map((els, i) => restoreElements(els, `item ${i + 1}`)) };
}

/// <reference path="./tesseract-data.d.ts" />
/**
 * Reading the names printed in a drawing's pictures (an icon set's PNG with "Amazon API Gateway"
 * under the icon), with Tesseract compiled to WebAssembly and its English model, both installed as
 * npm packages: nothing is fetched at run time. What counts as a name is the core's call
 * (shared/excalidraw/picture-text.ts); this file only turns pixels into words.
 *
 * Reading is best effort: a picture that cannot be decoded, is too large or takes too long names
 * nothing, and a reader that cannot start (the packages are optional for the npm CLI) reads nothing.
 * The conversion never fails because of it.
 */

import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBase64 } from '../../shared/bytes/base64.ts';
import { isPng, pngChunks } from '../../shared/bytes/png.ts';
import {
  namesByPicture,
  pictureName,
  picturesToRead,
  type ReadWord,
  readableFormat,
} from '../../shared/excalidraw/picture-text.ts';

/** A picture bigger than this many pixels is a photo or a screenshot, and slow to read. */
const MAX_PIXELS = 4 * 1024 * 1024;
/** One picture's reading is given up after this long (a hostile or huge image). */
const PICTURE_TIMEOUT_MS = 15_000;
/** How many pictures' names a reader remembers. */
const KNOWN_PICTURES = 512;
/** The reader is stopped after this long unused, so that a process with nothing to do can exit. */
const IDLE_MS = 30_000;

/** Reads pictures' names; one reader serves a process and reads one picture at a time. */
export interface PictureReader {
  /** One name (or null) per data URL, in order. */
  names(dataUrls: readonly string[]): Promise<(string | null)[]>;
  /** Why nothing can be read, once a start has failed (the packages are missing); else null. */
  readonly unavailable: string | null;
  close(): Promise<void>;
}

interface TesseractWorker {
  recognize(
    image: Uint8Array,
    options: object,
    output: { blocks: boolean; text: boolean },
  ): Promise<{ data: { blocks: Block[] | null } }>;
  setParameters(params: Record<string, string>): Promise<unknown>;
  terminate(): Promise<unknown>;
}
interface Block {
  paragraphs: { lines: { words: { text: string; confidence: number }[] }[] }[];
}

/** A reader that starts Tesseract on its first picture and stops it when idle. */
export function createPictureReader(): PictureReader {
  let worker: Promise<TesseractWorker> | null = null;
  let unavailable: string | null = null;
  let idle: NodeJS.Timeout | undefined;
  // One picture at a time: the worker runs one job at a time anyway, and a timeout restarts it.
  let queue: Promise<unknown> = Promise.resolve();
  // The name read from each picture, by a digest of its data (the oldest forgotten first).
  const known = new Map<string, string | null>();

  const stop = async () => {
    clearTimeout(idle);
    const running = worker;
    worker = null;
    if (running) await running.then((w) => w.terminate()).catch(() => {});
  };

  const readOne = async (url: string): Promise<string | null> => {
    const bytes = pictureBytes(url);
    if (!bytes || unavailable) return null;
    worker ??= startWorker();
    let w: TesseractWorker;
    try {
      w = await worker;
    } catch (error) {
      unavailable = `pictures cannot be read: ${(error as Error).message}`;
      worker = null;
      return null;
    }
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<null>((done) => {
      timer = setTimeout(() => {
        timedOut = true;
        done(null);
      }, PICTURE_TIMEOUT_MS);
    });
    const read = w
      .recognize(bytes, {}, { blocks: true, text: false })
      .then((r) => pictureName(wordLines(r.data.blocks)))
      .catch(() => null);
    const name = await Promise.race([read, timeout]);
    clearTimeout(timer);
    // A picture that took too long leaves the worker busy: start afresh for the next one.
    if (timedOut) await stop();
    return name;
  };

  return {
    get unavailable() {
      return unavailable;
    },
    names(dataUrls) {
      const run = queue.then(async () => {
        clearTimeout(idle);
        const out: (string | null)[] = [];
        for (const url of dataUrls) {
          // A drawing read again (the import view reloads it on every save) shows the same icons.
          const key = createHash('sha256').update(url).digest('base64');
          if (!known.has(key)) {
            const name = await readOne(url);
            if (unavailable) return dataUrls.map(() => null);
            if (known.size >= KNOWN_PICTURES) known.delete(known.keys().next().value!);
            known.set(key, name);
          }
          out.push(known.get(key)!);
        }
        idle = setTimeout(() => void stop(), IDLE_MS);
        idle.unref();
        return out;
      });
      queue = run.catch(() => {});
      return run;
    },
    close: stop,
  };
}

async function startWorker(): Promise<TesseractWorker> {
  const [{ createWorker }, { default: english }] = await Promise.all([
    import('tesseract.js') as unknown as Promise<{
      createWorker(lang: string, oem: number, options: Record<string, unknown>): Promise<TesseractWorker>;
    }>,
    import('@tesseract.js-data/eng'),
  ]);
  // The English model as its npm package ships it, in its smaller LSTM-only form (integer weights)
  // beside the default one. OEM 1: the LSTM engine alone. No cache: nothing is written anywhere.
  const worker = await createWorker('eng', 1, {
    langPath: join(dirname(english.langPath), '4.0.0_best_int'),
    gzip: true,
    cacheMethod: 'none',
    errorHandler: () => {},
    workerPath: quietWorker(
      fileURLToPath(new URL('./worker-script/node/index.js', import.meta.resolve('tesseract.js'))),
    ),
  });
  // Tesseract writes its debug remarks to a file of its own; in its file system, nowhere.
  await worker.setParameters({ debug_file: '/dev/null' });
  return worker;
}

/**
 * A worker thread that runs the given worker script with its console silent. Leptonica and
 * Tesseract print what they notice while reading a picture ("Error in pixScaleAreaMap: pixd too
 * small") through the console of their thread, which Node shares with the command that started
 * it: a user converting a drawing would read engine errors that are none of theirs. The engine
 * answers only through its thread's messages. (A data URL: no file to ship beside the bundles.)
 */
export function quietWorker(script: string): URL {
  const code = [
    "import { createRequire } from 'node:module';",
    "for (const method of ['log', 'info', 'warn', 'error', 'debug']) console[method] = () => {};",
    `createRequire(${JSON.stringify(script)})(${JSON.stringify(script)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The picture's bytes, or null for one that is not a PNG or JPEG, or too large to read. */
function pictureBytes(url: string): Uint8Array | null {
  const readable = readableFormat(url);
  if (!readable) return null;
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(url.slice(readable.dataStart));
  } catch {
    return null;
  }
  const size = isPng(bytes) ? pngSize(bytes) : jpegSize(bytes);
  return size && size.width * size.height <= MAX_PIXELS ? bytes : null;
}

/**
 * A PNG's width and height, from its IHDR chunk, when its chunks are whole up to IEND (a decoder
 * given a broken one complains on the console).
 */
function pngSize(png: Uint8Array): { width: number; height: number } | null {
  let size: { width: number; height: number } | null = null;
  try {
    for (const chunk of pngChunks(png)) {
      if (chunk.type === 'IHDR' && chunk.data.length >= 8) {
        const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, 8);
        size = { width: view.getUint32(0), height: view.getUint32(4) };
      }
    }
  } catch {
    return null;
  }
  return size;
}

/** A JPEG's width and height, from its first start-of-frame segment, when it ends as a JPEG ends. */
function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg.at(-2) !== 0xff || jpeg.at(-1) !== 0xd9) return null;
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) return null;
    const marker = jpeg[at + 1]!;
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    // SOF0–SOF15, but for DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (jpeg[at + 5]! << 8) | jpeg[at + 6]!, width: (jpeg[at + 7]! << 8) | jpeg[at + 8]! };
    }
    at += 2 + length;
  }
  return null;
}

/** The words Tesseract found, line by line. */
function wordLines(blocks: Block[] | null): ReadWord[][] {
  const lines: ReadWord[][] = [];
  for (const block of blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines)
        lines.push(line.words.map((w) => ({ text: w.text, confidence: w.confidence })));
  return lines;
}

/**
 * The names printed in the icon-sized pictures of a drawing's bytes, by `files` key, for
 * `readExcalidraw`'s `pictureNames`.
 */
export async function readPictureNames(
  bytes: Uint8Array,
  reader: PictureReader,
): Promise<Map<string, string>> {
  const pictures = picturesToRead(bytes);
  if (pictures.length === 0) return new Map();
  return namesByPicture(pictures, await reader.names(pictures.map((p) => p.dataURL)));
}

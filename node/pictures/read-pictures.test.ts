import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PICTURES } from '../../shared/excalidraw/picture-text.ts';
import { callApi } from '../api/call-api.ts';
import { type Api, createApi } from '../api/create-api.ts';
import { createPictureReader, quietWorker, readPictureNames } from './read-pictures.ts';

const PICTURES = resolve(import.meta.dirname, '../../test/support/pictures');
const dataUrl = async (name: string) =>
  `data:image/png;base64,${(await readFile(join(PICTURES, name))).toString('base64')}`;

/** A whole PNG whose header claims a picture far too large to decode (a decompression bomb). */
async function hugePng(): Promise<string> {
  const png = await readFile(join(PICTURES, 'wordless-icon.png'));
  png.writeUInt32BE(60_000, 16);
  png.writeUInt32BE(60_000, 20);
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('reading the names printed in pictures (Tesseract, offline)', () => {
  const reader = createPictureReader();
  afterAll(() => reader.close());

  it('reads the name printed under an icon, and nothing from an icon without words', async () => {
    const names = await reader.names([
      await dataUrl('order-queue-icon.png'),
      await dataUrl('wordless-icon.png'),
    ]);
    expect(names).toEqual(['Order Queue', null]);
    expect(reader.unavailable).toBeNull();
  }, 60_000);

  it('names nothing, without failing, for what is not a readable picture', async () => {
    const names = await reader.names([
      await hugePng(),
      'data:image/png;base64,iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAAAAAA',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/jpeg;base64,/9j/4AAQ',
      'not a data url',
    ]);
    expect(names).toEqual([null, null, null, null, null]);
  }, 60_000);

  it("gives a drawing's pictures their names by the key its images use", async () => {
    const icon = await dataUrl('order-queue-icon.png');
    const scene = {
      type: 'excalidraw',
      elements: [
        { id: 'i1', type: 'image', x: 0, y: 0, width: 80, height: 75, fileId: 'queue' },
        { id: 'i2', type: 'image', x: 200, y: 0, width: 80, height: 75, fileId: 'blank' },
      ],
      files: {
        queue: { mimeType: 'image/png', dataURL: icon },
        blank: { mimeType: 'image/png', dataURL: await dataUrl('wordless-icon.png') },
      },
    };
    const names = await readPictureNames(strToU8(JSON.stringify(scene)), reader);
    expect(names).toEqual(new Map([['queue', 'Order Queue']]));
  }, 60_000);
});

describe("the OCR engine's thread", () => {
  it("keeps the engine's console remarks to itself, and its messages flow", async () => {
    // Emscripten binds the console when the engine loads, after the quiet worker has started.
    const dir = await mkdtemp(join(tmpdir(), 'merrow-ocr-'));
    const script = join(dir, 'engine.cjs');
    await writeFile(
      script,
      `const printErr = console.error.bind(console);
       printErr('Error in pixScaleAreaMap: pixd too small');
       console.log('Estimating resolution as 158');
       require('node:worker_threads').parentPort.postMessage('ready');`,
    );
    const worker = new Worker(quietWorker(script), { stdout: true, stderr: true });
    let printed = '';
    worker.stdout.on('data', (d) => (printed += d));
    worker.stderr.on('data', (d) => (printed += d));
    const answer = await new Promise((done) => worker.once('message', done));
    await worker.terminate();
    await rm(dir, { recursive: true, force: true });
    expect(answer).toBe('ready');
    expect(printed).toBe('');
  });
});

describe('pictures.read', () => {
  let folder: string;
  let api: Api;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'merrow-pictures-'));
    api = createApi(folder);
  });
  afterAll(async () => {
    api.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('answers the names printed in the pictures sent, one per picture', async () => {
    const reply = await callApi(api.handlers, 'pictures.read', {
      images: [await dataUrl('order-queue-icon.png'), await dataUrl('wordless-icon.png')],
    });
    expect(reply).toEqual({ ok: true, result: { names: ['Order Queue', null], unavailable: null } });
  }, 60_000);

  it('refuses what is not a PNG or JPEG data URL, and more pictures than a drawing is read for', async () => {
    const notPicture = await callApi(api.handlers, 'pictures.read', { images: ['file:///etc/passwd'] });
    expect(notPicture).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    const tooMany = await callApi(api.handlers, 'pictures.read', {
      images: Array.from({ length: MAX_PICTURES + 1 }, () => 'data:image/png;base64,'),
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const wrongShape = await callApi(api.handlers, 'pictures.read', { images: 'data:image/png;base64,' });
    expect(wrongShape).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });
});

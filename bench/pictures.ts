/**
 * Benchmark: reading the names printed in a drawing's icons (node/pictures/read-pictures.ts).
 * A fresh reader per round: the time to its first name (Tesseract and its model loaded), then the
 * median time per icon once it runs, over the test icons and, when the corpus is beside the
 * project, the PNG icons of its drawings. What a conversion without pictures pays is nothing: the
 * reader starts only for a drawing that shows PNG or JPEG pictures.
 *
 *     node bench/pictures.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPictureReader } from '../node/pictures/read-pictures.ts';
import { picturesToRead } from '../shared/excalidraw/picture-text.ts';
import { median } from './report.ts';

const ROUNDS = 5;
const root = resolve(import.meta.dirname, '..');
const corpus = process.env.MERROW_CORPUS ?? resolve(root, '../shared/corpus/excalidraw');

const icons: string[] = ['order-queue-icon.png', 'wordless-icon.png'].map(
  (f) => `data:image/png;base64,${readFileSync(join(root, 'test/support/pictures', f)).toString('base64')}`,
);
if (existsSync(corpus)) {
  for (const f of readdirSync(corpus)) {
    if (!f.endsWith('.excalidraw')) continue;
    icons.push(...picturesToRead(readFileSync(join(corpus, f))).map((p) => p.dataURL));
  }
} else console.warn(`corpus not found at ${corpus}: the test icons only`);

const firsts: number[] = [];
const each: number[] = [];
let named = 0;
for (let round = 0; round < ROUNDS; round++) {
  const reader = createPictureReader();
  let t = performance.now();
  const [first] = await reader.names([icons[0]!]);
  firsts.push(performance.now() - t);
  if (round === 0 && first !== 'Order Queue') throw new Error(`the test icon read as ${first}`);
  for (const icon of icons) {
    t = performance.now();
    const [name] = await reader.names([icon]);
    each.push(performance.now() - t);
    if (round === 0 && name) named++;
  }
  await reader.close();
}
console.log(`${icons.length} icons, ${named} named; ${ROUNDS} rounds`);
console.log(`first name of a fresh reader (Tesseract started): median ${Math.round(median(firsts))} ms`);
console.log(
  `each icon after that: median ${Math.round(median(each))} ms, slowest ${Math.round(Math.max(...each))} ms`,
);

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { concatBytes } from '../../shared/bytes/concat.ts';
import { makePngChunk } from '../../shared/bytes/png.ts';
import { deflateBomb, lzStringBomb } from './bombs.ts';

const EXCALIDRAW_MIME = 'application/vnd.excalidraw+json';
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** A 1×1 PNG with `chunks` inserted before IEND. */
function pngWith(...chunks: Uint8Array[]): Uint8Array {
  const png = new PNG({ width: 1, height: 1 });
  const plain = new Uint8Array(PNG.sync.write(png));
  const iend = plain.length - 12;
  return concatBytes([plain.subarray(0, iend), ...chunks, plain.subarray(iend)]);
}

/** Excalidraw's `encode()` envelope around compressed bytes. */
const envelope = (compressed: Uint8Array) =>
  JSON.stringify({ version: '1', encoding: 'bstring', compressed: true, encoded: latin1(compressed) });

/** A `[{},{},…]` scene: little text, gigabytes of objects once parsed. */
const objectBomb = (megabytes: number) =>
  `{"type":"excalidraw","elements":[${'{},'.repeat((megabytes << 20) / 3)}{}]}`;

export interface BombFile {
  name: string;
  /** What it is, for a figure's row. */
  what: string;
}

/**
 * Writes one file of every decompression and parse bomb Merrow reads, plus a good drawing
 * (`good.excalidraw`), into `dir`. The inflate bombs decompress to `mebibytes`; the others would
 * take gigabytes to decode in full whatever the size asked.
 */
export function writeBombFiles(dir: string, mebibytes = 2048): BombFile[] {
  mkdirSync(dir, { recursive: true });
  const size = mebibytes >= 1024 ? `${mebibytes / 1024} GB` : `${mebibytes} MB`;
  // JSON that the meter cannot tell from a scene with a huge label until the size limit.
  const jsonBomb = deflateBomb(mebibytes, 'zlib', {
    fill: 0x61,
    prefix: '{"type":"excalidraw","elements":[],"x":"',
  });
  const files: [string, string, Uint8Array | string][] = [
    [
      'scene.excalidraw.png',
      `PNG scene chunk inflating to ${size} of a JSON string`,
      pngWith(makePngChunk('tEXt', Buffer.from(`${EXCALIDRAW_MIME}\0${envelope(jsonBomb)}`, 'latin1'))),
    ],
    [
      'objects.excalidraw.png',
      'PNG scene chunk inflating to 60 MB of [{},{},…] JSON',
      pngWith(
        makePngChunk(
          'tEXt',
          Buffer.from(`${EXCALIDRAW_MIME}\0${envelope(deflateSync(objectBomb(60), { level: 9 }))}`, 'latin1'),
        ),
      ),
    ],
    [
      'source.png',
      `exported PNG whose merrow:source chunk inflates to ${size}`,
      pngWith(
        makePngChunk(
          'iTXt',
          concatBytes([Buffer.from('merrow:source\0\x01\x00\0\0', 'latin1'), deflateBomb(mebibytes, 'zlib')]),
        ),
      ),
    ],
    [
      'note.excalidraw.md',
      'Obsidian compressed-json: a 300 KB LZString bomb (6 billion characters in full)',
      `---\nexcalidraw-plugin: parsed\n---\n# Excalidraw Data\n%%\n## Drawing\n\`\`\`compressed-json\n${(lzStringBomb(110_000).match(/.{1,64}/g) ?? []).join('\n')}\n\`\`\`\n%%\n`,
    ],
    [
      'scene.excalidraw.svg',
      `SVG payload inflating to ${size} of a JSON string`,
      `<svg xmlns="http://www.w3.org/2000/svg"><!-- svg-source:excalidraw --><!-- payload-type:${EXCALIDRAW_MIME} --><!-- payload-version:2 --><!-- payload-start -->${Buffer.from(envelope(jsonBomb), 'latin1').toString('base64')}<!-- payload-end --></svg>`,
    ],
    ['objects.excalidraw', 'plain JSON scene of 30 MB of [{},{},…]', objectBomb(30)],
    [
      'deep.excalidraw',
      'plain JSON nested 5 million levels deep',
      `{"type":"excalidraw","elements":${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}}`,
    ],
    [
      'good.excalidraw',
      'a good drawing',
      JSON.stringify({
        type: 'excalidraw',
        elements: [
          { id: 'a', type: 'rectangle', x: 0, y: 0, width: 100, height: 50 },
          { id: 'b', type: 'rectangle', x: 300, y: 0, width: 100, height: 50 },
        ],
      }),
    ],
  ];
  for (const [name, , data] of files) writeFileSync(join(dir, name), data);
  return files.map(([name, what]) => ({ name, what }));
}

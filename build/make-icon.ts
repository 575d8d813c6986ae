/**
 * Draws Merrow's app icon (build/icon.png, 512×512) from code, so it can be changed in review:
 * a small flowchart — one box feeding two — on a teal rounded square. electron-builder derives
 * the macOS .icns and the Windows .ico from this PNG.
 *
 *     node build/make-icon.ts
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const SIZE = 512;
const SAMPLES = 4;

type Rgba = [number, number, number, number];
type Shape = (x: number, y: number) => boolean;

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };

const segment =
  (ax: number, ay: number, bx: number, by: number, width: number): Shape =>
  (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2;
  };

const layers: [Shape, Rgba][] = [
  [roundedRect(24, 24, 488, 488, 96), [17, 94, 89, 255]],
  [segment(256, 196, 150, 318, 22), [236, 253, 245, 255]],
  [segment(256, 196, 362, 318, 22), [236, 253, 245, 255]],
  [roundedRect(166, 108, 346, 200, 26), [236, 253, 245, 255]],
  [roundedRect(78, 312, 226, 404, 26), [167, 243, 208, 255]],
  [roundedRect(286, 312, 434, 404, 26), [167, 243, 208, 255]],
];

const png = new PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        let color: Rgba = [0, 0, 0, 0];
        for (const [shape, fill] of layers) if (shape(px, py)) color = fill;
        // Premultiplied, so transparent samples do not darken the edges.
        for (let c = 0; c < 3; c++) sum[c]! += (color[c]! * color[3]) / 255;
        sum[3]! += color[3];
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3]! / n;
    const i = (y * SIZE + x) * 4;
    for (let c = 0; c < 3; c++) png.data[i + c] = alpha > 0 ? Math.round((sum[c]! / n / alpha) * 255) : 0;
    png.data[i + 3] = Math.round(alpha);
  }
}
writeFileSync(new URL('./icon.png', import.meta.url), PNG.sync.write(png));

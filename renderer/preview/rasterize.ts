import { inlineFontFaces } from '../mermaid/fonts.ts';

/** Draws the rendered SVG onto a canvas at `scale` and returns PNG bytes. */
export async function rasterize(
  svg: SVGSVGElement,
  size: { width: number; height: number },
  scale: number,
  background: string | null,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  for (const el of clone.querySelectorAll('.merrow-highlight')) el.classList.remove('merrow-highlight');
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(size.width));
  clone.setAttribute('height', String(size.height));
  // Drawn as an image, the SVG cannot reach the page's fonts: it carries the ones its text needs.
  const fonts = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  fonts.textContent = await inlineFontFaces(clone.textContent ?? '');
  clone.prepend(fonts);
  const xml = new XMLSerializer().serializeToString(clone);
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  const image = new Image();
  image.src = url;
  await image.decode();
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available.');
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, height);
  }
  ctx.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the PNG.');
  return { png: new Uint8Array(await blob.arrayBuffer()), width, height };
}

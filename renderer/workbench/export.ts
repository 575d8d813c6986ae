import { encodeBase64 } from '../../shared/bytes/base64.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import type { AppClient } from '../api/app-client.ts';
import type { Live } from './live.ts';
import { imagePdf } from './pdf.ts';
import type { PreviewHost } from './preview-host.ts';
import type { Workspace } from './workspace.ts';

export type ExportFormat = 'svg' | 'png' | 'pdf';

export interface ExportOptions {
  scale: number;
  /** Without a background; otherwise on the colour the diagram's theme is drawn on. */
  transparent: boolean;
}

/** The export's path: beside the diagram, with the format's extension. */
export function exportPath(path: string, format: ExportFormat): string {
  return `${path.replace(/\.(mmd|mermaid)$/i, '')}.${format}`;
}

async function pdfFromPng(
  png: Uint8Array,
  width: number,
  height: number,
  scale: number,
): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  // CSS pixels to PDF points (96 → 72 per inch).
  return imagePdf(rgb, width, height, (width / scale) * 0.75, (height / scale) * 0.75);
}

/**
 * Writes the current diagram as SVG, PNG or PDF beside its source file, SVG and PNG carrying
 * `text` (the diagram's source) as `merrow export` writes them; returns the written path.
 */
async function exportDiagram(
  api: AppClient,
  preview: PreviewHost,
  source: string,
  text: string,
  svg: string,
  format: ExportFormat,
  options: ExportOptions,
): Promise<string> {
  const path = exportPath(source, format);
  let bytes: Uint8Array;
  if (format === 'svg') {
    bytes = new TextEncoder().encode(embedSourceInSvg(svg, text));
  } else {
    const scale = format === 'pdf' ? Math.max(2, options.scale) : options.scale;
    const { png, width, height } = await preview.exportPng(scale, format !== 'pdf' && options.transparent);
    bytes = format === 'png' ? embedSourceInPng(png, text) : await pdfFromPng(png, width, height, scale);
  }
  await api.call('file.writeBinary', { path, data: encodeBase64(bytes) });
  return path;
}

/**
 * Exports the active diagram beside its file, as the preview shows it, and says what was written.
 * It waits for the preview to show the buffer's text: the image carries the text it was drawn from,
 * and the last good drawing of a broken text has none.
 */
export function exportActive(
  workspace: Workspace,
  live: Live,
  format: ExportFormat,
  options: ExportOptions,
): void {
  const path = workspace.active.get();
  const svg = path ? live.svgOf(path) : undefined;
  const model = path ? workspace.model(path) : undefined;
  if (!path || !svg || !model) {
    workspace.say('Nothing to export: the diagram has not rendered yet.', 'error');
  } else if (live.state.get().status !== 'ok' || live.renderedVersion !== model.getAlternativeVersionId()) {
    workspace.say('Export waits for the preview to show this text.', 'error');
  } else {
    exportDiagram(workspace.api, live.preview, path, model.getValue(), svg, format, options)
      .then((written) => workspace.say(`Exported ${written}`))
      .catch((error: Error) => workspace.say(`Export failed: ${error.message}`, 'error'));
  }
}

/** Copies the active diagram (PNG, SVG or a Markdown block of its text) and says so. */
export function copyActive(
  workspace: Workspace,
  live: Live,
  kind: 'png' | 'svg' | 'markdown',
  options: ExportOptions,
): void {
  const path = workspace.active.get();
  const model = path ? workspace.model(path) : undefined;
  const svg = path ? live.svgOf(path) : undefined;
  if (!model || (!svg && kind !== 'markdown')) return;
  copyDiagram(live.preview, kind, model.getValue(), svg ?? '', options)
    .then(() =>
      workspace.say(`Copied ${kind === 'markdown' ? 'Markdown block' : kind.toUpperCase()} to the clipboard`),
    )
    .catch((error: Error) => workspace.say(`Copy failed: ${error.message}`, 'error'));
}

/** Copies the diagram to the clipboard as a PNG image, SVG markup or a Markdown code block. */
async function copyDiagram(
  preview: PreviewHost,
  kind: 'png' | 'svg' | 'markdown',
  text: string,
  svg: string,
  options: ExportOptions,
): Promise<void> {
  if (kind === 'markdown') return navigator.clipboard.writeText(`\`\`\`mermaid\n${text.trimEnd()}\n\`\`\`\n`);
  if (kind === 'svg') return navigator.clipboard.writeText(svg);
  const { png } = await preview.exportPng(options.scale, options.transparent);
  await navigator.clipboard.write([
    new ClipboardItem({ 'image/png': new Blob([png as BlobPart], { type: 'image/png' }) }),
  ]);
}

import { mergeConfigs, svgLabelsSetting } from '../../shared/mermaid/config.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import type { MermaidConfig, SvgLabels } from '../../shared/mermaid/render-types.ts';
import type { AppClient } from '../api/app-client.ts';
import { imagePdf } from './pdf.ts';
import type { PreviewHost } from './preview-host.ts';

export type ExportFormat = 'svg' | 'png' | 'pdf';

export interface ExportOptions {
  scale: number;
  /** A CSS colour, or null for transparent. */
  background: string | null;
  /** The folder's `merrow.svgLabels`: with `text`, an SVG is drawn again with SVG text labels. */
  labels?: SvgLabels | undefined;
  /** The config the diagram renders with (for that second drawing). */
  config?: MermaidConfig;
}

/** The SVG options of a folder config: its labels setting (a broken one reads as unset) and the config to draw with. */
export function svgOptions(folderConfig: MermaidConfig): Pick<ExportOptions, 'labels' | 'config'> {
  let labels: SvgLabels | undefined;
  try {
    labels = svgLabelsSetting(folderConfig);
  } catch {
    // The CLI reports a bad setting; the app exports as mermaid draws.
  }
  return { labels, config: mergeConfigs(folderConfig) };
}

/**
 * The SVG to write or copy: the preview's, or with text labels (for Inkscape, PowerPoint, Word) the
 * diagram drawn again as `merrow export --svg-labels text` draws it, without a background as here.
 */
async function svgToExport(preview: PreviewHost, text: string, svg: string, options: ExportOptions) {
  if (options.labels !== 'text') return svg;
  const drawn = await preview.renderExport({
    text,
    config: options.config ?? {},
    background: 'transparent',
    width: 800,
    pngScale: null,
    labels: 'text',
  });
  return drawn.svg;
}

/** Base64 of bytes, as `file.writeBinary` takes them. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
export async function exportDiagram(
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
    bytes = new TextEncoder().encode(embedSourceInSvg(await svgToExport(preview, text, svg, options), text));
  } else {
    const scale = format === 'pdf' ? Math.max(2, options.scale) : options.scale;
    const { png, width, height } = await preview.exportPng(
      scale,
      format === 'pdf' ? '#ffffff' : options.background,
    );
    bytes = format === 'png' ? embedSourceInPng(png, text) : await pdfFromPng(png, width, height, scale);
  }
  await api.call('file.writeBinary', { path, data: base64(bytes) });
  return path;
}

/** Copies the diagram to the clipboard as a PNG image, SVG markup or a Markdown code block. */
export async function copyDiagram(
  preview: PreviewHost,
  kind: 'png' | 'svg' | 'markdown',
  text: string,
  svg: string,
  options: ExportOptions,
): Promise<void> {
  if (kind === 'markdown') return navigator.clipboard.writeText(`\`\`\`mermaid\n${text.trimEnd()}\n\`\`\`\n`);
  if (kind === 'svg') return navigator.clipboard.writeText(await svgToExport(preview, text, svg, options));
  const { png } = await preview.exportPng(options.scale, options.background);
  await navigator.clipboard.write([
    new ClipboardItem({ 'image/png': new Blob([png as BlobPart], { type: 'image/png' }) }),
  ]);
}

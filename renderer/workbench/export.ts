import { encodeBase64 } from '../../shared/bytes/base64.ts';
import { readUint32 } from '../../shared/bytes/concat.ts';
import { mergeConfigs, svgLabelsSetting } from '../../shared/mermaid/config.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import { type MermaidConfig, type SvgLabels, THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import type { AppClient } from '../api/app-client.ts';
import type { Live } from './live.ts';
import { imagePdf } from './pdf.ts';
import type { PreviewHost } from './preview-host.ts';
import { isDark } from './theme.ts';
import type { Workspace } from './workspace.ts';

export type ExportFormat = 'svg' | 'png' | 'pdf';

export interface ExportOptions {
  scale: number;
  /** Without a background; otherwise on the colour the diagram's theme is drawn on. */
  transparent: boolean;
}

/** How SVGs are written: as the folder config's `merrow.svgLabels` says, drawn with its config. */
interface SvgOptions {
  labels: SvgLabels | undefined;
  config: MermaidConfig;
  /** Draw exports apart from the preview: it shows a theme the folder's config does not name. */
  apart?: boolean;
}

/** A PNG's pixel size, from its header (IHDR, the first chunk). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  return { width: readUint32(png, 16), height: readUint32(png, 20) };
}

/** The SVG options of a folder config (a broken labels setting reads as unset: the CLI reports it). */
export function svgOptions(folderConfig: MermaidConfig): SvgOptions {
  let labels: SvgLabels | undefined;
  try {
    labels = svgLabelsSetting(folderConfig);
  } catch {
    // exported as mermaid draws it
  }
  return { labels, config: mergeConfigs(folderConfig) };
}

/**
 * The SVG to write or copy: the preview's, or with text labels (for Inkscape, PowerPoint, Word) the
 * diagram drawn again as `merrow export --svg-labels text` draws it, without a background as here.
 */
async function svgToExport(preview: PreviewHost, text: string, svg: string, svgs: SvgOptions) {
  if (svgs.labels !== 'text') return svg;
  const drawn = await preview.renderExport({
    text,
    config: svgs.config,
    background: 'transparent',
    width: 800,
    pngScale: null,
    labels: 'text',
  });
  return drawn.svg;
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
  svgs: SvgOptions,
): Promise<string> {
  const path = exportPath(source, format);
  let bytes: Uint8Array;
  if (svgs.apart) {
    // Drawn again with the folder's config, as `merrow export` draws it: the preview's picture
    // wears the app's dark theme, which is not the folder's.
    const scale = format === 'pdf' ? Math.max(2, options.scale) : options.scale;
    const transparent = format === 'svg' || (format === 'png' && options.transparent);
    const drawn = await preview.renderExport({
      text,
      config: svgs.config,
      background: transparent ? 'transparent' : THEME_BACKGROUND,
      width: 800,
      pngScale: format === 'svg' ? null : scale,
      labels: svgs.labels,
    });
    if (format === 'svg') bytes = new TextEncoder().encode(embedSourceInSvg(drawn.svg, text));
    else {
      const png = drawn.png!;
      const { width, height } = pngSize(png);
      bytes = format === 'png' ? embedSourceInPng(png, text) : await pdfFromPng(png, width, height, scale);
    }
  } else if (format === 'svg') {
    bytes = new TextEncoder().encode(embedSourceInSvg(await svgToExport(preview, text, svg, svgs), text));
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
export async function exportActive(
  workspace: Workspace,
  live: Live,
  format: ExportFormat,
  options: ExportOptions,
): Promise<void> {
  const path = workspace.active.get();
  const model = path ? workspace.model(path) : undefined;
  if (!path || !model) return;
  // A text still rendering (just typed, or the file just opened) is exported once it shows.
  const version = model.getAlternativeVersionId();
  const shown = () => {
    const { status } = live.state.get();
    // Too large or not a diagram: judged from the text as it is typed, before any render.
    if (status === 'too-large' || status === 'not-a-diagram') return true;
    return (status === 'ok' || status === 'error') && live.renderedVersion === version;
  };
  if (!shown()) await settled(live, shown, RENDER_WAIT_MS);
  const state = live.state.get();
  const svg = live.svgOf(path);
  if (workspace.active.get() !== path || model.getAlternativeVersionId() !== version) return;
  if (!shown()) {
    workspace.say('Nothing exported: the preview has not shown this text yet; try again.', 'error', path);
  } else if (state.status !== 'ok' || !svg) {
    const first = state.diagnostics[0];
    const why =
      state.status === 'too-large'
        ? 'the diagram is too large to draw'
        : state.status === 'not-a-diagram'
          ? 'this text is not a Mermaid diagram'
          : first
            ? `line ${first.line}: ${first.message}`
            : 'the diagram has an error';
    workspace.say(`Nothing exported: ${why}. Fix it, then export.`, 'error', path);
  } else {
    const folder = live.folderConfig.get() ?? {};
    // Without a theme of its own the folder's diagrams are drawn in mermaid's default, as
    // `merrow export` draws them, whatever the app's appearance: the preview follows the app.
    const svgs = { ...svgOptions(folder), apart: isDark.get() && folder.theme === undefined };
    exportDiagram(workspace.api, live.preview, path, model.getValue(), svg, format, options, svgs)
      .then((written) => workspace.say(`Exported ${written}`, 'info', path))
      .catch((error: Error) => workspace.say(`Export failed: ${error.message}`, 'error', path));
  }
}

/** How long an export waits for the preview to show the text it exports. */
const RENDER_WAIT_MS = 15_000;

/** Resolves once `done()` holds after a change of the preview's state, or after `ms`. */
function settled(live: Live, done: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(finish, ms);
    const stop = live.state.subscribe(() => {
      if (done()) finish();
    });
  });
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
  copyDiagram(
    live.preview,
    kind,
    model.getValue(),
    svg ?? '',
    options,
    svgOptions(live.folderConfig.get() ?? {}),
  )
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
  svgs: SvgOptions,
): Promise<void> {
  if (kind === 'markdown') return navigator.clipboard.writeText(`\`\`\`mermaid\n${text.trimEnd()}\n\`\`\`\n`);
  if (kind === 'svg') return navigator.clipboard.writeText(await svgToExport(preview, text, svg, svgs));
  const { png } = await preview.exportPng(options.scale, options.transparent);
  await navigator.clipboard.write([
    new ClipboardItem({ 'image/png': new Blob([png as BlobPart], { type: 'image/png' }) }),
  ]);
}

/**
 * Mermaid → Excalidraw skeleton, run in the engine page. `@excalidraw/mermaid-to-excalidraw` lays
 * diagrams out with its own renderer (Pele), which accepts a slightly different language than
 * mermaid; so the text is first checked by the one mermaid module, whose diagnostics users
 * already know from `merrow check`, and types Merrow does not convert to shapes are drawn by
 * mermaid itself and embedded as an SVG image, as `merrow export` would draw them.
 */
import { parseMermaidToExcalidraw } from '@excalidraw/mermaid-to-excalidraw';
import { encodeBase64 } from '../../shared/bytes/base64.ts';
import type { Skeleton, ToExcalidrawOutcome } from '../../shared/excalidraw/from-skeleton.ts';
import { type RenderRequest, THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import { parseMermaid, renderMermaid } from '../mermaid/index.ts';

// Mermaid's diagram type ids (as mermaid.parse reports them) that become editable shapes.
const EDITABLE = new Set([
  'flowchart',
  'flowchart-v2',
  'flowchart-elk',
  'graph',
  'sequence',
  'class',
  'classDiagram',
  'er',
  'state',
  'stateDiagram',
]);

/** Converts a diagram to Excalidraw skeleton elements, or an embedded image for other types. */
export async function toExcalidraw(arg: unknown): Promise<ToExcalidrawOutcome> {
  const req = arg as RenderRequest;
  const parsed = await parseMermaid(req);
  if (!parsed.ok) return parsed;
  const warnings: string[] = [];
  if (EDITABLE.has(parsed.diagramType)) {
    try {
      const result = await parseMermaidToExcalidraw(req.text, converterConfig(req.config));
      const skeletons = result.elements as unknown as Skeleton[];
      // The converter falls back to an image of its own when it cannot read its layout.
      if (!skeletons.some((s) => s.type === 'image')) {
        return { ok: true, diagramType: parsed.diagramType, editable: true, elements: skeletons, warnings };
      }
      warnings.push('could not turn this diagram into shapes; embedded it as an image');
    } catch (error) {
      warnings.push(`could not turn this diagram into shapes (${firstLine(error)}); embedded it as an image`);
    }
  }
  return image(req, parsed.diagramType, warnings);
}

async function image(
  req: RenderRequest,
  diagramType: string,
  warnings: string[],
): Promise<ToExcalidrawOutcome> {
  const rendered = await renderMermaid({ ...req, background: req.background ?? THEME_BACKGROUND });
  if (!rendered.ok) return rendered;
  const bytes = new TextEncoder().encode(rendered.svg);
  const element: Skeleton = {
    type: 'image',
    x: 0,
    y: 0,
    width: rendered.width,
    height: rendered.height,
    fileId: 'diagram',
  };
  return {
    ok: true,
    diagramType,
    editable: false,
    elements: [element],
    files: {
      diagram: { mimeType: 'image/svg+xml', dataURL: `data:image/svg+xml;base64,${encodeBase64(bytes)}` },
    },
    warnings,
  };
}

// The converter reads only these options; it uses Excalidraw's font size (20) unless one is set.
function converterConfig(config: RenderRequest['config']) {
  const theme = config?.themeVariables as { fontSize?: unknown } | undefined;
  return {
    ...(typeof config?.maxEdges === 'number' ? { maxEdges: config.maxEdges } : {}),
    ...(typeof config?.maxTextSize === 'number' ? { maxTextSize: config.maxTextSize } : {}),
    ...(typeof theme?.fontSize === 'string' ? { themeVariables: { fontSize: theme.fontSize } } : {}),
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * The one mermaid module: initialisation, registration of the ELK layout and the bundled icon
 * packs and fonts, rendering, parsing, error mapping and the theme's background. The app's preview
 * and the CLI's headless engine page both use it, so the same text gives the same SVG in both.
 */
import elkLayouts from '@mermaid-js/layout-elk';
import DOMPurify from 'dompurify';
import mermaid from 'mermaid';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { fontStackFor, ownFontFamily } from '../../shared/mermaid/font-stack.ts';
import { precheck } from '../../shared/mermaid/precheck.ts';
import {
  type RenderOutcome,
  type RenderRequest,
  THEME_BACKGROUND,
} from '../../shared/mermaid/render-types.ts';
import { resetMermaidState } from '../../shared/mermaid/state-reset.ts';
import { seededRandom } from '../../shared/random.ts';
import { errorToDiagnostics } from './errors.ts';
import { fontLoadsStarted, loadFontsFor } from './fonts.ts';
import { registerBundledIconPacks } from './icons.ts';
import { memoizeSanitize, type Purifier } from './sanitize-cache.ts';
import { applyConfig } from './setup.ts';
import { toXmlSvg } from './svg-xml.ts';

export { parseMermaid } from './parse.ts';

// The DOMPurify instance mermaid sanitizes every label with (one copy in the bundle).
memoizeSanitize(DOMPurify as unknown as Purifier);

let registered = false;

/** The ELK layout and the icon packs: what a render needs beyond parsing, registered once. */
function registerRenderingExtras(): void {
  if (registered) return;
  mermaid.registerLayoutLoaders(elkLayouts);
  registerBundledIconPacks(mermaid);
  registered = true;
}

/** Text mermaid renders instead of the diagram when it is over `maxTextSize`. */
const TEXT_SIZE_BOX = 'Maximum text size in diagram exceeded';

/**
 * Renders a diagram to well-formed SVG, or returns diagnostics located in the file's lines.
 * `container` is where mermaid lays the diagram out (it needs a real, attached element for
 * text measurement); it defaults to a fresh hidden element in the document body.
 */
export async function renderMermaid(req: RenderRequest, container?: HTMLElement): Promise<RenderOutcome> {
  const early = precheck(req.text, req.config);
  if (early.length > 0) return { ok: false, diagnostics: early };
  registerRenderingExtras();
  const fonts = fontStackFor(req.text);
  applyConfig(req.config, fonts);
  await loadFontsFor(req.text, (req.config && ownFontFamily(req.config)) ?? fonts);
  const draw = () => {
    // Ids numbered by counters start from the same value in every render (build/mermaid-state-reset.ts).
    resetMermaidState();
    return withFixedRandom(() => mermaid.render(req.svgId ?? 'merrow', req.text, container));
  };
  try {
    const loads = fontLoadsStarted();
    let { svg, diagramType } = await draw();
    // A face no one foresaw (a font the diagram's frontmatter names, a character from a named
    // entity): its text was measured in a fallback font, so the layout is redone once it is here.
    if (fontLoadsStarted() !== loads) {
      await document.fonts.ready;
      ({ svg, diagramType } = await draw());
    }
    if (svg.includes(TEXT_SIZE_BOX) && !req.text.includes(TEXT_SIZE_BOX)) {
      return fail(
        1,
        1,
        'the diagram is over mermaid’s maxTextSize; split it, or raise maxTextSize in the config',
      );
    }
    const themeBackground = String(mermaid.mermaidAPI.getConfig().themeVariables?.background ?? 'white');
    const background = req.background === THEME_BACKGROUND ? themeBackground : req.background;
    return { ok: true, diagramType, themeBackground, ...toXmlSvg(svg, background) };
  } catch (error) {
    return { ok: false, diagnostics: errorToDiagnostics(error, req.text) };
  }
}

/**
 * Runs a render with Math.random replaced by a generator of fixed seed. Some diagrams take ids from
 * Math.random (state diagram clusters, gitGraph commits without an id, block diagrams), so the same
 * text would otherwise export a different SVG each time and churn in git. Mermaid seeds its own
 * architecture layout the same way; renders run one at a time in a page, so nothing else sees it.
 */
async function withFixedRandom<T>(render: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = seededRandom(0x2545f491);
  try {
    return await render();
  } finally {
    Math.random = original;
  }
}

function fail(line: number, column: number, message: string): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [{ line, column, severity: 'error', message }] };
}

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { LayoutEdits } from '../layout/layout-edits.ts';
import { LayoutPanel, LayoutStatusBanner } from '../layout/layout-panel.tsx';
import { useWidth } from '../ui/use-width.ts';
import { ZoomControls } from '../ui/zoom-controls.tsx';
import type { ExportFormat } from '../workbench/export.ts';
import type { Live } from '../workbench/live.ts';
import { useStore } from '../workbench/store.ts';
import { LOOKS, MERMAID_THEMES } from '../workbench/theme.ts';

export interface PreviewActions {
  exportAs(format: ExportFormat): void;
  copy(kind: 'png' | 'svg' | 'markdown'): void;
  setMermaidTheme(theme: string): void;
  setLook(look: string): void;
  setTextLabels(on: boolean): void;
}

interface Props {
  live: Live;
  layout: LayoutEdits;
  actions: PreviewActions;
  mermaidTheme: string;
  look: string;
  exportScale: number;
  setExportScale: (scale: number) => void;
  transparent: boolean;
  setTransparent: (transparent: boolean) => void;
  /** SVGs carry their labels as SVG text (the folder's `merrow.svgLabels`). */
  textLabels: boolean;
}

/** Below these toolbar widths the theme and look pickers, then the zoom buttons, fold into the ⋯ menu. */
const FOLD_PICKERS_PX = 540;
const FOLD_ZOOM_PX = 320;

/** The live preview: the isolated render frame, its toolbar (zoom, export, copy, theme, look) and the error banner. */
export function PreviewPane({
  live,
  layout,
  actions,
  mermaidTheme,
  look,
  exportScale,
  setExportScale,
  transparent,
  setTransparent,
  textLabels,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const state = useStore(live.state);
  const [zoom, setZoom] = useState(1);
  const [menu, setMenu] = useState(false);
  const [layoutPanel, setLayoutPanel] = useState(false);
  const menuAnchor = useRef<HTMLSpanElement>(null);
  /** What had focus when the Layout panel opened (its toggle), where Escape puts focus back. */
  const layoutOpener = useRef<HTMLElement | null>(null);
  const layoutPanelRef = useRef<HTMLElement>(null);

  // The open Export menu closes on Escape and on a click anywhere outside it, as menus do.
  useEffect(() => {
    if (!menu) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setMenu(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (!menuAnchor.current?.contains(e.target as Node)) setMenu(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    // The preview frame swallows clicks; leaving the page for it blurs the window.
    window.addEventListener('blur', () => setMenu(false), { once: true });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [menu]);

  // The open Layout panel closes on Escape pressed in it (or on what opened it), and focus goes back
  // to what opened it; Escape elsewhere (in the editor) is left to what has focus.
  useEffect(() => {
    if (!layoutPanel) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as Node;
      const opener = layoutOpener.current;
      if (!layoutPanelRef.current?.contains(target) && target !== opener && target !== document.body) return;
      e.preventDefault();
      setLayoutPanel(false);
      const back = opener?.isConnected
        ? opener
        : document.querySelector<HTMLElement>(
            '[data-testid="layout-panel-toggle"], [data-testid="toolbar-more"]',
          );
      back?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layoutPanel]);

  useEffect(() => {
    host.current?.appendChild(live.preview.frame);
    live.preview.onZoom = setZoom;
  }, [live]);

  const toolbar = useRef<HTMLElement>(null);
  const width = useWidth(toolbar);
  // Past the fixed widths, what overflows decides: a toolbar seen too narrow for everything at some
  // width folds at that width and below (a longer theme name, a larger font, another button).
  const [overflowsAt, setOverflowsAt] = useState(0);
  const fold =
    width === null ? 0 : width < FOLD_ZOOM_PX ? 2 : width < FOLD_PICKERS_PX || width <= overflowsAt ? 1 : 0;
  useLayoutEffect(() => {
    const element = toolbar.current;
    if (element && width !== null && fold === 0 && element.scrollWidth > element.clientWidth + 1)
      setOverflowsAt(width);
  });
  const [more, setMore] = useState(false);

  const error = state.status === 'error' ? state.diagnostics[0] : undefined;
  const zoomButtons = <ZoomControls scale={zoom} onAction={(action) => live.preview.view(action)} />;
  const pickers = (
    <>
      <label title="Mermaid theme (saved to the folder config)">
        <select
          data-testid="mermaid-theme"
          value={mermaidTheme}
          onChange={(e) => actions.setMermaidTheme(e.target.value)}
        >
          {MERMAID_THEMES.map((t) => (
            <option key={t} value={t}>
              {t === 'auto' ? 'theme: auto' : t}
            </option>
          ))}
        </select>
      </label>
      <label title="Look (saved to the folder config)">
        <select data-testid="mermaid-look" value={look} onChange={(e) => actions.setLook(e.target.value)}>
          {LOOKS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="layout-panel-toggle"
        aria-pressed={layoutPanel}
        title="Layout settings of this diagram"
        onClick={(e) => {
          layoutOpener.current = layoutPanel ? null : e.currentTarget;
          setLayoutPanel(!layoutPanel);
          setMore(false);
        }}
      >
        Layout
      </button>
    </>
  );
  return (
    <section
      className="preview-pane"
      aria-label="Preview"
      data-testid="preview-pane"
      data-status={state.status}
    >
      <header className="pane-header preview-toolbar" ref={toolbar} data-fold={fold}>
        <span className="toolbar-group">
          {fold < 2 ? (
            zoomButtons
          ) : (
            <span className="zoom-level" data-testid="zoom-level">
              {Math.round(zoom * 100)}%
            </span>
          )}
        </span>
        <span className="toolbar-group">
          {fold === 0 && pickers}
          {fold > 0 && (
            <span className="menu-anchor">
              <button
                type="button"
                title="More: zoom, theme, look and layout"
                aria-label="More"
                data-testid="toolbar-more"
                aria-expanded={more}
                onClick={() => setMore(!more)}
              >
                ⋯
              </button>
              {more && (
                <div className="menu toolbar-overflow" data-testid="toolbar-overflow">
                  {fold > 1 && <span className="toolbar-group">{zoomButtons}</span>}
                  {pickers}
                </div>
              )}
            </span>
          )}
          <span className="menu-anchor" ref={menuAnchor}>
            <button
              type="button"
              data-testid="export-menu"
              aria-expanded={menu}
              onClick={() => setMenu(!menu)}
            >
              Export ▾
            </button>
            {menu && (
              // biome-ignore lint/a11y/useKeyWithClickEvents: every item is a button; this closes the menu after one
              <div className="menu" role="menu" onClick={() => setMenu(false)}>
                <button
                  type="button"
                  role="menuitem"
                  data-testid="export-svg"
                  onClick={() => actions.exportAs('svg')}
                >
                  Export SVG
                </button>
                <button
                  type="button"
                  role="menuitem"
                  data-testid="export-png"
                  onClick={() => actions.exportAs('png')}
                >
                  Export PNG ({exportScale}×)
                </button>
                <button
                  type="button"
                  role="menuitem"
                  data-testid="export-pdf"
                  onClick={() => actions.exportAs('pdf')}
                >
                  Export PDF
                </button>
                <hr />
                <button type="button" role="menuitem" onClick={() => actions.copy('png')}>
                  Copy PNG
                </button>
                <button type="button" role="menuitem" onClick={() => actions.copy('svg')}>
                  Copy SVG
                </button>
                <button type="button" role="menuitem" onClick={() => actions.copy('markdown')}>
                  Copy Markdown block
                </button>
                <hr />
                {/* biome-ignore lint/a11y/noStaticElementInteractions: keeps the menu open while choosing options */}
                <div
                  className="menu-options"
                  onClick={(e) => e.stopPropagation()}
                  onKeyDown={(e) => e.stopPropagation()}
                >
                  <label>
                    PNG scale{' '}
                    <select value={exportScale} onChange={(e) => setExportScale(Number(e.target.value))}>
                      {[1, 2, 3, 4].map((s) => (
                        <option key={s} value={s}>
                          {s}×
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <input
                      type="checkbox"
                      checked={transparent}
                      onChange={(e) => setTransparent(e.target.checked)}
                    />{' '}
                    Transparent
                  </label>
                  <label title="Write labels as SVG text, which Inkscape, PowerPoint and Word show (saved to the folder config)">
                    <input
                      type="checkbox"
                      data-testid="export-svg-text-labels"
                      checked={textLabels}
                      onChange={(e) => actions.setTextLabels(e.target.checked)}
                    />{' '}
                    SVG text labels
                  </label>
                </div>
              </div>
            )}
          </span>
        </span>
      </header>
      <LayoutStatusBanner layout={layout} />
      {layoutPanel && (
        <LayoutPanel
          workspace={layout.workspace}
          live={live}
          layout={layout}
          panelRef={layoutPanelRef}
          onClose={() => setLayoutPanel(false)}
        />
      )}
      <div className="preview-host" ref={host}>
        {state.status === 'too-large' && (
          <div className="preview-message" data-testid="preview-too-large">
            This file is over mermaid's size limit ({live.maxTextSize().toLocaleString()} characters), so it
            is not rendered. Split it into smaller diagrams.
          </div>
        )}
        {state.status === 'not-a-diagram' && (
          <div className="preview-message" data-testid="preview-none">
            {/\.(md|markdown)$/i.test(state.path ?? '')
              ? 'No ```mermaid block in this Markdown file: add one to see it here.'
              : 'No preview for this kind of file.'}
          </div>
        )}
        {state.status === 'idle' && <div className="preview-message">Open a diagram to see it here.</div>}
      </div>
      {error && (
        <div className="preview-error" data-testid="preview-error" role="alert">
          {formatDiagnostic(error)}
          {state.svg ? <span className="hint"> — showing the last good diagram</span> : null}
        </div>
      )}
    </section>
  );
}

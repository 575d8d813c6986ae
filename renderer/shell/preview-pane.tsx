import { useEffect, useRef, useState } from 'react';
import { formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { LayoutEdits } from '../layout/layout-edits.ts';
import { LayoutPanel, LayoutStatusBanner } from '../layout/layout-panel.tsx';
import type { ExportFormat } from '../workbench/export.ts';
import type { Live } from '../workbench/live.ts';
import { useStore } from '../workbench/store.ts';
import { LOOKS, MERMAID_THEMES } from '../workbench/theme.ts';

export interface PreviewActions {
  exportAs(format: ExportFormat): void;
  copy(kind: 'png' | 'svg' | 'markdown'): void;
  setMermaidTheme(theme: string): void;
  setLook(look: string): void;
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
}

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
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const state = useStore(live.state);
  const [zoom, setZoom] = useState(1);
  const [menu, setMenu] = useState(false);
  const [layoutPanel, setLayoutPanel] = useState(false);

  useEffect(() => {
    host.current?.appendChild(live.preview.frame);
    live.preview.onZoom = setZoom;
  }, [live]);

  const error = state.status === 'error' ? state.diagnostics[0] : undefined;
  return (
    <section
      className="preview-pane"
      aria-label="Preview"
      data-testid="preview-pane"
      data-status={state.status}
    >
      <header className="pane-header preview-toolbar">
        <span className="toolbar-group">
          <button type="button" title="Zoom out" onClick={() => live.preview.view('zoom-out')}>
            −
          </button>
          <span className="zoom-level" data-testid="zoom-level">
            {Math.round(zoom * 100)}%
          </span>
          <button type="button" title="Zoom in" onClick={() => live.preview.view('zoom-in')}>
            +
          </button>
          <button
            type="button"
            title="Fit to the pane"
            data-testid="zoom-fit"
            onClick={() => live.preview.view('fit')}
          >
            Fit
          </button>
          <button
            type="button"
            title="Actual size"
            data-testid="zoom-100"
            onClick={() => live.preview.view('actual')}
          >
            1:1
          </button>
        </span>
        <span className="toolbar-group">
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
            onClick={() => setLayoutPanel(!layoutPanel)}
          >
            Layout
          </button>
          <span className="menu-anchor">
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
          <div className="preview-message">No preview for this kind of file.</div>
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

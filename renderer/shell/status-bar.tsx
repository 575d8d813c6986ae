import { useState } from 'react';
import { formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import { GitStatusItem } from '../git/git-badges.tsx';
import { pageKeyContext } from '../workbench/commands.ts';
import type { Live, PreviewState } from '../workbench/live.ts';
import { useStore } from '../workbench/store.ts';
import { tabMovesFocus } from '../workbench/tab-focus.ts';
import { appTheme, setAppTheme } from '../workbench/theme.ts';
import type { Workspace } from '../workbench/workspace.ts';

/**
 * The problems strip: every error of the active file, in words; clicking one moves the cursor
 * there, and "mermaid says" shows mermaid's own message under it.
 */
export function ProblemsStrip({ live }: { live: Live }) {
  const state = useStore(live.state);
  const [open, setOpen] = useState(true);
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  if (state.diagnostics.length === 0) return null;
  const toggle = (key: string) =>
    setShown((keys) => {
      const next = new Set(keys);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <section className="problems" data-testid="problems" aria-label="Problems">
      <button type="button" className="problems-toggle" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} Problems ({state.diagnostics.length})
      </button>
      {open && (
        <ul>
          {state.diagnostics.map((d) => {
            const key = `${d.line}:${d.column}:${d.message}`;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the editor's F8 walks the same markers
              <li
                key={key}
                data-testid="problem"
                className={d.severity}
                onClick={() => {
                  live.editor?.setPosition({ lineNumber: d.line, column: d.column });
                  live.editor?.revealLineInCenter(d.line);
                  live.editor?.focus();
                }}
              >
                {formatDiagnostic(d)}
                {d.detail && (
                  <button
                    type="button"
                    className="problem-detail-toggle"
                    data-testid="problem-detail-toggle"
                    aria-expanded={shown.has(key)}
                    title="Mermaid's own message"
                    onClick={(event) => {
                      event.stopPropagation();
                      toggle(key);
                    }}
                  >
                    {shown.has(key) ? 'hide mermaid’s message' : 'mermaid says…'}
                  </button>
                )}
                {d.detail && shown.has(key) && (
                  <div className="problem-detail" data-testid="problem-detail">
                    mermaid: {d.detail}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** What was checked of the file shown, and how it went: "no errors" only for text that was checked. */
function verdict(status: PreviewState['status'], errors: number): string {
  if (errors) return `⊗ ${errors} error${errors > 1 ? 's' : ''}`;
  if (status === 'ok') return '✓ no errors';
  if (status === 'rendering') return 'checking…';
  if (status === 'too-large') return 'not checked: too large';
  if (status === 'not-a-diagram') return 'not checked';
  return '—';
}

/** Diagram type, errors, render time, cursor, connection and autosave; room for the git branch. */
export function StatusBar({ workspace, live }: { workspace: Workspace; live: Live }) {
  const state = useStore(live.state);
  const cursor = useStore(live.cursor);
  const tabFocus = useStore(tabMovesFocus);
  const connected = useStore(workspace.connected);
  const signedOut = useStore(workspace.signedOut);
  const autosave = useStore(workspace.autosave);
  const theme = useStore(appTheme);
  const notice = useStore(workspace.notice);
  const errors = state.diagnostics.length;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" data-testid="status-diagram-type">
        {state.diagramType ?? '—'}
      </span>
      <span className={`status-item${errors ? ' has-errors' : ''}`} data-testid="status-errors">
        {state.block ? `block ${state.block.index + 1} of ${state.block.count}: ` : ''}
        {verdict(state.status, errors)}
      </span>
      {state.renderMs !== null && (
        <span className="status-item muted">rendered in {Math.round(state.renderMs)} ms</span>
      )}
      {signedOut ? (
        <span className="status-item warn" data-testid="status-signed-out" role="alert">
          merrow serve restarted with a new address: open the URL it printed; edits are kept
        </span>
      ) : (
        !connected && (
          <span className="status-item warn" data-testid="status-disconnected">
            server unreachable — reconnecting; edits are kept
          </span>
        )
      )}
      {notice && (
        <span className={`status-item notice ${notice.kind}`} data-testid="status-notice" key={notice.at}>
          {notice.text}
        </span>
      )}
      <span className="spacer" />
      <GitStatusItem workspace={workspace} />
      {tabFocus && (
        <span
          className="status-item"
          data-testid="status-tab-focus"
          title={`Tab moves focus out of the editor instead of inserting a tab; ${
            pageKeyContext().platform === 'mac' ? '⌃⇧M' : 'Ctrl+M'
          } turns it off`}
        >
          Tab moves focus
        </span>
      )}
      <span className="status-item" data-testid="status-cursor">
        Ln {cursor.line}, Col {cursor.column}
        {cursor.selected ? ` (${cursor.selected} selected)` : ''}
      </span>
      <button
        type="button"
        className="status-item"
        onClick={() => workspace.setAutosave(!autosave)}
        data-testid="status-autosave"
      >
        autosave {autosave ? 'on' : 'off'}
      </button>
      <button
        type="button"
        className="status-item"
        title="Theme: system, light or dark"
        onClick={() => setAppTheme(theme === 'system' ? 'light' : theme === 'light' ? 'dark' : 'system')}
        data-testid="status-theme"
      >
        {theme === 'system' ? '◐ system' : theme === 'light' ? '☀ light' : '☾ dark'}
      </button>
    </footer>
  );
}

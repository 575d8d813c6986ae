import { type ReactNode, useEffect } from 'react';
import { createPortal } from 'react-dom';
import { withShortcut } from '../workbench/commands.ts';
import type { Live } from '../workbench/live.ts';
import { sidebarHidden } from '../workbench/sidebar.ts';
import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { ConflictOverlay, DiffOverlay, Overlay } from './compare-view.tsx';
import { type GitUi, gitUiFor } from './git-ui.ts';
import { HistoryOverlay } from './history-view.tsx';
import { IncomingOverlay } from './incoming-view.tsx';
import { SourceControl } from './source-control.tsx';
import './git.css';

/**
 * The sidebar with its two views, Files (the app's tree, passed as children) and Source Control,
 * switched from an activity bar or with their commands' keys; it also hosts the diff and history overlays.
 */
export function GitSidebar({
  workspace,
  live,
  children,
}: {
  workspace: Workspace;
  live: Live;
  children: ReactNode;
}) {
  const ui = gitUiFor(workspace);
  const view = useStore(ui.sidebar);
  const hidden = useStore(sidebarHidden);
  const status = useStore(ui.status);
  const overlay = useStore(ui.overlay);
  const changes = status?.files.length ?? 0;

  useEffect(() => ui.attachLive(live), [ui, live]);

  const close = () => ui.overlay.set(null);
  return (
    <div className="git-sidebar" data-testid="sidebar" data-hidden={hidden}>
      <nav className="activity-bar" aria-label="Sidebar views">
        <button
          type="button"
          className={view === 'files' && !hidden ? 'selected' : ''}
          aria-pressed={view === 'files' && !hidden}
          title={withShortcut('Files', 'view.files')}
          data-testid="view-files"
          onClick={() => ui.clickView('files')}
        >
          <FilesIcon />
        </button>
        <button
          type="button"
          className={view === 'changes' && !hidden ? 'selected' : ''}
          aria-pressed={view === 'changes' && !hidden}
          title={withShortcut('Source Control', 'view.sourceControl')}
          data-testid="view-changes"
          onClick={() => ui.clickView('changes')}
        >
          <BranchIcon />
          {changes > 0 && (
            <span className="activity-count" data-testid="changes-count">
              {changes}
            </span>
          )}
        </button>
      </nav>
      {/* Hidden, not unmounted: the tree keeps its open folders and selection for when it comes back. */}
      <div className="git-sidebar-view" hidden={view !== 'files' || hidden}>
        {children}
      </div>
      {view === 'changes' && !hidden && (
        <div className="git-sidebar-view">
          <header className="pane-header">
            <span className="folder-name">Source control</span>
            <button type="button" title="Read the status again" onClick={() => void ui.refresh()}>
              ⟳
            </button>
          </header>
          <SourceControl ui={ui} />
        </div>
      )}
      {overlay &&
        createPortal(
          overlay.kind === 'output' ? (
            <OutputOverlay ui={ui} onClose={close} />
          ) : overlay.kind === 'history' ? (
            <HistoryOverlay key={`h:${overlay.path}`} ui={ui} path={overlay.path} onClose={close} />
          ) : overlay.kind === 'incoming' ? (
            <IncomingOverlay key={`i:${overlay.path}`} ui={ui} path={overlay.path} onClose={close} />
          ) : overlay.kind === 'conflict' ? (
            <ConflictOverlay key={`c:${overlay.path}`} ui={ui} path={overlay.path} onClose={close} />
          ) : (
            <DiffOverlay key={`d:${overlay.path}`} ui={ui} path={overlay.path} onClose={close} />
          ),
          document.body,
        )}
    </div>
  );
}

/** The last git operation's whole output, as wide as the window (a refused push's hints are long). */
function OutputOverlay({ ui, onClose }: { ui: GitUi; onClose: () => void }) {
  const operation = useStore(ui.operation);
  const text = operation?.error ?? operation?.output ?? '';
  return (
    <Overlay testId="output-overlay" onClose={onClose} title={`git: ${operation?.name ?? ''}`}>
      <pre className="git-output" data-testid="output-text">
        {text}
      </pre>
    </Overlay>
  );
}

const icon = {
  width: 20,
  height: 20,
  viewBox: '0 0 20 20',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.5,
} as const;

const FilesIcon = () => (
  <svg {...icon} aria-hidden="true">
    <path d="M5 2.5h6l4 4v11H5z" />
    <path d="M11 2.5v4h4" />
  </svg>
);

const BranchIcon = () => (
  <svg {...icon} aria-hidden="true">
    <circle cx="6" cy="4.5" r="2" />
    <circle cx="6" cy="15.5" r="2" />
    <circle cx="14" cy="7" r="2" />
    <path d="M6 6.5v7M14 9c0 3-8 2-8 4.5" />
  </svg>
);

import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ErrorBoundary } from '../ui/error-boundary.tsx';
import type { Live } from '../workbench/live.ts';
import { OpenTabs } from '../workbench/open-tabs.tsx';
import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { isExcalidrawClipboard, openOutsideFile } from './import-commands.ts';
import { type FolderSummary, importUiFor } from './import-ui.ts';
import type { ImportSource } from './import-view.tsx';
import { isDrawingName } from './names.ts';
import './import.css';

// The view, the converter and (later still) Excalidraw itself load when a drawing is first shown.
const ImportView = lazy(() => import('./import-view.tsx').then((m) => ({ default: m.ImportView })));

/**
 * The import view in place of the editor and preview while the active tab is an Excalidraw file
 * (or a drawing was dropped or pasted); it also listens for drops and pastes on the whole window.
 */
export function ImportTab({ workspace, live }: { workspace: Workspace; live: Live }) {
  const ui = importUiFor(workspace);
  const active = useStore(workspace.active);
  const external = useStore(ui.external);
  const summary = useStore(ui.summary);
  const [dropping, setDropping] = useState(false);
  const source = useMemo<ImportSource | null>(() => {
    if (external) return { kind: 'external', drawing: external };
    return active && isDrawingName(active) ? { kind: 'file', path: active } : null;
  }, [external, active]);

  // The editor below still holds the drawing's JSON (or another file): it must not take keystrokes.
  useEffect(() => {
    const editor = live.editor;
    if (!source || !editor) return;
    editor.updateOptions({ readOnly: true });
    return () => editor.updateOptions({ readOnly: false });
  }, [source, live]);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDropping(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDropping(false);
    };
    const drop = (e: DragEvent) => {
      setDropping(false);
      if (!hasFiles(e)) return;
      e.preventDefault();
      void openOutsideFile(workspace, [...(e.dataTransfer?.files ?? [])]);
    };
    // Capture: the editor would otherwise paste a drawing's JSON as text.
    const paste = (e: ClipboardEvent) => {
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!isExcalidrawClipboard(text)) return;
      e.preventDefault();
      e.stopPropagation();
      ui.showExternal({ name: 'pasted.excalidraw', bytes: new TextEncoder().encode(text) });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste, true);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste, true);
    };
  }, [workspace, ui]);

  return (
    <>
      {source && (
        <div className="import-tab" data-testid="import-tab">
          {source.kind === 'file' && <OpenTabs workspace={workspace} />}
          {/* Its chunk may fail to load (the app was rebuilt meanwhile): the failure shows here, in the view. */}
          <ErrorBoundary key={source.kind === 'file' ? source.path : `external:${source.drawing.name}`}>
            <Suspense fallback={<p className="import-hint">Opening the import view…</p>}>
              <ImportView
                workspace={workspace}
                live={live}
                source={source}
                onClose={source.kind === 'external' ? () => ui.external.set(null) : undefined}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
      )}
      {dropping && (
        <div className="import-drop" data-testid="import-drop">
          Drop an Excalidraw drawing to import it
        </div>
      )}
      {summary && <FolderSummaryDialog summary={summary} onClose={() => ui.summary.set(null)} />}
    </>
  );
}

function FolderSummaryDialog({ summary, onClose }: { summary: FolderSummary; onClose: () => void }) {
  const failed = summary.entries.filter((e) => e.error).length;
  const written = summary.entries.reduce((n, e) => n + e.outputs.length, 0);
  return (
    <div className="import-summary" role="dialog" aria-label="Folder conversion" data-testid="import-summary">
      <header>
        <strong>
          {summary.running ? 'Converting' : 'Converted'} {summary.folder || 'the folder'}
        </strong>
        <span>
          {summary.entries.length} drawing{summary.entries.length === 1 ? '' : 's'} · {written} diagram
          {written === 1 ? '' : 's'} written{failed ? ` · ${failed} failed` : ''}
        </span>
        <button type="button" aria-label="Close" onClick={onClose} disabled={summary.running}>
          ×
        </button>
      </header>
      <table>
        <thead>
          <tr>
            <th>Drawing</th>
            <th>Nodes</th>
            <th>Edges</th>
            <th>Guessed</th>
            <th>Dropped</th>
            <th>Written</th>
          </tr>
        </thead>
        <tbody>
          {summary.entries.map((e) => (
            <tr key={e.input} className={e.error ? 'failed' : ''}>
              <td>{e.input}</td>
              {e.error ? (
                <td colSpan={5} className="import-error">
                  {e.error}
                </td>
              ) : (
                <>
                  <td>{e.nodes}</td>
                  <td>{e.edges}</td>
                  <td>{e.guessed}</td>
                  <td>{e.dropped}</td>
                  <td>{e.outputs.join(', ') || (summary.running ? '…' : 'kept the existing file')}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

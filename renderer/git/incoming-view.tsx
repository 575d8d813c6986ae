import { useMemo } from 'react';
import { useStore } from '../workbench/store.ts';
import { Comparison, Overlay, useBuffer, useWorkingCopy } from './compare-view.tsx';
import type { GitUi } from './git-ui.ts';
import type { Version } from './visual-diff.tsx';

/**
 * A file that changed on disk (a pull, a checkout, another program) while its buffer had unsaved
 * edits: what came in beside the edits, rendered and as text, and the three ways on — keep mine
 * (overwriting what came in), take what came in (mine stays on the undo stack), or keep both (mine
 * saved as a copy beside the file).
 */
export function IncomingOverlay({ ui, path, onClose }: { ui: GitUi; path: string; onClose: () => void }) {
  const tabs = useStore(ui.workspace.tabs);
  const conflict = tabs.find((t) => t.path === path)?.conflict ?? null;
  const model = useBuffer(ui, path, true);
  const buffer = useWorkingCopy(ui, path, model ?? null);
  // Neither side came first, so they are shown as peers, each named for whose it is.
  const incoming = useMemo<Version | null>(
    () => (conflict ? { label: 'On disk', text: conflict.text } : null),
    [conflict],
  );
  const working = useMemo<Version | null>(() => (buffer ? { ...buffer, label: 'Yours' } : null), [buffer]);
  const choose = async (how: 'mine' | 'disk' | 'both') => {
    onClose();
    if (how === 'both') await ui.keepBoth(path);
    else await ui.workspace.resolveConflict(path, how);
  };
  return (
    <Overlay
      testId="incoming-overlay"
      onClose={onClose}
      title={
        <>
          <strong>{path}</strong> changed on disk while you were editing it
        </>
      }
      actions={
        <span className="incoming-choices">
          <button
            type="button"
            data-testid="incoming-keep-mine"
            disabled={!conflict}
            title="Save your text over the file: what came in is replaced"
            onClick={() => void choose('mine')}
          >
            Keep mine, overwrite theirs
          </button>
          <button
            type="button"
            data-testid="incoming-take-disk"
            disabled={!conflict}
            title="Load what came in; your edits stay on the undo stack (Ctrl+Z)"
            onClick={() => void choose('disk')}
          >
            Take theirs
          </button>
          <button
            type="button"
            className="git-primary"
            data-testid="incoming-keep-both"
            disabled={!conflict}
            title="Load what came in, and save your text as a copy beside the file"
            onClick={() => void choose('both')}
          >
            Keep both
          </button>
        </span>
      }
    >
      {!conflict ? (
        <div className="git-empty">The file and your buffer agree again; nothing to choose.</div>
      ) : incoming && working ? (
        <Comparison ui={ui} path={path} before={incoming} after={working} afterModel={model} peers />
      ) : (
        <div className="git-empty">Loading…</div>
      )}
    </Overlay>
  );
}

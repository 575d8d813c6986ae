import { useEffect, useMemo, useState } from 'react';
import type { GitCommit } from '../../shared/api/contract.ts';
import { commitDate, subject } from './changes.ts';
import { Comparison, DELETED, Overlay, useBuffer, useWorkingCopy } from './compare-view.tsx';
import type { GitUi } from './git-ui.ts';
import type { Version } from './visual-diff.tsx';

/**
 * A file's history: its commits (author, date, message, following renames); picking one shows
 * that version rendered beside the working copy with the changes marked, and its text diff.
 * "Restore" puts that version into the editor as an unsaved change.
 */
export function HistoryOverlay({ ui, path, onClose }: { ui: GitUi; path: string; onClose: () => void }) {
  const [commits, setCommits] = useState<GitCommit[] | null>(null);
  const [picked, setPicked] = useState<GitCommit | null>(null);
  const [text, setText] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const exists = ui.fileState(path)?.state !== 'deleted';
  const model = useBuffer(ui, path, exists);
  const working = useWorkingCopy(ui, path, model ?? null);

  useEffect(() => {
    let current = true;
    ui.workspace.api
      .call('git.log', { path })
      .then((list) => {
        if (!current) return;
        setCommits(list);
        setPicked(list[0] ?? null);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [ui, path]);

  useEffect(() => {
    if (!picked) return;
    let current = true;
    setText(undefined);
    ui.workspace.api
      .call('git.show', { path: picked.path ?? path, ref: picked.hash })
      .then((r) => current && setText(r.text))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [ui, path, picked]);

  const before = useMemo<Version | null>(
    () =>
      picked && text !== undefined
        ? { label: `${picked.hash.slice(0, 7)} · ${subject(picked.message)}`, text }
        : null,
    [picked, text],
  );
  const after = model === null ? DELETED : working;

  return (
    <Overlay
      testId="history-overlay"
      onClose={onClose}
      title={
        <>
          History of <strong>{path}</strong>
        </>
      }
      actions={
        <button
          type="button"
          data-testid="history-restore"
          disabled={typeof text !== 'string'}
          title="Put this version in the editor as an unsaved change"
          onClick={() => {
            if (typeof text !== 'string') return;
            void ui.restore(path, text);
            onClose();
          }}
        >
          Restore this version
        </button>
      }
    >
      {error && <div className="git-error">{error}</div>}
      <div className="history">
        <ol className="history-list" data-testid="history-list">
          {commits?.length === 0 && <li className="git-empty">No commits touch this file yet.</li>}
          {commits?.map((commit) => (
            <li key={commit.hash}>
              <button
                type="button"
                className={picked?.hash === commit.hash ? 'selected' : ''}
                data-testid={`history-${commit.hash.slice(0, 7)}`}
                onClick={() => setPicked(commit)}
                title={`${commit.message}\n\n${commit.author} <${commit.email}>\n${commit.date}${commit.path && commit.path !== path ? `\nthen named ${commit.path}` : ''}`}
              >
                <span className="history-subject">{subject(commit.message)}</span>
                <span className="history-meta">
                  {commit.author} · {commitDate(commit.date)} · <code>{commit.hash.slice(0, 7)}</code>
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="history-detail">
          {before && after ? (
            <Comparison ui={ui} path={path} before={before} after={after} afterModel={model} />
          ) : (
            commits !== null && commits.length > 0 && <div className="git-empty">Loading…</div>
          )}
        </div>
      </div>
    </Overlay>
  );
}

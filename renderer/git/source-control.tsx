import { useEffect, useState } from 'react';
import { HistoryIcon } from '../ui/icons.tsx';
import { pressed, VIEW_KEYS, viewKeyLabel } from '../workbench/commands.ts';
import { useStore } from '../workbench/store.ts';
import { isDiagram } from '../workbench/workspace.ts';
import { BADGES, type ChangedFile, groupChanges } from './changes.ts';
import type { GitUi } from './git-ui.ts';

/**
 * The Source Control view: changed files grouped (conflicts, staged, unstaged) with stage, unstage,
 * discard and diff per file; the commit message, Commit (Ctrl+Enter) and Amend; Pull and Push with
 * git's progress and git's own error. Not a repository: says so and offers `git init`.
 */
export function SourceControl({ ui }: { ui: GitUi }) {
  const status = useStore(ui.status);
  const operation = useStore(ui.operation);
  const tabs = useStore(ui.workspace.tabs);
  const [message, setMessage] = useState('');
  const [amend, setAmend] = useState(false);
  const mergeMessage = status?.merge?.message;

  // A merge in progress: the message git prepared, as `git commit` would open it.
  useEffect(() => {
    if (mergeMessage) setMessage((current) => current.trim() || mergeMessage);
  }, [mergeMessage]);

  if (!status) return <div className="git-empty">Reading the repository…</div>;
  if (!status.isRepo) {
    return (
      <div className="scm" data-testid="scm">
        <div className="git-empty" data-testid="scm-not-a-repo">
          <p>{status.message ?? 'This folder is not a git repository.'}</p>
          {status.available && (
            <button
              type="button"
              className="git-primary"
              data-testid="scm-init"
              onClick={() => void ui.init()}
            >
              Initialise repository
            </button>
          )}
          <p className="git-hint">Everything else works without git.</p>
        </div>
        <OperationLog ui={ui} />
      </div>
    );
  }

  const groups = groupChanges(status.files);
  const unsaved = tabs.filter((t) => t.dirty).map((t) => t.path);
  const busy = operation?.running === true;
  const merging = status.merge !== undefined;

  // Never a dead key: a commit waits for a running stage, and says what is missing instead of nothing.
  const commit = async () => {
    if (await ui.commitStaged(message, amend && !merging)) {
      setMessage('');
      setAmend(false);
    }
  };

  const toggleAmend = async (on: boolean) => {
    setAmend(on);
    if (!on || message.trim()) return;
    // Amending starts from the last commit's message, as `git commit --amend` does.
    const [last] = await ui.workspace.api.call('git.log', { limit: 1 }).catch(() => []);
    if (last) setMessage(last.message);
  };

  return (
    <div className="scm" data-testid="scm">
      {merging && (
        <div className="scm-merge" data-testid="scm-merge" role="status">
          <strong>Merge in progress.</strong>{' '}
          {groups.conflicted.length > 0
            ? `Resolve ${groups.conflicted.length} conflicted file${groups.conflicted.length > 1 ? 's' : ''} (edit, save, stage), then continue.`
            : 'All conflicts are staged: continue to commit the merge.'}
          <div className="scm-commit-row">
            {/* The one button that commits during a merge: the commit row's Commit would do the same. */}
            <button
              type="button"
              className="git-primary"
              data-testid="merge-continue"
              disabled={busy}
              title={`Finish the merge: commit the staged resolution with the message below as a merge commit on ${status.branch ?? 'detached HEAD'} (git merge --continue, ${viewKeyLabel(VIEW_KEYS.commit)})`}
              onClick={() => void commit()}
            >
              Continue merge
            </button>
            <button
              type="button"
              data-testid="merge-abort"
              disabled={busy}
              title="git merge --abort: back to before the merge"
              onClick={() => void ui.abortMerge()}
            >
              Abort merge
            </button>
          </div>
        </div>
      )}
      <div className="scm-commit">
        <textarea
          data-testid="commit-message"
          placeholder={`Message (${viewKeyLabel(VIEW_KEYS.commit)} to commit on ${status.branch ?? 'detached HEAD'})`}
          value={message}
          rows={3}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => {
            if (pressed(e, VIEW_KEYS.commit)) {
              e.preventDefault();
              void commit();
            }
          }}
        />
        <div className="scm-commit-row">
          {/* During a merge, Continue merge above is the commit button (git cannot amend then). */}
          {!merging && (
            <>
              <button
                type="button"
                className="git-primary"
                data-testid="commit"
                disabled={busy}
                title={
                  groups.staged.length || amend
                    ? `Commit the staged changes (${viewKeyLabel(VIEW_KEYS.commit)})`
                    : 'Stage changes to commit them'
                }
                onClick={() => void commit()}
              >
                {amend ? 'Amend last commit' : 'Commit'}
              </button>
              <label
                className="git-inline"
                title="Replace the last commit with the staged changes and this message"
              >
                <input
                  type="checkbox"
                  data-testid="commit-amend"
                  checked={amend}
                  onChange={(e) => void toggleAmend(e.target.checked)}
                />{' '}
                Amend
              </label>
            </>
          )}
          <span className="spacer" />
          <button
            type="button"
            data-testid="git-pull"
            disabled={busy}
            onClick={() => void ui.pull()}
            title="git pull"
          >
            ↓ Pull{status.behind ? ` ${status.behind}` : ''}
          </button>
          <button
            type="button"
            data-testid="git-push"
            disabled={busy}
            onClick={() => void ui.push()}
            title="git push"
          >
            ↑ Push{status.ahead ? ` ${status.ahead}` : ''}
          </button>
        </div>
        {unsaved.length > 0 && (
          <div className="git-hint" data-testid="scm-unsaved">
            Unsaved: {unsaved.join(', ')} — a commit takes the saved files.{' '}
            <button type="button" onClick={() => void ui.workspace.saveAll()}>
              Save all
            </button>
          </div>
        )}
      </div>
      <OperationLog ui={ui} />
      <div className="scm-groups">
        {groups.conflicted.length > 0 && (
          <Group ui={ui} title="Merge conflicts" files={groups.conflicted} kind="conflicted" />
        )}
        <Group ui={ui} title="Staged changes" files={groups.staged} kind="staged" />
        <Group ui={ui} title="Changes" files={groups.unstaged} kind="unstaged" />
        {status.files.length === 0 && <div className="git-empty">No changes since the last commit.</div>}
      </div>
    </div>
  );
}

function Group({
  ui,
  title,
  files,
  kind,
}: {
  ui: GitUi;
  title: string;
  files: ChangedFile[];
  kind: 'conflicted' | 'staged' | 'unstaged';
}) {
  if (files.length === 0) return null;
  const paths = files.map((f) => f.path);
  return (
    <section className="scm-group" data-testid={`scm-group-${kind}`}>
      <header>
        <span>
          {title} <span className="scm-count">{files.length}</span>
        </span>
        {kind === 'staged' ? (
          <button
            type="button"
            title="Unstage all"
            data-testid="unstage-all"
            onClick={() => void ui.unstage(paths)}
          >
            −
          </button>
        ) : (
          <button
            type="button"
            title="Stage all"
            data-testid="stage-all"
            onClick={() => void ui.stage(paths)}
          >
            +
          </button>
        )}
      </header>
      <ul>
        {files.map((file) => (
          <FileRow key={file.path} ui={ui} file={file} kind={kind} />
        ))}
      </ul>
    </section>
  );
}

function FileRow({
  ui,
  file,
  kind,
}: {
  ui: GitUi;
  file: ChangedFile;
  kind: 'conflicted' | 'staged' | 'unstaged';
}) {
  const badge = BADGES[file.state];
  const slash = file.path.lastIndexOf('/');
  return (
    <li className="scm-file" data-testid={`scm-${kind}-${file.path}`}>
      <button
        type="button"
        className="scm-file-name"
        title={`${file.path}${file.from ? ` (renamed from ${file.from})` : ''} — show the changes`}
        onClick={() => ui.openDiff(file.path)}
      >
        <span>{file.path.slice(slash + 1)}</span>
        {slash > 0 && <span className="scm-dir">{file.path.slice(0, slash)}</span>}
      </button>
      <span className="scm-actions">
        {file.state !== 'deleted' && (
          <button
            type="button"
            className="scm-hover"
            title="Open the file"
            onClick={() => void ui.workspace.open(file.path)}
          >
            ↗
          </button>
        )}
        {isDiagram(file.path) && file.state !== 'untracked' && file.state !== 'added' && (
          <button
            type="button"
            className="scm-hover"
            title="History"
            aria-label="History"
            onClick={() => ui.openHistory(file.path)}
          >
            <HistoryIcon />
          </button>
        )}
        {kind !== 'staged' && (
          <button
            type="button"
            className="scm-hover"
            title={file.state === 'untracked' ? 'Delete this new file' : 'Discard the changes'}
            data-testid={`discard-${file.path}`}
            onClick={() => void ui.discard([file.path])}
          >
            ↺
          </button>
        )}
        {kind === 'staged' ? (
          <button
            type="button"
            title="Unstage"
            data-testid={`unstage-${file.path}`}
            onClick={() => void ui.unstage([file.path])}
          >
            −
          </button>
        ) : (
          <button
            type="button"
            title={kind === 'conflicted' ? 'Mark resolved (stage)' : 'Stage'}
            data-testid={`stage-${file.path}`}
            onClick={() => void ui.stage([file.path])}
          >
            +
          </button>
        )}
      </span>
      <span className={`git-badge ${file.state}`} title={badge.title}>
        {badge.letter}
      </span>
    </li>
  );
}

/** Progress lines git redraws while it counts (`remote: Counting objects: 100% (5/5), done.`). */
const PROGRESS =
  /^(remote: )?(Enumerating|Counting|Compressing|Writing|Receiving|Resolving|Unpacking|Total|Delta compression|Updating files)\b/;
/** The lines that say what happened: a conflict, a refusal, an error. */
const KEY = /^(CONFLICT|Automatic merge failed| ! \[|fatal:)/;
/** git's advice, shown quieter than what happened. */
const HINT = /^hint: /;

/**
 * The running or last git operation: progress lines while it runs; then git's whole message, its
 * progress lines folded away and its key lines (a conflict, a refused push) marked. A pull that
 * stopped on diverged branches offers merge or rebase.
 */
function OperationLog({ ui }: { ui: GitUi }) {
  const operation = useStore(ui.operation);
  if (!operation) return null;
  const failed = operation.error !== null;
  const text = failed ? operation.error : operation.running ? operation.lines.at(-1) : operation.output;
  const lines = operation.running ? [] : (text ?? '').split('\n');
  const progress = lines.filter((line) => PROGRESS.test(line));
  // git pads its ref table into columns; in a narrow panel the padding only breaks the line.
  // On diverged branches the buttons below answer git's hints, which are left out.
  const words = lines
    .filter((line) => !(operation.diverged && HINT.test(line)))
    .filter((line) => !PROGRESS.test(line))
    .map((line) => line.replace(/(\S) {2,}/g, '$1 '))
    .map((text, id, all) => ({ line: { text, id }, last: id === all.length - 1 }));
  return (
    <div
      className={`scm-operation${failed ? ' failed' : ''}`}
      data-testid="scm-operation"
      data-state={operation.running ? 'running' : failed ? 'failed' : 'done'}
      role={failed ? 'alert' : 'status'}
    >
      <header>
        <span>
          {operation.name}
          {operation.running ? '…' : failed ? ' failed' : ' done'}
        </span>
        {!operation.running && (
          <span>
            {words.length > 3 && (
              <button
                type="button"
                title="Show git's whole message in a wide view"
                data-testid="scm-operation-expand"
                onClick={() => ui.overlay.set({ kind: 'output' })}
              >
                ⤢
              </button>
            )}
            <button type="button" title="Dismiss" onClick={() => ui.dismissOperation()}>
              ×
            </button>
          </span>
        )}
      </header>
      {operation.running && (
        <pre className="scm-progress" data-testid="scm-operation-text">
          {operation.lines.slice(-6).join('\n')}
        </pre>
      )}
      {operation.diverged && (
        <div className="scm-choice" data-testid="pull-diverged">
          <p className="scm-choice-line">
            Your branch and the remote both have new commits. Bring theirs in by:
          </p>
          <button
            type="button"
            className="git-primary"
            data-testid="pull-merge"
            title="git pull --no-rebase: a merge commit joins both"
            onClick={() => void ui.pull('merge')}
          >
            Merge
          </button>
          <button
            type="button"
            data-testid="pull-rebase"
            title="git pull --rebase: your commits replayed on top of theirs"
            onClick={() => void ui.pull('rebase')}
          >
            Rebase
          </button>
          <p className="git-hint scm-choice-line">
            To decide once for all: <code>git config pull.rebase false</code> (merge) or <code>true</code>{' '}
            (rebase).
          </p>
        </div>
      )}
      {words.length > 0 && (
        <pre data-testid="scm-operation-text">
          {words.map(({ line, last }) => (
            <span
              key={line.id}
              className={
                KEY.test(line.text) ? 'scm-key-line' : HINT.test(line.text) ? 'scm-hint-line' : undefined
              }
            >
              {line.text}
              {last ? '' : '\n'}
            </span>
          ))}
        </pre>
      )}
      {operation.refusedStage && (
        <div className="scm-choice" data-testid="stage-refused">
          <button
            type="button"
            data-testid="stage-anyway"
            title={`Stage ${operation.refusedStage.join(', ')} as it is, conflict markers and all (git add)`}
            onClick={() => void ui.stage(operation.refusedStage ?? [], true)}
          >
            Stage anyway
          </button>
        </div>
      )}
      {progress.length > 0 && (
        <details className="scm-progress">
          <summary>{progress.length} progress lines</summary>
          <pre>{progress.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

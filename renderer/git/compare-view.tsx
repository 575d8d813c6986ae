import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { editor } from '../workbench/monaco.ts';
import { useStore } from '../workbench/store.ts';
import { isDiagram } from '../workbench/workspace.ts';
import type { GitUi } from './git-ui.ts';
import { TextDiff } from './text-diff.tsx';
import { SideLabel, type Version, VisualDiff } from './visual-diff.tsx';

const BUFFER_SETTLE_MS = 300;

/** The working buffer of a file as a comparison side, following edits once typing pauses. */
export function useWorkingCopy(ui: GitUi, path: string, model: editor.ITextModel | null): Version | null {
  const [version, setVersion] = useState(() => (model ? model.getAlternativeVersionId() : -1));
  useEffect(() => {
    if (!model) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setVersion(model.getAlternativeVersionId()), BUFFER_SETTLE_MS);
    });
    setVersion(model.getAlternativeVersionId());
    return () => {
      clearTimeout(timer);
      sub.dispose();
    };
  }, [model]);
  return useMemo(() => {
    if (!model || model.isDisposed() || version < 0) return null;
    // `version` only says when to look again; the text and its own version are read together now.
    const live = {
      path,
      version: model.getAlternativeVersionId(),
      previewing: ui.workspace.active.get() === path,
    };
    return { label: 'Working copy', text: model.getValue(), live };
  }, [ui, path, model, version]);
}

/** The file's buffer, opening it in a background tab when needed; null when it is not on disk. */
export function useBuffer(ui: GitUi, path: string, exists: boolean): editor.ITextModel | null | undefined {
  const [model, setModel] = useState<editor.ITextModel | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (!exists) {
      setModel(null);
      return;
    }
    const ws = ui.workspace;
    void (ws.model(path) ? Promise.resolve() : ws.open(path, { background: true })).then(() => {
      if (current) setModel(ws.model(path) ?? null);
    });
    return () => {
      current = false;
    };
  }, [ui, path, exists]);
  return model;
}

/**
 * Visual and text comparison of two versions, with a tab to switch between them. By default `after`
 * is a change of `before`: what only `before` has is removed (red), what only `after` has is added
 * (green). Two `peers` are two versions neither of which came first (the file on disk and the
 * user's edits, two branches): each side's own lines and nodes take that side's colour, the one
 * its label has, and nothing is called removed.
 */
export function Comparison({
  ui,
  path,
  before,
  after,
  afterModel,
  peers = false,
}: {
  ui: GitUi;
  /** Only diagrams get the visual tab. */
  path: string;
  before: Version;
  after: Version;
  /** The buffer behind `after`, so the text diff edits the file itself. */
  afterModel?: editor.ITextModel | null;
  peers?: boolean;
}) {
  const visual = isDiagram(path);
  const [tab, setTab] = useState<'visual' | 'text'>(visual ? 'visual' : 'text');
  return (
    <div className="comparison">
      <div className="comparison-tabs" role="tablist">
        {(visual ? (['visual', 'text'] as const) : (['text'] as const)).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'selected' : ''}
            data-testid={`compare-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'visual' ? 'Visual diff' : 'Text diff'}
          </button>
        ))}
        {/* Peers have no direction; each pane names its side. */}
        {!peers && (
          <span className="comparison-sides">
            {before.label} → {after.label}
          </span>
        )}
      </div>
      {tab === 'visual' ? (
        <VisualDiff
          before={before}
          after={after}
          renders={ui.renders}
          config={ui.live?.config ?? {}}
          peers={peers}
        />
      ) : (
        <div className={`text-diff-box${peers ? ' peers' : ''}`}>
          <div className="text-diff-labels">
            <SideLabel side="before" label={before.label} peers={peers} />
            <SideLabel side="after" label={after.label} peers={peers} />
          </div>
          <TextDiff original={before.text} modified={afterModel ?? after.text} peers={peers} />
        </div>
      )}
    </div>
  );
}

/** The overlay frame every git view shares: a title bar with actions and Escape to close. */
export function Overlay({
  title,
  actions,
  onClose,
  testId,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  onClose: () => void;
  testId: string;
  children: ReactNode;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('.palette, .choice-dialog')) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="git-overlay" role="dialog" aria-modal="true" data-testid={testId}>
      <header className="pane-header git-overlay-header">
        <span className="git-overlay-title">{title}</span>
        {actions}
        <button type="button" title="Close (Esc)" data-testid="overlay-close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="git-overlay-body">{children}</div>
    </div>
  );
}

/** A changed file against HEAD or the index: both rendered with the changes marked, and the text diff. */
export function DiffOverlay({ ui, path, onClose }: { ui: GitUi; path: string; onClose: () => void }) {
  const file = ui.fileState(path);
  const [base, setBase] = useState<'HEAD' | ':'>('HEAD');
  const [baseText, setBaseText] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const model = useBuffer(ui, path, file?.state !== 'deleted');
  const working = useWorkingCopy(ui, path, model ?? null);
  // Before a rename the file had its old name at HEAD.
  const basePath = base === 'HEAD' && file?.from ? file.from : path;

  useEffect(() => {
    let current = true;
    setBaseText(undefined);
    ui.workspace.api
      .call('git.show', { path: basePath, ref: base })
      .then((r) => current && setBaseText(r.text))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [ui, basePath, base]);

  const before = useMemo<Version | null>(
    () =>
      baseText === undefined ? null : { label: base === 'HEAD' ? 'HEAD' : 'Index (staged)', text: baseText },
    [base, baseText],
  );
  const after = model === null ? DELETED : working;

  return (
    <Overlay
      testId="diff-overlay"
      onClose={onClose}
      title={
        <>
          Changes in <strong>{path}</strong>
        </>
      }
      actions={
        <>
          <label className="git-inline">
            compare with{' '}
            <select
              data-testid="diff-base"
              value={base}
              onChange={(e) => setBase(e.target.value as 'HEAD' | ':')}
            >
              <option value="HEAD">HEAD (last commit)</option>
              <option value=":">Index (staged)</option>
            </select>
          </label>
          <button type="button" onClick={() => ui.openHistory(path)} data-testid="diff-history">
            History
          </button>
        </>
      }
    >
      {error && <div className="git-error">{error}</div>}
      {before && after ? (
        <Comparison ui={ui} path={path} before={before} after={after} afterModel={model} />
      ) : (
        !error && <div className="git-empty">Loading…</div>
      )}
    </Overlay>
  );
}

/** The working-copy side of a file deleted on disk (one object, so renders do not start over). */
export const DELETED: Version = { label: 'Working copy (deleted)', text: null };

/**
 * The branch a merge brings in, from the message git prepared for it ("Merge branch 'other'",
 * "Merge remote-tracking branch 'origin/main'", "Merge branch 'main' of <url>"); null when it does not say.
 */
export function mergedBranch(message: string | undefined): string | null {
  return message?.match(/^Merge (?:remote-tracking )?branch '([^']+)'/)?.[1] ?? null;
}

/** A conflicted file: this branch's side (:2) and the side being merged (:3), each rendered where it parses. */
export function ConflictOverlay({ ui, path, onClose }: { ui: GitUi; path: string; onClose: () => void }) {
  const [sides, setSides] = useState<{ ours: Version; theirs: Version } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const merged = mergedBranch(useStore(ui.status)?.merge?.message);
  useEffect(() => {
    const show = (ref: string) => ui.workspace.api.call('git.show', { path, ref }).then((r) => r.text);
    Promise.all([show(':2'), show(':3')])
      .then(([ours, theirs]) =>
        setSides({
          ours: { label: 'This branch (ours)', text: ours },
          theirs: {
            label: `Being merged (theirs${merged ? `: ${merged}` : ''})`,
            text: theirs,
          },
        }),
      )
      .catch((e: Error) => setError(e.message));
  }, [ui, path, merged]);
  return (
    <Overlay
      testId="conflict-overlay"
      onClose={onClose}
      title={
        <>
          Merge conflict in <strong>{path}</strong>
        </>
      }
      actions={
        <button
          type="button"
          onClick={() => {
            onClose();
            void ui.workspace.open(path);
          }}
        >
          Resolve in the editor
        </button>
      }
    >
      <p className="git-hint">
        Both branches changed this diagram. Edit the file to keep what you want (remove the conflict markers),
        save it, then stage it to mark the conflict resolved.
      </p>
      {error && <div className="git-error">{error}</div>}
      {sides && <Comparison ui={ui} path={path} before={sides.ours} after={sides.theirs} peers />}
    </Overlay>
  );
}

import type { ApiError, ApiEvents, ApiResult, GitStatus } from '../../shared/api/contract.ts';
import type { Live } from '../workbench/live.ts';
import { replaceAllText } from '../workbench/monaco.ts';
import { sidebarHidden } from '../workbench/sidebar.ts';
import { Store } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { DiagramRenders } from './diagram-renders.ts';

/** What the big comparison overlay shows. */
export type GitOverlay =
  | { kind: 'diff'; path: string }
  | { kind: 'conflict'; path: string }
  | { kind: 'history'; path: string }
  | { kind: 'incoming'; path: string }
  | { kind: 'output' };

export interface GitOperation {
  name: string;
  /** git's progress lines during a pull or push. */
  lines: string[];
  /** git's own message when the operation failed. */
  error: string | null;
  /** git's output when it succeeded (pull and push). */
  output: string | null;
  running: boolean;
  /** A pull stopped because the branches diverged and git's config does not say how to reconcile them. */
  diverged?: boolean;
  /** A stage refused because the files still have conflict markers: the files "Stage anyway" stages. */
  refusedStage?: string[];
}

/** What the app says after a pull, by what git did. */
const PULLED: Record<ApiResult<'git.pull'>['outcome'], string> = {
  'up-to-date': 'Already up to date.',
  'fast-forward': 'Fast-forwarded to the remote branch.',
  merge: 'Merged the remote branch into yours (a merge commit).',
  rebase: 'Rebased your commits onto the remote branch.',
};

const DIVERGED = /Need to specify how to reconcile divergent branches/;

const FILE_CHANGE_DEBOUNCE_MS = 300;

/**
 * The app's view of the folder's repository: its status (refreshed when the repository or a file
 * changes on disk), the git operations the UI runs, and which git view is open. One per workspace;
 * the tree badges, the status bar and the Source Control panel all read the same one.
 */
export class GitUi {
  readonly status = new Store<GitStatus | null>(null);
  readonly sidebar = new Store<'files' | 'changes'>('files');
  readonly overlay = new Store<GitOverlay | null>(null);
  readonly operation = new Store<GitOperation | null>(null);
  readonly workspace: Workspace;
  readonly renders = new DiagramRenders();
  /** The live preview, once the app mounts it: the config and SVGs the visual diff reuses. */
  live: Live | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private fileTimer: ReturnType<typeof setTimeout> | undefined;
  /** The operation running now, for a keystroke that comes while it runs (Ctrl+Enter after Stage all). */
  private current: Promise<boolean> | null = null;
  /**
   * The repository's status as the last operation left it: its notice ("Commit done") says what
   * was done to that state, and goes once the state changes (a commit or a merge on the command line).
   */
  private settled: string | null = null;

  constructor(workspace: Workspace) {
    this.workspace = workspace;
    const api = workspace.api;
    api.on('git.changed', () => void this.refresh());
    api.on('file.changed', () => {
      clearTimeout(this.fileTimer);
      this.fileTimer = setTimeout(() => void this.refresh(), FILE_CHANGE_DEBOUNCE_MS);
    });
    api.on('git.progress', (event) => this.onProgress(event));
    // A reconnected server may have missed events while it was away.
    api.onConnection?.((connected) => connected && void this.refresh());
    this.status.subscribe(() => this.clearStaleNotice());
    void this.refresh();
  }

  /** Reads the status again; calls during a refresh coalesce into one more after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          this.status.set(await this.workspace.api.call('git.status', {}));
        } catch (error) {
          const message = (error as Error).message;
          this.status.set({
            available: false,
            isRepo: false,
            message,
            branch: null,
            ahead: 0,
            behind: 0,
            files: [],
          });
        }
      } while (this.again);
      this.refreshing = null;
    })();
    return this.refreshing;
  }

  /** Connects the live preview: its mermaid config, and its renders of the working copy. */
  attachLive(live: Live): void {
    if (this.live === live) return;
    this.live = live;
    this.renders.observe(live);
  }

  fileState(path: string): GitStatus['files'][number] | undefined {
    return this.status.get()?.files.find((f) => f.path === path);
  }

  /** Shows a view in the sidebar, showing the sidebar too if it was hidden. */
  showView(view: 'files' | 'changes'): void {
    this.sidebar.set(view);
    sidebarHidden.set(false);
  }

  /**
   * A click on a view's icon in the activity bar: the view already shown hides the sidebar (the
   * editor gets its room, as in VS Code), any other view is shown.
   */
  clickView(view: 'files' | 'changes'): void {
    if (!sidebarHidden.get() && this.sidebar.get() === view) sidebarHidden.set(true);
    else this.showView(view);
  }

  /** Shows the Source Control panel with the cursor in the commit message. */
  showChanges(): void {
    this.showView('changes');
    requestAnimationFrame(() =>
      document.querySelector<HTMLTextAreaElement>('[data-testid="commit-message"]')?.focus(),
    );
  }

  /** Opens the comparison of a changed file: its conflict sides when it is conflicted. */
  openDiff(path: string): void {
    const conflicted = this.fileState(path)?.state === 'conflicted';
    this.overlay.set({ kind: conflicted ? 'conflict' : 'diff', path });
  }

  /** Shows what came in on disk beside the unsaved edits of `path`, with the choices. */
  openIncoming(path: string): void {
    this.overlay.set({ kind: 'incoming', path });
  }

  /**
   * Keeps both sides of a file changed on disk under unsaved edits: the edits are saved as a copy
   * (`flow (mine).mmd`, numbered when taken) and opened; the file takes what came in.
   */
  async keepBoth(path: string): Promise<void> {
    const ws = this.workspace;
    const text = ws.model(path)?.getValue();
    if (text === undefined) return;
    const dot = path.lastIndexOf('.');
    const [stem, ext] = dot > path.lastIndexOf('/') ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
    for (let n = 1; n < 100; n++) {
      const copy = `${stem} (mine${n > 1 ? ` ${n}` : ''})${ext}`;
      try {
        await ws.api.call('file.create', { path: copy, text });
      } catch (error) {
        if ((error as ApiError).code === 'exists') continue;
        ws.say(`Could not save your edits as a copy: ${(error as Error).message}`, 'error');
        return;
      }
      await ws.resolveConflict(path, 'disk');
      await ws.refreshFiles();
      await ws.open(copy);
      ws.say(`${path} has what came in; your edits are in ${copy}.`);
      return;
    }
  }

  openHistory(path: string): void {
    this.overlay.set({ kind: 'history', path });
  }

  /**
   * Stages `paths`. A file that still has conflict markers is refused with the reason; the user may
   * insist, after a confirmation that repeats it, or later with "Stage anyway" in the refusal.
   * `force` stages them as they are, markers and all.
   */
  async stage(paths: string[], force = false): Promise<boolean> {
    const api = this.workspace.api;
    let refused = false;
    const ok = await this.run(force ? 'Stage anyway' : 'Stage', async () => {
      if (force) {
        await api.call('git.stage', { paths, force: true });
        return null;
      }
      try {
        await api.call('git.stage', { paths });
      } catch (error) {
        const { code, message } = error as ApiError;
        refused = code === 'conflict';
        if (!refused || !confirm(`${message}\n\nStage it with the markers anyway?`)) throw error;
        refused = false;
        await api.call('git.stage', { paths, force: true });
      }
      return null;
    });
    if (!ok && refused) this.operation.set((op) => op && { ...op, refusedStage: paths });
    return ok;
  }

  unstage(paths: string[]): Promise<boolean> {
    return this.run('Unstage', () => this.workspace.api.call('git.unstage', { paths }).then(quiet));
  }

  /** Throws away the working-tree changes of `paths` once the user confirms; untracked files are deleted. */
  async discard(paths: string[]): Promise<boolean> {
    const untracked = paths.filter((p) => this.fileState(p)?.state === 'untracked');
    const what = paths.length === 1 ? paths[0] : `${paths.length} files`;
    const question = untracked.length
      ? `Discard the changes to ${what}? Untracked files are deleted. This cannot be undone.`
      : `Discard the changes to ${what}? This cannot be undone.`;
    if (!confirm(question)) return false;
    return this.run('Discard', () => this.workspace.api.call('git.discard', { paths }).then(quiet));
  }

  /**
   * Commits from the panel (the button, Ctrl+Enter): waits for an operation still running (a Stage
   * all just clicked), then commits, or says what is missing instead of doing nothing.
   */
  async commitStaged(message: string, amend: boolean): Promise<boolean> {
    while (this.current) await this.current;
    const staged = this.status.get()?.files.some((f) => f.staged) ?? false;
    const merging = this.status.get()?.merge !== undefined;
    const missing =
      !amend && !staged && !merging
        ? 'Nothing is staged. Stage the changes to commit with + (or + on the group for all of them), then commit.'
        : !amend && !message.trim()
          ? 'Write a commit message first.'
          : null;
    if (missing) {
      this.operation.set({ name: 'Commit', lines: [], error: missing, output: null, running: false });
      return false;
    }
    return this.commit(message, amend);
  }

  commit(message: string, amend: boolean): Promise<boolean> {
    return this.run(amend ? 'Amend' : 'Commit', () =>
      this.workspace.api
        .call('git.commit', { message, amend })
        .then(({ hash }) => `${amend ? 'Amended' : 'Committed'} ${hash.slice(0, 7)}`),
    );
  }

  init(): Promise<boolean> {
    return this.run('Initialise repository', () => this.workspace.api.call('git.init', {}).then(quiet));
  }

  /**
   * Pulls as the user's git config says; `mode` answers git's question when the branches diverged
   * and the config does not decide. The result says what git did.
   */
  async pull(mode?: 'merge' | 'rebase'): Promise<boolean> {
    const ok = await this.run(mode ? `Pull (${mode})` : 'Pull', () =>
      this.workspace.api
        .call('git.pull', mode ? { mode } : {})
        .then((r) => [PULLED[r.outcome], r.output].filter(Boolean).join('\n')),
    );
    const error = this.operation.get()?.error;
    if (!ok && error && DIVERGED.test(error)) this.operation.set((op) => op && { ...op, diverged: true });
    return ok;
  }

  push(): Promise<boolean> {
    return this.run('Push', () => this.workspace.api.call('git.push', {}).then((r) => r.output || 'Pushed.'));
  }

  /** `git merge --abort` after a confirmation: the files go back to before the merge. */
  abortMerge(): Promise<boolean> {
    if (
      !confirm('Abort the merge? The files go back to how they were before it; resolved conflicts are lost.')
    ) {
      return Promise.resolve(false);
    }
    return this.run('Abort merge', () =>
      this.workspace.api.call('git.abortMerge', {}).then(() => 'Merge aborted.'),
    );
  }

  /** Puts `text` into the file's editor as an unsaved change (undo brings the buffer back). */
  async restore(path: string, text: string): Promise<void> {
    await this.workspace.open(path);
    const model = this.workspace.model(path);
    if (!model) return;
    replaceAllText(model, text);
    this.workspace.say(
      `Restored an older version of ${path} into the editor; save to keep it.`,
      'info',
      path,
    );
  }

  /**
   * Runs one git operation at a time. `call` answers what to tell the user on success (null: the
   * panel shows the result by itself); a failure keeps git's own message for the panel. An
   * operation whose result is already shown, and which only reads the status again, is waited
   * for: its buttons are enabled, so a click then (Push right after Commit) must not be lost.
   */
  private async run(name: string, call: () => Promise<string | null>): Promise<boolean> {
    while (this.current && !this.operation.get()?.running) await this.current;
    if (this.current) return false;
    const running = this.runNow(name, call).finally(() => {
      this.current = null;
    });
    this.current = running;
    return running;
  }

  private async runNow(name: string, call: () => Promise<string | null>): Promise<boolean> {
    this.settled = null;
    this.operation.set({ name, lines: [], error: null, output: null, running: true });
    let ok = true;
    try {
      const output = await call();
      this.operation.set((op) => (output === null ? null : op && { ...op, running: false, output }));
    } catch (error) {
      ok = false;
      this.operation.set((op) => op && { ...op, running: false, error: (error as Error).message });
    }
    await this.refresh();
    this.settled = JSON.stringify(this.status.get());
    return ok;
  }

  /** A done operation's notice goes when the repository changes after it; git's errors stay until dismissed. */
  private clearStaleNotice(): void {
    const op = this.operation.get();
    if (this.settled === null || !op || op.running || op.error !== null) return;
    if (JSON.stringify(this.status.get()) === this.settled) return;
    this.settled = null;
    this.operation.set(null);
  }

  private onProgress(event: ApiEvents['git.progress']): void {
    this.operation.set((op) => (op?.running ? { ...op, lines: [...op.lines, event.text].slice(-200) } : op));
  }

  dismissOperation(): void {
    if (!this.operation.get()?.running) this.operation.set(null);
  }
}

const quiet = () => null;

const instances = new WeakMap<Workspace, GitUi>();

/** The one GitUi of a workspace, created on first use. */
export function gitUiFor(workspace: Workspace): GitUi {
  let ui = instances.get(workspace);
  if (!ui) {
    ui = new GitUi(workspace);
    instances.set(workspace, ui);
  }
  return ui;
}

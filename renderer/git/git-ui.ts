import type { ApiEvents, GitStatus } from '../../shared/api/contract.ts';
import type { Live } from '../workbench/live.ts';
import { Store } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { readableOutput } from './changes.ts';
import { DiagramRenders } from './diagram-renders.ts';

/** What the big comparison overlay shows. */
export type GitOverlay =
  | { kind: 'diff'; path: string }
  | { kind: 'conflict'; path: string }
  | { kind: 'history'; path: string };

export interface GitOperation {
  name: string;
  /** git's progress lines during a pull or push. */
  lines: string[];
  /** git's own message when the operation failed. */
  error: string | null;
  /** git's output when it succeeded (pull and push). */
  output: string | null;
  running: boolean;
}

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

  /** Shows the Source Control panel with the cursor in the commit message. */
  showChanges(): void {
    this.sidebar.set('changes');
    requestAnimationFrame(() =>
      document.querySelector<HTMLTextAreaElement>('[data-testid="commit-message"]')?.focus(),
    );
  }

  /** Opens the comparison of a changed file: its conflict sides when it is conflicted. */
  openDiff(path: string): void {
    const conflicted = this.fileState(path)?.state === 'conflicted';
    this.overlay.set({ kind: conflicted ? 'conflict' : 'diff', path });
  }

  openHistory(path: string): void {
    this.overlay.set({ kind: 'history', path });
  }

  stage(paths: string[]): Promise<boolean> {
    return this.run('Stage', () => this.workspace.api.call('git.stage', { paths }).then(quiet));
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

  pull(): Promise<boolean> {
    return this.run('Pull', () =>
      this.workspace.api.call('git.pull', {}).then((r) => readableOutput(r.output) || 'Already up to date.'),
    );
  }

  push(): Promise<boolean> {
    return this.run('Push', () =>
      this.workspace.api.call('git.push', {}).then((r) => readableOutput(r.output) || 'Pushed.'),
    );
  }

  /** Puts `text` into the file's editor as an unsaved change (undo brings the buffer back). */
  async restore(path: string, text: string): Promise<void> {
    await this.workspace.open(path);
    const model = this.workspace.model(path);
    if (!model) return;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    this.workspace.say(`Restored an older version of ${path} into the editor; save to keep it.`);
  }

  /**
   * Runs one git operation at a time. `call` answers what to tell the user on success (null: the
   * panel shows the result by itself); a failure keeps git's own message for the panel.
   */
  private async run(name: string, call: () => Promise<string | null>): Promise<boolean> {
    if (this.operation.get()?.running) return false;
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
    return ok;
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

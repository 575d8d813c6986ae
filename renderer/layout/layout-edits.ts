/**
 * The app's side of drag to place: the edit the preview found arrives in the editor as one
 * undoable change, its lines highlighted for a while; a drop that nothing gets to changes nothing
 * and says why. The state is shown over the preview (LayoutStatus).
 */
import { describe } from '../../shared/layout/search.ts';
import type { LayoutMessage } from '../preview/protocol.ts';
import type { Live } from '../workbench/live.ts';
import { type editor, monaco } from '../workbench/monaco.ts';
import { Store } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { replaceText } from './text-edit.ts';

export interface LayoutStatus {
  phase: 'idle' | 'dragging' | 'searching' | 'moved' | 'refused';
  text: string;
  /** performance.now() of the drop, and when the edit was in the editor (the benchmark reads them). */
  droppedAt?: number;
  appliedAt?: number;
  /** The edit is in place, and the search still looks for a smaller one that would replace it. */
  refining?: boolean;
}

/** How long the changed lines stay highlighted. */
const HIGHLIGHT_MS = 6000;

export class LayoutEdits {
  readonly status = new Store<LayoutStatus>({ phase: 'idle', text: '' });
  /** Model version the last applied edit produced (tests wait for the preview to render it). */
  appliedVersion = 0;
  private highlight: editor.IEditorDecorationsCollection | null = null;
  private fade: ReturnType<typeof setTimeout> | undefined;
  /** Watches the text after a move; a change not made here (Ctrl+Z, typing) ends what the banner says. */
  private watch: { dispose(): void } | null = null;
  /** The text is being changed here (a move applied or refined), not by the user. */
  private applying = false;
  readonly workspace: Workspace;
  private readonly live: Live;

  constructor(workspace: Workspace, live: Live) {
    this.workspace = workspace;
    this.live = live;
    live.preview.onLayout = (message) => this.receive(message);
    // What the last drop did is about the file it was made in: another file shown, it goes.
    let shown = workspace.active.get();
    workspace.active.subscribe(() => {
      const now = workspace.active.get();
      if (now === shown) return;
      shown = now;
      const { phase } = this.status.get();
      if (phase === 'moved' || phase === 'refused') this.status.set({ phase: 'idle', text: '' });
    });
  }

  /**
   * Once the text changes after a move by other hands than this class's (the move undone, or more
   * typed), "Moved D left of C" no longer describes it: the banner and its message in the status
   * bar go, and so does the highlight of the moved lines.
   */
  private watchAfterMove(model: editor.ITextModel): void {
    this.watch?.dispose();
    const moved = this.status;
    const subscription = model.onDidChangeContent(() => {
      if (this.applying) return;
      subscription.dispose();
      if (this.watch === subscription) this.watch = null;
      const { phase, text } = moved.get();
      if (phase !== 'moved') return;
      moved.set({ phase: 'idle', text: '' });
      this.workspace.notice.set((n) => (n?.text === text ? null : n));
      this.highlight?.clear();
    });
    this.watch = subscription;
  }

  private receive(m: LayoutMessage): void {
    if (m.type === 'layout') {
      if (m.event === 'drag')
        this.status.set({ phase: 'dragging', text: `Drop ${m.node} where you want it` });
      else if (m.event === 'cancelled') this.status.set({ phase: 'idle', text: '' });
      else if (m.event === 'settled') {
        const { refining: _done, ...status } = this.status.get();
        if (_done) this.status.set(status);
      } else if (m.event === 'searching') {
        this.status.set({
          phase: 'searching',
          text: `Finding an edit that puts ${describe(m.request)}…`,
          droppedAt: performance.now(),
        });
      }
      return;
    }
    const droppedAt = this.status.get().droppedAt;
    if (!m.ok) {
      const text = `Nothing gets ${describe(m.request)}: ${m.why ?? m.reason}. The text is unchanged.`;
      this.status.set({ phase: 'refused', text, droppedAt });
      this.workspace.say(text, 'error');
      return;
    }
    const model = this.workspace.model(m.docKey);
    if (!model || model.isDisposed()) return;
    if (m.replaces !== undefined) {
      this.refine(model, m);
      return;
    }
    if (model.getValue() !== m.base) {
      const text = 'The text changed while Merrow searched; drop the node again.';
      this.status.set({ phase: 'refused', text, droppedAt });
      return;
    }
    if (!m.changed) {
      this.status.set({ phase: 'moved', text: `${describe(m.request)} already.`, droppedAt });
      return;
    }
    this.apply(model, m.text, m.added);
    const text = `Moved ${describe(m.request)}: ${m.description}.`;
    this.status.set({
      phase: 'moved',
      text,
      droppedAt,
      appliedAt: performance.now(),
      ...(m.provisional ? { refining: true } : {}),
    });
    this.workspace.say(text);
  }

  /**
   * A smaller edit than the one applied early: it takes that one's place (undone first, so one
   * undo still takes the whole move back), unless the text changed since.
   */
  private refine(model: editor.ITextModel, m: Extract<LayoutMessage, { ok: true }>): void {
    const status = this.status.get();
    const { refining: _was, ...rest } = status;
    if (model.getValue() !== m.replaces || model.getAlternativeVersionId() !== this.appliedVersion) {
      if (_was) this.status.set(rest);
      return;
    }
    this.applying = true;
    const undone = Promise.resolve(model.undo());
    this.applying = false;
    void undone.then(() => {
      if (model.isDisposed() || model.getValue() !== m.base) {
        if (_was) this.status.set(rest);
        return;
      }
      this.apply(model, m.text, m.added);
      const text = `Moved ${describe(m.request)}: ${m.description}.`;
      this.status.set({ ...rest, text, appliedAt: performance.now() });
      this.workspace.say(text);
    });
  }

  /** Replaces the changed lines in one edit, undoable at once, and highlights them. */
  private apply(model: editor.ITextModel, text: string, added: number[]): void {
    this.applying = true;
    try {
      replaceText(model, this.live.editor, text, 'merrow-layout');
    } finally {
      this.applying = false;
    }
    this.appliedVersion = model.getAlternativeVersionId();
    this.watchAfterMove(model);
    // Not typing: the preview (which has this drawing already) is asked at once.
    this.live.show(true);
    const ed = this.live.editor?.getModel() === model ? this.live.editor : null;
    if (!ed) return;
    this.highlight?.clear();
    clearTimeout(this.fade);
    this.highlight = ed.createDecorationsCollection(
      added.map((line) => ({
        range: new monaco.Range(line + 1, 1, line + 1, 1),
        options: {
          isWholeLine: true,
          className: 'merrow-layout-changed',
          linesDecorationsClassName: 'merrow-layout-changed-gutter',
          overviewRuler: { color: '#2563eb', position: monaco.editor.OverviewRulerLane.Left },
        },
      })),
    );
    if (added[0] !== undefined) ed.revealLineInCenterIfOutsideViewport(added[0] + 1);
    this.fade = setTimeout(() => this.highlight?.clear(), HIGHLIGHT_MS);
  }
}

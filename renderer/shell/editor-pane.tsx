import { useEffect, useRef, useState } from 'react';
import { gitUiFor } from '../git/git-ui.ts';
import { suggestArrowsWhenTypingPauses } from '../language/arrow-suggest.ts';
import type { CommandRegistry } from '../workbench/commands.ts';
import type { Live } from '../workbench/live.ts';
import { type editor as MonacoEditor, monaco, monacoLoaded } from '../workbench/monaco.ts';
import { useStore } from '../workbench/store.ts';
import { isDark } from '../workbench/theme.ts';
import { ViewStates } from '../workbench/view-states.ts';
import type { Workspace } from '../workbench/workspace.ts';

/**
 * Suggestions open once typing pauses this long (a keystroke at a usual typing pace), not on every
 * key of a fast burst, where opening, filtering and laying out the list was the largest cost of a
 * keystroke.
 */
const SUGGEST_AFTER_MS = 100;

/** The Monaco editor showing the active tab's model, with the conflict and deleted-file bars above it. */
export function EditorPane({
  workspace,
  live,
  commands,
}: {
  workspace: Workspace;
  live: Live;
  commands: CommandRegistry;
}) {
  const host = useRef<HTMLDivElement>(null);
  const noFolder = useStore(workspace.noFolder);
  const active = useStore(workspace.active);
  const tabs = useStore(workspace.tabs);
  const dark = useStore(isDark);
  const tab = tabs.find((t) => t.path === active);
  const root = useStore(workspace.info)?.root;
  const views = useRef<ViewStates<MonacoEditor.ICodeEditorViewState> | null>(null);
  views.current ??= new ViewStates(localStorage);
  // Recalled before the first file is shown, so it opens where it was left.
  if (root !== undefined) views.current.recall(root);
  const [editor, setEditor] = useState<MonacoEditor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    let created: MonacoEditor.IStandaloneCodeEditor | null = null;
    let arrows: { dispose(): void } | null = null;
    let unmounted = false;
    void monacoLoaded().then((loaded) => {
      if (unmounted) return;
      created = loaded.editor.create(host.current!, {
        theme: isDark.get() ? 'merrow-dark' : 'merrow-light',
        model: null,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 4,
        insertSpaces: true,
        // Not `scrollBeyondLastLine: false`: with the last line pinned to the bottom, Chromium skips
        // presenting the frames of typing at the end of a long file (keystrokes showed up to 1 s late).
        renderWhitespace: 'selection',
        fixedOverflowWidgets: true,
        wordBasedSuggestions: 'off',
        quickSuggestions: { other: true, comments: false, strings: false },
        quickSuggestionsDelay: SUGGEST_AFTER_MS,
        // Other occurrences of the word are highlighted when the cursor rests, not on each keystroke.
        occurrencesHighlightDelay: 250,
        'semanticHighlighting.enabled': false,
      });
      live.attach(created);
      arrows = suggestArrowsWhenTypingPauses(created, SUGGEST_AFTER_MS);
      setEditor(created);
    });
    return () => {
      unmounted = true;
      arrows?.dispose();
      created?.dispose();
    };
  }, [live]);

  useEffect(() => {
    if (editor) monaco.editor.setTheme(dark ? 'merrow-dark' : 'merrow-light');
  }, [dark, editor]);

  // Where the cursor and the scroll are is saved as they move (a short while after, not on every
  // key) and when the page goes away, so a reload or a crash puts the cursor back.
  useEffect(() => {
    if (!editor) return;
    const states = views.current!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const record = () => {
      const model = editor.getModel();
      const state = editor.saveViewState();
      if (model && !model.isDisposed() && state) states.set(model.uri.path.slice(1), state);
    };
    const saveSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        record();
        states.save();
      }, 500);
    };
    const saveNow = () => {
      clearTimeout(timer);
      record();
      states.save();
    };
    const listeners = [editor.onDidChangeCursorSelection(saveSoon), editor.onDidScrollChange(saveSoon)];
    window.addEventListener('pagehide', saveNow);
    return () => {
      clearTimeout(timer);
      for (const listener of listeners) listener.dispose();
      window.removeEventListener('pagehide', saveNow);
    };
  }, [editor]);

  useEffect(() => {
    if (!editor) return;
    const previous = editor.getModel();
    const previousState = editor.saveViewState();
    if (previous && !previous.isDisposed() && previousState) {
      views.current!.set(previous.uri.path.slice(1), previousState);
    }
    const model = active ? workspace.model(active) : undefined;
    editor.setModel(model ?? null);
    if (model && active) {
      const view = views.current!.get(active);
      if (view) editor.restoreViewState(view);
      // Walking the tab strip with the arrow keys keeps focus there, and so does a file picked in the
      // tree (F2 there must rename the row, not reach the editor); anything else goes on in the editor.
      if (!document.activeElement?.closest('[role="tablist"], [role="tree"]')) editor.focus();
    }
  }, [active, workspace, editor]);

  return (
    <div className="editor-pane">
      {tab?.conflict && (
        <div className="bar conflict-bar" data-testid="conflict-bar" role="alert">
          <span>
            <strong>{tab.path}</strong> changed on disk while you were editing it.
          </span>
          <button
            type="button"
            className="primary"
            data-testid="conflict-compare"
            onClick={() => gitUiFor(workspace).openIncoming(tab.path)}
          >
            Compare and choose…
          </button>
        </div>
      )}
      {tab?.deleted && (
        <div className="bar deleted-bar" data-testid="deleted-bar" role="status">
          <span>This file was deleted on disk. Save to recreate it, or close the tab.</span>
          <button type="button" onClick={() => void workspace.save(tab.path, true)}>
            Save again
          </button>
        </div>
      )}
      <div className="monaco-host" ref={host} data-testid="editor" data-ready={editor !== null} />
      {noFolder ? (
        <div className="empty-editor" data-testid="no-folder">
          <p>No folder is open.</p>
          <p>
            <button type="button" data-testid="open-folder" onClick={() => commands.run('folder.open')}>
              {commands.tooltip('Open Folder…', 'folder.open')}
            </button>
          </p>
          {commands.has('folder.openRecent') && (
            <p>
              <button type="button" onClick={() => commands.run('folder.openRecent')}>
                {commands.tooltip('Open Recent Folder…', 'folder.openRecent')}
              </button>
            </p>
          )}
        </div>
      ) : !editor ? (
        <div className="empty-editor">Loading the editor…</div>
      ) : (
        !active && (
          <div className="empty-editor">
            <p>No file open.</p>
            <p>
              {(
                [
                  ['file.quickOpen', 'open a file'],
                  ['file.newDiagram', 'new diagram'],
                  ['workbench.palette', 'all commands'],
                ] as const
              ).map(([id, what], i) => (
                <span key={id}>
                  {i > 0 && ' · '}
                  <kbd>{commands.shortcut(id)}</kbd> {what}
                </span>
              ))}
            </p>
          </div>
        )
      )}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import type { Live } from './live.ts';
import { monaco } from './monaco.ts';
import { useStore } from './store.ts';
import { isDark } from './theme.ts';
import type { Workspace } from './workspace.ts';

/** The Monaco editor showing the active tab's model, with the conflict and deleted-file bars above it. */
export function EditorPane({ workspace, live }: { workspace: Workspace; live: Live }) {
  const host = useRef<HTMLDivElement>(null);
  const active = useStore(workspace.active);
  const tabs = useStore(workspace.tabs);
  const dark = useStore(isDark);
  const tab = tabs.find((t) => t.path === active);
  const views = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 4,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
      wordBasedSuggestions: 'off',
      quickSuggestions: { other: true, comments: false, strings: false },
      'semanticHighlighting.enabled': false,
    });
    live.attach(editor);
    return () => editor.dispose();
  }, [live]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'merrow-dark' : 'merrow-light');
  }, [dark]);

  useEffect(() => {
    const editor = live.editor;
    if (!editor) return;
    const previous = editor.getModel();
    if (previous && !previous.isDisposed()) {
      views.current.set(previous.uri.path.slice(1), editor.saveViewState());
    }
    const model = active ? workspace.model(active) : undefined;
    editor.setModel(model ?? null);
    if (model && active) {
      const view = views.current.get(active);
      if (view) editor.restoreViewState(view);
      editor.focus();
    }
  }, [active, workspace, live]);

  return (
    <div className="editor-pane">
      {tab?.conflict && (
        <div className="bar conflict-bar" data-testid="conflict-bar" role="alert">
          <span>
            <strong>{tab.path}</strong> changed on disk while you were editing it.
          </span>
          <button
            type="button"
            data-testid="conflict-take-disk"
            onClick={() => void workspace.resolveConflict(tab.path, 'disk')}
          >
            Use the disk version
          </button>
          <button
            type="button"
            data-testid="conflict-keep-mine"
            onClick={() => void workspace.resolveConflict(tab.path, 'mine')}
          >
            Keep mine and overwrite
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
      <div className="monaco-host" ref={host} data-testid="editor" />
      {!active && (
        <div className="empty-editor">
          <p>No file open.</p>
          <p>
            <kbd>Ctrl</kbd>+<kbd>P</kbd> open a file · <kbd>Ctrl</kbd>+<kbd>N</kbd> new diagram ·{' '}
            <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd> all commands
          </p>
        </div>
      )}
    </div>
  );
}

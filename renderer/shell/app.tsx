import { useCallback, useEffect, useMemo, useState } from 'react';
import { gitPaletteItems } from '../git/git-commands.ts';
import { GitSidebar } from '../git/git-sidebar.tsx';
import { importPaletteItems } from '../import/import-commands.ts';
import { ImportTab } from '../import/import-tab.tsx';
import { DIAGRAM_TYPES } from '../language/diagram-types.ts';
import type { LayoutEdits } from '../layout/layout-edits.ts';
import { Palette, type PaletteItem, type PaletteRequest } from '../ui/palette.tsx';
import { Split } from '../ui/split.tsx';
import { copyActive, type ExportFormat, exportActive } from '../workbench/export.ts';
import { exportOnSaveItem } from '../workbench/export-on-save.ts';
import type { Live } from '../workbench/live.ts';
import { OpenTabs } from '../workbench/open-tabs.tsx';
import { useStore } from '../workbench/store.ts';
import { LOOKS, MERMAID_THEMES, setAppTheme } from '../workbench/theme.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { EditorPane } from './editor-pane.tsx';
import { FileTree } from './file-tree.tsx';
import { type PreviewActions, PreviewPane } from './preview-pane.tsx';
import { ProblemsStrip, StatusBar } from './status-bar.tsx';

const stored = (key: string, fallback: number) => Number(localStorage.getItem(key)) || fallback;

/** Merrow's window: file tree | tabs + editor | live preview, status bar, problems and the palette. */
export function App({ workspace, live, layout }: { workspace: Workspace; live: Live; layout: LayoutEdits }) {
  const [treeWidth, setTreeWidth] = useState(() => stored('merrow.treeWidth', 220));
  const [editorWidth, setEditorWidth] = useState(() =>
    stored('merrow.editorWidth', Math.round(window.innerWidth * 0.4)),
  );
  const [palette, setPalette] = useState<PaletteRequest | null>(null);
  const [exportScale, setExportScale] = useState(2);
  const [transparent, setTransparent] = useState(false);
  const config = useStore(live.folderConfig) ?? {};
  const files = useStore(workspace.files);
  const tabs = useStore(workspace.tabs);
  const active = useStore(workspace.active);

  useEffect(() => localStorage.setItem('merrow.treeWidth', String(treeWidth)), [treeWidth]);
  useEffect(() => localStorage.setItem('merrow.editorWidth', String(editorWidth)), [editorWidth]);

  const writeConfig = useCallback((change: Record<string, unknown>) => live.writeConfig(change), [live]);

  const actions: PreviewActions = useMemo(
    () => ({
      exportAs: (format: ExportFormat) =>
        exportActive(workspace, live, format, {
          scale: exportScale,
          transparent,
        }),
      copy: (kind) => copyActive(workspace, live, kind, { scale: exportScale, transparent }),
      setMermaidTheme: (theme) => void writeConfig({ theme: theme === 'auto' ? undefined : theme }),
      setLook: (look) => void writeConfig({ look }),
    }),
    [workspace, live, exportScale, transparent, writeConfig],
  );

  const newDiagram = useCallback(
    (dir = '') => {
      setPalette({
        kind: 'pick',
        placeholder: 'New diagram: choose a type',
        items: DIAGRAM_TYPES.map((t) => ({
          id: `new-${t.keyword}`,
          label: t.label,
          detail: t.keyword,
          run: () => {
            const base = `${dir ? `${dir}/` : ''}${t.keyword.replace(/-(beta|v2)$/, '').toLowerCase()}`;
            let name = `${base}.mmd`;
            for (let n = 2; workspace.files.get().some((f) => f.path === name); n++)
              name = `${base}-${n}.mmd`;
            setPalette({
              kind: 'input',
              placeholder: 'File name (relative to the folder)',
              value: name,
              submit: (path) => {
                const clean = path.trim();
                if (clean) void workspace.create(/\.\w+$/.test(clean) ? clean : `${clean}.mmd`, t.template);
              },
            });
          },
        })),
      });
    },
    [workspace],
  );

  const quickOpen = useCallback(() => {
    setPalette({
      kind: 'pick',
      placeholder: 'Open a file by name',
      items: workspace.files
        .get()
        .filter((f) => f.type === 'file' && f.kind !== 'other' && f.kind !== 'image')
        .map((f) => ({
          id: `open-${f.path}`,
          label: f.path.slice(f.path.lastIndexOf('/') + 1),
          detail: f.path,
          run: () => void workspace.open(f.path),
        })),
    });
  }, [workspace]);

  const cycleTab = useCallback(
    (step: number) => {
      const list = workspace.tabs.get();
      const i = list.findIndex((t) => t.path === workspace.active.get());
      const next = list[(i + step + list.length) % list.length];
      if (next) void workspace.open(next.path);
    },
    [workspace],
  );

  const commands = useCallback((): PaletteItem[] => {
    const path = workspace.active.get();
    const list: PaletteItem[] = [
      { id: 'new', label: 'New diagram…', keys: 'Ctrl+N', run: () => newDiagram() },
      { id: 'open', label: 'Open file…', keys: 'Ctrl+P', run: quickOpen },
      { id: 'save', label: 'Save', keys: 'Ctrl+S', run: () => void workspace.save() },
      { id: 'save-all', label: 'Save all', keys: 'Ctrl+Alt+S', run: () => void workspace.saveAll() },
      { id: 'close', label: 'Close tab', keys: 'Ctrl+W', run: () => path && workspace.close(path) },
      {
        id: 'autosave',
        label: `Turn autosave ${workspace.autosave.get() ? 'off' : 'on'}`,
        run: () => workspace.setAutosave(!workspace.autosave.get()),
      },
      { id: 'export-svg', label: 'Export SVG', run: () => actions.exportAs('svg') },
      { id: 'export-png', label: 'Export PNG', run: () => actions.exportAs('png') },
      { id: 'export-pdf', label: 'Export PDF', run: () => actions.exportAs('pdf') },
      { id: 'copy-png', label: 'Copy diagram as PNG', run: () => actions.copy('png') },
      { id: 'copy-svg', label: 'Copy diagram as SVG', run: () => actions.copy('svg') },
      { id: 'copy-markdown', label: 'Copy as Markdown code block', run: () => actions.copy('markdown') },
      { id: 'fit', label: 'Preview: fit', run: () => live.preview.view('fit') },
      { id: 'actual', label: 'Preview: actual size', run: () => live.preview.view('actual') },
      { id: 'theme-light', label: 'Theme: light', run: () => setAppTheme('light') },
      { id: 'theme-dark', label: 'Theme: dark', run: () => setAppTheme('dark') },
      { id: 'theme-system', label: 'Theme: follow the system', run: () => setAppTheme('system') },
      ...MERMAID_THEMES.map((t) => ({
        id: `mermaid-theme-${t}`,
        label: `Mermaid theme: ${t}`,
        run: () => actions.setMermaidTheme(t),
      })),
      ...LOOKS.map((l) => ({ id: `look-${l}`, label: `Mermaid look: ${l}`, run: () => actions.setLook(l) })),
      {
        id: 'comment',
        label: 'Toggle line comment',
        keys: 'Ctrl+/',
        run: () => live.editor?.trigger('palette', 'editor.action.commentLine', null),
      },
      {
        id: 'fold-all',
        label: 'Fold all',
        run: () => live.editor?.trigger('palette', 'editor.foldAll', null),
      },
      {
        id: 'unfold-all',
        label: 'Unfold all',
        run: () => live.editor?.trigger('palette', 'editor.unfoldAll', null),
      },
      { id: 'refresh', label: 'Reload the file list', run: () => void workspace.refreshFiles() },
      ...gitPaletteItems(workspace),
      exportOnSaveItem(live.folderConfig.get() ?? {}, (change) => void writeConfig(change)),
      ...importPaletteItems(workspace, live, setPalette),
    ];
    if (path) {
      list.push(
        { id: 'duplicate', label: 'Duplicate file', detail: path, run: () => void workspace.duplicate(path) },
        { id: 'delete', label: 'Delete file', detail: path, run: () => void workspace.remove(path) },
        {
          id: 'rename',
          label: 'Rename file…',
          detail: path,
          run: () =>
            setPalette({
              kind: 'input',
              placeholder: 'New path',
              value: path,
              submit: (to) => void workspace.rename(path, to.trim()),
            }),
        },
      );
    }
    return list;
  }, [workspace, live, actions, newDiagram, quickOpen, writeConfig]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && e.shiftKey && key === 'p')
        setPalette({ kind: 'pick', placeholder: 'Type a command', items: commands() });
      else if (mod && !e.shiftKey && (key === 'p' || key === 'o')) quickOpen();
      else if (mod && e.altKey && key === 's') void workspace.saveAll();
      else if (mod && key === 's') void workspace.save();
      else if ((mod || e.altKey) && key === 'n') newDiagram();
      else if ((mod || e.altKey) && key === 'w') {
        const path = workspace.active.get();
        if (path) workspace.close(path);
      } else if (mod && key === 'tab') cycleTab(e.shiftKey ? -1 : 1);
      else if (e.altKey && (key === 'pagedown' || key === 'pageup')) cycleTab(key === 'pagedown' ? 1 : -1);
      else if (e.key === 'F1') setPalette({ kind: 'pick', placeholder: 'Type a command', items: commands() });
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [workspace, commands, quickOpen, newDiagram, cycleTab]);

  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      workspace.flushLocalBackups();
      if (workspace.hasUnsaved()) e.preventDefault();
    };
    const onHide = () => workspace.flushLocalBackups();
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('pagehide', onHide);
    };
  }, [workspace]);

  const title = active
    ? `${tabs.find((t) => t.path === active)?.dirty ? '● ' : ''}${active} — Merrow`
    : 'Merrow';
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <div className="app" data-testid="app" data-files={files.length}>
      <main className="panes">
        <Split
          size={treeWidth}
          onSize={setTreeWidth}
          min={140}
          testId="split-tree"
          left={
            <GitSidebar workspace={workspace} live={live}>
              <FileTree workspace={workspace} onNewDiagram={newDiagram} />
            </GitSidebar>
          }
          right={
            <Split
              size={editorWidth}
              onSize={setEditorWidth}
              min={200}
              testId="split-editor"
              left={
                <div className="editor-column">
                  <OpenTabs workspace={workspace} />
                  <EditorPane workspace={workspace} live={live} />
                  <ProblemsStrip live={live} />
                  <ImportTab workspace={workspace} live={live} />
                </div>
              }
              right={
                <PreviewPane
                  live={live}
                  layout={layout}
                  actions={actions}
                  mermaidTheme={(config.theme as string | undefined) ?? 'auto'}
                  look={(config.look as string | undefined) ?? 'classic'}
                  exportScale={exportScale}
                  setExportScale={setExportScale}
                  transparent={transparent}
                  setTransparent={setTransparent}
                />
              }
            />
          }
        />
      </main>
      <StatusBar workspace={workspace} live={live} />
      {palette && <Palette request={palette} onClose={() => setPalette(null)} />}
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { GitSidebar } from '../git/git-sidebar.tsx';
import { ImportTab } from '../import/import-tab.tsx';
import type { LayoutEdits } from '../layout/layout-edits.ts';
import { ChoiceDialog } from '../ui/choice-dialog.tsx';
import { Palette } from '../ui/palette.tsx';
import { Split } from '../ui/split.tsx';
import type { CommandRegistry } from '../workbench/commands.ts';
import {
  copyActive,
  type ExportFormat,
  type ExportOptions,
  exportActive,
  svgOptions,
} from '../workbench/export.ts';
import { withMerrowSetting } from '../workbench/export-on-save.ts';
import type { Live } from '../workbench/live.ts';
import { OpenTabs } from '../workbench/open-tabs.tsx';
import type { Prompts } from '../workbench/prompts.ts';
import { sidebarHidden } from '../workbench/sidebar.ts';
import { type Store, useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { Breadcrumb } from './breadcrumb.tsx';
import { EditorPane } from './editor-pane.tsx';
import { FileTree } from './file-tree.tsx';
import { type PreviewActions, PreviewPane } from './preview-pane.tsx';
import { ProblemsStrip, StatusBar } from './status-bar.tsx';
import { newDiagram } from './window-commands.ts';

const stored = (key: string, fallback: number) => Number(localStorage.getItem(key)) || fallback;

/**
 * The sidebar's width (activity bar and file tree): dragged by its edge and remembered, within
 * these bounds; a double-click on the edge goes back to the default, which grows with the window
 * past 1280 px so that long file names fit on a wide screen (at 1280 and below the preview's
 * toolbar needs the room).
 */
const TREE_MIN = 160;
const TREE_MAX = 640;
const defaultTreeWidth = () => Math.round(Math.min(400, Math.max(220, window.innerWidth * 0.2 - 40)));
const clampTree = (width: number) => Math.min(TREE_MAX, Math.max(TREE_MIN, width));

export interface AppProps {
  workspace: Workspace;
  live: Live;
  /** Drag to place and the layout panel (renderer/layout). */
  layout: LayoutEdits;
  commands: CommandRegistry;
  prompts: Prompts;
  /** The preview pane's export scale and background, which the export commands use too. */
  exportSettings: Store<ExportOptions>;
}

/** Merrow's window: file tree | tabs + editor | live preview, status bar, problems and the palette. */
export function App({ workspace, live, layout, commands, prompts, exportSettings }: AppProps) {
  // Null until the user drags the edge: the default then follows the window.
  const [treeWidth, setTreeWidth] = useState<number | null>(() => {
    const width = Number(localStorage.getItem('merrow.treeWidth'));
    return width ? clampTree(width) : null;
  });
  const [defaultWidth, setDefaultWidth] = useState(defaultTreeWidth);
  // The editor's share of the space beside the tree: editor and preview grow with the window.
  const [editorShare, setEditorShare] = useState(() => Math.min(0.8, stored('merrow.editorShare', 0.45)));
  const { scale: exportScale, transparent } = useStore(exportSettings);
  const palette = useStore(prompts.palette);
  const question = useStore(prompts.question);
  const config = useStore(live.folderConfig) ?? {};
  const files = useStore(workspace.files);
  const tabs = useStore(workspace.tabs);
  const active = useStore(workspace.active);
  const sidebarIsHidden = useStore(sidebarHidden);

  useEffect(() => {
    if (treeWidth !== null) {
      localStorage.setItem('merrow.treeWidth', String(treeWidth));
      return;
    }
    localStorage.removeItem('merrow.treeWidth');
    // The same width again renders nothing: the app renders only when the default moves.
    const follow = () => setDefaultWidth(defaultTreeWidth());
    follow();
    window.addEventListener('resize', follow);
    return () => window.removeEventListener('resize', follow);
  }, [treeWidth]);
  useEffect(() => localStorage.setItem('merrow.editorShare', String(editorShare)), [editorShare]);

  const actions: PreviewActions = useMemo(
    () => ({
      exportAs: (format: ExportFormat) => exportActive(workspace, live, format, exportSettings.get()),
      copy: (kind) => copyActive(workspace, live, kind, exportSettings.get()),
      setMermaidTheme: (theme) => void live.writeConfig({ theme: theme === 'auto' ? undefined : theme }),
      setLook: (look) => void live.writeConfig({ look }),
      setTextLabels: (on) =>
        void live.writeConfig(
          withMerrowSetting(live.folderConfig.get() ?? {}, 'svgLabels', on ? 'text' : undefined),
        ),
    }),
    [workspace, live, exportSettings],
  );

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
          size={treeWidth ?? defaultWidth}
          onSize={setTreeWidth}
          onReset={() => setTreeWidth(null)}
          min={TREE_MIN}
          max={TREE_MAX}
          minRight={480}
          collapsed={sidebarIsHidden}
          testId="split-tree"
          left={
            <GitSidebar workspace={workspace} live={live}>
              <FileTree
                workspace={workspace}
                onNewDiagram={(dir) => newDiagram({ workspace, prompts }, dir)}
                focusEditor={() =>
                  (document.querySelector<HTMLElement>('.import-view') ?? live.editor)?.focus()
                }
              />
            </GitSidebar>
          }
          right={
            <Split
              size={editorShare}
              onSize={setEditorShare}
              proportional
              min={220}
              minRight={240}
              testId="split-editor"
              left={
                <div className="editor-column">
                  <OpenTabs workspace={workspace} />
                  <Breadcrumb workspace={workspace} />
                  <EditorPane workspace={workspace} live={live} commands={commands} />
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
                  setExportScale={(scale) => exportSettings.set((o) => ({ ...o, scale }))}
                  transparent={transparent}
                  setTransparent={(on) => exportSettings.set((o) => ({ ...o, transparent: on }))}
                  textLabels={svgOptions(config).labels === 'text'}
                />
              }
            />
          }
        />
      </main>
      <StatusBar workspace={workspace} live={live} />
      {palette && <Palette request={palette} onClose={() => prompts.palette.set(null)} />}
      {question && <ChoiceDialog question={question} onAnswer={question.answer} />}
    </div>
  );
}

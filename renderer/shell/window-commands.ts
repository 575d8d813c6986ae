import { MERMAID_SYNTAX_URL } from '../../shared/commands/catalogue.ts';
import { DIAGRAM_TYPES } from '../language/diagram-types.ts';
import { type CommandRegistry, VIEW_KEYS } from '../workbench/commands.ts';
import { copyActive, type ExportFormat, type ExportOptions, exportActive } from '../workbench/export.ts';
import type { Live } from '../workbench/live.ts';
import type { Prompts } from '../workbench/prompts.ts';
import { sidebarHidden } from '../workbench/sidebar.ts';
import { type AppTheme, appTheme, LOOKS, MERMAID_THEMES, setAppTheme } from '../workbench/theme.ts';
import { isDiagram, type Workspace } from '../workbench/workspace.ts';

export interface WindowParts {
  workspace: Workspace;
  live: Live;
  prompts: Prompts;
  commands: CommandRegistry;
  /** The preview pane's export settings as they are now. */
  exportOptions: () => ExportOptions;
}

/** Asks for a diagram type, then a name, and creates the diagram from the type's template. */
export function newDiagram(
  { workspace, prompts }: Pick<WindowParts, 'workspace' | 'prompts'>,
  dir = workspace.newFileFolder(),
): void {
  prompts.pick(
    'New diagram: choose a type',
    DIAGRAM_TYPES.map((t) => ({
      id: `new-${t.keyword}`,
      label: t.label,
      detail: t.keyword,
      run: () => {
        const base = `${dir ? `${dir}/` : ''}${t.keyword.replace(/-(beta|v2)$/, '').toLowerCase()}`;
        let name = `${base}.mmd`;
        for (let n = 2; workspace.files.get().some((f) => f.path === name); n++) name = `${base}-${n}.mmd`;
        prompts.input('File name (relative to the folder)', name, (path) => {
          const clean = path.trim();
          if (clean) void workspace.create(/\.\w+$/.test(clean) ? clean : `${clean}.mmd`, t.template);
        });
      },
    })),
  );
}

/**
 * The window's commands (the catalogue's, which the native menu shows, and the palette's others),
 * each with what it does and when it applies. Returns their removal.
 */
export function registerWindowCommands(parts: WindowParts): () => void {
  const { workspace, live, prompts, commands } = parts;
  const active = () => workspace.active.get();
  const hasFolder = () => workspace.info.get() !== null;
  const hasTab = () => active() !== null;
  const diagramActive = () => {
    const path = active();
    return path !== null && isDiagram(path);
  };
  const exportAs = (format: ExportFormat) => exportActive(workspace, live, format, parts.exportOptions());
  const copy = (kind: 'png' | 'svg' | 'markdown') => copyActive(workspace, live, kind, parts.exportOptions());
  const editorAction = (action: string) => () => {
    live.editor?.focus();
    live.editor?.trigger('command', action, null);
  };
  const cycleTab = (step: number) => () => {
    const list = workspace.tabs.get();
    const i = list.findIndex((t) => t.path === active());
    const next = list[(i + step + list.length) % list.length];
    if (next) void workspace.open(next.path);
  };
  const setMermaidConfig = (change: Record<string, unknown>) => void live.writeConfig(change);
  const theme = (choice: AppTheme) => ({
    run: () => setAppTheme(choice),
    checked: () => appTheme.get() === choice,
  });

  const removals = [
    commands.add('file.newDiagram', { when: hasFolder, run: () => newDiagram(parts) }),
    commands.add('file.quickOpen', { when: hasFolder, run: () => quickOpen(parts) }),
    commands.add('file.save', { when: hasTab, run: () => workspace.save() }),
    // Listed whenever a file is open, as in VS Code; with nothing unsaved it says so.
    commands.add('file.saveAll', {
      when: hasTab,
      run: () =>
        workspace.hasUnsaved() ? workspace.saveAll() : workspace.say('Nothing to save: every file is saved.'),
    }),
    commands.add('file.autosave', {
      checked: () => workspace.autosave.get(),
      run: () => workspace.setAutosave(!workspace.autosave.get()),
    }),
    commands.add('file.exportSvg', { when: diagramActive, run: () => exportAs('svg') }),
    commands.add('file.exportPng', { when: diagramActive, run: () => exportAs('png') }),
    commands.add('file.exportPdf', { when: diagramActive, run: () => exportAs('pdf') }),
    commands.add('tab.close', { when: hasTab, run: () => workspace.close(active()!) }),
    commands.add('tab.next', { when: () => workspace.tabs.get().length > 1, run: cycleTab(1) }),
    commands.add('tab.previous', { when: () => workspace.tabs.get().length > 1, run: cycleTab(-1) }),
    commands.add('edit.toggleComment', {
      when: () => diagramActive() && live.editor !== null,
      run: editorAction('editor.action.commentLine'),
    }),
    commands.add('workbench.palette', {
      run: () => prompts.pick('Type a command', commands.paletteItems()),
    }),
    commands.add('preview.fit', { when: diagramActive, run: () => live.preview.view('fit') }),
    commands.add('preview.actualSize', { when: diagramActive, run: () => live.preview.view('actual') }),
    commands.add('theme.system', theme('system')),
    commands.add('theme.light', theme('light')),
    commands.add('theme.dark', theme('dark')),
    // Not in the shared catalogue (the native menu's list): a command of the page, with its key
    // here, which the keyboard, the palette and the shortcuts list all read.
    commands.contribute({
      id: 'view.toggleSidebar',
      title: 'Toggle Sidebar',
      keys: { key: 'Mod+B' },
      checked: () => !sidebarHidden.get(),
      run: () => {
        const hiding = !sidebarHidden.get();
        // Focus in the view going away would be lost: it goes on in the editor, as in VS Code.
        if (hiding && document.activeElement?.closest('.git-sidebar-view')) live.editor?.focus();
        sidebarHidden.set(hiding);
      },
    }),
    commands.add('help.keyboardShortcuts', { run: () => showShortcuts(commands, prompts) }),
    commands.add('help.syntax', { run: () => window.open(MERMAID_SYNTAX_URL, '_blank', 'noopener') }),
    commands.contribute({
      id: 'copy-png',
      title: 'Copy diagram as PNG',
      when: diagramActive,
      run: () => copy('png'),
    }),
    commands.contribute({
      id: 'copy-svg',
      title: 'Copy diagram as SVG',
      when: diagramActive,
      run: () => copy('svg'),
    }),
    commands.contribute({
      id: 'copy-markdown',
      title: 'Copy as Markdown code block',
      when: diagramActive,
      run: () => copy('markdown'),
    }),
    ...MERMAID_THEMES.map((t) =>
      commands.contribute({
        id: `mermaid-theme-${t}`,
        title: `Mermaid theme: ${t}`,
        when: hasFolder,
        run: () => setMermaidConfig({ theme: t === 'auto' ? undefined : t }),
      }),
    ),
    ...LOOKS.map((l) =>
      commands.contribute({
        id: `look-${l}`,
        title: `Mermaid look: ${l}`,
        when: hasFolder,
        run: () => setMermaidConfig({ look: l }),
      }),
    ),
    commands.contribute({
      id: 'fold-all',
      title: 'Fold all',
      when: () => live.editor !== null && hasTab(),
      run: editorAction('editor.foldAll'),
    }),
    commands.contribute({
      id: 'unfold-all',
      title: 'Unfold all',
      when: () => live.editor !== null && hasTab(),
      run: editorAction('editor.unfoldAll'),
    }),
    commands.contribute({
      id: 'refresh',
      title: 'Reload the file list',
      when: hasFolder,
      run: () => workspace.refreshFiles(),
    }),
    commands.contribute({
      id: 'duplicate',
      title: 'Duplicate file',
      detail: () => active() ?? undefined,
      when: hasTab,
      run: () => workspace.duplicate(active()!),
    }),
    commands.contribute({
      id: 'delete',
      title: 'Delete file',
      viewKeys: VIEW_KEYS.delete,
      detail: () => active() ?? undefined,
      when: hasTab,
      run: () => workspace.remove(active()!),
    }),
    commands.contribute({
      id: 'rename',
      title: 'Rename file…',
      viewKeys: VIEW_KEYS.rename,
      detail: () => active() ?? undefined,
      when: hasTab,
      run: () => {
        const path = active()!;
        prompts.input('New path', path, (to) => void workspace.rename(path, to.trim()));
      },
    }),
    commands.watch(
      workspace.active,
      workspace.tabs,
      workspace.info,
      workspace.autosave,
      appTheme,
      sidebarHidden,
    ),
  ];
  return () => {
    for (const remove of removals) remove();
  };
}

/** Quick open: the folder's files by name. */
function quickOpen({ workspace, prompts }: WindowParts): void {
  prompts.pick(
    'Open a file by name',
    workspace.files
      .get()
      .filter((f) => f.type === 'file' && f.kind !== 'other' && f.kind !== 'image')
      .map((f) => ({
        id: `open-${f.path}`,
        label: f.path.slice(f.path.lastIndexOf('/') + 1),
        detail: f.path,
        run: () => void workspace.open(f.path),
      })),
  );
}

/** Every command that has a key, with all its keys, whether or not it applies now; choosing one runs it. */
function showShortcuts(commands: CommandRegistry, prompts: Prompts): void {
  prompts.pick('Keyboard shortcuts', commands.shortcutItems());
}

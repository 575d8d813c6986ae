import { useMemo, useRef, useState } from 'react';
import type { FileEntry } from '../../shared/api/contract.ts';
import { GitBadge } from '../git/git-badges.tsx';
import { DeleteIcon, DuplicateIcon, NewFileIcon, NewFolderIcon, RenameIcon } from '../ui/icons.tsx';
import { pressed, VIEW_KEYS, viewKeyLabel, withShortcut } from '../workbench/commands.ts';
import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';

interface TreeNode {
  entry: FileEntry;
  name: string;
  children: TreeNode[];
}

const SHOWN = new Set(['mermaid', 'markdown', 'excalidraw']);

function buildTree(files: FileEntry[]): TreeNode[] {
  const root: TreeNode[] = [];
  const dirs = new Map<string, TreeNode[]>([['', root]]);
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const entry of sorted) {
    if (entry.type === 'file' && !SHOWN.has(entry.kind)) continue;
    const slash = entry.path.lastIndexOf('/');
    const parent = entry.path.slice(0, Math.max(0, slash));
    const node: TreeNode = { entry, name: entry.path.slice(slash + 1), children: [] };
    (dirs.get(parent) ?? root).push(node);
    if (entry.type === 'dir') dirs.set(entry.path, node.children);
  }
  const order = (nodes: TreeNode[]) => {
    nodes.sort((a, b) =>
      a.entry.type === b.entry.type ? a.name.localeCompare(b.name) : a.entry.type === 'dir' ? -1 : 1,
    );
    for (const n of nodes) order(n.children);
  };
  order(root);
  return root;
}

const ICONS: Record<string, string> = {
  mermaid: '◇',
  markdown: '¶',
  excalidraw: '✎',
  dir: '▸',
  dirOpen: '▾',
};

/**
 * The opened folder: open, create, rename, duplicate, delete and drag files into folders. A click
 * opens a file and leaves focus on its row (F2 renames it, as in VS Code); Enter and a double-click
 * open it to edit, focus going on to the editor.
 */
export function FileTree({
  workspace,
  onNewDiagram,
  focusEditor,
}: {
  workspace: Workspace;
  onNewDiagram: (dir: string) => void;
  /** Moves focus to what shows the active file (the editor, or the import view over it). */
  focusEditor: () => void;
}) {
  const files = useStore(workspace.files);
  const info = useStore(workspace.info);
  const active = useStore(workspace.active);
  const tabs = useStore(workspace.tabs);
  const [collapsed, setCollapsed] = useState(() => new Set<string>());
  const [renaming, setRenaming] = useState<string | null>(null);
  const selected = useStore(workspace.selected);
  const setSelected = (path: string) => workspace.selected.set(path);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const tree = useMemo(() => buildTree(files), [files]);
  const treeElement = useRef<HTMLDivElement>(null);
  /** The rows shown, in order, with each one's parent folder: what the arrow keys walk. */
  const rows = useMemo(() => {
    const shown: { path: string; dir: boolean; parent: string }[] = [];
    const walk = (nodes: TreeNode[], parent: string) => {
      for (const node of nodes) {
        const dir = node.entry.type === 'dir';
        shown.push({ path: node.entry.path, dir, parent });
        if (dir && !collapsed.has(node.entry.path)) walk(node.children, node.entry.path);
      }
    };
    walk(tree, '');
    return shown;
  }, [tree, collapsed]);
  // The tree is one tab stop (the WAI-ARIA tree pattern): the selected row, else the active file's, else the first.
  const stop = [selected, active].find((p) => p && rows.some((r) => r.path === p)) ?? rows[0]?.path;
  const focusRow = (path: string) => {
    setSelected(path);
    const index = rows.findIndex((r) => r.path === path);
    (treeElement.current?.querySelectorAll('[role="treeitem"]')[index] as HTMLElement | undefined)?.focus();
  };
  const toggle = (path: string, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open ?? next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  /** Arrow keys, Home and End move between rows; right and left open, close and climb folders. */
  const navigate = (e: React.KeyboardEvent, path: string, isDir: boolean, open: boolean): boolean => {
    const index = rows.findIndex((r) => r.path === path);
    const row = rows[index];
    if (!row) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = rows[index + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) focusRow(next.path);
    } else if (e.key === 'Home' || e.key === 'End') {
      const next = e.key === 'Home' ? rows[0] : rows[rows.length - 1];
      if (next) focusRow(next.path);
    } else if (e.key === 'ArrowRight') {
      if (isDir && !open) toggle(path, true);
      else if (isDir && rows[index + 1]?.parent === path) focusRow(rows[index + 1]!.path);
    } else if (e.key === 'ArrowLeft') {
      if (isDir && open) toggle(path, false);
      else if (row.parent) focusRow(row.parent);
    } else return false;
    e.preventDefault();
    return true;
  };
  const dirty = new Set(tabs.filter((t) => t.dirty).map((t) => t.path));
  const openToEdit = async (path: string) => {
    await workspace.open(path);
    if (workspace.active.get() === path) focusEditor();
  };

  const move = (from: string, dir: string) => {
    const name = from.slice(from.lastIndexOf('/') + 1);
    const to = dir ? `${dir}/${name}` : name;
    if (to !== from && !to.startsWith(`${from}/`)) void workspace.rename(from, to);
  };

  const dropProps = (dir: string) => ({
    onDragOver: (e: React.DragEvent) => {
      if (!e.dataTransfer.types.includes('application/x-merrow-path')) return;
      e.preventDefault();
      e.stopPropagation();
      setDropTarget(dir);
    },
    onDragLeave: () => setDropTarget(null),
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      e.stopPropagation();
      setDropTarget(null);
      const from = e.dataTransfer.getData('application/x-merrow-path');
      if (from) move(from, dir);
    },
  });

  const render = (nodes: TreeNode[], depth: number) =>
    nodes.map((node) => {
      const { path, type, kind } = node.entry;
      const isDir = type === 'dir';
      // An empty folder has nothing to show open: it is drawn closed.
      const open = isDir && node.children.length > 0 && !collapsed.has(path);
      const commitRename = (value: string) => {
        setRenaming(null);
        const name = value.trim();
        if (!name || name === node.name) return;
        const slash = path.lastIndexOf('/');
        void workspace.rename(path, slash >= 0 ? `${path.slice(0, slash)}/${name}` : name);
      };
      return (
        <div key={path}>
          <div
            role="treeitem"
            aria-expanded={isDir ? open : undefined}
            aria-selected={path === active}
            className={`tree-row${path === active ? ' active' : ''}${path === selected ? ' selected' : ''}${dropTarget === path ? ' drop' : ''}${renaming === path ? ' renaming' : ''}`}
            style={{ paddingLeft: 8 + depth * 14 }}
            data-testid={`tree-item-${path}`}
            draggable={renaming !== path}
            onDragStart={(e) => {
              e.dataTransfer.setData('application/x-merrow-path', path);
              e.dataTransfer.effectAllowed = 'move';
            }}
            {...(isDir ? dropProps(path) : {})}
            onClick={() => {
              setSelected(path);
              if (isDir) toggle(path);
              else void workspace.open(path);
            }}
            onDoubleClick={() => {
              if (!isDir) void openToEdit(path);
            }}
            onKeyDown={(e) => {
              if (renaming === path || navigate(e, path, isDir, open)) return;
              if (pressed(e, VIEW_KEYS.rename)) setRenaming(path);
              if (pressed(e, VIEW_KEYS.delete)) void workspace.remove(path);
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                if (isDir) toggle(path);
                else if (e.key === 'Enter') void openToEdit(path);
                else void workspace.open(path);
              }
            }}
            tabIndex={path === stop ? 0 : -1}
            title={path}
          >
            <span className="tree-icon">
              {isDir ? (open ? ICONS.dirOpen : ICONS.dir) : (ICONS[kind] ?? '·')}
            </span>
            {renaming === path ? (
              <input
                className="tree-rename"
                data-testid="tree-rename-input"
                defaultValue={node.name}
                // biome-ignore lint/a11y/noAutofocus: the input appears because the user asked to rename
                autoFocus
                // The name without its extension is selected, and shown from its start.
                onFocus={(e) => {
                  e.currentTarget.setSelectionRange(
                    0,
                    node.name.replace(/\.[^.]+$/, '').length || node.name.length,
                    'backward',
                  );
                  e.currentTarget.scrollLeft = 0;
                }}
                onClick={(e) => e.stopPropagation()}
                onKeyDown={(e) => {
                  e.stopPropagation();
                  if (e.key === 'Enter') commitRename(e.currentTarget.value);
                  if (e.key === 'Escape') setRenaming(null);
                }}
                onBlur={(e) => commitRename(e.currentTarget.value)}
              />
            ) : (
              <span className="tree-name">{node.name}</span>
            )}
            {dirty.has(path) && <span className="dirty-dot" title="Unsaved changes" />}
            <GitBadge workspace={workspace} path={path} dir={isDir} />
            <span className="tree-actions">
              {isDir && (
                <button
                  type="button"
                  tabIndex={-1}
                  title="New diagram here"
                  onClick={(e) => {
                    e.stopPropagation();
                    onNewDiagram(path);
                  }}
                >
                  <NewFileIcon />
                </button>
              )}
              <button
                type="button"
                tabIndex={-1}
                title={`Rename (${viewKeyLabel(VIEW_KEYS.rename)})`}
                data-testid={`rename-${path}`}
                onClick={(e) => {
                  e.stopPropagation();
                  setRenaming(path);
                }}
              >
                <RenameIcon />
              </button>
              {!isDir && (
                <button
                  type="button"
                  tabIndex={-1}
                  title="Duplicate"
                  data-testid={`duplicate-${path}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    void workspace.duplicate(path);
                  }}
                >
                  <DuplicateIcon />
                </button>
              )}
              <button
                type="button"
                tabIndex={-1}
                title="Delete"
                data-testid={`delete-${path}`}
                onClick={(e) => {
                  e.stopPropagation();
                  void workspace.remove(path);
                }}
              >
                <DeleteIcon />
              </button>
            </span>
          </div>
          {isDir && open && render(node.children, depth + 1)}
        </div>
      );
    });

  return (
    <nav className="file-tree" data-testid="file-tree" aria-label="Files" {...dropProps('')}>
      <header className="pane-header">
        <span className="folder-name" title={info?.root}>
          {info?.name ?? '…'}
        </span>
        <span className="header-actions">
          <button
            type="button"
            title={withShortcut('New diagram', 'file.newDiagram')}
            data-testid="new-diagram"
            onClick={() => onNewDiagram(workspace.newFileFolder())}
          >
            <NewFileIcon />
          </button>
          <button
            type="button"
            title="New folder"
            onClick={() => {
              const name = prompt('New folder name');
              if (name)
                void workspace.api.call('file.mkdir', { path: name }).then(() => workspace.refreshFiles());
            }}
          >
            <NewFolderIcon />
          </button>
        </span>
      </header>
      <div
        role="tree"
        aria-label="Files"
        ref={treeElement}
        className={`tree${dropTarget === '' ? ' drop' : ''}`}
      >
        {render(tree, 0)}
      </div>
    </nav>
  );
}

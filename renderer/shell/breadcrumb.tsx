import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';

/** Where the active file lies in the opened folder: its path, folder by folder, above the editor. */
export function Breadcrumb({ workspace }: { workspace: Workspace }) {
  const active = useStore(workspace.active);
  if (!active) return null;
  const parts = active.split('/');
  return (
    <nav className="breadcrumb" aria-label="File path" data-testid="breadcrumb" title={active}>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same folder name may appear twice in a path
        <span key={i} className={i === parts.length - 1 ? 'crumb current' : 'crumb'}>
          {part}
        </span>
      ))}
    </nav>
  );
}

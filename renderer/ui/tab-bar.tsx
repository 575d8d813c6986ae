/** What a tab shows: its path, unsaved edits, and whether its file is gone from disk. */
export interface TabItem {
  path: string;
  dirty: boolean;
  deleted: boolean;
}

interface TabBarProps {
  tabs: readonly TabItem[];
  active: string | null;
  onSelect: (path: string) => void;
  onClose: (path: string) => void;
}

/** Open files, with dirty and deleted markers; middle-click or × closes. */
export function TabBar({ tabs, active, onSelect, onClose }: TabBarProps) {
  return (
    <div className="tab-bar" role="tablist" data-testid="tab-bar">
      {tabs.map((tab) => {
        const name = tab.path.slice(tab.path.lastIndexOf('/') + 1);
        return (
          <div
            key={tab.path}
            role="tab"
            tabIndex={0}
            aria-selected={tab.path === active}
            title={tab.path + (tab.deleted ? ' (deleted on disk)' : '')}
            className={`tab${tab.path === active ? ' active' : ''}${tab.deleted ? ' deleted' : ''}`}
            data-testid={`tab-${tab.path}`}
            data-dirty={tab.dirty}
            data-deleted={tab.deleted}
            onClick={() => onSelect(tab.path)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(tab.path)}
            onAuxClick={(e) => e.button === 1 && onClose(tab.path)}
          >
            <span className="tab-name">{name}</span>
            {tab.deleted && <span className="tab-flag">deleted</span>}
            <button
              type="button"
              className={`tab-close${tab.dirty ? ' dirty' : ''}`}
              aria-label={`Close ${name}`}
              onClick={(e) => {
                e.stopPropagation();
                onClose(tab.path);
              }}
            >
              <span className="dot">●</span>
              <span className="x">×</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}

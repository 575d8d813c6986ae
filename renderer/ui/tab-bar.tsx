import { useEffect, useRef } from 'react';

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

/**
 * Open files, with dirty and deleted markers; middle-click or × closes. One tab stop (the active
 * tab): the arrow keys, Home and End move between tabs and show each (the WAI-ARIA tabs pattern),
 * and the active tab is always scrolled into view.
 */
export function TabBar({ tabs, active, onSelect, onClose }: TabBarProps) {
  const strip = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const index = tabs.findIndex((t) => t.path === active);
    strip.current?.children[index]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active, tabs]);
  const stop = tabs.some((t) => t.path === active) ? active : tabs[0]?.path;
  const moveTo = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.path);
    (strip.current?.children[tabs.indexOf(tab)] as HTMLElement | undefined)?.focus();
  };
  const onKeyDown = (e: React.KeyboardEvent, index: number, path: string) => {
    const to = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(path);
    } else if (e.key === 'Delete') onClose(path);
  };
  return (
    <div className="tab-bar" role="tablist" aria-label="Open files" data-testid="tab-bar" ref={strip}>
      {tabs.map((tab, index) => {
        const name = tab.path.slice(tab.path.lastIndexOf('/') + 1);
        return (
          <div
            key={tab.path}
            role="tab"
            tabIndex={tab.path === stop ? 0 : -1}
            aria-selected={tab.path === active}
            title={tab.path + (tab.deleted ? ' (deleted on disk)' : '')}
            className={`tab${tab.path === active ? ' active' : ''}${tab.deleted ? ' deleted' : ''}`}
            data-testid={`tab-${tab.path}`}
            data-dirty={tab.dirty}
            data-deleted={tab.deleted}
            onClick={() => onSelect(tab.path)}
            onKeyDown={(e) => onKeyDown(e, index, tab.path)}
            onAuxClick={(e) => e.button === 1 && onClose(tab.path)}
          >
            <span className="tab-name">{name}</span>
            {tab.deleted && <span className="tab-flag">deleted</span>}
            <button
              type="button"
              className={`tab-close${tab.dirty ? ' dirty' : ''}`}
              tabIndex={-1}
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

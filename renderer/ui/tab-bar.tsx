import { useEffect, useLayoutEffect, useRef, useState } from 'react';

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

/** A wheel's line or page steps as pixels, for the strip's sideways scroll. */
const WHEEL_LINE_PX = 16;

/**
 * Open files, with dirty and deleted markers; middle-click or × closes. One tab stop (the active
 * tab): the arrow keys, Home and End move between tabs and show each (the WAI-ARIA tabs pattern),
 * and the active tab is always scrolled into view. Tabs that do not fit scroll sideways, with the
 * wheel too, under no scrollbar (it took the labels' height), and a button at the end lists them all.
 */
export function TabBar({ tabs, active, onSelect, onClose }: TabBarProps) {
  const strip = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState(false);
  const [menu, setMenu] = useState(false);

  // Whether some tabs are out of sight: measured after each change of the tabs and of the strip's
  // width. The button it brings sits outside the strip, so the strip stays overflowing with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: new tabs need measuring again
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element) return;
    const measure = () => setOverflow(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [tabs]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the button's arrival narrows the strip
  useEffect(() => {
    const index = tabs.findIndex((t) => t.path === active);
    strip.current?.children[index]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active, tabs, overflow]);
  // A mouse wheel scrolls the strip sideways (it has no other way to go); a trackpad's sideways
  // swipe already does. Not a React handler: those are passive and cannot keep the page still.
  useEffect(() => {
    const element = strip.current;
    if (!element) return;
    const onWheel = (e: WheelEvent) => {
      if (Math.abs(e.deltaY) <= Math.abs(e.deltaX) || element.scrollWidth <= element.clientWidth) return;
      const step = e.deltaMode === 1 ? WHEEL_LINE_PX : e.deltaMode === 2 ? element.clientWidth : 1;
      element.scrollLeft += e.deltaY * step;
      e.preventDefault();
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);
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
    <div className="tab-strip">
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
      {overflow && (
        <TabMenu
          tabs={tabs}
          active={active}
          open={menu}
          setOpen={setMenu}
          onSelect={(path) => {
            onSelect(path);
            (
              strip.current?.children[tabs.findIndex((t) => t.path === path)] as HTMLElement | undefined
            )?.focus();
          }}
        />
      )}
    </div>
  );
}

/**
 * The button at the end of an overflowing strip and its menu of every open tab, the hidden ones
 * too; choosing one shows it (and scrolls it into view). Escape or a click elsewhere closes it;
 * the arrow keys walk it.
 */
function TabMenu({
  tabs,
  active,
  open,
  setOpen,
  onSelect,
}: {
  tabs: readonly TabItem[];
  active: string | null;
  open: boolean;
  setOpen: (open: boolean) => void;
  onSelect: (path: string) => void;
}) {
  const anchor = useRef<HTMLSpanElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const items = () => [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    (items().find((item) => item.getAttribute('aria-current') === 'true') ?? items()[0])?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
        anchor.current?.querySelector('button')?.focus();
      }
      const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      const all = items();
      const at = all.indexOf(document.activeElement as HTMLElement);
      all[(at + step + all.length) % all.length]?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!anchor.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [open, setOpen]);
  return (
    <span className="menu-anchor tab-overflow-anchor" ref={anchor}>
      <button
        type="button"
        className="tab-overflow"
        title="Show all open tabs"
        aria-label="Show all open tabs"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="tab-overflow"
        onClick={() => setOpen(!open)}
      >
        <svg
          width="16"
          height="16"
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          aria-hidden="true"
        >
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <div className="menu tab-menu" role="menu" aria-label="Open tabs" data-testid="tab-menu" ref={list}>
          {tabs.map((tab) => {
            const slash = tab.path.lastIndexOf('/');
            return (
              <button
                key={tab.path}
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-current={tab.path === active}
                title={tab.path}
                data-testid={`tab-menu-${tab.path}`}
                onClick={() => {
                  setOpen(false);
                  onSelect(tab.path);
                }}
              >
                <span className="tab-menu-name">{tab.path.slice(slash + 1)}</span>
                {slash > 0 && <span className="tab-menu-folder">{tab.path.slice(0, slash)}</span>}
                {tab.dirty && (
                  <span className="tab-menu-dirty" title="Unsaved">
                    ●
                  </span>
                )}
              </button>
            );
          })}
        </div>
      )}
    </span>
  );
}

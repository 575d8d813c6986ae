import { useEffect, useMemo, useRef, useState } from 'react';

export interface PaletteItem {
  id: string;
  label: string;
  detail?: string;
  keys?: string;
  run: () => void;
}

export type PaletteRequest =
  | { kind: 'pick'; placeholder: string; items: PaletteItem[] }
  | { kind: 'input'; placeholder: string; value: string; submit: (value: string) => void };

/** Scores a fuzzy match: every query character in order, earlier and contiguous matches rank higher. */
export function fuzzyScore(query: string, text: string): number | null {
  if (!query) return 0;
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  let score = 0;
  let at = -1;
  for (const ch of q) {
    const next = t.indexOf(ch, at + 1);
    if (next === -1) return null;
    score += next === at + 1 ? 2 : 0;
    score -= next * 0.01;
    at = next;
  }
  return score;
}

/** The command palette, quick open and every other pick-or-type prompt share this one list. */
export function Palette({ request, onClose }: { request: PaletteRequest; onClose: () => void }) {
  const [query, setQuery] = useState(request.kind === 'input' ? request.value : '');
  const [index, setIndex] = useState(0);
  // A prompt that follows another (a type picked, now its file name; Convert folder… from a
  // command) starts from its own value, not from what was typed before.
  const [shown, setShown] = useState(request);
  if (shown !== request) {
    setShown(request);
    setQuery(request.kind === 'input' ? request.value : '');
    setIndex(0);
  }
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    if (request.kind === 'input') el.setSelectionRange(0, request.value.replace(/\.[^./]+$/, '').length);
  }, [request]);

  const items = useMemo(() => {
    if (request.kind !== 'pick') return [];
    return request.items
      .map((item) => ({ item, score: fuzzyScore(query, `${item.label} ${item.detail ?? ''}`) }))
      .filter((x) => x.score !== null)
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      .map((x) => x.item)
      .slice(0, 200);
  }, [request, query]);

  useEffect(() => {
    list.current?.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  });

  // Escape dismisses the palette wherever the focus went (an editor that finished loading after
  // the palette opened may have taken it).
  useEffect(() => {
    const dismiss = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.target === input.current) return;
      e.preventDefault();
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', dismiss, true);
    return () => window.removeEventListener('keydown', dismiss, true);
  }, [onClose]);

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking the backdrop dismisses the palette
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape in the input dismisses it too
    <div className="palette-backdrop" onClick={onClose}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: stops backdrop dismissal */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the input */}
      <div className="palette" data-testid="palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={input}
          data-testid="palette-input"
          placeholder={request.placeholder}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            else if (e.key === 'ArrowDown') setIndex((i) => Math.min(items.length - 1, i + 1));
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
            else if (e.key === 'Enter') {
              e.preventDefault();
              if (request.kind === 'input') {
                onClose();
                request.submit(query);
              } else choose(items[index]);
            } else return;
            e.stopPropagation();
          }}
        />
        {request.kind === 'pick' && (
          <div ref={list} role="listbox" className="palette-list">
            {items.map((item, i) => (
              <div
                key={item.id}
                role="option"
                tabIndex={-1}
                aria-selected={i === index}
                className={i === index ? 'selected' : ''}
                data-testid={`palette-item-${item.id}`}
                onMouseMove={() => setIndex(i)}
                onClick={() => choose(item)}
                onKeyDown={(e) => e.key === 'Enter' && choose(item)}
              >
                <span className="palette-label">{item.label}</span>
                {item.detail && <span className="palette-detail">{item.detail}</span>}
                {item.keys && <kbd>{item.keys}</kbd>}
              </div>
            ))}
            {items.length === 0 && <div className="empty">No match</div>}
          </div>
        )}
      </div>
    </div>
  );
}

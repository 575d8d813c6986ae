import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type DiagramDiff, type DiffSide, diffDiagrams } from '../../shared/diff/diagram-diff.ts';
import { formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { type ZoomAction, ZoomControls } from '../ui/zoom-controls.tsx';
import { diffCounts } from './changes.ts';
import { type DiagramRenders, type Drawing, RENDER_ID } from './diagram-renders.ts';
import { DIFF_MARK_CSS, markDiff } from './diff-marks.ts';

/** One side of a comparison: a label, the text (null: the file does not exist there) and maybe its SVG already. */
export interface Version {
  label: string;
  text: string | null;
  /** For the working copy: the buffer version `text` is, so the live preview's render of it can be reused. */
  live?: { path: string; version: number; previewing: boolean };
}

interface Props {
  before: Version;
  after: Version;
  renders: DiagramRenders;
  config: MermaidConfig;
  /** Colours the page's side: `changed` in amber on both, and added/removed on their own side. */
  testId?: string;
  /** Two versions neither of which came first (see Comparison): each side's own in its colour. */
  peers?: boolean;
}

type Side = Drawing | 'absent' | null;
type Size = { width: number; height: number };

/** The zoom steps of the buttons, and the range they stay in. */
const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 8;
/** Room kept around a fitted drawing: the pane's padding and a scroll bar's width. */
const FIT_MARGIN_PX = 24 + 8;

/**
 * The scale at which both drawings fit their panes (the same for both, so they compare like for
 * like), never above 100 %; 1 until the sizes are known.
 */
export function fitScale(drawings: (Size | null)[], pane: Size | null): number {
  if (!pane) return 1;
  const scales = drawings.flatMap((d) =>
    d && d.width > 0 && d.height > 0
      ? [Math.min((pane.width - FIT_MARGIN_PX) / d.width, (pane.height - FIT_MARGIN_PX) / d.height)]
      : [],
  );
  return scales.length ? Math.max(MIN_ZOOM, Math.min(1, ...scales)) : 1;
}

/**
 * The two versions rendered side by side, with added (green), removed (red) and changed (amber)
 * nodes and edges highlighted where the diff can match them (flowcharts by id, sequence diagrams
 * by participant and message order), a legend and counts.
 */
export function VisualDiff({ before, after, renders, config, testId = 'visual-diff', peers = false }: Props) {
  const [sides, setSides] = useState<{ before: Side; after: Side }>({ before: null, after: null });
  // Taken when the versions change, before the diff is computed: where the measured time starts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new time for every new pair of versions
  const started = useMemo(() => performance.now(), [before, after]);
  const box = useRef<HTMLDivElement>(null);
  const panes = useRef<(HTMLDivElement | null)[]>([null, null]);
  // Until when a pane's scroll events are echoes of `follow` setting it, not the user's.
  const echoUntil = useRef([0, 0]);
  // Opens fitted; the buttons zoom both sides alike.
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [natural, setNatural] = useState<(Size | null)[]>([null, null]);
  const [pane, setPane] = useState<Size | null>(null);
  const sidesBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const observer = new ResizeObserver(() => {
      const first = panes.current[0];
      if (first) setPane({ width: first.clientWidth, height: first.clientHeight });
    });
    if (sidesBox.current) observer.observe(sidesBox.current);
    return () => observer.disconnect();
  }, []);
  const fitted = fitScale(natural, pane);
  const scale = zoom === 'fit' ? fitted : zoom;
  const onZoom = (action: ZoomAction) => {
    const clamp = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    if (action === 'fit') setZoom('fit');
    else if (action === 'actual') setZoom(1);
    else setZoom(clamp(action === 'zoom-in' ? scale * ZOOM_STEP : scale / ZOOM_STEP));
  };
  // One stable callback per side: a new one each render would redraw the sides each render.
  const sized = useMemo(
    () =>
      [0, 1].map(
        (i) => (size: Size | null) =>
          setNatural((all) =>
            all[i]?.width === size?.width && all[i]?.height === size?.height
              ? all
              : all.map((s, j) => (j === i ? size : s)),
          ),
      ),
    [],
  );

  useEffect(() => {
    let current = true;
    setSides({ before: null, after: null });
    const draw = (v: Version): Promise<Side> =>
      v.text === null
        ? Promise.resolve('absent')
        : v.live
          ? renders.drawWorking(v.live.path, v.live.version, v.text, config, v.live.previewing)
          : renders.render(v.text, config);
    void Promise.all([draw(before), draw(after)]).then(([b, a]) => {
      if (current) setSides({ before: b, after: a });
    });
    return () => {
      current = false;
    };
  }, [before, after, renders, config]);

  const diff = useMemo(
    () => (before.text !== null && after.text !== null ? diffDiagrams(before.text, after.text) : null),
    [before.text, after.text],
  );
  const ready = sides.before !== null && sides.after !== null;

  // Children's layout effects (render into the shadow roots, mark) run before this one: the time
  // from asking to a marked comparison on screen, for the benchmark and the curious.
  useLayoutEffect(() => {
    if (!ready) return;
    box.current?.setAttribute('data-ms', String(Math.round(performance.now() - started)));
    // A big diagram's change may be far from the top: bring the first one into view (the other side follows).
    for (const i of [1, 0]) {
      const pane = panes.current[i];
      const first = pane?.querySelector('.drawing-svg')?.shadowRoot?.querySelector('[data-diff-key]');
      if (pane && first) {
        centre(pane, first);
        break;
      }
    }
  }, [ready, started]);

  /** Scrolls the other side to the same place, in proportion (the two drawings differ a little in size). */
  const follow = (from: number) => {
    const [source, target] = [panes.current[from], panes.current[1 - from]];
    if (!source || !target || performance.now() < echoUntil.current[from]!) return;
    echoUntil.current[1 - from] = performance.now() + 100;
    const share = (position: number, range: number) => (range > 0 ? position / range : 0);
    target.scrollTop =
      share(source.scrollTop, source.scrollHeight - source.clientHeight) *
      (target.scrollHeight - target.clientHeight);
    target.scrollLeft =
      share(source.scrollLeft, source.scrollWidth - source.clientWidth) *
      (target.scrollWidth - target.clientWidth);
  };

  return (
    <div ref={box} className="visual-diff" data-testid={testId} data-state={ready ? 'ready' : 'rendering'}>
      <div className="visual-diff-bar">
        <Legend diff={diff} before={before} after={after} peers={peers} />
        <span className="toolbar-group diff-zoom">
          <ZoomControls scale={scale} onAction={onZoom} testIdPrefix="diff-" />
        </span>
      </div>
      <div className="visual-diff-sides" ref={sidesBox}>
        <DrawingPane
          label={before.label}
          peers={peers}
          which="before"
          side={sides.before}
          kind={diff?.kind}
          marks={diff?.before}
          scale={scale}
          onSize={sized[0]!}
          testId={`${testId}-before`}
          paneRef={(el) => {
            panes.current[0] = el;
          }}
          onScroll={() => follow(0)}
        />
        <DrawingPane
          label={after.label}
          peers={peers}
          which="after"
          side={sides.after}
          kind={diff?.kind}
          marks={diff?.after}
          scale={scale}
          onSize={sized[1]!}
          testId={`${testId}-after`}
          paneRef={(el) => {
            panes.current[1] = el;
          }}
          onScroll={() => follow(1)}
        />
      </div>
    </div>
  );
}

/** A side's label; between peers with the swatch of the colour that side's own lines and nodes have. */
export function SideLabel({
  side,
  label,
  peers = true,
}: {
  side: 'before' | 'after';
  label: string;
  peers?: boolean;
}) {
  return (
    <span className={`side-label ${side}`}>
      {peers && <span className={`swatch side-${side}`} />}
      {label}
    </span>
  );
}

function Legend({
  diff,
  before,
  after,
  peers,
}: {
  diff: DiagramDiff | null;
  before: Version;
  after: Version;
  peers: boolean;
}) {
  if (before.text === null || after.text === null) {
    return (
      <div className="diff-legend">
        {before.text === null ? 'New file: nothing to compare with.' : 'Deleted in the working copy.'}
      </div>
    );
  }
  if (!diff) {
    return (
      <div className="diff-legend muted">
        Highlights cover flowcharts and sequence diagrams whose text both parse; compare the text tab for the
        rest.
      </div>
    );
  }
  const { nodes, edges } = diffCounts(diff);
  const nothing = [nodes, edges].every((c) => c.added + c.removed + c.changed === 0);
  const nodeWord = diff.kind === 'sequence' ? 'participants' : 'nodes';
  const edgeWord = diff.kind === 'sequence' ? 'messages' : 'edges';
  if (peers) {
    // Between peers nothing was added or removed: each side has some the other lacks.
    const only = (side: 'before' | 'after') =>
      side === 'before' ? nodes.removed + edges.removed : nodes.added + edges.added;
    return (
      <div className="diff-legend" data-testid="diff-legend">
        <span className="swatch side-before" /> {before.label} only
        <span className="swatch side-after" /> {after.label} only
        <span className="swatch changed" /> in both, different
        <span className="diff-counts" data-testid="diff-counts">
          {nothing
            ? `The ${nodeWord} and ${edgeWord} are the same`
            : `${only('before')} ${before.label} only · ${only('after')} ${after.label} only · ${nodes.changed + edges.changed} different`}
        </span>
      </div>
    );
  }
  return (
    <div className="diff-legend" data-testid="diff-legend">
      <span className="swatch added" /> added
      <span className="swatch removed" /> removed
      <span className="swatch changed" /> changed
      <span className="diff-counts" data-testid="diff-counts">
        {nothing
          ? `No ${nodeWord} or ${edgeWord} changed`
          : `${nodeWord}: +${nodes.added} −${nodes.removed} ~${nodes.changed} · ${edgeWord}: +${edges.added} −${edges.removed} ~${edges.changed}`}
      </span>
    </div>
  );
}

function DrawingPane({
  label,
  peers,
  which,
  side,
  kind,
  marks,
  scale,
  onSize,
  testId,
  paneRef,
  onScroll,
}: {
  label: string;
  peers: boolean;
  which: 'before' | 'after';
  side: Side;
  kind: DiagramDiff['kind'] | undefined;
  marks: DiffSide | undefined;
  scale: number;
  /** The drawing's own size (its viewBox), or null when there is none. */
  onSize: (size: Size | null) => void;
  testId: string;
  paneRef: (el: HTMLDivElement | null) => void;
  onScroll: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);

  // The SVG goes into a shadow root: its ids and <style> (scoped to `#merrow`) stay apart from the
  // other side's, which has the same render id.
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    if (!side || side === 'absent' || !side.ok) {
      root.replaceChildren();
      onSize(null);
      return;
    }
    root.innerHTML = side.svg;
    const style = document.createElement('style');
    style.textContent = DIFF_MARK_CSS;
    root.prepend(style);
    const svg = root.querySelector('svg');
    if (svg && kind && marks) markDiff(svg, kind, marks, RENDER_ID);
    const box = svg?.viewBox.baseVal;
    onSize(box && box.width > 0 ? { width: box.width, height: box.height } : null);
  }, [side, kind, marks, onSize]);

  // Drawn at `scale` of its own size: mermaid's max-width (fit to the pane's width) would fight the zoom.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new drawing needs its size set again
  useLayoutEffect(() => {
    const svg = host.current?.shadowRoot?.querySelector('svg');
    const box = svg?.viewBox.baseVal;
    if (!svg || !box || box.width <= 0) return;
    svg.style.maxWidth = 'none';
    svg.setAttribute('width', String(box.width * scale));
    svg.setAttribute('height', String(box.height * scale));
  }, [scale, side, kind, marks]);

  return (
    <figure className="drawing-pane">
      <figcaption>
        <SideLabel side={which} label={label} peers={peers} />
      </figcaption>
      <div
        ref={paneRef}
        className="drawing"
        data-testid={testId}
        data-state={side === null ? 'rendering' : 'ready'}
        onScroll={onScroll}
      >
        <div ref={host} className={`drawing-svg${peers ? ' peers' : ''}`} />
        {side === null && <div className="drawing-message">Rendering…</div>}
        {side === 'absent' && <div className="drawing-message">Not in this version</div>}
        {side && side !== 'absent' && !side.ok && (
          <div className="drawing-message error" role="alert">
            Does not render: {side.diagnostics[0] ? formatDiagnostic(side.diagnostics[0]) : 'unknown error'}
          </div>
        )}
      </div>
    </figure>
  );
}

/** Scrolls `pane` (and only it) so that `element` is in its middle. */
function centre(pane: HTMLElement, element: Element): void {
  const box = pane.getBoundingClientRect();
  const at = element.getBoundingClientRect();
  pane.scrollTop += at.top - box.top - (box.height - at.height) / 2;
  pane.scrollLeft += at.left - box.left - (box.width - at.width) / 2;
}

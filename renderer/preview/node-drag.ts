/**
 * Drag to place, in the preview frame: a flowchart node (or a state) dragged and dropped beside
 * another node, or into or out of a subgraph, becomes a move request; the frame searches the text
 * edit that gets it there (layout-search.ts), shows the new drawing at once, and hands the edit to
 * the app. While the pointer rests on a place, the search for it starts already.
 */
import { dropRequest, type Point } from '../../shared/layout/drop.ts';
import type { ProbedLayout } from '../../shared/layout/probe.ts';
import { judge, type MoveRequest, phrase } from '../../shared/layout/request.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { layoutFamily, probeShown } from '../mermaid/layout-probe.ts';
import type { LayoutSearcher, SearchBase, SearchOutcome } from './layout-search.ts';
import type { FromPreview } from './protocol.ts';
import { identify } from './svg-targets.ts';
import './node-drag.css';

/** The diagram on screen, as the frame last rendered it. */
export interface ShownDiagram {
  docKey: string;
  text: string;
  config: MermaidConfig;
  svg: SVGSVGElement;
  diagramType: string;
}

export interface NodeDragHost {
  stage: HTMLElement;
  /** The diagram on screen when it is a good rendering of the current text; null otherwise. */
  shown(): ShownDiagram | null;
  /** Puts a drawing on screen as the rendering of `text` (the search already rendered it). */
  showRendered(docKey: string, text: string, config: MermaidConfig, svg: string, ms: number): void;
  post(message: FromPreview): void;
}

/** Pixels the pointer moves on a node before it is a drag rather than a click. */
const DRAG_THRESHOLD = 6;
/** How long the pointer rests on a place before its search starts. */
const SETTLE_MS = 150;
/**
 * Screen pixels the pointer may drift while it rests: a pointer still moving on (across a large
 * frame, or past a place on the way to another) starts no search, whose render could not be
 * stopped and would hold up the search for the place it is dropped on.
 */
const REST_DRIFT = 8;
const SVG_NS = 'http://www.w3.org/2000/svg';

interface Drag {
  pointerId: number;
  node: string;
  element: SVGGElement;
  start: { x: number; y: number };
  started: boolean;
  diagram: ShownDiagram;
  base: Promise<SearchBase | null>;
  ghost: SVGGElement | null;
  /** The node's centre minus the pointer's, in diagram units. */
  offset: Point;
  request: MoveRequest | null;
  settle: ReturnType<typeof setTimeout> | undefined;
  /** Where the pointer was when the rest timer was last started (client pixels). */
  restingAt: { x: number; y: number };
  marks: Element[];
  label: HTMLElement;
}

export class NodeDrag {
  private drag: Drag | null = null;
  private moved = false;
  /** A drop whose early edit is in place while the search looks for a smaller one. */
  private refining: { docKey: string; text: string } | null = null;
  /** Loaded with the first drag: the search (and the YAML reader it needs) is not on the first render's path. */
  private searcherLoaded: Promise<LayoutSearcher> | null = null;
  private readonly host: NodeDragHost;
  private readonly svgId: string;

  constructor(host: NodeDragHost, svgId: string) {
    this.host = host;
    this.svgId = svgId;
    host.stage.addEventListener('pointermove', (e) => this.onMove(e));
    host.stage.addEventListener('pointerup', (e) => void this.onUp(e));
    host.stage.addEventListener('pointercancel', () => this.abort());
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.drag) this.abort();
    });
  }

  private searcher(): Promise<LayoutSearcher> {
    this.searcherLoaded ??= import('./layout-search.ts').then((m) => new m.LayoutSearcher(this.svgId));
    return this.searcherLoaded;
  }

  /** Whether the last gesture moved a node (its click must not jump to the source). */
  get wasDrag(): boolean {
    return this.moved;
  }

  /** Takes a pointer that went down on a flowchart node; false leaves it to pan and zoom. */
  claim(e: PointerEvent): boolean {
    this.moved = false;
    const diagram = this.host.shown();
    if (!diagram || !layoutFamily(diagram.diagramType)) return false;
    const target = identify(e.composedPath()[0] as Element);
    if (target?.kind !== 'node') return false;
    const element = (e.composedPath() as Element[]).find(
      (el): el is SVGGElement => el instanceof SVGGElement && el.classList.contains('node'),
    );
    if (!element) return false;
    // No text selection while a node is dragged.
    e.preventDefault();
    this.drag = {
      pointerId: e.pointerId,
      node: target.id,
      element,
      start: { x: e.clientX, y: e.clientY },
      started: false,
      diagram,
      base: probeShown(diagram.svg, diagram.text).then((current) =>
        current.ok ? { docKey: diagram.docKey, text: diagram.text, config: diagram.config, current } : null,
      ),
      ghost: null,
      offset: { x: 0, y: 0 },
      request: null,
      settle: undefined,
      restingAt: { x: e.clientX, y: e.clientY },
      marks: [],
      label: document.createElement('div'),
    };
    return true;
  }

  private toDiagram(d: Drag, e: PointerEvent): Point {
    const m = d.diagram.svg.getScreenCTM()?.inverse();
    const p = new DOMPoint(e.clientX, e.clientY);
    return m ? p.matrixTransform(m) : p;
  }

  private onMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    if (!d.started) {
      if (Math.hypot(e.clientX - d.start.x, e.clientY - d.start.y) < DRAG_THRESHOLD) return;
      this.begin(d, e);
    }
    const p = this.toDiagram(d, e);
    d.ghost?.setAttribute('transform', `translate(${p.x + d.offset.x}, ${p.y + d.offset.y})`);
    d.label.style.left = `${e.clientX + 14}px`;
    d.label.style.top = `${e.clientY + 14}px`;
    const client = { x: e.clientX, y: e.clientY };
    void d.base.then((base) => {
      if (this.drag !== d || !base) return;
      const request = dropRequest(base.current, d.node, p);
      const same = JSON.stringify(request) === JSON.stringify(d.request);
      const drifted = Math.hypot(client.x - d.restingAt.x, client.y - d.restingAt.y) > REST_DRIFT;
      if (same && !drifted) return;
      if (!same) {
        d.request = request;
        this.mark(d, base.current, request);
      }
      // The rest starts again wherever the pointer is still moving.
      clearTimeout(d.settle);
      d.restingAt = client;
      if (request && !judge(request, base.current).ok) {
        d.settle = setTimeout(() => void this.searcher().then((s) => s.search(base, request)), SETTLE_MS);
      }
    });
  }

  private begin(d: Drag, e: PointerEvent): void {
    d.started = true;
    // A new drag leaves the last drop's early edit as it is.
    if (this.refining) {
      this.refining = null;
      void this.searcherLoaded?.then((s) => s.cancel());
    }
    this.moved = true;
    this.host.stage.setPointerCapture(e.pointerId);
    this.host.stage.classList.add('moving-node');
    const ghost = d.element.cloneNode(true) as SVGGElement;
    for (const el of [ghost, ...ghost.querySelectorAll('[id]')]) el.removeAttribute('id');
    ghost.classList.add('merrow-drag-ghost');
    ghost.setAttribute('pointer-events', 'none');
    // The ghost and the drop marks may go past the drawing's edge.
    d.diagram.svg.classList.add('merrow-dragging');
    d.diagram.svg.append(ghost);
    d.ghost = ghost;
    d.element.classList.add('merrow-drag-source');
    // The ghost keeps the node's centre where it was relative to the pointer.
    const b = d.element.getBBox();
    const m = d.diagram.svg.getScreenCTM()?.inverse().multiply(d.element.getScreenCTM()!);
    const centre = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2).matrixTransform(m);
    const p = this.toDiagram(d, e);
    d.offset = { x: centre.x - p.x - (b.x + b.width / 2), y: centre.y - p.y - (b.y + b.height / 2) };
    d.label.className = 'merrow-drop-label';
    d.label.dataset.testid = 'drop-label';
    document.body.append(d.label);
    this.host.post({ type: 'layout', event: 'drag', node: d.node });
    void this.searcher();
  }

  /** Shows where the drop would put the node: a bar beside the other node, or the subgraph's frame. */
  private mark(d: Drag, layout: ProbedLayout, request: MoveRequest | null): void {
    for (const m of d.marks) m.remove();
    d.marks = [];
    if (!request) {
      d.label.textContent = '';
      d.label.hidden = true;
      return;
    }
    const already = judge(request, layout).ok;
    d.label.hidden = false;
    d.label.textContent = `${phrase(request.kind)} ${request.other}${already ? ' (already there)' : ''}`;
    d.label.classList.toggle('already', already);
    const frame = request.kind === 'into' || request.kind === 'out-of';
    const box = frame ? layout.clusters[request.other] : layout.nodes[request.other];
    if (!box) return;
    const gap = 8;
    const bar = 6;
    const rect = document.createElementNS(SVG_NS, 'rect');
    const place: Record<string, [number, number, number, number]> = {
      'left-of': [box.x - gap - bar, box.y, bar, box.height],
      'right-of': [box.x + box.width + gap, box.y, bar, box.height],
      above: [box.x, box.y - gap - bar, box.width, bar],
      below: [box.x, box.y + box.height + gap, box.width, bar],
      into: [box.x, box.y, box.width, box.height],
      'out-of': [box.x, box.y, box.width, box.height],
    };
    const [x, y, w, h] = place[request.kind]!;
    for (const [k, v] of Object.entries({ x, y, width: w, height: h, rx: frame ? 6 : 2 }))
      rect.setAttribute(k, String(v));
    rect.setAttribute('class', `merrow-drop-mark ${request.kind}${already ? ' already' : ''}`);
    rect.setAttribute('pointer-events', 'none');
    d.diagram.svg.append(rect);
    d.marks.push(rect);
  }

  private async onUp(e: PointerEvent): Promise<void> {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    this.drag = null;
    clearTimeout(d.settle);
    if (!d.started) return;
    const dropped = performance.now();
    this.clear(d);
    const base = await d.base;
    const p = this.toDiagram(d, e);
    const request = base ? dropRequest(base.current, d.node, p) : null;
    if (!base || !request) {
      this.host.post({ type: 'layout', event: 'cancelled', node: d.node });
      return;
    }
    this.host.post({ type: 'layout', event: 'searching', node: d.node, request });
    this.host.stage.classList.add('searching');
    const run = (await this.searcher()).search(base, request);
    run.dropped(dropped);
    let first: { outcome: SearchOutcome; provisional: boolean };
    try {
      // The answer if it is there; else an edit that works, once the drop has waited long.
      first = await Promise.race([
        run.done.then((outcome) => ({ outcome, provisional: false })),
        run.early.then((outcome) => ({ outcome, provisional: true })),
      ]);
    } finally {
      this.host.stage.classList.remove('searching');
    }
    const { outcome, provisional } = first;
    if (!outcome.ok) {
      if (outcome.reason === 'cancelled') return;
      const { reason, why } = outcome;
      this.host.post({
        type: 'layout-result',
        ok: false,
        docKey: base.docKey,
        request,
        reason,
        ...(why ? { why } : {}),
      });
      return;
    }
    this.deliver(base, request, outcome, dropped, provisional ? {} : undefined);
    if (!provisional) return;
    // An edit that works is in place; a smaller one may still turn up.
    const refining = { docKey: base.docKey, text: outcome.text };
    this.refining = refining;
    const final = await run.done;
    const current = this.refining === refining;
    if (current) this.refining = null;
    if (!current || !final.ok) {
      // Abandoned (the text changed, or another drag began): the early edit stays.
      this.host.post({ type: 'layout', event: 'settled', node: request.node });
      return;
    }
    this.deliver(base, request, final, dropped, { replaces: outcome.text });
  }

  /** Shows the edit's drawing and hands the edit to the app (`replaces`: the provisional edit it refines). */
  private deliver(
    base: SearchBase,
    request: MoveRequest,
    outcome: Extract<SearchOutcome, { ok: true }>,
    dropped: number,
    refine: { replaces?: string } | undefined,
  ): void {
    if (refine?.replaces === outcome.text) {
      // The edit offered early was the smallest after all.
      this.host.post({ type: 'layout', event: 'settled', node: request.node });
      return;
    }
    if (outcome.changed && outcome.svg) {
      this.host.showRendered(
        base.docKey,
        outcome.text,
        base.config,
        outcome.svg,
        performance.now() - dropped,
      );
    }
    this.host.post({
      type: 'layout-result',
      ok: true,
      docKey: base.docKey,
      request,
      base: base.text,
      text: outcome.text,
      changed: outcome.changed,
      description: outcome.description,
      added: outcome.diff.added,
      searchMs: performance.now() - dropped,
      ...(refine ? { provisional: refine.replaces === undefined } : {}),
      ...(refine?.replaces !== undefined ? { replaces: refine.replaces } : {}),
    });
  }

  /**
   * The app renders `text` for `docKey`: when an early edit is being refined and the text is not
   * that edit's, the user changed it (or undid it) and the search stops.
   */
  textShown(docKey: string, text: string): void {
    void this.searcherLoaded?.then((s) => s.shown(text));
    const r = this.refining;
    if (!r || (r.docKey === docKey && r.text === text)) return;
    this.refining = null;
    void this.searcherLoaded?.then((s) => s.cancel());
  }

  private abort(): void {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    clearTimeout(d.settle);
    void this.searcherLoaded?.then((s) => s.cancel());
    if (d.started) {
      this.clear(d);
      this.host.post({ type: 'layout', event: 'cancelled', node: d.node });
    }
  }

  private clear(d: Drag): void {
    d.ghost?.remove();
    for (const m of d.marks) m.remove();
    d.label.remove();
    d.element.classList.remove('merrow-drag-source');
    d.diagram.svg.classList.remove('merrow-dragging');
    this.host.stage.classList.remove('moving-node');
  }
}

/**
 * Which arrows connect what: both ends of every connector resolved to a target (a figure, a
 * bare text or a frame), arrows branching off other arrows, arrows inside one drawing left to
 * it, and a word an arrow leaves from and returns to read as the label of a loop.
 */

import { type End, type EndContext, type EndHow, leavesAndReturns, resolveEnd } from './ends.ts';
import type { Figure } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxCenter,
  boxInside,
  boxOf,
  centerOf,
  crossingOf,
  insideOutline,
  type Outline,
  type PathPoint,
  type Point,
  polylineDistance,
  polylineLength,
} from './geometry.ts';
import type { Arrowhead, FrameElement, LinearElement, TextElement } from './model.ts';
import type { Placement } from './placement.ts';
import { short } from './reading.ts';
import { type ConversionReport, recordGuess } from './report.ts';

/** What an arrow end can reach: a figure (a node or a container), a bare text, or a frame. */
export type Target =
  | { kind: 'figure'; figure: Figure }
  | { kind: 'text'; text: TextElement }
  | { kind: 'frame'; frame: FrameElement };

/** One target object per figure, text and frame, so that targets compare by identity. */
export class Targets {
  readonly ofText = new Map<TextElement, Target>();
  readonly ofFigure = new Map<Figure, Target>();
  readonly ofFrame: Map<string, Target>;
  private readonly real: (f: Figure) => Figure;

  /** `real` gives the figure a figure stands for (a decoration its node, a body its box). */
  constructor(frames: FrameElement[], real: (f: Figure) => Figure) {
    this.real = real;
    this.ofFrame = new Map(frames.map((f) => [f.id, { kind: 'frame', frame: f } as Target]));
  }

  text(t: TextElement): Target {
    let target = this.ofText.get(t);
    if (!target) {
      target = { kind: 'text', text: t };
      this.ofText.set(t, target);
    }
    return target;
  }

  figure(f: Figure): Target {
    const real = this.real(f);
    let target = this.ofFigure.get(real);
    if (!target) {
      target = { kind: 'figure', figure: real };
      this.ofFigure.set(real, target);
    }
    return target;
  }
}

export function targetBox(t: Target): Box {
  if (t.kind === 'figure') return boundsOf(t.figure.geom);
  if (t.kind === 'text') return boundsOf(t.text);
  return boundsOf(t.frame);
}

export function describe(t: Target): string {
  if (t.kind === 'text') return `the text “${short(t.text.text)}”`;
  if (t.kind === 'frame') return `frame ${t.frame.id}`;
  return `${t.figure.kind} ${t.figure.id}`;
}

/** An arrow whose ends both reached something, with its heads as drawn. */
export interface Link {
  l: LinearElement;
  from: Target;
  to: Target;
}

/** A connector with both its ends resolved (or not). */
type Resolved = { l: LinearElement; ends: [End<Target>, End<Target>] };

export interface ConnectInput {
  report: ConversionReport;
  placement: Placement;
  connectors: LinearElement[];
  ctx: EndContext<Target>;
  isLifeline: (l: LinearElement) => boolean;
  /** Whether arrows between a figure's own parts belong to it (a drawing, a table's box). */
  ownsInnerArrows: (f: Figure) => boolean;
  isContainer: (f: Figure) => boolean;
  /**
   * A node drawn over the middle of the stroke, hiding it there, and the path's pieces either side
   * of it: the stroke is seen as two links, to the node and on from it.
   */
  coveredBy?: (l: LinearElement, from: Target, to: Target) => Cover | null;
  /** Whether a stroke lies inside a named box, with both its ends (the slash between two logos in it). */
  drawnInNode?: (l: LinearElement, from: Target, to: Target) => boolean;
}

export interface Cover {
  by: Target;
  before: Point[];
  after: Point[];
}

const HOW_WORDS: Record<string, string> = {
  snapped: 'is attached to the nearest outline,',
  inside: 'lies inside',
  lifeline: 'touches the lifeline of',
  pointed: 'points at',
};

/** A plain stroke at most this long, crossed in its middle by another, is a tick mark. */
const TICK_LENGTH = 48;
/** Two ends within this of each other's distance from a shape are as near it. */
const ON_EDGE = 4;

/**
 * An arrow reaching something at one end and nothing at the other, with its own label written at
 * the loose end: the label names where the arrow comes from (or goes to).
 */
function nameLooseEnd(r: Resolved, ctx: EndContext<Target>): void {
  const [start, end] = r.ends;
  if ((start.kind === 'ok') === (end.kind === 'ok')) return;
  const which = start.kind === 'loose' ? 0 : end.kind === 'loose' ? 1 : null;
  if (which === null) return;
  // The other end must plainly reach its target (a legend's sample arrow points at nothing).
  const other = r.ends[1 - which]!;
  if (other.kind !== 'ok' || (other.how !== 'bound' && other.how !== 'snapped')) return;
  const text = ctx.labelAtLooseEnd?.(r.l, which);
  if (text) r.ends[which] = { kind: 'ok', target: text, how: 'snapped', confidence: 'low' };
}

/** A plain line, no head at either end, that no binding holds to what it touches. */
function plainAndLoose(l: LinearElement, start: { how: EndHow }, end: { how: EndHow }): boolean {
  return (
    l.type === 'line' &&
    l.startArrowhead === null &&
    l.endArrowhead === null &&
    start.how !== 'bound' &&
    end.how !== 'bound'
  );
}

/** Counts a stroke that links nothing: a pen stroke as one, else as a line. */
function dropStroke(report: ConversionReport, l: LinearElement): void {
  if (l.freehand) report.dropped.freedraw++;
  else report.dropped.decorativeLines++;
}

/** Resolves both ends of every connector; what links two targets comes back as a link. */
export function connect(input: ConnectInput): Link[] {
  const { report, placement, ctx } = input;
  const resolved: Resolved[] = [];
  const onArrow: Resolved[] = [];
  for (const l of input.connectors) {
    if (input.isLifeline(l)) continue;
    const pts = placement.polyline(l);
    // A stroke no longer than a dot links nothing, whatever it is bound to.
    if (polylineLength(pts) < 2) {
      if (l.type === 'line') dropStroke(report, l);
      else {
        report.dropped.looseArrows++;
        report.warnings.push(`arrow ${l.id}: it is a dot, not a stroke; arrow dropped`);
      }
      continue;
    }
    // A short stroke drawn across another through its middle is a tick mark (on a timeline, an
    // axis or a scale), not a link.
    if (l.type === 'line' && polylineLength(pts) <= TICK_LENGTH) {
      const mid = { x: (pts[0]!.x + pts.at(-1)!.x) / 2, y: (pts[0]!.y + pts.at(-1)!.y) / 2 };
      if (placement.linearThrough(mid, 4, l, input.isLifeline)) {
        dropStroke(report, l);
        continue;
      }
    }
    let start = resolveEnd(l, 0, ctx);
    let end = resolveEnd(l, 1, ctx);
    if (start.kind === 'ok' && end.kind === 'ok' && start.target === end.target) {
      const target = start.target;
      const box = targetBox(target);
      // Arrows drawn inside one drawing or table (between its own parts) are part of it.
      if (target.kind === 'figure' && input.ownsInnerArrows(target.figure) && !leavesAndReturns(pts, box)) {
        dropStroke(report, l);
        continue;
      }
      // A plain line drawn across a shape from edge to edge (a divider, a stripe of hatching)
      // is part of the shape's drawing.
      if (plainAndLoose(l, start, end) && boxInside(boundsOf(l), box, 4)) {
        dropStroke(report, l);
        continue;
      }
      // One end on the other's target is a loop only if the path leaves it and comes back.
      // Otherwise the end drawn farther from it (bound or not: a binding goes stale when a copy is
      // moved) reaches something else.
      if (!leavesAndReturns(pts, box)) {
        const skip = (t: Target) => t === target;
        const away = (p: Point) => ctx.distanceTo(target, p);
        const startAway = away(pts[0]!);
        const endAway = away(pts.at(-1)!);
        const moveStart =
          startAway > endAway + ON_EDGE ||
          (startAway >= endAway - ON_EDGE && start.how !== 'bound' && end.how === 'bound');
        if (moveStart) start = resolveEnd(l, 0, ctx, skip);
        else if (end.how !== 'bound' || endAway > startAway + ON_EDGE) end = resolveEnd(l, 1, ctx, skip);
      }
    }
    const r: Resolved = { l, ends: [start, end] };
    if (start.kind === 'on-arrow' || end.kind === 'on-arrow') onArrow.push(r);
    resolved.push(r);
  }
  if (onArrow.length > 0) {
    fork(report, placement, resolved, onArrow);
    branch(
      report,
      placement,
      resolved,
      onArrow.filter((r) => r.ends[0].kind === 'on-arrow'),
    );
  }

  const links: Link[] = [];
  for (const r of resolved) {
    if (r.l.type === 'arrow') nameLooseEnd(r, ctx);
    const [start, end] = r.ends;
    if (start.kind !== 'ok' || end.kind !== 'ok') {
      const bad = start.kind !== 'ok' ? { which: 'start', e: start } : { which: 'end', e: end };
      if (r.l.type === 'line') {
        // Beads on a string: a plain line running on past its shapes, through the middle of each
        // (the commits of a branch, the stops of a timeline), links them one to the next.
        const beads = beadsOn(r.l, placement, ctx);
        if (beads) {
          links.push(...beads);
          recordGuess(
            report,
            'chain',
            'medium',
            [r.l.id],
            () =>
              `line ${r.l.id} runs through the middle of ${beads.length + 1} shapes: it links each to the next`,
          );
          continue;
        }
        dropStroke(report, r.l);
        continue;
      }
      if (bad.e.kind === 'tie') report.dropped.ambiguousEnds++;
      else report.dropped.looseArrows++;
      report.warnings.push(
        `arrow ${r.l.id}: its ${bad.which} ${'why' in bad.e ? bad.e.why : ''}; arrow dropped`,
      );
      continue;
    }
    if (r.l.type === 'line' && (start.target === end.target || isClosedPath(placement.polyline(r.l)))) {
      dropStroke(report, r.l);
      continue;
    }
    // A plain stroke drawn inside a named box, between marks in it, is part of the box's look.
    if (plainAndLoose(r.l, start, end) && input.drawnInNode?.(r.l, start.target, end.target)) {
      dropStroke(report, r.l);
      continue;
    }
    // Mermaid cannot link a subgraph with what it holds.
    if (
      holds(start.target, end.target, input.isContainer) ||
      holds(end.target, start.target, input.isContainer)
    ) {
      report.warnings.push(`${r.l.type} ${r.l.id} links a container with what it holds; left out`);
      continue;
    }
    for (const [e, which] of [
      [start, 'start'],
      [end, 'end'],
    ] as const) {
      if (e.how === 'bound' || e.how === 'branch') continue;
      const target = e.target;
      recordGuess(
        report,
        e.how === 'snapped' || e.how === 'inside'
          ? 'snapped-end'
          : e.how === 'lifeline'
            ? 'lifeline-end'
            : 'pointed-end',
        e.confidence,
        [r.l.id],
        () => `the ${which} of ${r.l.type} ${r.l.id} ${HOW_WORDS[e.how]} ${describe(target)}`,
      );
    }
    // A box drawn over the stroke splits it: it runs into the box and on from it, box by box.
    let rest = r.l;
    let from = start.target;
    for (let cover = input.coveredBy?.(rest, from, end.target); cover; ) {
      const [into, onFrom] = splitAt(rest, cover);
      placement.addPath(into, cover.before);
      placement.addPath(onFrom, cover.after);
      links.push({ l: into, from, to: cover.by });
      const by = cover.by;
      recordGuess(
        report,
        'covered',
        'medium',
        [r.l.id],
        () => `${describe(by)} is drawn over ${r.l.type} ${r.l.id}: it runs into it and on from it`,
      );
      rest = onFrom;
      from = by;
      cover = input.coveredBy?.(rest, from, end.target) ?? null;
    }
    links.push({ l: rest, from, to: end.target });
  }
  return links;
}

/** The two pieces of a stroke either side of what covers it: the first keeps the start's head, the second the end's. */
/** A bead's middle lies at most this share of its smaller side off the line through it. */
const BEAD_CENTRE = 0.2;
/** How finely a line is walked to find where it enters and leaves a shape. */
const BEAD_STEP = 4;

/**
 * The links of a plain line threaded through two or more shapes, each crossed right through its
 * middle, from one shape to the next along the line; null when it threads fewer.
 */
function beadsOn(l: LinearElement, placement: Placement, ctx: EndContext<Target>): Link[] | null {
  // A pen stroke through two circles is a scribble, not a string.
  if (
    l.freehand ||
    l.startArrowhead !== null ||
    l.endArrowhead !== null ||
    l.startBindingId ||
    l.endBindingId
  )
    return null;
  const pts = placement.polyline(l);
  const beads: { target: Target; entry: PathPoint; exit: PathPoint }[] = [];
  for (const s of placement.shapesNear(boxOf(pts))) {
    const target = ctx.ofShape(s);
    if (target === undefined || ctx.isRegion(target) || beads.some((b) => b.target === target)) continue;
    const c = centerOf(s);
    if (polylineDistance(c, pts).distance > BEAD_CENTRE * Math.min(s.width, s.height)) continue;
    // Where along the line it enters the shape and leaves it, the line running on past it.
    const cut = crossingOf(pts, (p) => insideOutline(p, s, s.type as Outline), BEAD_STEP);
    if (cut) beads.push({ target, ...cut });
  }
  if (beads.length < 2) return null;
  beads.sort((a, b) => a.entry.at - b.entry.at);
  const links: Link[] = [];
  for (let k = 1; k < beads.length; k++) {
    const [from, to] = [beads[k - 1]!, beads[k]!];
    if (to.entry.at <= from.exit.at) return null;
    const path = [from.exit.p, ...pts.slice(from.exit.i, to.entry.i), to.entry.p];
    const piece = pieceOfPath(l, `${l.id}~bead${k}`, path, null);
    placement.addPath(piece, path);
    links.push({ l: piece, from: from.target, to: to.target });
  }
  return links;
}

/** A piece of a stroke along `pts`, keeping the bindings and head of its start or end, or neither. */
function pieceOfPath(l: LinearElement, id: string, pts: Point[], keep: 0 | 1 | null): LinearElement {
  const o = pts[0]!;
  return {
    ...l,
    id,
    x: o.x,
    y: o.y,
    angle: 0,
    points: pts.map((p) => [p.x - o.x, p.y - o.y]),
    startBindingId: keep === 0 ? l.startBindingId : null,
    endBindingId: keep === 1 ? l.endBindingId : null,
    startArrowhead: keep === 0 ? l.startArrowhead : null,
    endArrowhead: keep === 1 ? l.endArrowhead : null,
    pieceOf: l.pieceOf ?? l.id,
  };
}

function splitAt(l: LinearElement, cover: Cover): [LinearElement, LinearElement] {
  return [pieceOfPath(l, l.id, cover.before, 0), pieceOfPath(l, `${l.id}~on`, cover.after, 1)];
}

/**
 * A fork: a stem from a node meets the middle of a path with heads at both its ends (a bus drawn
 * from one box to two): the node links to each end of the path, not the two ends to each other.
 */
function fork(report: ConversionReport, placement: Placement, resolved: Resolved[], stems: Resolved[]): void {
  const entryOf = new Map(resolved.map((r) => [r.l, r]));
  for (const stem of stems) {
    const at = stem.ends[0].kind === 'on-arrow' ? 0 : 1;
    const root = stem.ends[1 - at]!;
    if (stem.ends[at]!.kind !== 'on-arrow' || root.kind !== 'ok') continue;
    // A head at the junction points at the path: not a stem it grows from.
    if ((at === 0 ? stem.l.startArrowhead : stem.l.endArrowhead) !== null) continue;
    const pts = placement.polyline(stem.l);
    const host = placement.linearThrough(at === 0 ? pts[0]! : pts.at(-1)!, 8, stem.l);
    const entry = host ? entryOf.get(host) : undefined;
    if (!host || !entry || host.startArrowhead === null || host.endArrowhead === null) continue;
    const [a, b] = entry.ends;
    if (a.kind !== 'ok' || b.kind !== 'ok' || a.target === root.target || b.target === root.target) continue;
    const how = { kind: 'ok', how: 'branch', confidence: 'medium' } as const;
    const stemId = stem.l.id;
    entry.l = { ...host, startArrowhead: null, endArrowhead: host.endArrowhead };
    entry.ends = [{ ...how, target: root.target }, b];
    stem.l = { ...host, id: `${host.id}~fork`, startArrowhead: null, endArrowhead: host.startArrowhead };
    stem.ends = [{ ...how, target: root.target }, a];
    entryOf.delete(host);
    recordGuess(
      report,
      'branch',
      'medium',
      [stemId, host.id],
      () => `a stem from ${describe(root.target)} meets ${host.type} ${host.id}: it forks to both its ends`,
    );
  }
}

// An arrow starting on another arrow branches from that arrow's start.
function branch(
  report: ConversionReport,
  placement: Placement,
  resolved: Resolved[],
  onArrow: Resolved[],
): void {
  const sourceOf = new Map<LinearElement, Target>();
  const endsOf = new Map<LinearElement, [Target, Target]>();
  const entryOf = new Map<LinearElement, Resolved>();
  for (const entry of resolved) {
    const { l, ends } = entry;
    entryOf.set(l, entry);
    const [s, e] = ends;
    if (s.kind === 'ok' && e.kind === 'ok') {
      sourceOf.set(l, tail(l, s.target, e.target));
      endsOf.set(l, [s.target, e.target]);
    }
  }
  const doubled = new Set<Resolved>();
  for (const r of onArrow) {
    const pts = placement.polyline(r.l);
    const host = placement.linearThrough(pts[0]!, 8, r.l);
    const source = host ? sourceOf.get(host) : undefined;
    if (!source) continue;
    if (secondHead(r, pts, host!, placement, entryOf.get(host!), endsOf.get(host!)!)) {
      doubled.add(r);
      recordGuess(
        report,
        'branch',
        'medium',
        [r.l.id, host!.id],
        () =>
          `${r.l.type} ${r.l.id} runs along ${host!.type} ${host!.id} to its tail: a second head, one double arrow`,
      );
      continue;
    }
    if (crowsFoot(r, pts, placement.polyline(host!), endsOf.get(host!)!)) {
      r.ends[0] = {
        kind: 'loose',
        why: `fans out from the end of ${host!.type} ${host!.id} (a crow's foot)`,
      };
      continue;
    }
    r.ends[0] = { kind: 'ok', target: source, how: 'branch', confidence: 'medium' };
    recordGuess(
      report,
      'branch',
      'medium',
      [r.l.id, host!.id],
      () => `${r.l.type} ${r.l.id} starts on ${host!.type} ${host!.id}: it branches from its start`,
    );
  }
  if (doubled.size > 0) {
    const kept = resolved.filter((r) => !doubled.has(r));
    resolved.splice(0, resolved.length, ...kept);
  }
}

/** How far a second head's stroke may stray from the arrow it doubles. */
const ALONG_HOST = 8;

/**
 * A second head: an arrow from the middle of another arrow, running along it to the end it has
 * no head at (where it would come back to where that arrow starts), draws that arrow's other
 * head. The arrow it doubles gets that head and the stroke is no link of its own.
 */
function secondHead(
  r: Resolved,
  pts: Point[],
  host: LinearElement,
  placement: Placement,
  entry: Resolved | undefined,
  hostEnds: [Target, Target],
): boolean {
  const end = r.ends[1];
  if (end.kind !== 'ok' || r.l.endArrowhead === null || r.l.startArrowhead !== null) return false;
  const side = hostEnds.indexOf(end.target);
  if (side < 0 || hostEnds[1 - side] === end.target) return false;
  if ((side === 0 ? host.startArrowhead : host.endArrowhead) !== null) return false;
  // Along it, or on past its tail to the shape (a binding's gap left short).
  const hostPts = placement.polyline(host);
  const tail = side === 0 ? hostPts[0]! : hostPts.at(-1)!;
  const along = (p: Point) =>
    polylineDistance(p, hostPts).distance <= ALONG_HOST ||
    Math.hypot(p.x - tail.x, p.y - tail.y) <= 3 * ALONG_HOST;
  if (!pts.every(along) || !entry) return false;
  entry.l =
    side === 0 ? { ...host, startArrowhead: r.l.endArrowhead } : { ...host, endArrowhead: r.l.endArrowhead };
  return true;
}

/** A crow's foot's strokes are at most this long, from at most this far from the relation's end. */
const FOOT = 60;

/**
 * A short plain stroke from a point near one end of a relation to the box that end reaches: one
 * toe of a crow's foot drawn by hand, a mark on the relation, not a link of its own.
 */
function crowsFoot(r: Resolved, pts: Point[], hostPts: Point[], hostEnds: [Target, Target]): boolean {
  const other = r.ends[1];
  if (r.l.type !== 'line' || r.l.startArrowhead !== null || r.l.endArrowhead !== null) return false;
  if (other.kind !== 'ok' || polylineLength(pts) > FOOT) return false;
  const at = pts[0]!;
  return ([hostPts[0]!, hostPts.at(-1)!] as const).some(
    (tip, end) => hostEnds[end] === other.target && Math.hypot(at.x - tip.x, at.y - tip.y) <= FOOT,
  );
}

/**
 * A word that an arrow leaves from and returns to (A → “loop” → A) labels a loop on A: the two
 * links become one, with the heads it is drawn with. Returns each loop's label.
 */
export function labelLoops(
  report: ConversionReport,
  links: Link[],
  textTargets: Map<TextElement, Target>,
  labelled: (l: LinearElement) => boolean = () => false,
  polyline?: (l: LinearElement) => Point[],
): Map<LinearElement, TextElement> {
  const loopLabels = new Map<LinearElement, TextElement>();
  const intoOf = new Map<Target, Link[]>();
  const outOf = new Map<Target, Link[]>();
  for (const e of links) {
    if (e.to.kind === 'text') push(intoOf, e.to, e);
    if (e.from.kind === 'text') push(outOf, e.from, e);
  }
  if (intoOf.size === 0 || outOf.size === 0) return loopLabels;
  for (const [t, target] of textTargets) {
    const into = intoOf.get(target) ?? [];
    const out = outOf.get(target) ?? [];
    if (into.length !== 1 || out.length !== 1 || into[0]!.from !== out[0]!.to || into[0]!.from === target)
      continue;
    const a = into[0]!;
    const b = out[0]!;
    if (labelled(a.l) || labelled(b.l)) continue;
    // An arrowhead pointing at the word, and the stroke back leaving it on that same side: they go
    // to it and back (a pair), not a loop drawn through it.
    if (
      polyline &&
      a.l.endArrowhead !== null &&
      sameSide(boundsOf(t), polyline(a.l).at(-1)!, polyline(b.l)[0]!)
    )
      continue;
    links.splice(links.indexOf(b), 1);
    a.to = b.to;
    // The loop keeps the heads it is drawn with: the first part's start and the last part's end.
    a.l = { ...a.l, endArrowhead: tailHead(b.l) };
    loopLabels.set(a.l, t);
    recordGuess(
      report,
      'loop-label',
      'medium',
      [t.id, a.l.id, b.l.id],
      () => `“${short(t.text)}” sits on a loop from ${describe(a.from)} back to it: the loop's label`,
    );
  }
  return loopLabels;
}

/** Whether two points both lie beyond the same side of a box (both over it, under it, left or right of it). */
function sameSide(b: Box, p: Point, q: Point): boolean {
  return (
    (p.y < b.minY && q.y < b.minY) ||
    (p.y > b.maxY && q.y > b.maxY) ||
    (p.x < b.minX && q.x < b.minX) ||
    (p.x > b.maxX && q.x > b.maxX)
  );
}

/** How far off a straight run the arrow leaving a word may turn and still carry on the stroke. */
const CARRY_ON = 0.8;
/** How straight two arrows leaving a word both ways run on, to be one link it labels. */
const STRAIGHT_ON = 0.97;

/**
 * A short word written in the middle of a link — a stroke without a head runs up to it and a
 * stroke leaves it on about the same heading, with a head at its far end — is the label of one
 * edge across it (`a --- word --> b`), not a node. Returns the label of each merged edge.
 */
export function labelCrossings(
  report: ConversionReport,
  links: Link[],
  textTargets: Map<TextElement, Target>,
  polyline: (l: LinearElement) => Point[],
): Map<LinearElement, TextElement> {
  const crossed = new Map<LinearElement, TextElement>();
  const touching = new Map<Target, Link[]>();
  for (const e of links) {
    if (e.from.kind === 'text') push(touching, e.from, e);
    if (e.to.kind === 'text' && e.to !== e.from) push(touching, e.to, e);
  }
  for (const [t, target] of textTargets) {
    const two = touching.get(target);
    if (two?.length !== 2 || t.text.trim().length > 40 || t.text.trim().split('\n').length > 2) continue;
    const [a, b] = two.map((e) => side(e, target, polyline)) as [Side, Side];
    if (!a || !b || a.headAtText || b.headAtText || a.far === b.far || a.far === target || b.far === target)
      continue;
    if (!a.headAtFar && !b.headAtFar) continue;
    // Into the word along one, out of it along the other. With a head at both far ends the two
    // run straight on (`a <-- word --> b`); bending, they are two arrows the word sends out.
    const straight = a.headAtFar && b.headAtFar ? STRAIGHT_ON : CARRY_ON;
    if (-(a.into.x * b.into.x + a.into.y * b.into.y) < straight) continue;
    const [first, second] = a.headAtFar && !b.headAtFar ? [b, a] : [a, b];
    links.splice(links.indexOf(second.link), 1);
    const merged = first.link;
    merged.from = first.far;
    merged.to = second.far;
    merged.l = {
      ...second.link.l,
      id: first.link.l.id,
      startArrowhead: first.headAtFar,
      endArrowhead: second.headAtFar,
    };
    crossed.set(merged.l, t);
    recordGuess(
      report,
      'edge-label',
      'medium',
      [t.id, first.link.l.id, second.link.l.id],
      () =>
        `“${short(t.text)}” sits in the middle of a link from ${describe(first.far)} to ${describe(second.far)}: its label`,
    );
  }
  return crossed;
}

interface Side {
  link: Link;
  far: Target;
  headAtText: boolean;
  headAtFar: Arrowhead | null;
  /** The stroke's heading as it arrives at the word. */
  into: Point;
}

function side(e: Link, at: Target, polyline: (l: LinearElement) => Point[]): Side | null {
  const pts = polyline(e.l);
  const atStart = e.from === at;
  const end = atStart ? pts[0]! : pts.at(-1)!;
  const before = atStart ? pts[1]! : pts.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y);
  if (len < 1) return null;
  return {
    link: e,
    far: atStart ? e.to : e.from,
    headAtText: (atStart ? e.l.startArrowhead : e.l.endArrowhead) !== null,
    headAtFar: atStart ? e.l.endArrowhead : e.l.startArrowhead,
    into: { x: (end.x - before.x) / len, y: (end.y - before.y) / len },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function holds(outer: Target, inner: Target, isContainer: (f: Figure) => boolean): boolean {
  if (outer === inner || outer.kind === 'text' || (outer.kind === 'figure' && !isContainer(outer.figure)))
    return false;
  const box = targetBox(outer);
  const c = boxCenter(targetBox(inner));
  return c.x >= box.minX && c.x <= box.maxX && c.y >= box.minY && c.y <= box.maxY;
}

// The head at the far end of a part, whichever way round it was drawn.
function tailHead(l: LinearElement): Arrowhead | null {
  return l.startArrowhead !== null && l.endArrowhead === null ? l.startArrowhead : l.endArrowhead;
}

function tail(l: LinearElement, from: Target, to: Target): Target {
  return l.startArrowhead !== null && l.endArrowhead === null ? to : from;
}

function isClosedPath(pts: { x: number; y: number }[]): boolean {
  return pts.length > 2 && Math.hypot(pts[0]!.x - pts.at(-1)!.x, pts[0]!.y - pts.at(-1)!.y) < 1;
}

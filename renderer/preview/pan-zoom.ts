/** A view of the diagram: translation in CSS pixels and a scale factor. */
export interface View {
  x: number;
  y: number;
  scale: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 20;

const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/**
 * Wheel, drag and pinch pan/zoom over a stage element that holds a transformed canvas. A pointer
 * that moves less than a few pixels is a click, left to the click handler.
 */
export class PanZoom {
  view: View = { x: 0, y: 0, scale: 1 };
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private pinchDistance = 0;
  private moved = 0;
  /** What the last pointer went down on (pointer capture retargets the click to the stage). */
  downTarget: Element | null = null;
  /** Takes a pointer that went down before panning does (a node being dragged); true when taken. */
  claim: (e: PointerEvent) => boolean = () => false;

  private readonly stage: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly onChange: (view: View, byUser: boolean) => void;

  constructor(stage: HTMLElement, canvas: HTMLElement, onChange: (view: View, byUser: boolean) => void) {
    this.stage = stage;
    this.canvas = canvas;
    this.onChange = onChange;
    stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    stage.addEventListener('pointerdown', (e) => this.onDown(e));
    stage.addEventListener('pointermove', (e) => this.onMove(e));
    stage.addEventListener('pointerup', (e) => this.onUp(e));
    stage.addEventListener('pointercancel', (e) => this.onUp(e));
  }

  /** Whether the last pointer gesture was a drag rather than a click. */
  get wasDrag(): boolean {
    return this.moved > 4;
  }

  /** Sets the view; `byUser` says the user chose it (then it is kept across re-renders). */
  set(view: View, byUser = true): void {
    this.view = { ...view, scale: clampScale(view.scale) };
    this.apply(byUser);
  }

  /**
   * Scales the diagram to fit the stage (never above 100%) and centres it. With `minScale`, never
   * below that scale either: a diagram too large for the stage at it is placed as `actual` places
   * one, from its top-left corner where it does not fit.
   */
  fit(contentWidth: number, contentHeight: number, allowUpscale = false, minScale = 0): void {
    const pad = 16;
    const w = this.stage.clientWidth - pad * 2;
    const h = this.stage.clientHeight - pad * 2;
    if (contentWidth <= 0 || contentHeight <= 0 || w <= 0 || h <= 0) return;
    let scale = Math.min(w / contentWidth, h / contentHeight);
    if (!allowUpscale) scale = Math.min(1, scale);
    scale = Math.max(scale, minScale);
    const place = (stage: number, content: number) =>
      content + pad * 2 <= stage ? (stage - content) / 2 : pad;
    this.set(
      {
        scale,
        x: place(this.stage.clientWidth, contentWidth * scale),
        y: place(this.stage.clientHeight, contentHeight * scale),
      },
      allowUpscale,
    );
  }

  /**
   * Shows the diagram at 100 %: centred where it fits the stage, else from its top-left corner, so
   * nothing of it starts outside the stage (another view's offset is never kept).
   */
  actual(contentWidth: number, contentHeight: number): void {
    const pad = 16;
    const place = (stage: number, content: number) =>
      content + pad * 2 <= stage ? (stage - content) / 2 : pad;
    this.set({
      scale: 1,
      x: place(this.stage.clientWidth, contentWidth),
      y: place(this.stage.clientHeight, contentHeight),
    });
  }

  /** Zooms by `factor` keeping the stage point (px, py) fixed. */
  zoomAt(factor: number, px = this.stage.clientWidth / 2, py = this.stage.clientHeight / 2): void {
    const scale = clampScale(this.view.scale * factor);
    const k = scale / this.view.scale;
    this.set({ scale, x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k });
  }

  private apply(byUser: boolean): void {
    const { x, y, scale } = this.view;
    this.canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    this.onChange(this.view, byUser);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.stage.getBoundingClientRect();
    // Trackpad pinch arrives as a wheel event with ctrlKey; a plain wheel zooms too, like map views.
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    if (e.shiftKey) {
      this.set({ ...this.view, x: this.view.x - delta });
      return;
    }
    const factor = Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015));
    this.zoomAt(factor, e.clientX - rect.left, e.clientY - rect.top);
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.downTarget = e.composedPath()[0] as Element;
    this.moved = 0;
    if (this.pointers.size === 0 && this.claim(e)) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (this.pointers.size === 2) this.pinchDistance = this.distance();
    this.stage.classList.add('dragging');
  }

  private onMove(e: PointerEvent): void {
    const last = this.pointers.get(e.pointerId);
    if (!last) return;
    const dx = e.clientX - last.x;
    const dy = e.clientY - last.y;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.moved += Math.abs(dx) + Math.abs(dy);
    // Capture only once it is a drag, so that a click still reaches the element under it.
    if (this.moved > 4 && !this.stage.hasPointerCapture(e.pointerId))
      this.stage.setPointerCapture(e.pointerId);
    if (this.pointers.size === 2) {
      const d = this.distance();
      const [a, b] = [...this.pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      const rect = this.stage.getBoundingClientRect();
      if (this.pinchDistance > 0) {
        this.zoomAt(d / this.pinchDistance, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
      }
      this.pinchDistance = d;
      return;
    }
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  private onUp(e: PointerEvent): void {
    this.pointers.delete(e.pointerId);
    this.pinchDistance = 0;
    if (this.pointers.size === 0) this.stage.classList.remove('dragging');
  }

  private distance(): number {
    const [a, b] = [...this.pointers.values()];
    if (!a || !b) return 0;
    return Math.hypot(a.x - b.x, a.y - b.y);
  }
}

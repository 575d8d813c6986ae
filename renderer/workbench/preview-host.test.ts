import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromPreview, ToPreview } from '../preview/protocol.ts';
import { PreviewHost, pauseAfterTyping, type RenderJob } from './preview-host.ts';

/** The page around a PreviewHost: an iframe whose messages are recorded, and the window's message events. */
function fakePage() {
  const sent: ToPreview[] = [];
  const listeners: ((event: MessageEvent<FromPreview>) => void)[] = [];
  const contentWindow = { postMessage: (message: ToPreview) => sent.push(message) };
  const origin = 'http://localhost:1234';
  vi.stubGlobal('location', new URL('http://127.0.0.1:1234/index.html'));
  vi.stubGlobal('window', {
    addEventListener: (_type: string, listener: (event: MessageEvent<FromPreview>) => void) =>
      listeners.push(listener),
  });
  vi.stubGlobal('document', { createElement: () => ({ dataset: {}, contentWindow }) });
  // Animation frames every 16 ms, on the (fake) timers.
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
    setTimeout(() => callback(performance.now()), 16),
  );
  vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
  const fromFrame = (data: FromPreview) => {
    // Only the fields the host reads: the page's real MessageEvent needs a real frame.
    for (const listener of listeners)
      listener({ source: contentWindow, origin, data } as unknown as MessageEvent<FromPreview>);
  };
  return { sent, fromFrame };
}

const job = (text: string) => (): RenderJob => ({ docKey: 'a.mmd', version: 1, text, config: {} });
const renders = (sent: ToPreview[]) => sent.flatMap((m) => (m.type === 'render' ? [m.text] : []));

describe('PreviewHost while the user types', () => {
  let page: ReturnType<typeof fakePage>;
  let host: PreviewHost;

  /** The frame answers the render in flight, having taken `ms`. */
  const answer = (ms: number) => {
    const last = page.sent.filter((m) => m.type === 'render').at(-1) as Extract<
      ToPreview,
      { type: 'render' }
    >;
    page.fromFrame({
      type: 'rendered',
      seq: last.seq,
      ok: true,
      svg: '<svg/>',
      diagramType: 'flowchart',
      ms,
    } as FromPreview);
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    page = fakePage();
    host = new PreviewHost();
    page.fromFrame({ type: 'ready' });
    host.request(job('v0'));
    answer(600);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** A keystroke, then `gap` ms until the next (the usual pause after typing is 50 ms). */
  const type = (text: string, gap = 80) => {
    host.request(job(text), 50, true);
    vi.advanceTimersByTime(gap);
  };

  /** v1 is sent, two keystrokes arrive while it renders, then the frame answers after a slow 600 ms. */
  const burstDuringSlowRender = () => {
    type('v1', 50);
    type('v2');
    type('v3', 40);
    answer(600);
  };

  it('renders a single keystroke into an up-to-date preview after the usual pause only', () => {
    type('v1', 50);
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
  });

  it('renders the first keystroke after a rest once its frame is drawn, and pauses inside a burst', () => {
    vi.advanceTimersByTime(2000);
    host.typed(job('v1'));
    expect(renders(page.sent)).toEqual(['v0']);
    // The next animation frame (16 ms here), then a task after it.
    vi.advanceTimersByTime(17);
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
    answer(600);
    // 100 ms after the previous keystroke: a burst, so the usual 50 ms pause.
    vi.advanceTimersByTime(100);
    host.typed(job('v2'));
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
    vi.advanceTimersByTime(49);
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
    vi.advanceTimersByTime(1);
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v2']);
    answer(600);
    // Half a second after the previous keystroke: a rest, so at once again.
    vi.advanceTimersByTime(500);
    host.typed(job('v3'));
    vi.advanceTimersByTime(17);
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v2', 'v3']);
  });

  it('holds the next slow render until the typing pauses for 150 ms', () => {
    type('v1', 50);
    type('v2');
    type('v3');
    type('v4', 40);
    answer(600);
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
    vi.advanceTimersByTime(60);
    expect(renders(page.sent)).toEqual(['v0', 'v1']);
    vi.advanceTimersByTime(50);
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v4']);
  });

  it('holds a free frame 0.6 s after a render of 0.2 s, however long the burst', () => {
    type('v1', 50);
    type('v2');
    type('v3', 40);
    answer(200);
    for (let i = 4; i < 12; i++) type(`v${i}`);
    // Keystrokes at 0, 80, … 560 ms after the frame became free; at 600 ms the newest is sent.
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v10']);
  });

  it('holds a free frame three times as long as its last render took', () => {
    burstDuringSlowRender();
    for (let i = 4; i < 27; i++) type(`v${i}`);
    // The render took 0.6 s. Keystrokes at 0, 80, … 1 760 ms after the frame became free: none is
    // sent before 1.8 s; at 1.8 s the newest past its usual pause (v25, typed at 1 680 ms) is.
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v25']);
  });

  it('never holds a free frame longer than 5 s', () => {
    type('v1', 50);
    type('v2');
    type('v3', 40);
    answer(3000);
    for (let i = 4; i < 70; i++) type(`v${i}`);
    // A 3 s render: not 9 s but 5 s; keystrokes every 80 ms, and at 5 s the newest past its pause.
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'v65']);
  });

  it('does not hold a fast diagram, nor a file being opened', () => {
    burstDuringSlowRender();
    host.request(job('other file'));
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'other file']);
    type('v4');
    type('v5', 40);
    // Two keystrokes since the last send, but the last render was fast: no hold.
    answer(30);
    expect(renders(page.sent)).toEqual(['v0', 'v1', 'other file', 'v4']);
  });
});

describe('pauseAfterTyping', () => {
  it('pauses a tenth of the last render, at most 50 ms, and not for a fast diagram', () => {
    expect(pauseAfterTyping(30)).toBe(0);
    expect(pauseAfterTyping(300)).toBe(30);
    expect(pauseAfterTyping(1200)).toBe(50);
  });
  it('does not pause the first keystroke after a rest of half a second', () => {
    expect(pauseAfterTyping(1200, 499)).toBe(50);
    expect(pauseAfterTyping(1200, 500)).toBe(0);
  });
});

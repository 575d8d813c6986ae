import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';

/** What the pool needs of a page: to learn that it crashed, and to close it. */
export interface PoolPage {
  on(event: 'crash', listener: () => void): unknown;
  isClosed(): boolean;
  close(options?: { runBeforeUnload?: boolean }): Promise<void>;
}

/** A unit of work for one page; `run` must leave the page ready for the next job. */
export interface Job<T, P extends PoolPage = PoolPage> {
  /** Relative cost (see estimateRenderCost): costly jobs start first, so the batch ends evenly. */
  cost: number;
  run(page: P): Promise<T>;
}

interface Queued<P extends PoolPage> {
  job: Job<unknown, P>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The work is taking too long: the page is recycled and the job fails with this error. */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

/** What a diagram that hit the per-diagram time limit reports. */
export function timeoutDiagnostic(
  timeoutMs: number,
  what: 'rendering' | 'parsing' = 'rendering',
): Diagnostic {
  return {
    line: 1,
    column: 1,
    severity: 'error',
    message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s; the diagram may be too large, or it makes mermaid loop`,
  };
}

/**
 * Queued work that justifies warming another page: loading one costs about as much as a
 * mid-sized render, so a second page only pays off when more than that is waiting.
 */
const WORTH_A_NEW_PAGE = 150;

/**
 * A pool of warm pages, one job per page at a time (mermaid renders one diagram at a time per
 * page). Pages are opened only when there is work waiting for them, up to `size`; the costliest
 * waiting job goes to the next free page; a page that times out or crashes is closed and
 * replaced on demand.
 */
export class PagePool<P extends PoolPage> {
  #open: () => Promise<P>;
  #size: number;
  #timeoutMs: number;
  #idle: P[] = [];
  #pages = 0;
  #opening = 0;
  #queue: Queued<P>[] = [];
  #closed = false;
  #openError: unknown;
  #crashed = new WeakSet<P>();

  constructor(open: () => Promise<P>, size: number, timeoutMs: number) {
    this.#open = open;
    this.#size = Math.max(1, size);
    this.#timeoutMs = timeoutMs;
  }

  /** Opens the first page before any work arrives, so it loads while inputs are read. */
  warm(): void {
    if (this.#pages + this.#opening === 0) this.#openPage();
  }

  run<T>(job: Job<T, P>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the render engine is closed'));
    if (this.#openError) return Promise.reject(this.#openError);
    return new Promise<T>((resolve, reject) => {
      const entry: Queued<P> = { job, resolve: resolve as (v: unknown) => void, reject };
      // Keep the queue sorted, costliest first; equal costs keep their submission order.
      let i = this.#queue.length;
      while (i > 0 && this.#queue[i - 1]!.job.cost < job.cost) i--;
      this.#queue.splice(i, 0, entry);
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const q of this.#queue.splice(0)) q.reject(new Error('the render engine is closed'));
    await Promise.all(this.#idle.splice(0).map((p) => p.close().catch(() => {})));
  }

  #pump(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      this.#start(this.#idle.pop()!, this.#queue.shift()!);
    }
    if (this.#queue.length === 0 || this.#pages + this.#opening >= this.#size) return;
    const waiting = this.#queue.reduce((sum, q) => sum + q.job.cost, 0);
    const noPageYet = this.#pages + this.#opening === 0;
    if (noPageYet || (this.#opening === 0 && waiting >= WORTH_A_NEW_PAGE)) this.#openPage();
  }

  #openPage(): void {
    this.#opening++;
    this.#open().then(
      (page) => {
        this.#opening--;
        if (this.#closed) {
          page.close().catch(() => {});
          return;
        }
        this.#pages++;
        page.on('crash', () => this.#crashed.add(page));
        this.#release(page);
      },
      (error: unknown) => {
        this.#opening--;
        if (this.#pages + this.#opening > 0) return;
        // No page at all can be opened (the browser is missing or broken): fail everything now.
        this.#openError = error;
        for (const q of this.#queue.splice(0)) q.reject(error);
      },
    );
  }

  #release(page: P): void {
    this.#idle.push(page);
    this.#pump();
  }

  #start(page: P, entry: Queued<P>): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new JobTimeoutError(`gave up after ${Math.round(this.#timeoutMs / 1000)} s`)),
        this.#timeoutMs,
      );
    });
    Promise.race([entry.job.run(page), timeout]).then(
      (value) => {
        clearTimeout(timer);
        entry.resolve(value);
        this.#release(page);
      },
      (error: unknown) => {
        clearTimeout(timer);
        entry.reject(error);
        if (error instanceof JobTimeoutError || page.isClosed() || this.#crashed.has(page))
          this.#discard(page);
        else this.#release(page);
      },
    );
  }

  /** A hung or crashed page is closed (the browser kills its renderer) and replaced on demand. */
  #discard(page: P): void {
    this.#pages--;
    page.close({ runBeforeUnload: false }).catch(() => {});
    this.#pump();
  }
}

import type { Readable, Writable } from 'node:stream';

/** A Chrome DevTools Protocol error answer, or the connection or target going away. */
export class CdpError extends Error {
  override name = 'CdpError';
}

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
  method: string;
  sessionId: string | undefined;
}

/**
 * The DevTools protocol over the browser's `--remote-debugging-pipe` (fd 3 in, fd 4 out): JSON
 * messages each ended by a NUL byte. Sessions are flat (`Target.attachToTarget` with
 * `flatten: true`): a page's commands carry its `sessionId` on the one connection.
 */
export class CdpConnection {
  #out: Writable;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #listeners = new Map<string, Set<Listener>>();
  #chunks: Buffer[] = [];
  #closed: Error | undefined;

  constructor(input: Readable, output: Writable) {
    this.#out = output;
    input.on('data', (data: Buffer) => this.#receive(data));
    input.on('close', () => this.#close(new CdpError('the browser closed the DevTools connection')));
    input.on('error', () => {});
    output.on('error', (error) => this.#close(new CdpError(`DevTools connection: ${error.message}`)));
  }

  /** Sends a command; resolves with its result, rejects with the protocol's error message. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as Pending['resolve'], reject, method, sessionId });
      this.#out.write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Calls `listener` for each event named `method` (of any session); returns the unsubscribe function. */
  on(method: string, listener: Listener): () => void {
    let set = this.#listeners.get(method);
    if (!set) {
      set = new Set();
      this.#listeners.set(method, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Fails the commands still waiting on `sessionId` (its target crashed or went away). */
  failSession(sessionId: string, error: Error): void {
    for (const [id, p] of this.#pending) {
      if (p.sessionId !== sessionId) continue;
      this.#pending.delete(id);
      p.reject(error);
    }
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  #receive(data: Buffer): void {
    let start = 0;
    let end = data.indexOf(0);
    while (end !== -1) {
      this.#chunks.push(data.subarray(start, end));
      const text = Buffer.concat(this.#chunks).toString('utf8');
      this.#chunks = [];
      this.#dispatch(JSON.parse(text));
      start = end + 1;
      end = data.indexOf(0, start);
    }
    if (start < data.length) this.#chunks.push(data.subarray(start));
  }

  #dispatch(message: {
    id?: number;
    method?: string;
    params?: Record<string, unknown>;
    result?: Record<string, unknown>;
    error?: { message: string };
    sessionId?: string;
  }): void {
    if (message.id !== undefined) {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.error) pending.reject(new CdpError(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result ?? {});
      return;
    }
    for (const listener of this.#listeners.get(message.method ?? '') ?? []) {
      listener(message.params ?? {}, message.sessionId);
    }
  }

  #close(error: Error): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}

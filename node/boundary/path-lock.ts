/**
 * Orders the calls that resolve a path and then use it against the calls that change which
 * entry a path names. Without it, a rename could put a symbolic link that points outside the
 * folder (a link may be moved, wherever it points) at a path another call has just resolved
 * as a plain folder, and that call would then write through the link.
 *
 * `shared` calls run together; an `exclusive` call waits for those running and runs alone, and
 * calls arriving meanwhile wait for it.
 */
export class PathLock {
  #exclusiveTail: Promise<unknown> = Promise.resolve();
  readonly #running = new Set<Promise<unknown>>();

  /** Runs `task` alongside other shared tasks, after any exclusive task queued before it. */
  shared<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#exclusiveTail.then(task);
    const settled = run.then(
      () => {},
      () => {},
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return run;
  }

  /** Runs `task` alone: after every task queued before it, and before any queued after it. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = Promise.all([this.#exclusiveTail, ...this.#running]).then(task);
    this.#exclusiveTail = run.then(
      () => {},
      () => {},
    );
    return run;
  }
}

import type { ApiEvent, ApiEvents } from '../../shared/api/contract.ts';

type Listener = (event: ApiEvent, payload: ApiEvents[ApiEvent]) => void;

/**
 * Fans the contract's events out to every transport (an Electron window, serve's WebSockets,
 * a test). Listeners receive every event; a throwing listener does not stop the others.
 */
export class ApiEventBus {
  readonly #listeners = new Set<Listener>();

  /** Subscribes to all events; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        process.emitWarning(`merrow: an event listener failed: ${String(error)}`);
      }
    }
  }
}

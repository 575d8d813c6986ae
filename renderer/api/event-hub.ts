import type { ApiEvent, ApiEvents } from '../../shared/api/contract.ts';

type Listener = (payload: never) => void;

/** Fan-out of pushed events to listeners, plus the transport's connection state. */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  connected = false;

  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: ApiEvents[E]) => void)(payload);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** The server answers but refuses this page's token: it restarted with a new one. */
  signedOut = false;
  private readonly signedOutListeners = new Set<(signedOut: boolean) => void>();

  onSignedOut(listener: (signedOut: boolean) => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
  }

  setSignedOut(signedOut: boolean): void {
    if (signedOut === this.signedOut) return;
    this.signedOut = signedOut;
    for (const listener of this.signedOutListeners) listener(signedOut);
  }

  setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const listener of this.connectionListeners) listener(connected);
  }
}

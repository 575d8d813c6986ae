import type { ApiErrorCode, ApiEvent, ApiEvents } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/contract.ts';
import type { Transport } from './app-client.ts';
import { EventHub } from './event-hub.ts';

const MAX_BACKOFF_MS = 5_000;

/**
 * The `merrow serve` transport: POST /api/call for requests (the HttpOnly token cookie rides along on
 * same-origin fetches) and a WebSocket at /api/events for pushed events, reconnected with backoff.
 */
export function httpTransport(base: URL = new URL(location.href)): Transport {
  const hub = new EventHub();
  let backoff = 250;
  let socket: WebSocket | null = null;
  const callUrl = new URL('/api/call', base);
  const post = (body: string) =>
    fetch(callUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body,
    });

  // Closed: either the server is gone (a fetch fails) or it restarted and refuses our token (401).
  const probe = () =>
    post(JSON.stringify({ method: 'workspace.info', args: {} })).then(
      (response) => hub.setSignedOut(response.status === 401),
      () => {},
    );

  const connect = () => {
    const url = new URL('/api/events', base);
    url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onopen = () => {
      backoff = 250;
      hub.setSignedOut(false);
      hub.setConnected(true);
    };
    socket.onmessage = (message) => {
      try {
        const data = JSON.parse(String(message.data)) as { event?: unknown; payload?: unknown };
        if (typeof data.event === 'string') hub.emit(data.event as ApiEvent, data.payload as never);
      } catch {
        // A malformed frame is dropped; the next good one still arrives.
      }
    };
    socket.onclose = () => {
      hub.setConnected(false);
      void probe();
      socket = null;
      setTimeout(connect, backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    };
  };
  connect();

  return {
    async call(request) {
      let response: Response;
      try {
        response = await post(JSON.stringify(request));
      } catch {
        throw new ApiError('unavailable', 'Cannot reach the Merrow server. Is `merrow serve` still running?');
      }
      if (response.status === 401) hub.setSignedOut(true);
      let body: { ok: boolean; result?: unknown; error?: { code: ApiErrorCode; message: string } };
      try {
        body = await response.json();
      } catch {
        throw new ApiError('internal', `The server answered ${response.status} without a result.`);
      }
      if (body.ok) return body.result as never;
      throw new ApiError(body.error?.code ?? 'internal', body.error?.message ?? `HTTP ${response.status}`);
    },
    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void) {
      return hub.on(event, listener);
    },
    onConnection: (listener) => hub.onConnection(listener),
    onSignedOut: (listener) => hub.onSignedOut(listener),
  };
}

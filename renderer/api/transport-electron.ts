import type { ApiErrorCode } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/contract.ts';
import type { DesktopBridge } from '../../shared/api/desktop.ts';
import type { Transport } from './app-client.ts';

/** The Electron transport: the preload bridge rejects with `{code, message}`, turned back into ApiError. */
export function electronTransport(bridge: DesktopBridge): Transport {
  return {
    async call(request) {
      try {
        return await bridge.call(request);
      } catch (error) {
        const e = error as { code?: ApiErrorCode; message?: string };
        throw new ApiError(e?.code ?? 'internal', e?.message ?? String(error));
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

import type { ApiClient, ApiErrorCode } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/contract.ts';

/** What Electron's preload exposes on `window.merrow`. */
export interface MerrowBridge {
  /** Origin of the isolated preview frame (see DesktopBridge). */
  readonly previewOrigin?: string;
  call(method: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The Electron transport: the preload bridge rejects with `{code, message}`, turned back into ApiError. */
export function createElectronClient(bridge: MerrowBridge): ApiClient {
  return {
    async call(method, args) {
      try {
        return (await bridge.call(method, args)) as never;
      } catch (error) {
        const e = error as { code?: ApiErrorCode; message?: string };
        throw new ApiError(e?.code ?? 'internal', e?.message ?? String(error));
      }
    },
    on(event, listener) {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}

/**
 * What a merrow process and a warm engine say to each other over the engine's socket: one JSON
 * message a line. The client first proves it may use the engine (`hello` with the token from the
 * private folder), then calls the Engine methods by name; answers carry the call's id.
 */
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Engine } from '../options.ts';

/** Bumped whenever a message changes: the engine key includes it, so old engines are never asked. */
export const PROTOCOL = 1;

/** The engine methods a client may call, with the arguments Engine takes. */
export type Method = 'render' | 'parse' | 'call' | 'toExcalidraw' | 'probeLayout';

export type ClientMessage = { hello: string; key: string } | { id: number; method: Method; args: unknown[] };

export type EngineMessage =
  | { welcome: true; pid: number }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

/** What the engine writes into the private folder for its clients (the file is the user's alone). */
export interface EngineInfo {
  pid: number;
  /** The socket path, or the named pipe on Windows. */
  socket: string;
  /** A random secret a client must present before any call. */
  token: string;
}

/** The files of the engine of `key` in the private folder: its info (socket and token) and its lock. */
export function engineFiles(dir: string, key: string) {
  return {
    info: join(dir, `engine-${key}.json`),
    lock: join(dir, `engine-${key}.lock`),
  };
}

/** Calls `onMessage` for each line the socket delivers; a line that is not JSON ends the connection. */
export function readMessages<T>(socket: Socket, onMessage: (message: T) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      let message: T;
      try {
        message = JSON.parse(line) as T;
      } catch {
        socket.destroy();
        return;
      }
      onMessage(message);
      end = buffered.indexOf('\n');
    }
  });
}

export function send(socket: Socket, message: ClientMessage | EngineMessage): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

type RenderResult = Awaited<ReturnType<Engine['render']>>;

/** A render result for the wire: an SVG's bytes are its text, other formats travel as base64. */
export function encodeRender(result: RenderResult, format: string): unknown {
  if (!result.ok) return result;
  const { data, ...rest } = result;
  return format === 'svg' ? rest : { ...rest, data: Buffer.from(data).toString('base64') };
}

export function decodeRender(value: unknown): RenderResult {
  const result = value as RenderResult | (Extract<RenderResult, { ok: true }> & { data?: string });
  if (!result.ok) return result;
  const data = typeof result.data === 'string' ? Buffer.from(result.data, 'base64') : Buffer.from(result.svg);
  return { ...result, data };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ApiError, type ApiErrorCode } from '../../shared/api/contract.ts';
import { answerCall, errorReply } from '../api/call-api.ts';
import { type ApiOptions, createApi, systemGit } from '../api/create-api.ts';
import { userDirs } from '../user-data/user-dirs.ts';
import { cacheTrash } from '../workspace/trash.ts';
import { openBrowser } from './open-browser.ts';
import { RENDERER_DIR } from './renderer-build.ts';
import {
  authenticated,
  hostAllowed,
  newToken,
  originAllowed,
  securityHeaders,
  tokenCookie,
  tokenMatches,
} from './security.ts';
import { findStaticFile, sendStaticFile } from './static-files.ts';

/** Bodies above this are refused (413): a diagram, an export, even a large PNG fit well within it. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface ServeOptions {
  /** The folder to open. */
  root: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** Absent: a fresh random token. */
  token?: string;
  /** Open the default browser on the URL. */
  open?: boolean;
  /** The built renderer; default dist/renderer. */
  staticDir?: string;
  /** Merrow's cache folder (backups, trash); default the user cache dir. */
  cacheDir?: string;
  /** Default: the system git (`systemGit`). */
  git?: ApiOptions['git'];
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SIGN_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merrow</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem; max-width: 40rem">
<h1>Merrow</h1>
<p>This page needs the link that <code>merrow serve</code> printed when it started
(<code>http://127.0.0.1:PORT/?token=…</code>). Open that link to use the app.</p>
</body></html>
`;

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return resolve('too-large');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts `merrow serve`: the built renderer and the API contract over HTTP + WebSocket, on
 * 127.0.0.1 only. Every API request needs the token (cookie or bearer), every request a loopback
 * Host, and every browser request a loopback Origin; see README "merrow serve: security model".
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? RENDERER_DIR;
  const cacheDir = options.cacheDir ?? userDirs().cache;
  const api = createApi(options.root, {
    cacheDir,
    trash: cacheTrash(cacheDir),
    git: options.git ?? systemGit,
  });
  let port = 0;

  const send = (res: ServerResponse, status: number, headers: Record<string, string | number>, body = '') => {
    res.writeHead(status, { ...securityHeaders(port), ...headers });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown) =>
    send(
      res,
      status,
      { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      JSON.stringify(value),
    );
  const sendText = (res: ServerResponse, status: number, text: string) =>
    send(res, status, { 'Content-Type': 'text/plain; charset=utf-8' }, `${text}\n`);

  const handleCall = async (req: IncomingMessage, res: ServerResponse) => {
    // Refusals are JSON too, so the app can show the message (a restarted server has a new token).
    const refuse = (status: number, code: ApiErrorCode, message: string) =>
      sendJson(res, status, { ok: false, error: { code, message } });
    if (!originAllowed(req, port)) return refuse(403, 'unavailable', 'requests from other sites are refused');
    if (!authenticated(req, token, port)) {
      return refuse(
        401,
        'unavailable',
        'not signed in to this Merrow server: open the URL that `merrow serve` printed',
      );
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      return refuse(413, 'too-large', `the request is over ${MAX_BODY_BYTES / 1024 / 1024} MB`);
    }
    let request: { method?: unknown; args?: unknown };
    try {
      request = JSON.parse(body.toString('utf8'));
      if (typeof request !== 'object' || request === null) throw new Error('not an object');
    } catch {
      return sendJson(res, 200, {
        ok: false,
        error: errorReply(new ApiError('invalid-args', 'expected JSON {method, args}')),
      });
    }
    sendJson(res, 200, await answerCall(api, request));
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const isApp = url.pathname === '/' || url.pathname === '/index.html';
    if (isApp) {
      const query = url.searchParams.get('token');
      if (query !== null) {
        if (!tokenMatches(query, token))
          return send(res, 401, { 'Content-Type': 'text/html; charset=utf-8' }, SIGN_IN_PAGE);
        return send(res, 302, {
          'Set-Cookie': tokenCookie(token, port),
          Location: '/',
          'Cache-Control': 'no-store',
        });
      }
      // The app shell holds no data itself, but without the cookie every API call would fail: say what to do.
      if (!authenticated(req, token, port)) {
        return send(
          res,
          401,
          { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
          SIGN_IN_PAGE,
        );
      }
    }
    const found = await findStaticFile(staticDir, isApp ? '/index.html' : url.pathname);
    if (!found) {
      const hint = isApp ? 'the app is not built: run `npm run build`' : 'not found';
      return sendText(res, 404, hint);
    }
    sendStaticFile(res, found, {
      urlPath: url.pathname,
      headOnly: req.method === 'HEAD',
      headers: securityHeaders(port),
    });
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req, port)) return sendText(res, 403, 'forbidden host');
    const url = requestUrl(req.url, port);
    if (!url) return sendText(res, 400, 'bad request');
    const task =
      url.pathname === '/api/call'
        ? req.method === 'POST'
          ? handleCall(req, res)
          : Promise.resolve(sendText(res, 405, 'use POST'))
        : req.method === 'GET' || req.method === 'HEAD'
          ? handleStatic(req, res, url)
          : Promise.resolve(sendText(res, 405, 'method not allowed'));
    task.catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${errorReply(error).message}`);
      else res.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    // A client gone mid-handshake errs on its socket; unheard, that error would end the server.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return refuse('403 Forbidden');
    const url = requestUrl(req.url, port);
    if (!url) return refuse('400 Bad Request');
    if (url.pathname !== '/api/events') return refuse('404 Not Found');
    if (!authenticated(req, token, port, url.searchParams.get('token'))) return refuse('401 Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => {
      // The socket only carries events to the page. A client that sends more than maxPayload (or a
      // broken frame) gets its socket closed by ws with an 'error': without a listener, that
      // error would end the whole server.
      ws.on('error', () => ws.terminate());
      sockets.emit('connection', ws, req);
    });
  });
  const unsubscribe = api.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  await api.ready;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  if (options.open) openBrowser(url);

  return {
    url,
    port,
    token,
    async close() {
      unsubscribe();
      api.close();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The URL a request asks for; null for a request line no URL can be read from (`GET http://[`). */
function requestUrl(target: string | undefined, port: number): URL | null {
  try {
    return new URL(target ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { mimeType } from '../shared/bytes/mime.ts';
import { APP_ORIGIN, PREVIEW_ORIGIN, SCHEME } from './origins.ts';

const COMMON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Mermaid writes <style> into each SVG and Monaco injects its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The Content-Security-Policy sent with every response of a host. */
export const CSP: Readonly<Record<'app' | 'preview', string>> = {
  app: [...COMMON_CSP, `frame-src ${PREVIEW_ORIGIN}`, "frame-ancestors 'none'"].join('; '),
  preview: [...COMMON_CSP, "frame-src 'none'", `frame-ancestors ${APP_ORIGIN}`].join('; '),
};

/** Registers the scheme as standard and secure; must run before the app is ready. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer (`dist/renderer`) on both hosts of the scheme. */
export function registerAppProtocol(rendererRoot: string): void {
  protocol.handle(SCHEME, (request) => serveAppRequest(request, rendererRoot));
}

function reply(
  status: number,
  host: 'app' | 'preview',
  body: BodyInit | null = null,
  type = 'text/plain',
): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      'content-security-policy': CSP[host],
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
  });
}

/**
 * Answers one request with a file from `rendererRoot`, never from outside it: encoded `..`,
 * backslashes, NUL bytes and symbolic links that leave the folder are refused.
 */
export async function serveAppRequest(request: Request, rendererRoot: string): Promise<Response> {
  const url = new URL(request.url);
  const host = url.host === 'app' || url.host === 'preview' ? url.host : null;
  if (url.protocol !== `${SCHEME}:` || host === null) return reply(404, 'app', 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, host, 'Method not allowed');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return reply(400, host, 'Bad request');
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) {
    return reply(403, host, 'Forbidden');
  }
  const root = resolve(rendererRoot);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  if (!file.startsWith(root + sep)) return reply(403, host, 'Forbidden');
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(root)]);
    if (!real.startsWith(realRoot + sep)) return reply(403, host, 'Forbidden');
    if (!(await stat(real)).isFile()) return reply(404, host, 'Not found');
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(real));
    return reply(200, host, body, mimeType(real));
  } catch {
    return reply(404, host, 'Not found');
  }
}

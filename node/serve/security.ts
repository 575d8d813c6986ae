import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token's cookie, named after the port: cookies are not kept apart by port, so two servers on
 * 127.0.0.1 with one name would each overwrite the other's, and the first page would lose its
 * session. (A cookie still goes to every port of the host; the CSP, SameSite and the Host check
 * keep other sites from using it, not other programs on this machine.)
 */
export function cookieName(port: number): string {
  return `merrow_token_${port}`;
}

/** A fresh secret for one server run: 24 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed a character at a time from response timing. */
export function tokenMatches(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The two loopback names the app is reachable under (the preview frame uses the other one). */
export function loopbackOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * DNS-rebinding defence: a page on evil.com whose name resolves to 127.0.0.1 still sends
 * `Host: evil.com`, so only the loopback names with our port are served. A request with more
 * than one Host is refused: Node keeps the first, and a proxy or cache in front may use another.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts !== 1) return false;
  return req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
}

/** Cross-site requests carry a foreign Origin; requests without one (curl, the CLI) are judged by the token alone. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || loopbackOrigins(port).includes(origin);
}

function cookieToken(req: IncomingMessage, port: number): string | undefined {
  const name = cookieName(port);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request proves it knows the token: the cookie, `Authorization: Bearer`, or (WebSocket only) `?token=`. */
export function authenticated(
  req: IncomingMessage,
  token: string,
  port: number,
  queryToken?: string | null,
): boolean {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  return [cookieToken(req, port), bearer, queryToken].some((candidate) => tokenMatches(candidate, token));
}

/** The cookie set after the token URL is opened: invisible to scripts, never sent cross-site. */
export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Headers on every response: a strict CSP (scripts only from this server) and no MIME sniffing. */
export function securityHeaders(port: number): Record<string, string> {
  const [ip, named] = loopbackOrigins(port);
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    `frame-src 'self' ${named} ${ip}`,
    // Only the app itself may frame its pages (the preview frame); no other site can overlay them.
    `frame-ancestors 'self' ${named} ${ip}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The first URL carries the token; never let it leak to another site in a Referer header.
    'Referrer-Policy': 'no-referrer',
  };
}

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from './server.ts';

let base: string;
let root: string;
let server: RunningServer;
const TOKEN = 'test-token-0123456789abcdef';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function request(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(
  method: string,
  args: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
) {
  return request('/api/call', { method: 'POST', headers, body: JSON.stringify({ method, args }) });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-serve-'));
  root = join(base, 'diagrams');
  const staticDir = join(base, 'renderer');
  await mkdir(root);
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
  await writeFile(join(base, 'secret.txt'), 'do not serve');
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(staticDir, 'engine.html'), '<!doctype html><title>engine</title>');
  await writeFile(join(staticDir, 'assets/app-1a2b.js'), 'export {};');
  await writeFile(join(staticDir, 'assets/app-1a2b.css'), 'body{}');
  await writeFile(join(staticDir, 'assets/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startServer({ root, token: TOKEN, staticDir, cacheDir: join(base, 'cache') });
});

afterAll(async () => {
  await server?.close();
  await rm(base, { recursive: true, force: true });
});

describe('token flow', () => {
  it('prints a loopback URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie and redirects to /', async () => {
    const reply = await request(`/?token=${TOKEN}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/');
    expect(reply.headers['set-cookie']).toEqual([
      `merrow_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the app with the cookie, and a page saying what to open without it', async () => {
    const app = await request('/', { headers: { cookie: `other=1; merrow_token_${server.port}=${TOKEN}` } });
    expect(app.status).toBe(200);
    expect(app.body).toContain('<title>app</title>');
    const bare = await request('/');
    expect(bare.status).toBe(401);
    expect(bare.body).toContain('merrow serve');
    expect(bare.body).not.toContain('<title>app</title>');
    expect((await request('/?token=wrong')).status).toBe(401);
    expect(
      (await request('/index.html', { headers: { cookie: `merrow_token_${server.port}=wrong` } })).status,
    ).toBe(401);
  });

  it('answers 401 to API calls without the right token, saying what to do', async () => {
    const reply = await call('workspace.list', {}, {});
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body).error.message).toContain('open the URL that `merrow serve` printed');
    expect((await call('workspace.list', {}, { authorization: 'Bearer nope' })).status).toBe(401);
    expect(
      (await call('workspace.list', {}, { cookie: `merrow_token_${server.port}=${TOKEN}x` })).status,
    ).toBe(401);
  });
});

describe('DNS rebinding and cross-site defences', () => {
  it('answers 403 to a foreign Host, even with the token', async () => {
    const host = { host: `evil.com:${server.port}` };
    expect((await request('/assets/app-1a2b.js', { headers: host })).status).toBe(403);
    expect((await call('workspace.list', {}, { ...host, authorization: `Bearer ${TOKEN}` })).status).toBe(
      403,
    );
    expect((await request('/', { headers: { host: `127.0.0.1:${server.port + 1}` } })).status).toBe(403);
    expect(
      (await request('/assets/app-1a2b.js', { headers: { host: `localhost:${server.port}` } })).status,
    ).toBe(200);
  });

  it('answers 403 to an API call from a foreign Origin, and accepts both loopback origins', async () => {
    const cookie = `merrow_token_${server.port}=${TOKEN}`;
    expect((await call('workspace.list', {}, { cookie, origin: 'http://evil.com' })).status).toBe(403);
    expect(
      (await call('workspace.list', {}, { cookie, origin: `http://127.0.0.1:${server.port + 1}` })).status,
    ).toBe(403);
    expect(
      (await call('workspace.list', {}, { cookie, origin: `http://localhost:${server.port}` })).status,
    ).toBe(200);
    expect(
      (await call('workspace.list', {}, { cookie, origin: `http://127.0.0.1:${server.port}` })).status,
    ).toBe(200);
  });

  it('answers a request line no URL can be read from with 400, and goes on serving', async () => {
    const { connect } = await import('node:net');
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
        let reply = '';
        socket.on('data', (d) => (reply += d));
        socket.on('close', () => resolve(reply));
        socket.on('error', () => resolve(reply));
      });
    const host = `Host: 127.0.0.1:${server.port}`;
    expect(await raw(`GET http://[ HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`)).toMatch(
      /^HTTP\/1.1 400/,
    );
    const upgrade =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    expect(await raw(`GET http://[ HTTP/1.1\r\n${host}\r\n${upgrade}\r\n\r\n`)).toMatch(/^HTTP\/1.1 400/);
    expect(await raw(`GET http://[ HTTP/1.1\r\nHost: evil.com\r\n${upgrade}\r\n\r\n`)).toMatch(
      /^HTTP\/1.1 403/,
    );
    expect((await request('/', { headers: { cookie: `merrow_token_${server.port}=${TOKEN}` } })).status).toBe(
      200,
    );
  });

  it("names its cookie after its port, so a second server's sign-in does not sign the first one out", async () => {
    const other = await startServer({
      root,
      token: 'another-token-0123456789',
      staticDir: join(base, 'renderer'),
      cacheDir: join(base, 'cache2'),
    });
    try {
      const signIn = await new Promise<string>((resolve, reject) => {
        httpRequest(
          {
            host: '127.0.0.1',
            port: other.port,
            path: `/?token=${other.token}`,
            headers: { host: `127.0.0.1:${other.port}` },
          },
          (res) => {
            res.resume();
            resolve(String(res.headers['set-cookie']));
          },
        )
          .on('error', reject)
          .end();
      });
      const [otherCookie] = signIn.split(';');
      expect(otherCookie).toBe(`merrow_token_${other.port}=another-token-0123456789`);
      // The browser now sends both cookies to both servers: each finds its own.
      const both = `merrow_token_${server.port}=${TOKEN}; ${otherCookie}`;
      expect((await call('workspace.list', {}, { cookie: both })).status).toBe(200);
      expect((await call('workspace.list', {}, { cookie: otherCookie! })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('listens on the loopback interface only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface on this machine to try
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const req = httpRequest({ host: external.address, port: server.port, path: '/' }, () => resolve(null));
      req.on('error', resolve);
      req.end();
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });
});

describe('static files', () => {
  it('serves the built renderer with MIME types, a strict CSP and nosniff', async () => {
    const js = await request('/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    const p = server.port;
    expect(js.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        `font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:${p} ws://localhost:${p}; ` +
        `frame-src 'self' http://localhost:${p} http://127.0.0.1:${p}; ` +
        `frame-ancestors 'self' http://localhost:${p} http://127.0.0.1:${p}; object-src 'none'; base-uri 'none'`,
    );
    expect((await request('/assets/app-1a2b.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await request('/assets/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    const engine = await request('/engine.html');
    expect(engine.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(engine.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const reply = await request(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
  });
});

describe('/api/call', () => {
  it('round-trips calls of the API contract', async () => {
    const read = JSON.parse((await call('file.read', { path: 'flow.mmd' })).body);
    expect(read).toEqual({
      ok: true,
      result: { path: 'flow.mmd', text: 'flowchart LR\n  a --> b\n', mtimeMs: expect.any(Number) },
    });
    const info = JSON.parse((await call('workspace.info', {})).body);
    const writeFlow = async (folder?: string) =>
      JSON.parse(
        (
          await request('/api/call', {
            method: 'POST',
            headers: { cookie: `merrow_token_${server.port}=${TOKEN}` },
            body: JSON.stringify({
              method: 'file.write',
              args: { path: 'flow.mmd', text: 'flowchart TD\n', expectedMtimeMs: read.result.mtimeMs },
              ...(folder ? { folder } : {}),
            }),
          })
        ).body,
      );
    // A write names the opening of the folder it was made for, as the app's client does.
    expect(await writeFlow()).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(await writeFlow('another-opening')).toMatchObject({
      ok: false,
      error: { code: 'folder-changed' },
    });
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe('flowchart LR\n  a --> b\n');
    const write = await writeFlow(info.result.folderId);
    expect(write.ok).toBe(true);
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe('flowchart TD\n');
  });

  it('answers handler errors with HTTP 200 and the error code', async () => {
    const reply = await call('file.read', { path: '../secret.txt' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      ok: false,
      error: { code: 'outside-workspace', message: 'path: must stay inside the opened folder' },
    });
    expect(JSON.parse((await call('system.exec', {})).body).error.code).toBe('invalid-args');
    const garbage = await request('/api/call', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{',
    });
    expect(JSON.parse(garbage.body).error.code).toBe('invalid-args');
  });

  it('refuses bodies over 64 MB with 413', async () => {
    const reply = await request('/api/call', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-length': String(65 * 1024 * 1024) },
      body: '{}',
    }).catch((error: Error) => ({ status: -1, body: error.message }) as Reply);
    expect(reply.status).toBe(413);
  });
});

describe('/api/events', () => {
  const open = (headers: Record<string, string>, query = '') =>
    new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, { headers });

  it('pushes file.changed when a file is edited outside Merrow', async () => {
    const socket = open({
      cookie: `merrow_token_${server.port}=${TOKEN}`,
      origin: `http://127.0.0.1:${server.port}`,
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const message = new Promise<unknown>((resolve) => {
      socket.on('message', (data) => {
        const parsed = JSON.parse(String(data));
        if (parsed.payload?.path === 'flow.mmd') resolve(parsed);
      });
    });
    await writeFile(join(root, 'flow.mmd'), 'flowchart RL\n');
    expect(await message).toEqual({
      event: 'file.changed',
      payload: { path: 'flow.mmd', kind: 'changed', mtimeMs: expect.any(Number) },
    });
    socket.close();
  });

  it('accepts the token as a query parameter', async () => {
    const socket = open({}, `?token=${TOKEN}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.close();
  });

  it('refuses sockets without the token or from a foreign origin', async () => {
    const statusOf = (socket: WebSocket) =>
      new Promise<number>((resolve) => {
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('open', () => resolve(101));
        socket.once('error', () => {});
      });
    expect(await statusOf(open({}))).toBe(401);
    expect(
      await statusOf(open({ cookie: `merrow_token_${server.port}=${TOKEN}`, origin: 'http://evil.com' })),
    ).toBe(403);
    expect(
      await statusOf(
        open({ cookie: `merrow_token_${server.port}=${TOKEN}`, host: `evil.com:${server.port}` }),
      ),
    ).toBe(403);
  });
});

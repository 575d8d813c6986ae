import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { escapeControl } from '../../shared/text/escape.ts';
import { ensureRendererBuilt, type ServeProcess, startServe } from '../e2e/serve-process.ts';
import { type AttackGround, attackGround } from './fixture.ts';

/**
 * The routes only HTTP has, against the real `merrow serve` process on a real repository: the
 * same API as every other transport, behind the token, Host and Origin checks.
 */
let ground: AttackGround;
let serve: ServeProcess;
let token: string;

beforeAll(async () => {
  await ensureRendererBuilt();
  ground = attackGround('docs');
  serve = await startServe(ground.opened, {
    MERROW_STATE_DIR: join(ground.base, 'state'),
    GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL,
    GIT_CONFIG_NOSYSTEM: '1',
  });
  token = new URL(serve.url).searchParams.get('token')!;
}, 120_000);
afterAll(() => {
  serve?.child.kill('SIGKILL');
  ground?.close();
});

/**
 * Sends `request` exactly as written (headers no client would send), on its own connection, and
 * answers the status line and the rest. The request asks the server to close the connection.
 */
function raw(request: string): Promise<{ status: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(serve.port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () =>
      resolve({ status: out.split('\r\n')[0]!, body: out.split('\r\n\r\n')[1] ?? '' }),
    );
    socket.on('error', reject);
    socket.write(request);
  });
}

/** An API call with the token, as a script would send it. */
async function call(method: string, args: unknown) {
  const response = await fetch(`http://127.0.0.1:${serve.port}/api/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, args }),
  });
  return (await response.json()) as {
    ok: boolean;
    result?: unknown;
    error?: { code: string; message: string };
  };
}

describe('merrow serve over HTTP', () => {
  it('refuses a request with two Host headers, whichever comes first', async () => {
    const own = `127.0.0.1:${serve.port}`;
    for (const [first, second] of [
      [own, 'evil.example'],
      ['evil.example', own],
      [own, own],
    ]) {
      const page = await raw(
        `GET /?token=${token} HTTP/1.1\r\nHost: ${first}\r\nHost: ${second}\r\nConnection: close\r\n\r\n`,
      );
      expect(page.status, `${first} then ${second}`).toBe('HTTP/1.1 403 Forbidden');
      const body = '{"method":"workspace.list","args":{}}';
      const api = await raw(
        `POST /api/call HTTP/1.1\r\nHost: ${first}\r\nhost: ${second}\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(api.status).toMatch(/^HTTP\/1.1 (400|403)/);
      expect(api.body).not.toContain('flow.mmd');
    }
    const socket = await raw(
      `GET /api/events?token=${token} HTTP/1.1\r\nHost: ${own}\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(socket.status).toBe('HTTP/1.1 403 Forbidden');
  });

  it('closes an event socket that sends more than it may, and goes on serving', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/events?token=${token}`, {
      headers: { Host: `127.0.0.1:${serve.port}` },
    });
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    const closed = new Promise<number>((resolve) => ws.on('close', resolve));
    ws.send('x'.repeat(64 * 1024));
    expect(await closed).toBe(1009); // message too big
    expect((await call('workspace.list', {})).ok).toBe(true);
  });

  it('keeps the folder boundary for every call: .git, pathspec magic, links out, hostile names', async () => {
    const before = ground.untouchable();
    for (const [method, args] of [
      ['file.read', { path: '../.git/config' }],
      ['file.write', { path: '.git/config', text: '[core]\n\tfsmonitor = touch x\n' }],
      ['git.diff', { path: ':(top)sibling/secret.txt' }],
      ['git.stage', { paths: [':(top)'] }],
      ['git.discard', { paths: ['*'] }],
      ['file.read', { path: 'x\u001b[2J\u0007.mmd' }],
    ] as const) {
      const reply = await call(method, args);
      expect(JSON.stringify(reply), method).not.toContain('SECRET');
      if (!reply.ok)
        expect(escapeControl(reply.error!.message, { keepNewlines: true })).toBe(reply.error!.message);
    }
    expect(ground.git('diff', '--cached', '--name-only')).toBe('');
    expect(ground.untouchable()).toBe(before);
  });

  it('serves no file outside the built app, however the path is spelled', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%5c..%5c..%5cpackage.json',
      '/index.html%00.png',
      `/${'%2e%2e/'.repeat(20)}etc/passwd`,
    ]) {
      const reply = await raw(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(reply.status, path).toMatch(/^HTTP\/1.1 (400|403|404)/);
      expect(reply.body).not.toMatch(/root:|"name": "merrow"/);
    }
  });
});

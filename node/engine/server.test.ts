import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssetServer, startAssetServer } from './server.ts';

let dir: string;
let server: AssetServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'merrow-assets-'));
  await writeFile(join(dir, 'engine.html'), '<!doctype html>');
  server = await startAssetServer(dir);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request: the path and Host header as sent, not as a client library would clean them. */
function get(path: string, host = new URL(server.origin).host): Promise<number> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the engine page server', () => {
  it('answers a request that is not a path with 400, and goes on serving', async () => {
    expect(await get('/%ff')).toBe(400);
    expect(await get('/%E0%A4%A')).toBe(400);
    expect(await get('/engine.html')).toBe(200);
  });

  it('refuses a page that names another host (DNS rebinding) and paths out of its folder', async () => {
    expect(await get('/engine.html', 'attacker.example')).toBe(403);
    expect(await get('/engine.html', `localhost:${new URL(server.origin).port}`)).toBe(403);
    expect(await get('/../../etc/passwd')).not.toBe(200);
    expect(await get('/missing.js')).toBe(404);
  });
});

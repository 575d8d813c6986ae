import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { mimeType } from '../../shared/bytes/mime.ts';

/** The built renderer served on 127.0.0.1, so the browser caches and compiles it like any site. */
export interface AssetServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `root` (dist/renderer) on `port` of 127.0.0.1 when it is free, else on a random port. Files are kept in memory after
 * the first read: every page of the pool asks for the same few hundred kilobytes.
 */
export async function startAssetServer(root: string, port?: number): Promise<AssetServer> {
  const cache = new Map<string, Promise<Buffer>>();
  let host = '';
  const server: Server = createServer((req, res) => {
    // Only the engine's own pages ask, by the address it listens on: a page elsewhere whose name
    // was pointed at 127.0.0.1 (DNS rebinding) names its own host.
    if (req.headers.host !== host) {
      res.writeHead(403).end();
      return;
    }
    const path = requestPath(req.url);
    if (path === null) {
      res.writeHead(400).end();
      return;
    }
    const file = join(root, path);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    let body = cache.get(file);
    if (!body) {
      body = readFile(file);
      cache.set(file, body);
    }
    body.then(
      (data) => {
        res.writeHead(200, {
          'content-type': mimeType(file),
          'content-length': data.length,
          // Asset names carry a content hash: the browser may keep them for good.
          'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
        res.end(data);
      },
      () => {
        cache.delete(file);
        res.writeHead(404).end();
      },
    );
  });
  const listen = (on: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // The preferred port keeps the page's URLs stable across runs; any other free port works too.
  await (port ? listen(port).catch(() => listen(0)) : listen(0));
  const { port: bound } = server.address() as AddressInfo;
  host = `127.0.0.1:${bound}`;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The browser's keep-alive connections would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
}

/** A request's path, decoded and normalized; null for one that is not a URL path (`/%ff`). */
function requestPath(url: string | undefined): string | null {
  try {
    return normalize(decodeURIComponent(new URL(url ?? '/', 'http://x').pathname));
  } catch {
    return null;
  }
}

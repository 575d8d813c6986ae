import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A package tarball (from `npm pack`) and the package.json it was packed from. */
export interface PackedPackage {
  tarball: string;
  manifest: { name: string; version: string; [key: string]: unknown };
}

export interface LocalRegistry {
  /** The registry's URL, for npm's `registry` setting. */
  url: string;
  /** What it holds. */
  packages: PackedPackage[];
  /** Every path npm asked for so far, in order: a package the registry does not hold is a 404. */
  requests(): string[];
  close(): Promise<void>;
}

/**
 * For the npm package's tests and benchmark: an npm registry on 127.0.0.1 that holds `packages` and nothing else, so npm
 * installs them by name (`npm install -D merrow`, `npm ci`) while no request leaves the machine,
 * and a dependency a package needs but does not declare fails the install. It runs in a process
 * of its own, so that tests may wait for npm synchronously.
 */
export async function startRegistry(packages: PackedPackage[]): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'merrow-registry-'));
  const listing = join(dir, 'packages.json');
  const log = join(dir, 'requests.log');
  writeFileSync(listing, JSON.stringify(packages));
  writeFileSync(log, '');
  const child = spawn(process.execPath, [import.meta.filename, listing, log], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await lines[Symbol.asyncIterator]().next();
  lines.close();
  const url = first.done ? '' : String(first.value);
  if (!url) throw new Error('the test registry did not start');
  return {
    url,
    packages,
    requests: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill();
      }),
  };
}

/** Serves `packages` on a free port of 127.0.0.1, logging each path asked for to `log`. */
async function serve(packages: PackedPackage[], log: string): Promise<string> {
  const tarballs = new Map<string, Buffer>();
  const packuments = new Map<string, (base: string) => object>();
  for (const { tarball, manifest } of packages) {
    const data = readFileSync(tarball);
    const file = `${manifest.name}/-/${manifest.name.split('/').pop()}-${manifest.version}.tgz`;
    tarballs.set(`/${file}`, data);
    const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
    const shasum = createHash('sha1').update(data).digest('hex');
    packuments.set(manifest.name, (base) => ({
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${manifest.name}@${manifest.version}`,
          dist: { tarball: `${base}/${file}`, integrity, shasum },
        },
      },
    }));
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    appendFileSync(log, `${path}\n`);
    const tarball = tarballs.get(path);
    const packument = packuments.get(path.slice(1));
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
      res.end(tarball);
    } else if (packument) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(packument(`http://${req.headers.host}`)));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

if (import.meta.main) {
  const [listing, log] = process.argv.slice(2);
  const url = await serve(JSON.parse(readFileSync(listing!, 'utf8')), log!);
  process.stdout.write(`${url}\n`);
}

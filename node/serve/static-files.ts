import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';
import { mimeType } from '../../shared/bytes/mime.ts';
import { isInside } from '../boundary/confine.ts';

/** The file under `dir` that a URL path names, or null when it names nothing servable (or tries to leave `dir`). */
export async function findStaticFile(
  dir: string,
  urlPath: string,
): Promise<{ file: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(dir, decoded));
  if (!isInside(dir, file)) return null;
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { file, size: info.size } : null;
}

/** Streams a built renderer file with its MIME type; Vite's hashed assets are cached for good, the rest revalidated. */
export function sendStaticFile(
  res: ServerResponse,
  found: { file: string; size: number },
  { urlPath, headOnly, headers }: { urlPath: string; headOnly: boolean; headers: Record<string, string> },
): void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': mimeType(found.file),
    'Content-Length': found.size,
    'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}

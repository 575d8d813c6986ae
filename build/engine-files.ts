import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The engine page, as the renderer build names it. */
const ENGINE_PAGE = 'engine.html';

/**
 * Folders of the renderer build that only the app loads and its build's manifest does not list:
 * Excalidraw's fonts for the import view, copied by renderer/vite.config.ts.
 */
const APP_ONLY_FOLDERS = ['excalidraw-assets'];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

/**
 * The files of the renderer build (`dir`, built with its manifest) that the engine page needs,
 * relative to `dir`: every file but the other pages and what only they load. A file the manifest
 * does not know (one a plugin copies, say) is kept, so a new asset of the engine page is never
 * left out; the install test's size limit catches the opposite mistake.
 */
export function engineFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  if (!manifest[ENGINE_PAGE]) throw new Error(`the renderer build's manifest has no ${ENGINE_PAGE}`);
  const closure = (key: string, files = new Set<string>(), seen = new Set<string>()) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return files;
    seen.add(key);
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])])
      closure(next, files, seen);
    return files;
  };
  const engine = closure(ENGINE_PAGE);
  const otherPages = Object.keys(manifest).filter((key) => key !== ENGINE_PAGE && manifest[key]?.isEntry);
  // A page's key is its HTML file, written under the same name; its closure holds its code.
  const appOnly = new Set(
    otherPages.flatMap((page) => [page, ...closure(page)].filter((file) => !engine.has(file))),
  );

  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter(
      (file) =>
        !appOnly.has(file) &&
        !file.startsWith('.vite/') &&
        !APP_ONLY_FOLDERS.some((folder) => file.startsWith(`${folder}/`)),
    )
    .sort();
}

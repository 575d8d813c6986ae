/**
 * The npm package's CLI, bundled for Node by vite (rolldown): node/package/merrow.ts and all it
 * imports, Merrow's TypeScript and the npm packages alike, so that new CLI code and new
 * dependencies ship without a list to update. Dynamic imports stay separate chunks, so each
 * command loads only its own code, as from the sources.
 *
 * Code that finds a file by path at run time (`new URL('…', import.meta.url)`) cannot keep its
 * relative path in a bundle. Each one is mapped here: a TypeScript module becomes another entry of
 * the bundle, another file is copied beside the chunks, a folder must be named in PACKAGED_FOLDERS;
 * anything else fails the build, and so does any other use of a module's own location
 * (import.meta.dirname, …) that LOCATION_USES does not explain.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { MINIMUM_NODE } from '../node/node-version.js';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = join(ROOT, 'node/package/merrow.ts');

/** Folders the CLI reaches by path, and where they are in the package (relative to its root). */
const PACKAGED_FOLDERS: Record<string, string> = {
  // The engine page (node/engine/index.ts), staged by build.ts.
  'dist/renderer': 'engine',
};

/**
 * npm packages left out of the bundle, and out of an install too: the package declares them as
 * optional peer dependencies, for users who need what they do to install beside it.
 * playwright-core: it starts Electron with files of its own package, found by path, and only
 * rendering with an `electron` npm package needs it (14 MB, as much as the rest of the package).
 * tesseract.js and its English model: they read the names printed in a drawing's icons, from
 * WebAssembly and model files they find by path (45 MB); `merrow convert` goes on without them.
 */
const EXTERNAL_PACKAGES = ['playwright-core', 'tesseract.js', '@tesseract.js-data/eng'];

/**
 * Modules that may use their own location otherwise (import.meta.url, dirname or filename), and
 * why that holds in the bundle too.
 */
const LOCATION_USES: Record<string, string> = {
  'node/engine/browser.ts':
    'it looks for the `electron` and `playwright-core` packages from where merrow is installed',
  'node/engine/warm/client.ts':
    'it keys a warm engine by the code files in its own folder and the one above: node/engine from a ' +
    "checkout, the package's chunks in the bundle, so an upgraded merrow never uses an older engine",
};

const RUNTIME_URL = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
const LOCATION = /import\.meta\.(url|dirname|filename)\b/;

/** Rewrites run-time paths of Merrow's own modules for chunks that all sit in one folder. */
function runtimePaths(): Plugin {
  /** Each file emitted beside the chunks: its path in the project → its name there. */
  const emitted = new Map<string, string>();
  return {
    name: 'merrow-runtime-paths',
    buildStart() {
      emitted.clear();
    },
    transform(code, id) {
      if (!id.startsWith(ROOT) || id.includes('/node_modules/') || !LOCATION.test(code)) return;
      const module = relative(ROOT, id);
      const out = code.replace(RUNTIME_URL, (match, _quote: string, path: string) => {
        const target = relative(ROOT, resolve(dirname(id), path))
          .split('\\')
          .join('/');
        if (Object.hasOwn(PACKAGED_FOLDERS, target)) {
          return `new URL(${JSON.stringify(`../${PACKAGED_FOLDERS[target]}`)}, import.meta.url)`;
        }
        if (!/\.\w+$/.test(target)) {
          this.error(
            `${module} reaches ${target || 'the project folder'} at run time (${match}); ` +
              'say where it is in the npm package in build/cli-bundle.ts',
          );
        }
        let fileName = emitted.get(target);
        if (!fileName) {
          const isCode = /\.tsx?$/.test(target);
          fileName = target.slice(target.lastIndexOf('/') + 1).replace(/\.tsx?$/, '.js');
          if ([...emitted.values()].includes(fileName)) {
            this.error(`two files reached at run time would both be cli/${fileName}; rename one (${target})`);
          }
          emitted.set(target, fileName);
          const file = join(ROOT, target);
          if (isCode) this.emitFile({ type: 'chunk', id: file, fileName });
          else this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
        }
        return `new URL(${JSON.stringify(`./${fileName}`)}, import.meta.url)`;
      });
      const other = LOCATION.exec(out.replace(RUNTIME_URL, ''));
      if (other && !Object.hasOwn(LOCATION_USES, module)) {
        this.error(
          `${module} uses ${other[0]}, which points into the bundle once built: reach a file with ` +
            "new URL('./file', import.meta.url), which build/cli-bundle.ts maps, or say in its " +
            'LOCATION_USES why this use holds in the bundle',
        );
      }
      return out === code ? undefined : { code: out, map: null };
    },
  };
}

/**
 * Bundles the CLI (or another `entry`) into `outDir` as merrow.js and its chunks; the npm packages
 * it left outside (see EXTERNAL_PACKAGES).
 */
export async function bundleCli(outDir: string, entry = ENTRY): Promise<{ externals: string[] }> {
  const externals = new Set<string>();
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    plugins: [runtimePaths()],
    build: {
      outDir,
      emptyOutDir: true,
      ssr: entry,
      target: `node${MINIMUM_NODE.package}`,
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      // Files reached at run time are emitted as assets; an SSR build drops them unless told.
      ssrEmitAssets: true,
      rollupOptions: {
        external: (id) => {
          const name = EXTERNAL_PACKAGES.find((pkg) => id === pkg || id.startsWith(`${pkg}/`));
          if (name) externals.add(name);
          return Boolean(name);
        },
        output: {
          format: 'es',
          entryFileNames: 'merrow.js',
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
  return { externals: [...externals].sort() };
}

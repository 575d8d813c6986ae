/**
 * `npm run build:package`: stages the npm package of the CLI in dist/package, ready for `npm pack`.
 *
 *     package.json   generated from the project's: name `merrow`, the bin, engines, no scripts and
 *                    no dependencies (what the bundle leaves out is an optional peer)
 *     README.md      the project README's install and CLI sections
 *     cli/           the CLI bundled for Node: Merrow's code and the npm packages it uses, in
 *                    chunks that each command still loads lazily (see cli-bundle.ts)
 *     engine/        the engine page and its assets from the renderer build (dist/renderer, the
 *                    same build the app uses), without what only the app's own pages load
 *     examples/      the pre-commit hook and the GitHub workflow, for users to copy
 *
 * It needs the renderer built first (`npm run build` runs both).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MINIMUM_NODE } from '../node/node-version.js';
import { bundleCli } from './cli-bundle.ts';
import { engineFiles } from './engine-files.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RENDERER = join(ROOT, 'dist/renderer');
/** Where the package is staged. */
export const PACKAGE_DIR = join(ROOT, 'dist/package');

/** Files users copy into their repository, shipped at the same paths (the README says how). */
const USER_FILES = ['examples/hooks/pre-commit', 'examples/ci/diagrams.yml'];

/** The README sections a user of the package needs, by their `## ` title in the project's README. */
const README_SECTIONS = ['Install', 'CLI'];

/** Builds the package into PACKAGE_DIR. */
export async function buildPackage(): Promise<void> {
  if (!existsSync(join(RENDERER, 'engine.html'))) {
    throw new Error('the renderer is not built (no dist/renderer/engine.html); run `npm run build`');
  }
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(PACKAGE_DIR, { recursive: true });

  const { externals } = await bundleCli(join(PACKAGE_DIR, 'cli'));
  for (const file of engineFiles(RENDERER)) {
    cpSync(join(RENDERER, file), join(PACKAGE_DIR, 'engine', file));
  }
  for (const file of USER_FILES) cpSync(join(ROOT, file), join(PACKAGE_DIR, file));

  const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const peers = Object.fromEntries(
    externals.map((name) => {
      const version = project.dependencies?.[name];
      if (!version)
        throw new Error(`the CLI keeps ${name} outside its bundle, but package.json does not depend on it`);
      return [name, version];
    }),
  );
  const manifest = {
    name: 'merrow',
    version: project.version,
    description:
      'Mermaid diagrams in your repository: export to SVG, PNG and PDF, check with file:line:col errors, convert Excalidraw drawings.',
    license: project.license,
    type: 'module',
    bin: { merrow: 'cli/merrow.js' },
    engines: { node: `>=${MINIMUM_NODE.package}` },
    keywords: ['mermaid', 'diagrams', 'cli', 'svg', 'excalidraw'],
    ...(Object.keys(peers).length
      ? {
          peerDependencies: peers,
          peerDependenciesMeta: Object.fromEntries(
            Object.keys(peers).map((name) => [name, { optional: true }]),
          ),
        }
      : {}),
  };
  writeFileSync(join(PACKAGE_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(PACKAGE_DIR, 'README.md'), packageReadme(readFileSync(join(ROOT, 'README.md'), 'utf8')));
}

/** The package's README: the project README's title, first paragraph and README_SECTIONS. */
export function packageReadme(readme: string): string {
  const [head = '', ...sections] = readme.split(/^(?=## )/m);
  const intro = head.split(/\n\n/).slice(0, 2).join('\n\n');
  const picked = README_SECTIONS.map((title) => {
    const section = sections.find((s) => s.startsWith(`## ${title}\n`));
    if (!section) throw new Error(`README.md has no "## ${title}" section for the package's README`);
    return section.trimEnd();
  });
  return `${[intro.trimEnd(), ...picked].join('\n\n')}\n`;
}

if (import.meta.main) {
  buildPackage().catch((error: unknown) => {
    process.stderr.write(`build:package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

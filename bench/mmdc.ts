import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The mermaid-cli release measured; pinned so that figures compare across runs. */
export const MMDC_VERSION = '12.2.0';
const ICON_PACKS = ['@iconify-json/logos', '@iconify-json/mdi'];

/**
 * Where mermaid-cli is installed: a cache folder outside the project, so that it never becomes a
 * dependency of Merrow.
 */
export function mmdcCacheDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'merrow-bench', 'mmdc');
}

function installedVersion(dir: string): string | undefined {
  try {
    const pkg = JSON.parse(
      readFileSync(join(dir, 'node_modules/@mermaid-js/mermaid-cli/package.json'), 'utf8'),
    );
    return pkg.version as string;
  } catch {
    return undefined;
  }
}

/**
 * Installs mermaid-cli (without its browser download) and the same icon packs Merrow bundles into
 * the cache folder, unless already there. Returns the path of its CLI script.
 */
export function ensureMmdc(projectRoot: string, log: (line: string) => void): string {
  const dir = mmdcCacheDir();
  const cli = join(dir, 'node_modules/@mermaid-js/mermaid-cli/src/cli.js');
  const iconsInstalled = ICON_PACKS.every((p) => existsSync(join(dir, 'node_modules', p, 'icons.json')));
  if (installedVersion(dir) === MMDC_VERSION && iconsInstalled) return cli;
  const deps = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).dependencies as Record<
    string,
    string
  >;
  const packages = [`@mermaid-js/mermaid-cli@${MMDC_VERSION}`, ...ICON_PACKS.map((p) => `${p}@${deps[p]}`)];
  log(`installing ${packages.join(' ')} into ${dir} ...`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json')))
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...packages], {
    cwd: dir,
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROME_DOWNLOAD: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (installedVersion(dir) !== MMDC_VERSION)
    throw new Error(`mermaid-cli ${MMDC_VERSION} did not install into ${dir}`);
  return cli;
}

/** Writes the puppeteer config that points mermaid-cli at the benchmark's browser. */
export function writePuppeteerConfig(file: string, browser: string): void {
  const config = { executablePath: browser, args: ['--no-sandbox', '--disable-gpu'] };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/** Arguments shared by every mmdc call: the browser config, the bundled icon packs, quiet output. */
export function mmdcArgs(cli: string, puppeteerConfig: string, input: string, output: string): string[] {
  return [cli, '-p', puppeteerConfig, '-i', input, '-o', output, '-q', '--iconPacks', ...ICON_PACKS];
}

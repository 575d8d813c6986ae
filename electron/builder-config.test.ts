import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  directories: { output: string; buildResources: string };
  files: string[];
  fileAssociations: { ext: string | string[]; name: string; role: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  mac: { target: Target[] };
  win: { target: Target[] };
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

// electron-builder's own schema, checked with the ajv it depends on itself.
const requireFromBuilder = createRequire(
  createRequire(import.meta.url).resolve('app-builder-lib/package.json'),
);
const schemaPath = join(dirname(requireFromBuilder.resolve('./package.json')), 'scheme.json');
const Ajv = requireFromBuilder('ajv').default as new (
  options: object,
) => {
  compile(
    schema: object,
  ): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] };
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(schemaPath, 'utf8')),
);

function schemaErrors(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's JSON schema", () => {
    expect(schemaErrors(config)).toEqual([]);
  });

  it('would be caught by the schema check if an option were misspelled', () => {
    expect(schemaErrors({ ...config, electronFuses: { runAsNod: false } })).not.toEqual([]);
    expect(
      schemaErrors({ ...config, fileAssociations: [{ ext: 'mmd', role: 'Editor', openWith: 'x' }] }),
    ).not.toEqual([]);
  });

  it('names the app and packs it in an asar archive', () => {
    expect(config).toMatchObject({ appId: 'dev.merrow.app', productName: 'Merrow', asar: true });
  });

  it('opens .mmd and .mermaid as their editor, and .excalidraw for import', () => {
    const byExt = new Map<string, BuilderConfig['fileAssociations'][number]>();
    for (const assoc of config.fileAssociations) {
      for (const ext of [assoc.ext].flat()) byExt.set(ext, assoc);
    }
    expect(byExt.get('mmd')).toMatchObject({ role: 'Editor', name: 'Mermaid Diagram' });
    expect(byExt.get('mermaid')).toBe(byExt.get('mmd'));
    expect(byExt.get('excalidraw')).toMatchObject({ name: 'Excalidraw Drawing', role: 'Viewer' });
  });

  it('flips the fuses the Electron security checklist recommends', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, dmg for Intel and Apple silicon, and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('packs the built main process, renderer and the CLI sources the app runs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.js');
    for (const pattern of ['package.json', 'dist/electron/**', 'dist/renderer/**', 'node/**', 'shared/**']) {
      expect(config.files).toContain(pattern);
    }
  });

  it('leaves out only packages that no main-process or CLI source imports', () => {
    const excluded = config.files
      .filter((f) => f.startsWith('!node_modules/'))
      .map((f) => f.slice('!node_modules/'.length).replace(/\/\*\*$/, ''));
    expect(excluded.length).toBeGreaterThan(0);
    const sources = ['node', 'shared', 'electron'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.(ts|cjs|mjs|js)$/.test(f) && !/\.test\.ts$|fake-|test-/.test(f))
        .map((f) => join(root, dir, f)),
    );
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const spec of text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)'([^'.][^']*)'/g)) {
        const name = spec[1]!;
        const hit = excluded.find((pkg) =>
          pkg.endsWith('/') ? name.startsWith(pkg) : name === pkg || name.startsWith(`${pkg}/`),
        );
        expect(hit, `${file} imports ${name}, which electron-builder.yml leaves out`).toBeUndefined();
      }
    }
  });

  it('has a 512×512 icon for electron-builder to derive the platform icons from', () => {
    const icon = PNG.sync.read(readFileSync(join(root, config.directories.buildResources, 'icon.png')));
    expect([icon.width, icon.height]).toEqual([512, 512]);
    expect(config.linux.icon).toBe('build/icon.png');
  });
});

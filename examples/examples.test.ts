import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromSvg } from '../shared/mermaid/embed.ts';
import { fontConfigFile, TWO_MACHINES } from '../test/font-config.ts';
import { engineAssets } from '../test/support/test-assets.ts';

const EXAMPLES = import.meta.dirname;
const DIAGRAMS = join(EXAMPLES, 'diagrams');
const CLI = resolve(EXAMPLES, '../node/cli/merrow.ts');
const diagrams = readdirSync(DIAGRAMS).filter((name) => name.endsWith('.mmd'));

let env: NodeJS.ProcessEnv;
let fresh: string;
/** Each simulated machine's FONTCONFIG_FILE: different fonts and rendering settings, no CJK font. */
let machines: string[];

function merrow(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: EXAMPLES, env, encoding: 'utf8' });
}

/** `merrow export diagrams` on one of the machines, into a new folder; resolves to that folder. */
async function exportOn(machine: string, format: 'svg' | 'png'): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `merrow-examples-${format}-`));
  await promisify(execFile)(
    process.execPath,
    [CLI, 'export', 'diagrams', '-f', format, '-o', out, '-j', '1', '-q'],
    {
      cwd: EXAMPLES,
      env: { ...env, FONTCONFIG_FILE: machine },
    },
  );
  return out;
}

function sameFiles(a: string, b: string): void {
  const names = readdirSync(a).sort();
  expect(names.length).toBe(diagrams.length);
  expect(readdirSync(b).sort()).toEqual(names);
  for (const name of names)
    expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);
}

beforeAll(async () => {
  env = { ...process.env, MERROW_ENGINE_ASSETS: await engineAssets() };
  machines = TWO_MACHINES.map(fontConfigFile);
  fresh = await exportOn(machines[0]!, 'svg');
}, 240_000);

afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe('examples/', () => {
  it('holds several diagram types', () => {
    const kinds = new Set(
      diagrams.map((name) => {
        const body = readFileSync(join(DIAGRAMS, name), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
        return body.trim().split(/\s/)[0];
      }),
    );
    expect([...kinds]).toEqual(
      expect.arrayContaining(['flowchart', 'sequenceDiagram', 'architecture-beta', 'stateDiagram-v2']),
    );
  });

  it('passes merrow check', () => {
    const run = merrow(['check', '.']);
    expect(run.stdout).not.toMatch(/:\d+:\d+:/);
    expect(run.status).toBe(0);
  });

  it.each(diagrams)('%s has an SVG beside it exported from its current text', (name) => {
    const svg = readFileSync(join(DIAGRAMS, name.replace(/\.mmd$/, '.svg')), 'utf8');
    expect(readSourceFromSvg(svg)).toBe(readFileSync(join(DIAGRAMS, name), 'utf8'));
  });

  it.each(diagrams)('%s: the committed SVG is byte for byte a fresh export', (name) => {
    const svgName = name.replace(/\.mmd$/, '.svg');
    // Rendered with the bundled fonts, so it does not matter which fonts exported either of them.
    expect(readFileSync(join(fresh, svgName), 'utf8')).toBe(readFileSync(join(DIAGRAMS, svgName), 'utf8'));
  });

  // Over 20 s: three more exports of the folder (each a browser of its own), side by side, one page
  // each. This is the promise that CI can compare `merrow export` output byte for byte whatever
  // fonts its machine has.
  it('exports the same SVG and PNG bytes on two machines with different fonts and no CJK font', async () => {
    const [svgOnB, pngOnA, pngOnB] = await Promise.all([
      exportOn(machines[1]!, 'svg'),
      exportOn(machines[0]!, 'png'),
      exportOn(machines[1]!, 'png'),
    ]);
    try {
      sameFiles(fresh, svgOnB);
      sameFiles(pngOnA, pngOnB);
    } finally {
      for (const dir of [svgOnB, pngOnA, pngOnB]) rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

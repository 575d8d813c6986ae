import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromSvg } from '../shared/mermaid/embed.ts';
import { engineAssets } from '../test/support/test-assets.ts';

const EXAMPLES = import.meta.dirname;
const DIAGRAMS = join(EXAMPLES, 'diagrams');
const CLI = resolve(EXAMPLES, '../node/cli/merrow.ts');
const diagrams = readdirSync(DIAGRAMS).filter((name) => name.endsWith('.mmd'));

let env: NodeJS.ProcessEnv;
let fresh: string;

function merrow(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: EXAMPLES, env, encoding: 'utf8' });
}

/** The SVG's structure and text with every number taken out: what must not depend on font metrics. */
function shape(svg: string): string {
  return svg.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, '#');
}

beforeAll(async () => {
  env = { ...process.env, MERROW_ENGINE_ASSETS: await engineAssets() };
  fresh = mkdtempSync(join(tmpdir(), 'merrow-examples-'));
  const run = merrow(['export', 'diagrams', '-o', fresh, '--quiet']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
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

  it.each(diagrams)('%s: the committed SVG matches a fresh export', (name) => {
    const svgName = name.replace(/\.mmd$/, '.svg');
    const committed = readFileSync(join(DIAGRAMS, svgName), 'utf8');
    const exported = readFileSync(join(fresh, svgName), 'utf8');
    // Byte for byte on the machine that exported them; elsewhere other fonts move coordinates, so
    // the structure and every text must still match.
    expect(shape(exported)).toBe(shape(committed));
  });
});

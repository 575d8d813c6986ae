import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge } from '../../shared/layout/request.ts';
import { runCli } from '../../test/support/run-cli.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { createEngine, type Engine } from '../engine/index.ts';

const work = mkdtempSync(join(tmpdir(), 'merrow-layout-'));
const FLOW =
  'flowchart TD\n  a[Start] --> b[Left]\n  a --> c[Middle]\n  a --> d[Right]\n  b --> e[End]\n  c --> e\n  d --> e\n';
let assets: string;
let engine: Engine;

beforeAll(async () => {
  assets = await engineAssets();
  engine = createEngine({ jobs: 1, assetsDir: assets });
}, 180_000);
afterAll(async () => {
  await engine.close();
  rmSync(work, { recursive: true, force: true });
});

const layout = (...args: string[]) => runCli(work, ['layout', ...args], { MERROW_ENGINE_ASSETS: assets });

describe('merrow layout', () => {
  it('writes the smallest edit that puts the node there, and the real layout agrees', async () => {
    writeFileSync(join(work, 'flow.mmd'), FLOW);
    const run = await layout('flow.mmd', '--move', 'd', '--left-of', 'b', '--write');
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^flow\.mmd: moved line 4 before line 2 \(2 lines changed\); written\n$/);
    const text = readFileSync(join(work, 'flow.mmd'), 'utf8');
    expect(text).toBe(
      'flowchart TD\n  a --> d[Right]\n  a[Start] --> b[Left]\n  a --> c[Middle]\n  b --> e[End]\n  c --> e\n  d --> e\n',
    );
    const drawn = await engine.probeLayout({ text });
    expect(drawn.ok && judge({ node: 'd', kind: 'left-of', other: 'b' }, drawn)).toEqual({ ok: true });
  });

  it('prints the edit without touching the file, and says when nothing gets there', async () => {
    writeFileSync(join(work, 'flow.mmd'), FLOW);
    const moved = await layout('flow.mmd', '--move', 'b', '--below', 'c');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toBe(`${FLOW}  c ~~~ b\n`);
    expect(moved.stderr).toBe('flow.mmd: added the invisible link c ~~~ b (1 line changed)\n');
    // Along a rank, order can change but not the rank itself.
    const refused = await layout('flow.mmd', '--move', 'e', '--left-of', 'a', '--write');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(
      /^flow\.mmd: no edit puts e left of a: \d+ edits tried, and in the nearest e is not in a's rank\n$/,
    );
    expect(readFileSync(join(work, 'flow.mmd'), 'utf8')).toBe(FLOW);
  });

  it('rejects a request it cannot read with exit status 2, before starting a browser', async () => {
    writeFileSync(join(work, 'flow.mmd'), FLOW);
    const none = await layout('flow.mmd', '--move', 'a');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^merrow layout: say where, with one of --left-of/);
    const two = await layout('flow.mmd', '--move', 'a', '--left-of', 'b', '--above', 'c');
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^merrow layout: say one place, not --left-of and --above/);
    expect((await layout('-', '--move', 'a', '--left-of', 'b', '--write')).code).toBe(2);
  });

  it('moves a state along its rank in a state diagram, and says why it cannot change its rank', async () => {
    const states = [
      'stateDiagram-v2',
      '  [*] --> Idle',
      '  Idle --> Running : start',
      '  Running --> Paused : pause',
      '  Running --> Done : finish',
      '  Paused --> Running : resume',
      '  state Running {',
      '    Fetch --> Parse',
      '  }',
      '  Done --> [*]',
      '',
    ].join('\n');
    writeFileSync(join(work, 'states.mmd'), states);
    const before = await engine.probeLayout({ text: states });
    // Paused is drawn left of Done, as first mentioned; the request is the other way round.
    expect(before.ok && judge({ node: 'Done', kind: 'left-of', other: 'Paused' }, before).ok).toBe(false);
    const run = await layout('states.mmd', '--move', 'Done', '--left-of', 'Paused', '--write');
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe('states.mmd: moved line 5 before line 4 (2 lines changed); written\n');
    const text = readFileSync(join(work, 'states.mmd'), 'utf8');
    const drawn = await engine.probeLayout({ text });
    expect(drawn.ok && judge({ node: 'Done', kind: 'left-of', other: 'Paused' }, drawn)).toEqual({
      ok: true,
    });
    // The same states and transitions, in another order.
    expect(drawn.ok && before.ok && drawn.graph.edges.length).toBe(before.ok && before.graph.edges.length);

    const rank = await layout('states.mmd', '--move', 'Idle', '--below', 'Done');
    expect(rank).toMatchObject({ code: 1, stdout: '' });
    expect(rank.stderr).toBe(
      "states.mmd: a state diagram has no invisible links to change a state's rank: Idle can move only along its rank\n",
    );
    const into = await layout('states.mmd', '--move', 'Done', '--into', 'Running');
    expect(into.code).toBe(1);
    expect(into.stderr).toMatch(/^states\.mmd: moving Done into Running would change the state diagram/);
    expect(readFileSync(join(work, 'states.mmd'), 'utf8')).toBe(text);
  });

  it('moves a class along its rank in a class diagram', async () => {
    const classes = [
      'classDiagram',
      '  class Animal {',
      '    +String name',
      '  }',
      '  Animal <|-- Dog',
      '  Animal <|-- Cat',
      '  Animal <|-- Bird',
      '  Dog : +bark()',
      '',
    ].join('\n');
    writeFileSync(join(work, 'classes.mmd'), classes);
    const request = { node: 'Bird', kind: 'left-of', other: 'Cat' } as const;
    const before = await engine.probeLayout({ text: classes });
    expect(before.ok && judge(request, before).ok).toBe(false);
    const run = await layout('classes.mmd', '--move', 'Bird', '--left-of', 'Cat');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('classes.mmd: moved line 7 before line 6 (2 lines changed)\n');
    const drawn = await engine.probeLayout({ text: run.stdout });
    expect(drawn.ok && judge(request, drawn)).toEqual({ ok: true });
    const rank = await layout('classes.mmd', '--move', 'Dog', '--above', 'Animal');
    expect(rank.code).toBe(1);
    expect(rank.stderr).toMatch(/a class diagram has no invisible links to change a class's rank/);
  });
});

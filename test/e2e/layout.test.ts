import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorValue, type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const FLOW = `flowchart TD
    a[Start] --> b[Left]
    a --> c[Middle]
    a --> d[Right]
    b --> e[End]
    c --> e
    d --> e
`;

const PIPELINE = `flowchart LR
    subgraph ci [Continuous integration]
        build[Build] --> test[Run tests]
    end
    subgraph cd [Deployment]
        stage[Deploy to staging] --> prod[Deploy to production]
    end
    test --> stage
`;

const STATES = `stateDiagram-v2
    [*] --> Idle
    Idle --> Running : start
    Running --> Paused : pause
    Running --> Done : finish
    Paused --> Running : resume
    Done --> [*]
`;

const CLASSES = `classDiagram
    class Animal {
        +String name
    }
    Animal <|-- Dog
    Animal <|-- Cat
    Animal <|-- Bird
`;

type Side = 'left' | 'right' | 'above' | 'below';

describe('drag to place, and the layout panel, in the app served by merrow serve', () => {
  let app: ServedFolder;
  let folder: string;
  let server: ServeProcess;
  let page: Page;
  let frame: Frame;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `layout-${name}.png`) });
  const editorText = () => editorValue(page);
  /** Opens a file and waits until the preview shows its current text. */
  const show = async (path: string) => {
    await page.evaluate((p) => window.merrowApp.workspace.open(p), path);
    await page.waitForFunction(
      (p) => {
        const { live, workspace } = window.merrowApp;
        const model = workspace.model(p);
        return live.state.get().status === 'ok' && live.renderedVersion === model?.getAlternativeVersionId();
      },
      path,
      { timeout: 60_000 },
    );
  };
  /** A flowchart node's box on the page (or a state's, with `kind` 'state'). */
  const nodeBox = async (id: string, kind = 'flowchart') => {
    const box = await frame.locator(`svg g.node[id^="merrow-${kind}-${id}-"]`).boundingBox();
    if (!box) throw new Error(`node ${id} is not on screen`);
    return box;
  };
  /** Drags node `id` with real pointer events and drops it beside node `other`. */
  const drag = async (id: string, other: string, side: Side, kind = 'flowchart') => {
    const from = await nodeBox(id, kind);
    const to = await nodeBox(other, kind);
    const target = {
      left: { x: to.x - 10, y: to.y + to.height / 2 },
      right: { x: to.x + to.width + 10, y: to.y + to.height / 2 },
      above: { x: to.x + to.width / 2, y: to.y - 10 },
      below: { x: to.x + to.width / 2, y: to.y + to.height + 10 },
    }[side];
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(
        start.x + ((target.x - start.x) * i) / 12,
        start.y + ((target.y - start.y) * i) / 12,
      );
    }
  };
  const drop = async () => {
    await page.mouse.up();
    const status = await page.waitForSelector(
      '[data-testid="layout-status"]:is([data-phase="moved"], [data-phase="refused"])',
      { timeout: 60_000 },
    );
    return { phase: await status.getAttribute('data-phase'), text: (await status.textContent()) ?? '' };
  };

  beforeAll(async () => {
    app = await serveFolder('e2e-layout', {
      'flow.mmd': FLOW,
      'pipeline.mmd': PIPELINE,
      'states.mmd': STATES,
      'classes.mmd': CLASSES,
    });
    ({ folder, server, page } = app);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-flow.mmd"]');
    const handle = await page.waitForSelector('[data-testid="preview-frame"]');
    frame = (await handle.contentFrame())!;
  }, 180_000);

  afterAll(() => app?.close());

  it('moves a dragged node by one undoable edit, highlighted, and the preview shows it', async () => {
    await show('flow.mmd');
    await drag('d', 'b', 'left');
    await page.waitForSelector('[data-testid="layout-status"][data-phase="dragging"]');
    expect(await frame.textContent('[data-testid="drop-label"]')).toBe('left of b');
    await shot('1-dragging');
    const result = await drop();
    expect(result).toEqual({ phase: 'moved', text: 'Moved d left of b: moved line 4 before line 2.×' });
    expect(await editorText()).toBe(
      FLOW.replace('    a --> d[Right]\n', '').replace('    a[Start]', '    a --> d[Right]\n    a[Start]'),
    );
    expect(await page.locator('.merrow-layout-changed').count()).toBe(1);
    // The preview shows the new order: d left of b.
    const [d, b] = [await nodeBox('d'), await nodeBox('b')];
    expect(d.x + d.width).toBeLessThan(b.x);
    await shot('2-moved');
    // One undo takes the whole move back.
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+z');
    expect(await editorText()).toBe(FLOW);
  });

  it('moves a state of a state diagram along its rank, and says why not across ranks', async () => {
    await show('states.mmd');
    const [paused, done] = [await nodeBox('Paused', 'state'), await nodeBox('Done', 'state')];
    expect(paused.x + paused.width).toBeLessThan(done.x);
    await drag('Done', 'Paused', 'left', 'state');
    await page.waitForSelector('[data-testid="layout-status"][data-phase="dragging"]');
    expect(await frame.textContent('[data-testid="drop-label"]')).toBe('left of Paused');
    expect(await drop()).toEqual({
      phase: 'moved',
      text: 'Moved Done left of Paused: moved line 5 before line 4.×',
    });
    expect(await editorText()).toBe(
      STATES.replace('    Running --> Done : finish\n', '').replace(
        '    Running --> Paused',
        '    Running --> Done : finish\n    Running --> Paused',
      ),
    );
    const [paused2, done2] = [await nodeBox('Paused', 'state'), await nodeBox('Done', 'state')];
    expect(done2.x + done2.width).toBeLessThan(paused2.x);
    await shot('3-state-moved');
    // A state diagram has no invisible links: a state cannot change rank.
    const moved = await editorText();
    await drag('Idle', 'Done', 'below', 'state');
    expect(await drop()).toMatchObject({ phase: 'refused' });
    expect(await page.textContent('[data-testid="layout-status"]')).toContain('no invisible links');
    expect(await editorText()).toBe(moved);
  });

  it('moves a class of a class diagram along its rank', async () => {
    await show('classes.mmd');
    await drag('Bird', 'Cat', 'left', 'classId');
    expect(await drop()).toEqual({
      phase: 'moved',
      text: 'Moved Bird left of Cat: moved line 7 before line 6.×',
    });
    const [bird, cat] = [await nodeBox('Bird', 'classId'), await nodeBox('Cat', 'classId')];
    expect(bird.x + bird.width).toBeLessThan(cat.x);
    await shot('4-class-moved');
  });

  it('says so and changes nothing when no edit gets the node there', async () => {
    await show('flow.mmd');
    // The end node cannot join the first rank: along a rank only the order can change.
    await drag('e', 'a', 'left');
    const result = await drop();
    expect(result.phase).toBe('refused');
    expect(result.text).toMatch(/^Nothing gets e left of a: .*The text is unchanged\.×$/);
    expect(await editorText()).toBe(FLOW);
    await shot('3-refused');
  });

  it('moves a node into another subgraph', async () => {
    await show('pipeline.mmd');
    const frameBox = await frame.locator('svg g.cluster[id="merrow-ci"] > rect').boundingBox();
    const from = await nodeBox('stage');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    const inside = { x: frameBox!.x + frameBox!.width / 2, y: frameBox!.y + frameBox!.height - 8 };
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(
        from.x + from.width / 2 + ((inside.x - from.x - from.width / 2) * i) / 10,
        from.y + from.height / 2 + ((inside.y - from.y - from.height / 2) * i) / 10,
      );
    }
    expect(await frame.textContent('[data-testid="drop-label"]')).toBe('into ci');
    const result = await drop();
    expect(result.phase).toBe('moved');
    expect(result.text).toMatch(/^Moved stage into subgraph ci: /);
    const moved = await page.evaluate(() => window.merrowApp.live.editor!.getValue());
    const ci = /subgraph ci[\s\S]*?\n {4}end/.exec(moved)![0];
    expect(ci).toMatch(/\bstage\b/);
  });

  it('writes the layout panel’s settings into the frontmatter, or into merrow.config.json when chosen', async () => {
    await show('flow.mmd');
    await page.click('[data-testid="layout-panel-toggle"]');
    await page.selectOption('[data-testid="layout-flowchart.curve"]', 'step');
    await page.waitForFunction(() => window.merrowApp.live.editor?.getValue().startsWith('---'));
    expect(await editorText()).toBe(`---\nconfig:\n  flowchart:\n    curve: step\n---\n${FLOW}`);
    await page.selectOption('[data-testid="layout-direction"]', 'LR');
    await show('flow.mmd');
    expect((await editorText()).split('\n')[5]).toBe('flowchart LR');
    await shot('4-panel');
    await page.check('[data-testid="layout-target-folder"]');
    await page.check('[data-testid="layout-elk.forceNodeModelOrder"]');
    const written = () => {
      try {
        return JSON.parse(readFileSync(join(folder, 'merrow.config.json'), 'utf8'));
      } catch {
        return null;
      }
    };
    await expect.poll(written, { timeout: 20_000 }).toMatchObject({ elk: { forceNodeModelOrder: true } });
    // The frontmatter keeps only what was set there.
    expect(await editorText()).not.toMatch(/forceNodeModelOrder/);
  });

  it('shows a state diagram’s settings in the layout panel and writes its direction statement', async () => {
    await show('states.mmd');
    if (!(await page.isVisible('[data-testid="layout-panel"]')))
      await page.click('[data-testid="layout-panel-toggle"]');
    await page.waitForSelector('[data-testid="layout-state.nodeSpacing"]');
    // The last drop was in another file: its banner went when that file was left.
    expect(await page.locator('[data-testid="layout-status"]').count()).toBe(0);
    expect(await page.locator('[data-testid="layout-flowchart.curve"]').count()).toBe(0);
    const before = await editorText();
    await page.selectOption('[data-testid="layout-direction"]', 'LR');
    await show('states.mmd');
    expect(await editorText()).toBe(
      before.replace('stateDiagram-v2\n', 'stateDiagram-v2\n    direction LR\n'),
    );
    await shot('5-state-panel');
  });
});

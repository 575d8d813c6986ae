import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openFromTree,
  paletteItems,
  type ServedFolder,
  SHOTS,
  serveFolder,
  waitUntilShown,
} from './serve-process.ts';

const FLOW = 'flowchart TD\n    a[Start] --> b[test the build]\n    b --> c{is it done}\n';
/** Files whose tabs cannot all fit in an 800 px window's editor column. */
const MANY = [
  'first-service-overview.mmd',
  'second-service-overview.mmd',
  'third-service-overview.mmd',
  'fourth-service-overview.mmd',
  'fifth-service-overview.mmd',
  'sixth-service-overview.mmd',
];
const LINES = Array.from({ length: 80 }, (_, i) => `    n${i} --> n${i + 1}`).join('\n');

/** The tokens of each line as Monaco's own tokenizer reads them: [text, type without the language]. */
async function tokenize(page: Page, text: string): Promise<[string, string][][]> {
  return page.evaluate((text) => {
    const lines = text.split('\n');
    return window.merrowApp.monaco.editor
      .tokenize(text, 'mermaid')
      .map((tokens, row) =>
        tokens.map((token, i): [string, string] => [
          lines[row]!.slice(token.offset, tokens[i + 1]?.offset ?? lines[row]!.length),
          token.type.replace(/\.mermaid$/, ''),
        ]),
      );
  }, text);
}

/** The type of the token where `word` starts on a tokenized line (undefined when it is not there). */
function typeOf(line: [string, string][], word: string): string | undefined {
  const at = line
    .map(([text]) => text)
    .join('')
    .indexOf(word);
  if (at < 0) return undefined;
  let end = 0;
  for (const [text, type] of line) {
    end += text.length;
    if (at < end) return type;
  }
  return undefined;
}

/**
 * The third round of what a new user found trying `merrow serve`: at 800×600 the sidebar could not
 * be hidden, the tab strip's scrollbar ate its labels and hid tabs with no way to reach them, the
 * tabs' order and cursors were lost on a reload, and words in labels and messages were coloured as
 * keywords.
 */
describe('the third round of UX fixes, served by merrow serve', () => {
  let app: ServedFolder;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `ux3-${name}.png`) });
  const shown = (path: string) => waitUntilShown(page, path);
  const editorWidth = () =>
    page.evaluate(() => document.querySelector('[data-testid="editor"]')!.getBoundingClientRect().width);
  const hidden = () =>
    page.evaluate(() => document.querySelector('[data-testid="sidebar"]')?.getAttribute('data-hidden'));
  const tabOrder = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="tab-bar"] [role="tab"]')].map((t) =>
        t.getAttribute('data-testid')!.slice('tab-'.length),
      ),
    );
  const start = async () => {
    await page.waitForSelector('[data-testid="tree-item-flow.mmd"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', { timeout: 60_000 });
  };

  beforeAll(async () => {
    app = await serveFolder(
      'e2e-ux-round3',
      {
        'flow.mmd': FLOW,
        'long.mmd': `flowchart TD\n${LINES}\n`,
        ...Object.fromEntries(MANY.map((path) => [path, 'flowchart LR\n    one --> two\n'])),
      },
      { viewport: { width: 800, height: 600 } },
    );
    page = app.page;
    await page.goto(app.server.url);
    await start();
  }, 180_000);

  afterAll(() => app?.close());

  it('hides the sidebar from the active view’s icon and with Ctrl+B, and remembers it', async () => {
    await openFromTree(page, 'flow.mmd');
    await shown('flow.mmd');
    const narrow = await editorWidth();
    await shot('sidebar-shown-800');

    // The Files icon of the Files view shown hides the sidebar; the editor takes the room.
    await page.click('[data-testid="view-files"]');
    expect(await page.isVisible('[data-testid="tree-item-flow.mmd"]')).toBe(false);
    expect(await editorWidth()).toBeGreaterThan(narrow + 60);
    expect(await hidden()).toBe('true');
    expect(await page.getAttribute('[data-testid="view-files"]', 'aria-pressed')).toBe('false');
    await shot('sidebar-hidden-800');

    // Another click shows it again; Ctrl+B, from the editor too, hides and shows it.
    await page.click('[data-testid="view-files"]');
    expect(await hidden()).toBe('false');
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+b');
    expect(await hidden()).toBe('true');
    // Source Control's icon shows the sidebar with its view.
    await page.click('[data-testid="view-changes"]');
    expect(await hidden()).toBe('false');
    expect(await page.getAttribute('[data-testid="view-changes"]', 'aria-pressed')).toBe('true');
    await page.click('[data-testid="view-changes"]');
    expect(await hidden()).toBe('true');

    // The command is in the palette and in the shortcuts list with its key.
    const items = () => paletteItems(page);
    await page.keyboard.press('F1');
    await page.waitForSelector('[data-testid="palette-input"]');
    expect((await items())['Toggle Sidebar']).toBe('Ctrl+B');
    await page.fill('[data-testid="palette-input"]', 'keyboard shortcuts');
    await page.click('[data-testid="palette-item-help.keyboardShortcuts"]');
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="palette-input"]')
        ?.getAttribute('placeholder')
        ?.startsWith('Keyboard'),
    );
    expect((await items())['Toggle Sidebar']).toBe('Ctrl+B');
    await page.fill('[data-testid="palette-input"]', 'toggle sidebar');
    await page.click('[data-testid="palette-item-view.toggleSidebar"]');
    expect(await hidden()).toBe('false');

    // Hidden, it stays hidden after a reload.
    await page.keyboard.press('Control+b');
    expect(await hidden()).toBe('true');
    await page.reload();
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', { timeout: 60_000 });
    expect(await hidden()).toBe('true');
    await page.keyboard.press('Control+b');
    expect(await hidden()).toBe('false');
  });

  it('scrolls an overflowing tab strip with no scrollbar, by the wheel, and lists every tab in a menu', async () => {
    for (const path of MANY) await openFromTree(page, path);
    await shown(MANY.at(-1)!);
    const strip = () =>
      page.evaluate(() => {
        const bar = document.querySelector<HTMLElement>('[data-testid="tab-bar"]')!;
        const tab = bar.querySelector('[role="tab"]')!.getBoundingClientRect();
        return {
          scrollLeft: bar.scrollLeft,
          overflows: bar.scrollWidth > bar.clientWidth,
          // A scrollbar inside the strip takes its height from the tabs (where the system's
          // scrollbars take room; headless Chromium's may not, hence the style too).
          scrollbar:
            bar.offsetHeight -
            bar.clientHeight -
            Number.parseFloat(getComputedStyle(bar).borderTopWidth) -
            Number.parseFloat(getComputedStyle(bar).borderBottomWidth),
          scrollbarStyle: getComputedStyle(bar).scrollbarWidth,
          tabHeight: tab.height,
          stripHeight: bar.getBoundingClientRect().height,
        };
      });
    const before = await strip();
    expect(before.overflows).toBe(true);
    expect(before.scrollbar).toBe(0);
    expect(before.scrollbarStyle).toBe('none');
    expect(before.tabHeight).toBe(before.stripHeight);
    // The active (last) tab is in view.
    const inView = (path: string) =>
      page.evaluate((path) => {
        const bar = document.querySelector('[data-testid="tab-bar"]')!.getBoundingClientRect();
        const tab = document.querySelector(`[data-testid="tab-${path}"]`)!.getBoundingClientRect();
        return tab.left >= bar.left - 0.5 && tab.right <= bar.right + 0.5;
      }, path);
    expect(await inView(MANY.at(-1)!)).toBe(true);
    await shot('tabs-overflow-800');

    // The wheel scrolls it sideways.
    const box = (await page.locator('[data-testid="tab-bar"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -5000);
    const first = (await tabOrder())[0]!;
    await expect.poll(async () => (await strip()).scrollLeft).toBeLessThan(before.scrollLeft);
    await expect.poll(() => inView(first)).toBe(true);

    // The overflow button lists every tab; choosing a hidden one shows it and scrolls it into view.
    await page.mouse.wheel(0, 5000);
    await expect.poll(() => inView(first)).toBe(false);
    await page.click('[data-testid="tab-overflow"]');
    const listed = await page
      .locator('[data-testid="tab-menu"] [role="menuitem"] .tab-menu-name')
      .allTextContents();
    expect(listed).toEqual(await tabOrder());
    await shot('tabs-menu-800');
    await page.click(`[data-testid="tab-menu-${first}"]`);
    await shown(first);
    await page.waitForSelector('[data-testid="tab-menu"]', { state: 'detached' });
    await expect.poll(() => inView(first)).toBe(true);
    // Once the tabs fit again, the button goes.
    for (const path of await tabOrder())
      if (path !== MANY[0]) await page.evaluate((p) => window.merrowApp.workspace.close(p), path);
    await expect.poll(() => page.locator('[data-testid="tab-overflow"]').count()).toBe(0);
  });

  it('keeps the tabs’ order and each tab’s cursor and scroll after a reload', async () => {
    const edited = MANY[1]!;
    for (const path of ['long.mmd', edited, 'flow.mmd']) await openFromTree(page, path);
    await shown('flow.mmd');
    await page.evaluate(() => window.merrowApp.live.editor!.setPosition({ lineNumber: 3, column: 7 }));
    // Unsaved edits in a tab in the middle: its backup must not move it to the front.
    await page.click(`[data-testid="tab-${edited}"]`);
    await shown(edited);
    await page.evaluate(() => {
      const editor = window.merrowApp.live.editor!;
      editor.setPosition({ lineNumber: 2, column: 5 });
      editor.trigger('test', 'type', { text: 'x' });
      editor.setPosition({ lineNumber: 2, column: 9 });
    });
    await page.waitForSelector(`[data-testid="tab-${edited}"][data-dirty="true"]`);
    await page.click('[data-testid="tab-long.mmd"]');
    await shown('long.mmd');
    await page.evaluate(() => {
      const editor = window.merrowApp.live.editor!;
      editor.setPosition({ lineNumber: 60, column: 9 });
      editor.revealLineInCenter(60);
    });
    const where = () =>
      page.evaluate(() => {
        const editor = window.merrowApp.live.editor!;
        const { lineNumber, column } = editor.getPosition()!;
        return { lineNumber, column, scrollTop: Math.round(editor.getScrollTop()) };
      });
    const before = await where();
    expect(before.scrollTop).toBeGreaterThan(0);
    const order = await tabOrder();
    expect(order).toEqual([MANY[0], 'long.mmd', edited, 'flow.mmd']);
    await shot('cursor-before-reload-800');

    await page.reload();
    await start();
    await shown('long.mmd');
    await expect.poll(tabOrder).toEqual(order);
    await expect.poll(where).toEqual(before);
    await shot('cursor-after-reload-800');
    await page.click(`[data-testid="tab-${edited}"]`);
    await shown(edited);
    await expect.poll(where).toMatchObject({ lineNumber: 2, column: 9 });
    expect(await page.getAttribute(`[data-testid="tab-${edited}"]`, 'data-dirty')).toBe('true');
    await page.click('[data-testid="tab-flow.mmd"]');
    await shown('flow.mmd');
    await expect.poll(where).toMatchObject({ lineNumber: 3, column: 7 });
    await page.evaluate((p) => window.merrowApp.workspace.close(p, true), edited);
  });

  it('colours words in labels and messages as text, and keywords only where they are keywords', async () => {
    const [message, noteLine, after, flow, round, transition, start, shapes] = await tokenize(
      page,
      [
        '    Alice->>Bob: draw a line',
        '    Note right of Alice: test the line',
        '    loop Every minute',
        '    n1[test the build] --> n2[line]',
        '    n2(run the test) --> n3{is it done}',
        '    s1 --> s2 : done',
        '    [*] --> s1 : start',
        '    A([stadium]) --> B[[sub]] --> C((circle)) --> D{{hex}} --> E[(db)] --> F[/slant/]',
      ].join('\n'),
    );
    // The message after the colon is one label; the names and the arrow are what they were.
    expect(message).toEqual([
      ['    ', ''],
      ['Alice', 'identifier'],
      ['->>', 'operator.arrow'],
      ['Bob', 'identifier'],
      [':', 'delimiter'],
      [' draw a line', 'string.label'],
    ]);
    expect(typeOf(noteLine!, 'Note')).toBe('keyword');
    expect(typeOf(noteLine!, 'test the line')).toBe('string.label');
    // The next line reads as before: `loop` is a keyword again.
    expect(typeOf(after!, 'loop')).toBe('keyword');
    expect(flow!.filter(([, type]) => type === 'string.label').map(([text]) => text)).toEqual([
      'test the build',
      'line',
    ]);
    expect(flow!.some(([, type]) => type === 'keyword')).toBe(false);
    expect(typeOf(round!, 'run the test')).toBe('string.label');
    expect(typeOf(round!, 'is it done')).toBe('string.label');
    expect(typeOf(transition!, 'done')).toBe('string.label');
    expect(typeOf(start!, '[*]')).toBe('keyword.state');
    expect(typeOf(start!, 'start')).toBe('string.label');
    // Special shapes keep their delimiters.
    for (const delimiter of ['([', '])', '[[', ']]', '((', '))', '{{', '}}', '[(', ')]', '[/', '/]'])
      expect([delimiter, typeOf(shapes!, delimiter)]).toEqual([delimiter, 'delimiter.shape']);

    // Gantt, pie, class members, ER and frontmatter read as they did.
    const [, gantt] = await tokenize(page, 'gantt\n    Write the build :done, a1, 2024-01-01, 3d');
    expect(typeOf(gantt!, 'done')).toBe('keyword');
    expect(typeOf(gantt!, '3d')).toBe('number');
    expect(gantt!.some(([, type]) => type === 'string.label')).toBe(false);
    const [, pie] = await tokenize(page, 'pie\n    "Dogs" : 386');
    expect(pie).toEqual([
      ['    ', ''],
      ['"', 'string.quote'],
      ['Dogs', 'string'],
      ['"', 'string.quote'],
      [' ', ''],
      [':', 'delimiter'],
      [' ', ''],
      ['386', 'number'],
    ]);
    const klass = await tokenize(
      page,
      [
        'classDiagram',
        '    class BankAccount {',
        '        +setOwner(name: String) bool',
        '    }',
        '    BankAccount : +deposit(amount) bool',
        '    BankAccount <|-- Savings : extends',
      ].join('\n'),
    );
    expect(klass.flat().filter(([, type]) => type === 'string.label')).toEqual([
      [' extends', 'string.label'],
    ]);
    expect(typeOf(klass[2]!, 'name')).toBe('identifier');
    expect(typeOf(klass[4]!, 'amount')).toBe('identifier');
    const [, er] = await tokenize(page, 'erDiagram\n    CUSTOMER ||--o{ ORDER : places');
    expect(typeOf(er!, '||--o{')).toBe('operator.arrow');
    expect(typeOf(er!, 'places')).toBe('string.label');
    const front = await tokenize(page, '---\ntitle: draw a line\n---\nflowchart LR');
    expect(front[0]).toEqual([['---', 'meta.frontmatter']]);
    expect(typeOf(front[1]!, 'title')).toBe('type.yaml');
    expect(typeOf(front[3]!, 'flowchart')).toBe('keyword.declaration');
    // Numbers in brackets are data, not labels.
    const [, bars] = await tokenize(page, 'xychart-beta\n    bar [5000, 6000, 7500]');
    expect(typeOf(bars!, '5000')).toBe('number');
  });

  it('shows the same at 1400×900: the sidebar toggled, every tab listed, labels coloured as text', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.evaluate(() =>
      window.merrowApp.workspace.create(
        'sequence.mmd',
        'sequenceDiagram\n    Alice->>Bob: draw a line\n    Note right of Bob: test the line\n    loop Every minute\n        Bob-->>Alice: done\n    end\n',
      ),
    );
    await shown('sequence.mmd');
    for (const path of MANY) await openFromTree(page, path);
    await page.click('[data-testid="tab-sequence.mmd"]');
    await shown('sequence.mmd');
    await shot('sidebar-shown-1400');
    await page.keyboard.press('Control+b');
    expect(await hidden()).toBe('true');
    await shot('sidebar-hidden-1400');
    await page.keyboard.press('Control+b');
    await page.click('[data-testid="tab-flow.mmd"]');
    await shown('flow.mmd');
    if (await page.locator('[data-testid="tab-overflow"]').count()) {
      await page.click('[data-testid="tab-overflow"]');
      await shot('tabs-menu-1400');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="tab-menu"]', { state: 'detached' });
    }
  });
});

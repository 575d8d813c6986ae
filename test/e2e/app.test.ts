import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/serve/renderer-build.ts';
import { DIAGRAM_TYPES } from '../../renderer/language/diagram-types.ts';
import {
  E2E_BROWSER,
  editorValue,
  type ServedFolder,
  type ServeProcess,
  SHOTS,
  serveFolder,
  startServe,
} from './serve-process.ts';

describe('the app in a browser, served by merrow serve', () => {
  let app: ServedFolder;
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const waitForStatus = (status: string) =>
    page.waitForSelector(`[data-testid="preview-pane"][data-status="${status}"]`, { timeout: 20_000 });
  const editorText = () => editorValue(page);
  const cursorLine = () => page.evaluate(() => window.merrowApp.live.editor?.getPosition()?.lineNumber);
  const markers = () =>
    page.evaluate(() => {
      const { monaco, live } = window.merrowApp;
      const model = live.editor?.getModel();
      return model
        ? monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => m.startLineNumber)
        : [];
    });
  const previewFrame = async (): Promise<Frame> => {
    const handle = await page.waitForSelector('[data-testid="preview-frame"]');
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('no preview frame');
    return frame;
  };
  /** Opens `path` (already on disk) in the app and waits for the preview's verdict on it. */
  const showInApp = async (path: string) => {
    await page.evaluate((p) => window.merrowApp.workspace.open(p), path);
    await page.waitForFunction(
      (p) => {
        const { live, workspace } = window.merrowApp;
        const state = live.state.get();
        const model = workspace.model(p);
        return (
          state.path === p &&
          (state.status === 'ok' || state.status === 'error') &&
          live.renderedVersion === model?.getAlternativeVersionId()
        );
      },
      path,
      { timeout: 60_000 },
    );
    return page.evaluate((p) => {
      const { live } = window.merrowApp;
      const state = live.state.get();
      return { status: state.status, diagnostics: state.diagnostics, svg: live.svgOf(p) ?? '' };
    }, path);
  };
  const focusEditor = async () => {
    await page.click('[data-testid="editor"] .view-lines');
  };

  beforeAll(async () => {
    app = await serveFolder('e2e', { 'docs/existing.mmd': 'flowchart LR\n    a --> b\n' });
    ({ folder, state, server, browser, page } = app);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs/existing.mmd"]');
  }, 180_000);

  afterAll(() => app?.close());

  it('opens the folder and renders its first diagram in the isolated preview frame', async () => {
    await waitForStatus('ok');
    const frame = await previewFrame();
    // The frame comes from the other loopback name: another origin, so another renderer process.
    expect(new URL(frame.url()).hostname).toBe('localhost');
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
    expect(await frame.locator('svg g.node').count()).toBe(2);
    await shot('01-opened');
  });

  it('lists every command with the browser’s keys, and none that needs the desktop app', async () => {
    // The window's keys, not the preview frame's (a key pressed there stays in its own document).
    await page.getByTestId('status-bar').click();
    await page.keyboard.press('F1');
    const palette = page.getByTestId('palette');
    await palette.waitFor();
    try {
      const keys = (id: string) => page.getByTestId(`palette-item-${id}`).locator('kbd').textContent();
      expect(await keys('workbench.palette')).toBe('Ctrl+Shift+P');
      expect(await keys('file.newDiagram')).toBe('Alt+N');
      expect(await page.getByTestId('palette-item-folder.open').count()).toBe(0);
      expect(await page.getByTestId('palette-item-folder.openRecent').count()).toBe(0);
      // Escape dismisses it even when something took the focus from its input meanwhile (an
      // editor that finished loading late). The editor may still be loading on a busy machine.
      const editor = page.locator('[data-testid="editor"] textarea');
      await editor.waitFor({ state: 'attached' });
      await editor.evaluate((el) => (el as HTMLElement).focus());
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe(
        'palette-input',
      );
      await page.keyboard.press('Escape');
      await palette.waitFor({ state: 'detached' });
    } finally {
      // A failure above must not leave the palette over the app for the tests after it.
      if ((await palette.count()) > 0) await page.keyboard.press('Escape');
    }
  });

  it('creates a diagram from a template with the new-diagram picker', async () => {
    await page.click('[data-testid="new-diagram"]');
    await page.fill('[data-testid="palette-input"]', 'flowchart');
    await page.click('[data-testid="palette-item-new-flowchart"]');
    await page.fill('[data-testid="palette-input"]', 'docs/pipeline.mmd');
    await shot('02-new-diagram-name');
    await page.press('[data-testid="palette-input"]', 'Enter');
    await page.waitForSelector('[data-testid="tab-docs/pipeline.mmd"]');
    await waitForStatus('ok');
    expect(readFileSync(join(folder, 'docs/pipeline.mmd'), 'utf8')).toMatch(/^flowchart TD/);
    expect(await editorText()).toMatch(/^flowchart TD/);
    await shot('03-template');
  });

  it('renders what is typed', async () => {
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('done --> deploy[Deploy to prod]\n');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="tab-docs/pipeline.mmd"]')?.getAttribute('data-dirty') ===
        'true',
    );
    const frame = await previewFrame();
    await frame.waitForSelector('svg g.node[id*="flowchart-deploy-"]', { timeout: 20_000 });
    // Node shapes are brackets: the model must not colour them (a decoration per bracket, looked up
    // on every keystroke).
    const bracketColours = await page.evaluate(
      () =>
        window.merrowApp.live.editor
          ?.getModel()
          ?.getAllDecorations()
          .filter((d) => String(d.options.inlineClassName ?? '').startsWith('bracket-highlighting')).length,
    );
    expect(bracketColours).toBe(0);
    await shot('04-typed');
  });

  it('suggests the ids already in the file when typing pauses', async () => {
    await page.keyboard.type('st');
    const suggestion = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'start' });
    await suggestion.first().waitFor({ timeout: 10_000 });
    await shot('04b-suggestions');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    // Arrows the same way: once typing pauses after a dash (not on the dash, inside a burst).
    await page.keyboard.type('start -');
    const arrow = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: '-.->' });
    await arrow.first().waitFor({ timeout: 10_000 });
    await shot('04c-arrow-suggestions');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 'start -'.length; i++) await page.keyboard.press('Backspace');
    expect((await editorText()).split('\n').at(-1)).toBe('');
  });

  it('marks a mistake on its line, keeps the last good diagram dimmed, and clears when fixed', async () => {
    const before = (await editorText()).split('\n').length;
    // An unclosed bracket; Monaco would close it as the user types, so that is off for this line.
    await page.evaluate(() => window.merrowApp.live.editor?.updateOptions({ autoClosingBrackets: 'never' }));
    await page.keyboard.type('deploy --> [oops\n');
    await page.evaluate(() =>
      window.merrowApp.live.editor?.updateOptions({ autoClosingBrackets: 'languageDefined' }),
    );
    await waitForStatus('error');
    expect(await markers()).toEqual([before]);
    // In words, at the bracket; mermaid's own message one click away, without moving the cursor.
    const problem = page.locator('[data-testid="problem"]').first();
    const column = ((await editorText()).split('\n')[before - 1] ?? '').indexOf('[') + 1;
    expect(await problem.textContent()).toContain(
      `docs/pipeline.mmd:${before}:${column}: the '[' opened here is never closed; end the label with ']'`,
    );
    expect(await page.locator('[data-testid="problem-detail"]').count()).toBe(0);
    const cursor = await cursorLine();
    await problem.locator('[data-testid="problem-detail-toggle"]').click();
    expect(await page.textContent('[data-testid="problem-detail"]')).toMatch(/^mermaid: Expecting '/);
    expect(await cursorLine()).toBe(cursor);
    const frame = await previewFrame();
    expect(await frame.locator('#canvas.stale').count()).toBe(1);
    await shot('05-error');
    await problem.locator('[data-testid="problem-detail-toggle"]').click();
    expect(await page.locator('[data-testid="problem-detail"]').count()).toBe(0);
    await page.evaluate(() => window.merrowApp.live.editor?.focus());
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('deploy --> verify[Verify]');
    await waitForStatus('ok');
    await page.waitForFunction(() => {
      const { monaco, live } = window.merrowApp;
      const model = live.editor?.getModel();
      return model && monaco.editor.getModelMarkers({ resource: model.uri }).length === 0;
    });
    expect(await frame.locator('#canvas.stale').count()).toBe(0);
    await shot('06-fixed');
  });

  it('saves with Ctrl+S and the file on disk has the buffer', async () => {
    await page.keyboard.press('Control+s');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="tab-docs/pipeline.mmd"]')?.getAttribute('data-dirty') ===
        'false',
    );
    expect(readFileSync(join(folder, 'docs/pipeline.mmd'), 'utf8')).toBe(await editorText());
    expect(await editorText()).toContain('deploy --> verify[Verify]');
  });

  it('moves the cursor to a node clicked in the preview and highlights the node under the cursor', async () => {
    const frame = await previewFrame();
    // The shown diagram, not a render still under way in the frame's scratch area (a busy machine).
    await frame.locator('[data-testid="preview-stage"] svg g.node[id*="flowchart-fix-"]').click();
    const lines = (await editorText()).split('\n');
    const expected = lines.findIndex((l) => /\bfix\[/.test(l)) + 1;
    expect(await cursorLine()).toBe(expected);
    await frame.waitForSelector('svg g.node.merrow-highlight[id*="flowchart-fix-"]');
    await shot('07-clicked-node');
  });

  it('renames the file from the tree, keeping its tab', async () => {
    await page.hover('[data-testid="tree-item-docs/pipeline.mmd"]');
    await page.click('[data-testid="rename-docs/pipeline.mmd"]');
    await page.fill('[data-testid="tree-rename-input"]', 'release.mmd');
    await page.press('[data-testid="tree-rename-input"]', 'Enter');
    await page.waitForSelector('[data-testid="tab-docs/release.mmd"]');
    await page.waitForSelector('[data-testid="tree-item-docs/release.mmd"]');
    expect(readFileSync(join(folder, 'docs/release.mmd'), 'utf8')).toContain('deploy --> verify');
    expect(await page.locator('[data-testid="tab-docs/pipeline.mmd"]').count()).toBe(0);
    await shot('08-renamed');
  });

  it('reloads a clean buffer changed on disk', async () => {
    const changed = `${readFileSync(join(folder, 'docs/release.mmd'), 'utf8')}    verify --> celebrate((Celebrate))\n`;
    writeFileSync(join(folder, 'docs/release.mmd'), changed);
    await page.waitForFunction((text) => window.merrowApp.live.editor?.getValue() === text, changed, {
      timeout: 15_000,
    });
    const frame = await previewFrame();
    await frame.waitForSelector('svg g.node[id*="flowchart-celebrate-"]', { timeout: 20_000 });
    await shot('09-reloaded-from-disk');
  });

  it('shows a conflict when a dirty buffer changes on disk', async () => {
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('%% local edit\n');
    writeFileSync(join(folder, 'docs/release.mmd'), 'flowchart LR\n    other --> editor\n');
    await page.waitForSelector('[data-testid="conflict-bar"]', { timeout: 15_000 });
    await shot('10-conflict');
    await page.click('[data-testid="conflict-compare"]');
    await page.click('[data-testid="incoming-keep-mine"]');
    await page.waitForSelector('[data-testid="conflict-bar"]', { state: 'detached' });
    expect(readFileSync(join(folder, 'docs/release.mmd'), 'utf8')).toContain('%% local edit');
  });

  it('exports a PNG that decodes to the diagram', async () => {
    // Export refuses until the preview shows the buffer's text (the image carries it): on a busy
    // machine the render of the last test's typing may still be under way.
    await page.waitForFunction(
      () => {
        const { live, workspace } = window.merrowApp;
        const path = workspace.active.get();
        const model = path ? workspace.model(path) : undefined;
        return live.state.get().status === 'ok' && live.renderedVersion === model?.getAlternativeVersionId();
      },
      null,
      { timeout: 30_000 },
    );
    await page.click('[data-testid="export-menu"]');
    await page.click('[data-testid="export-png"]');
    await page.waitForSelector('[data-testid="status-notice"]:has-text("Exported docs/release.png")', {
      timeout: 20_000,
    });
    const png = PNG.sync.read(readFileSync(join(folder, 'docs/release.png')));
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(50);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(3);
  });

  it('exports in dark mode as merrow export draws the folder, and says why nothing is exported from a broken text', async () => {
    // The folder names no theme: the preview follows the app into mermaid's dark theme, the export
    // keeps the folder's (mermaid's default), as `merrow export` draws it.
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await page.click('[data-testid="export-menu"]');
      await page.click('[data-testid="export-svg"]');
      await page.waitForSelector('[data-testid="status-notice"]:has-text("Exported docs/release.svg")', {
        timeout: 30_000,
      });
      const svg = readFileSync(join(folder, 'docs/release.svg'), 'utf8');
      expect(svg).toContain('.node path{fill:#ffffff;stroke:#28253D'); // the default theme's nodes
      expect(svg).not.toContain('fill:#1f2020'); // the dark theme's
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    const before = await editorText();
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('    broken --> (\n');
    await page.click('[data-testid="export-menu"]');
    await page.click('[data-testid="export-png"]');
    await page.waitForSelector('[data-testid="status-notice"]:has-text("Nothing exported: line")', {
      timeout: 30_000,
    });
    await page.evaluate((text) => {
      const { workspace } = window.merrowApp;
      workspace.model(workspace.active.get()!)!.setValue(text);
    }, before);
  });

  it('restores every character typed when the server is killed mid-edit', async () => {
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('%% typed before the crash\n');
    await page.waitForTimeout(600);
    server.child.kill('SIGKILL');
    // Typing goes on while the machine side is gone.
    await page.keyboard.type('%% typed while the server was down\n');
    await page.waitForSelector('[data-testid="status-disconnected"]', { timeout: 15_000 });
    await shot('11-server-down');
    const typed = await editorText();
    expect(typed).toContain('typed while the server was down');
    server = app.server = await startServe(folder, { MERROW_STATE_DIR: state }, server.port);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tab-docs/release.mmd"][data-dirty="true"]', {
      timeout: 20_000,
    });
    await page.click('[data-testid="tab-docs/release.mmd"]');
    expect(await editorText()).toBe(typed);
    await shot('12-restored');
  });

  it('draws the same SVG in the preview as merrow export for the same file', async () => {
    const diagrams: Record<string, string> = {
      // No stadium or other sketched shape, and no class diagram: mermaid draws those with random
      // strokes (and numbers class ids per page), so two exports of the same file already differ.
      'same/flow.mmd': 'flowchart LR\n    a[Start] --> b{Ok?}\n    b -->|yes| c[(Done)]\n    b -.-> a\n',
      'same/sequence.mmd': 'sequenceDiagram\n    Alice->>Bob: Hello\n    Bob-->>Alice: Hi <br/> there\n',
      // Gantt fills the layout width: the preview lays out in the CLI's 800 px.
      'same/gantt.mmd':
        'gantt\n    title Plan\n    dateFormat YYYY-MM-DD\n    section Build\n    Design :a1, 2024-01-01, 5d\n    Code :after a1, 10d\n',
      'same/er.mmd': 'erDiagram\n    CUSTOMER ||--o{ ORDER : places\n    ORDER ||--|{ LINE : contains\n',
      'same/state.mmd':
        'stateDiagram-v2\n    [*] --> Still\n    Still --> Moving : push\n    Moving --> [*]\n',
      'same/pie.mmd': 'pie title Pets\n    "Dogs" : 386\n    "Cats" : 85\n',
    };
    mkdirSync(join(folder, 'same'), { recursive: true });
    for (const [path, text] of Object.entries(diagrams)) writeFileSync(join(folder, path), text);
    const out = mkdtempSync(join(tmpdir(), 'merrow-e2e-export-'));
    try {
      // Transparent: the app's copy has no background; the export's white one is an option, not the drawing.
      await promisify(execFile)(
        process.execPath,
        ['node/cli/merrow.ts', 'export', join(folder, 'same'), '-o', out, '-b', 'transparent', '-q'],
        { cwd: PROJECT_ROOT, env: { ...process.env, MERROW_BROWSER: E2E_BROWSER } },
      );
      for (const path of Object.keys(diagrams)) {
        const shown = await showInApp(path);
        expect(shown.status, path).toBe('ok');
        const exported = readFileSync(
          join(out, path.replace(/^same\//, '').replace(/\.mmd$/, '.svg')),
          'utf8',
        );
        // The export also carries the diagram's source (merrow convert reads it back); nothing else may differ.
        const drawing = exported.replace(
          /<metadata><merrow:source [^>]*>[^<]*<\/merrow:source><\/metadata>/,
          '',
        );
        expect(drawing, path).not.toBe(exported);
        expect(shown.svg, path).toBe(drawing);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);

  it('moves the cursor to a sequence message or a state transition clicked in the preview', async () => {
    await showInApp('same/sequence.mmd');
    const frame = await previewFrame();
    await frame.locator('[data-testid="preview-stage"] svg text.messageText').nth(1).click();
    await expect.poll(cursorLine).toBe(3);
    await showInApp('same/state.mmd');
    // A vertical path has no width, which Playwright takes for invisible.
    await frame
      .locator('[data-testid="preview-stage"] svg path.transition[data-id="edge1"]')
      .click({ force: true });
    await expect.poll(cursorLine).toBe(3);
    await shot('13-clicked-transition');
  });

  it('keeps a file the user opens while the folder is still loading', async () => {
    writeFileSync(join(folder, 'zz-opened-early.mmd'), 'flowchart LR\n    early --> open\n');
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    try {
      const fresh = await context.newPage();
      fresh.on('dialog', (dialog) => void dialog.accept());
      await fresh.goto(server.url);
      await fresh.click('[data-testid="tree-item-zz-opened-early.mmd"]');
      // The click must land while the session is still being restored (Monaco not loaded yet),
      // or this test would prove nothing.
      expect(await fresh.evaluate(() => window.merrowApp.live.editor)).toBeNull();
      await fresh.waitForFunction(() => window.merrowApp.live.editor !== null, null, { timeout: 60_000 });
      // Restoring finishes right after Monaco loads: give it time to (wrongly) take the focus back.
      await fresh.waitForTimeout(1500);
      expect(await fresh.evaluate(() => window.merrowApp.workspace.active.get())).toBe('zz-opened-early.mmd');
    } finally {
      await context.close();
    }
  });

  it('holds the preview at the folder config’s maxTextSize, not at mermaid’s default', async () => {
    const text = `flowchart LR\n${'    a --> b\n'.repeat(30)}`;
    writeFileSync(join(folder, 'limit.mmd'), text);
    const setLimit = (maxTextSize: number | undefined) =>
      page.evaluate((max) => {
        const { live } = window.merrowApp;
        const { maxTextSize: _, ...config } = live.folderConfig.get() ?? {};
        live.folderConfig.set(max === undefined ? config : { ...config, maxTextSize: max });
      }, maxTextSize);
    expect((await showInApp('limit.mmd')).status).toBe('ok');
    try {
      await setLimit(200);
      await waitForStatus('too-large');
      expect(await page.textContent('[data-testid="preview-too-large"]')).toContain('(200 characters)');
    } finally {
      await setLimit(undefined);
    }
    await waitForStatus('ok');
  });

  it('renders the template of every diagram type without an error', async () => {
    mkdirSync(join(folder, 'templates'), { recursive: true });
    const failures: string[] = [];
    for (const type of DIAGRAM_TYPES) {
      const path = `templates/${type.keyword}.mmd`;
      writeFileSync(join(folder, path), type.template);
      const shown = await showInApp(path);
      if (shown.status !== 'ok' || !shown.svg.includes('<svg'))
        failures.push(
          `${type.keyword}: ${shown.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('; ')}`,
        );
    }
    expect(failures).toEqual([]);
    expect(DIAGRAM_TYPES.length).toBeGreaterThan(20);
  }, 600_000);
});

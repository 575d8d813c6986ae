import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromPng, readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { runCli } from '../support/run-cli.ts';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder, until } from './serve-process.ts';

describe('export on save, in the app served by merrow serve', () => {
  let app: ServedFolder;
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let page: Page;
  const svgPath = () => join(folder, 'docs/flow.svg');

  beforeAll(async () => {
    app = await serveFolder(
      'on-save',
      {
        'merrow.config.json': `${JSON.stringify({ theme: 'forest', merrow: { exportOnSave: ['svg', 'png'] } }, null, 2)}\n`,
        'docs/flow.mmd': 'flowchart LR\n  a[Größe] --> b\n',
      },
      { viewport: { width: 1300, height: 800 } },
    );
    ({ folder, state, server, page } = app);
    await page.goto(server.url);
    await page.click('[data-testid="tree-item-docs/flow.mmd"]');
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 20_000 });
  }, 180_000);

  afterAll(() => app?.close());

  it('writes the SVG and PNG beside the saved diagram, byte for byte what merrow export writes', async () => {
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('b --> c{{"<&> ]]> 😀"}}\n');
    await page.keyboard.press('Control+s');
    await until(
      () => existsSync(svgPath()) && existsSync(join(folder, 'docs/flow.png')),
      'the exported images',
    );
    const saved = readFileSync(join(folder, 'docs/flow.mmd'), 'utf8');
    expect(saved).toContain('😀');
    const svg = readFileSync(svgPath(), 'utf8');
    expect(readSourceFromSvg(svg)).toBe(saved);
    const png = readFileSync(join(folder, 'docs/flow.png'));
    expect(PNG.sync.read(png).width).toBeGreaterThan(50);
    expect(readSourceFromPng(new Uint8Array(png))).toBe(saved);

    const cli = await runCli(folder, ['export', 'docs/flow.mmd', '-o', join(state, 'cli.svg')]);
    expect(cli.code).toBe(0);
    expect(svg).toBe(readFileSync(join(state, 'cli.svg'), 'utf8'));
    await page.screenshot({ path: join(SHOTS, 'export-on-save-1-saved.png') });
  });

  it('turns export on save off from the palette, and a save then writes no image', async () => {
    await page.keyboard.press('F1');
    await page.fill('[data-testid="palette-input"]', 'export on save');
    await page.screenshot({ path: join(SHOTS, 'export-on-save-2-palette.png') });
    await page.click('[data-testid="palette-item-export-on-save"]');
    await until(
      () => !readFileSync(join(folder, 'merrow.config.json'), 'utf8').includes('exportOnSave'),
      'the config without exportOnSave',
    );
    expect(JSON.parse(readFileSync(join(folder, 'merrow.config.json'), 'utf8'))).toEqual({ theme: 'forest' });
    const before = statSync(svgPath()).mtimeMs;
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('%% no export now\n');
    await page.keyboard.press('Control+s');
    await until(
      () => readFileSync(join(folder, 'docs/flow.mmd'), 'utf8').includes('no export now'),
      'the save',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(statSync(svgPath()).mtimeMs).toBe(before);
  });

  it('writes SVG text labels when the export menu says so, as merrow export writes them', async () => {
    const config = () => JSON.parse(readFileSync(join(folder, 'merrow.config.json'), 'utf8'));
    await page.click('[data-testid="export-menu"]');
    await page.check('[data-testid="export-svg-text-labels"]');
    await until(() => config().merrow?.svgLabels === 'text', 'the config with svgLabels');
    expect(config()).toEqual({ theme: 'forest', merrow: { svgLabels: 'text' } });
    await page.screenshot({ path: join(SHOTS, 'export-on-save-3-text-labels.png') });

    // Export SVG from the menu: labels as SVG text, the source inside.
    const before = statSync(svgPath()).mtimeMs;
    await page.click('[data-testid="export-svg"]');
    await until(() => statSync(svgPath()).mtimeMs !== before, 'the exported SVG');
    const exported = readFileSync(svgPath(), 'utf8');
    expect(exported).not.toContain('<foreignObject');
    expect(exported).toMatch(/<text [^>]*>(<tspan [^>]*>)+Größe</);
    expect(readSourceFromSvg(exported)).toBe(readFileSync(join(folder, 'docs/flow.mmd'), 'utf8'));

    // Export on save keeps to the setting too, byte for byte what merrow export writes.
    await page.keyboard.press('F1');
    await page.fill('[data-testid="palette-input"]', 'export on save');
    await page.click('[data-testid="palette-item-export-on-save"]');
    await until(() => config().merrow?.exportOnSave !== undefined, 'export on save back on');
    expect(config().merrow).toEqual({ svgLabels: 'text', exportOnSave: ['svg'] });
    const saved = statSync(svgPath()).mtimeMs;
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('c --> d["one<br>two"]\n');
    await page.keyboard.press('Control+s');
    await until(() => statSync(svgPath()).mtimeMs !== saved, 'the SVG written on save');
    const onSave = readFileSync(svgPath(), 'utf8');
    expect(onSave).not.toContain('<foreignObject');
    const cli = await runCli(folder, ['export', 'docs/flow.mmd', '-o', join(state, 'cli-text.svg')]);
    expect(cli.code).toBe(0);
    expect(onSave).toBe(readFileSync(join(state, 'cli-text.svg'), 'utf8'));

    // And off again: the setting goes, the others stay.
    await page.click('[data-testid="export-menu"]');
    await page.uncheck('[data-testid="export-svg-text-labels"]');
    await until(() => config().merrow?.svgLabels === undefined, 'the config without svgLabels');
    expect(config()).toEqual({ theme: 'forest', merrow: { exportOnSave: ['svg'] } });
  });

  it('changes one key of merrow.config.json and keeps the rest as the user wrote it', async () => {
    const config = join(folder, 'merrow.config.json');
    const users = '{ "theme": "forest",\n\t"flowchart": {"curve": "basis"}   }\n';
    writeFileSync(config, users);
    await page.selectOption('[data-testid="mermaid-theme"]', 'dark');
    await until(() => readFileSync(config, 'utf8').includes('dark'), 'the dark theme in the config');
    expect(readFileSync(config, 'utf8')).toBe(users.replace('forest', 'dark'));
    await page.selectOption('[data-testid="mermaid-theme"]', 'forest');
    await until(() => readFileSync(config, 'utf8').includes('forest'), 'the forest theme in the config');
    expect(readFileSync(config, 'utf8')).toBe(users);
  });
});

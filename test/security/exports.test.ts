import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { engineAssets } from '../support/test-assets.ts';

const work = mkdtempSync(join(tmpdir(), 'merrow-exports-'));
let assets: string;
beforeAll(async () => {
  assets = await engineAssets();
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('exported SVGs load nothing from elsewhere', () => {
  it('strips remote images, CSS url() and @import from labels, styles and theme CSS, keeping click links', async () => {
    writeFileSync(
      join(work, 'beacon.mmd'),
      [
        '%%{init: {"themeCSS": "@import url(https://tracker.example/theme.css); .node rect { fill: url(https://tracker.example/fill.png) } .label { background: url(\\\\68 ttps://tracker.example/escaped.png) }"}}%%',
        'flowchart LR',
        `  A["<img src='https://tracker.example/a.png' width='8'> pixel"] --> B["<span style='background:url(https://tracker.example/b.png)'>styled</span>"]`,
        `  B --> C["<img srcset='//tracker.example/c.png 2x' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='> data"]`,
        '  C --> D[Docs]',
        '  click D href "https://example.com/docs" "Read the docs"',
        '',
      ].join('\n'),
    );
    const run = await runCli(work, ['export', 'beacon.mmd'], { MERROW_ENGINE_ASSETS: assets });
    expect(run.stderr).not.toMatch(/error/i);
    const svg = readFileSync(join(work, 'beacon.svg'), 'utf8');
    expect(svg).not.toContain('tracker.example');
    expect(svg).toMatch(/<a [^>]*href="https:\/\/example\.com\/docs"/);
    expect(svg).toContain('data:image/gif;base64,');
    // Markers and gradients are referenced by fragment, and still are.
    expect(svg).toMatch(/url\(#[^)]+\)/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromPng, readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { runCli } from '../../test/support/run-cli.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { findBrowser } from '../engine/index.ts';

// Frontmatter, CRLF, a BOM-free but very non-ASCII text, XML specials and a CDATA end in a label.
const SOURCE =
  '---\r\ntitle: Überblick ✓\r\nconfig:\r\n  theme: forest\r\n---\r\nflowchart LR\r\n  a["Größe <&> ]]> 😀"] --> b[日本語]\r\n  %% -- a comment --\r\n';

let work: string;
let assets: string;
let browser: Browser;
let page: Page;
const merrow = (...args: string[]) => runCli(work, args, { MERROW_ENGINE_ASSETS: assets });

beforeAll(async () => {
  assets = await engineAssets();
  work = mkdtempSync(join(tmpdir(), 'merrow-embed-'));
  browser = await chromium.launch({ executablePath: findBrowser().path, args: ['--no-sandbox'] });
  page = await browser.newPage();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens the SVG file in Chromium as an XML document: its parse error, and how many pixels it draws dark. */
async function inChromium(file: string): Promise<{ error: string | null; dark: number }> {
  await page.goto(`file://${file}`);
  const error = await page.evaluate(() => document.querySelector('parsererror')?.textContent ?? null);
  const shot = PNG.sync.read(await page.screenshot());
  let dark = 0;
  for (let i = 0; i < shot.data.length; i += 4) if (shot.data[i]! < 100) dark++;
  return { error, dark };
}

describe('merrow export embeds the source', () => {
  it('writes an SVG that carries the exact source, stays well-formed and still renders', async () => {
    writeFileSync(join(work, 'flow.mmd'), SOURCE);
    const run = await merrow('export', 'flow.mmd');
    expect(run.code).toBe(0);
    const svg = readFileSync(join(work, 'flow.svg'), 'utf8');
    expect(svg).toContain('<metadata><merrow:source xmlns:merrow="https://merrow.dev/ns" encoding="base64">');
    expect(readSourceFromSvg(svg)).toBe(SOURCE);
    const seen = await inChromium(join(work, 'flow.svg'));
    expect(seen.error).toBeNull();
    expect(seen.dark).toBeGreaterThan(50);
  });

  it('writes a PNG that still decodes and carries the exact source in an iTXt chunk', async () => {
    const run = await merrow('export', 'flow.mmd', '-o', 'flow.png');
    expect(run.code).toBe(0);
    const bytes = readFileSync(join(work, 'flow.png'));
    const png = PNG.sync.read(bytes);
    expect(png.width).toBeGreaterThan(50);
    expect(bytes.includes('iTXtmerrow:source')).toBe(true);
    expect(readSourceFromPng(new Uint8Array(bytes))).toBe(SOURCE);
  });

  it("gives each Markdown block's image that block's code (the text between its fences)", async () => {
    writeFileSync(
      join(work, 'doc.md'),
      '# Doc\n\n```mermaid\nflowchart LR\n  x --> y\n```\n\ntext\n\n```mermaid\npie\n  "a": 1\n```\n',
    );
    const run = await merrow('export', 'doc.md');
    expect(run.code).toBe(0);
    expect(readSourceFromSvg(readFileSync(join(work, 'doc-1.svg'), 'utf8'))).toBe('flowchart LR\n  x --> y');
    expect(readSourceFromSvg(readFileSync(join(work, 'doc-2.svg'), 'utf8'))).toBe('pie\n  "a": 1');
  });
});

describe('merrow convert recovers the source from an image', () => {
  it('turns an exported SVG and PNG back into the byte-identical .mmd', async () => {
    const fromSvg = await merrow('convert', 'flow.svg', '-o', 'back-svg.mmd');
    expect(fromSvg.code).toBe(0);
    expect(readFileSync(join(work, 'back-svg.mmd')).equals(readFileSync(join(work, 'flow.mmd')))).toBe(true);
    const fromPng = await merrow('convert', 'flow.png', '-o', 'back-png.mmd');
    expect(fromPng.code).toBe(0);
    expect(readFileSync(join(work, 'back-png.mmd')).equals(readFileSync(join(work, 'flow.mmd')))).toBe(true);
  });

  it('writes beside the image by default, but never over a diagram edited since the export', async () => {
    const same = await merrow('convert', 'flow.svg');
    expect(same.code).toBe(0);
    expect(readFileSync(join(work, 'flow.mmd'), 'utf8')).toBe(SOURCE);
    writeFileSync(join(work, 'flow.mmd'), `${SOURCE}  b --> c\n`);
    const edited = await merrow('convert', 'flow.png');
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^flow\.png:1:1: .*flow\.mmd exists and differs/m);
    expect(readFileSync(join(work, 'flow.mmd'), 'utf8')).toBe(`${SOURCE}  b --> c\n`);
  });

  it('still reads an SVG without a Merrow source as an Excalidraw export', async () => {
    writeFileSync(join(work, 'plain.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
    const run = await merrow('convert', 'plain.svg', '-o', 'plain.mmd');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SVG has no embedded Excalidraw scene');
  });
});

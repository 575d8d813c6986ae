import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { diagramData } from '@mermaid-js/examples';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAssets } from '../../test/support/test-assets.ts';
import { findBrowser } from './browser.ts';
import { createEngine, type Engine } from './index.ts';
import { startAssetServer } from './server.ts';

let engine: Engine;
let assets: string;
let browser: Browser;
let xmlPage: Page;

beforeAll(async () => {
  assets = await engineAssets();
  engine = createEngine({ assetsDir: assets });
  browser = await chromium.launch({ executablePath: findBrowser().path });
  xmlPage = await browser.newPage();
}, 180_000);
afterAll(async () => {
  await engine?.close();
  await browser?.close();
});

/** Chromium's XML parser, strict like the tools users open SVGs with: an error is a <parsererror>. */
function xmlError(svg: string): Promise<string | null> {
  return xmlPage.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return (
      doc.querySelector('parsererror')?.textContent ??
      (doc.documentElement.localName === 'svg' ? null : 'no <svg> root')
    );
  }, svg);
}

/** Words of the source that should show up as labels (four letters or more, not the first keyword). */
function labelWords(code: string): string[] {
  const body = code
    .replace(/^---[\s\S]*?---\n/, '')
    .trim()
    .split('\n')
    .slice(1)
    .join('\n');
  return [...new Set(body.match(/[A-Za-z]{4,}/g) ?? [])];
}

describe('createEngine render', () => {
  for (const diagram of diagramData) {
    const example = diagram.examples.find((e) => e.isDefault) ?? diagram.examples[0]!;
    it(`renders the ${diagram.id} example to well-formed SVG holding its labels`, async () => {
      const out = await engine.render({ text: example.code });
      if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
      expect(await xmlError(out.svg)).toBeNull();
      const words = labelWords(example.code);
      expect(words.filter((w) => out.svg.includes(w)).length).toBeGreaterThan(0);
      expect(out.width).toBeGreaterThan(0);
    });
  }

  it('re-serializes HTML-only markup (<br>, &nbsp;) as XML', async () => {
    const out = await engine.render({ text: 'flowchart LR\n  a["one<br>two&nbsp;three"] --> b\n' });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    expect(out.svg).not.toMatch(/<br>|&nbsp;/);
    expect(await xmlError(out.svg)).toBeNull();
  });

  it('writes a PNG of twice the size at scale 2', async () => {
    const out = await engine.render(
      { text: 'flowchart TD\n  a[Alpha] --> b[Beta]\n', background: 'white' },
      { format: 'png', scale: 2 },
    );
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const png = PNG.sync.read(Buffer.from(out.data));
    expect(Math.abs(png.width - 2 * out.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(png.height - 2 * out.height)).toBeLessThanOrEqual(2);
    // A white background, and some darker pixels of the drawing.
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(png.data.some((v, i) => i % 4 === 0 && v < 128)).toBe(true);
  });

  it('writes a one-page PDF', async () => {
    const out = await engine.render({ text: 'sequenceDiagram\n  Alice->>Bob: Hi\n' }, { format: 'pdf' });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const pdf = Buffer.from(out.data).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });
});

describe('createEngine output is reproducible', () => {
  // Mermaid names these diagrams' clusters and commits from Math.random.
  const texts = [
    'stateDiagram-v2\n  state Fork {\n    a --> b\n    --\n    c --> d\n  }\n',
    'gitGraph\n  commit\n  branch dev\n  commit\n  checkout main\n  merge dev\n',
  ];

  it('gives the same SVG for the same text in two runs', async () => {
    const runs = [createEngine({ assetsDir: assets, jobs: 1 }), createEngine({ assetsDir: assets, jobs: 1 })];
    try {
      for (const text of texts) {
        const [a, b] = await Promise.all(runs.map((run) => run.render({ text })));
        expect(a!.ok && b!.ok, text).toBe(true);
        if (a!.ok && b!.ok) expect(a!.svg, text).toBe(b!.svg);
      }
    } finally {
      await Promise.all(runs.map((run) => run.close()));
    }
  });
});

describe('createEngine output does not depend on what the page rendered before', () => {
  // Each numbers ids with a counter mermaid keeps for the page's lifetime (build/mermaid-state-reset.ts).
  const texts = [
    'classDiagram\n  Animal <|-- Duck\n  Animal <|-- Fish\n',
    'sequenceDiagram\n  Alice->>John: Hello\n  John-->>Alice: Hi\n',
    'stateDiagram-v2\n  state Fork {\n    a --> b\n    --\n    c --> d\n  }\n',
    'sankey-beta\nA,B,10\nA,C,5\nB,D,3\n',
    'architecture-beta\n  service a(logos:aws-ec2)[App]\n  service b(logos:aws-rds)[Db]\n  a:R -- L:b\n',
  ];

  it('gives the same SVG for a text rendered again after others of its type', async () => {
    const page = createEngine({ assetsDir: assets, jobs: 1 });
    try {
      const first = [];
      for (const text of texts) first.push(await page.render({ text }));
      for (const [i, text] of texts.entries()) {
        const again = await page.render({ text });
        expect(first[i]!.ok && again.ok, text).toBe(true);
        if (first[i]!.ok && again.ok) expect(again.svg, text).toBe(first[i]!.svg);
      }
    } finally {
      await page.close();
    }
  });
});

describe('createEngine errors', () => {
  it('locates a jison grammar error in the file, frontmatter and comments included', async () => {
    const text = '---\ntitle: Broken\n---\n%% comment\nflowchart TD\n  a --> b\n  b --> (\n';
    const out = await engine.render({ text });
    expect(out).toEqual({ ok: false, diagnostics: [expect.objectContaining({ line: 7, column: 9 })] });
  });

  it('locates a langium grammar error in the file, frontmatter included', async () => {
    const text = '---\nconfig:\n  theme: dark\n---\npie title Pets\n  "Dogs" : 3\n  "Cats" 5\n';
    const out = await engine.parse({ text });
    expect(out).toEqual({ ok: false, diagnostics: [expect.objectContaining({ line: 7, column: 10 })] });
  });

  it('says when the text is not Mermaid', async () => {
    const out = await engine.parse({ text: 'Hello, world\n' });
    expect(out.ok || out.diagnostics[0]!.message).toMatch(/^not a Mermaid diagram: 'Hello, world'/);
  });

  it('fails over maxTextSize instead of drawing mermaid’s placeholder box', async () => {
    const text = `flowchart TD\n${'  a --> b\n'.repeat(6000)}`;
    const out = await engine.render({ text });
    expect(out.ok || out.diagnostics[0]!.message).toMatch(/maxTextSize/);
  });

  it('fails over 500 edges unless the config raises maxEdges', async () => {
    const text = `flowchart LR\n${Array.from({ length: 501 }, (_, i) => `  n${i} --> n${i + 1}`).join('\n')}\n`;
    const out = await engine.parse({ text });
    expect(out.ok || out.diagnostics[0]!.message).toMatch(/more than 500 edges/);
    expect((await engine.parse({ text, config: { maxEdges: 1000 } })).ok).toBe(true);
  });

  it('parses without rendering', async () => {
    expect(await engine.parse({ text: 'sequenceDiagram\n  A->>B: hi\n' })).toEqual({
      ok: true,
      diagramType: 'sequence',
    });
  });
});

describe('engine page offline', () => {
  it('renders architecture icons from the bundled packs with all network blocked', async () => {
    const server = await startAssetServer(assets);
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.origin)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/engine.html`);
      await page.waitForFunction(() => 'merrowEngine' in window);
      const text = [
        'architecture-beta',
        '  group api(logos:aws)[API]',
        '  service fn(logos:aws-lambda)[Function] in api',
        '  service disk(mdi:harddisk)[Storage] in api',
        '  fn:R -- L:disk',
      ].join('\n');
      const out = await page.evaluate((t) => window.merrowEngine.render({ text: t }), text);
      if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
      const require = createRequire(import.meta.url);
      const logos = JSON.parse(readFileSync(require.resolve('@iconify-json/logos/icons.json'), 'utf8'));
      const lambdaPath = /<path[^>]* d="([^"]{20,})"/.exec(logos.icons['aws-lambda'].body)![1]!;
      expect(out.svg).toContain(lambdaPath.slice(0, 40));
      expect(out.svg).not.toContain('?</text>');
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});

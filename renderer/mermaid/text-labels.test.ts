import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagramData } from '@mermaid-js/examples';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { runCli } from '../../test/support/run-cli.ts';
import { engineAssets } from '../../test/support/test-assets.ts';

/** Every diagram type whose labels mermaid writes as HTML, with an example of it. */
const TYPES = [
  'block',
  'classDiagram',
  'er',
  'eventmodeling',
  'flowchart-v2',
  'journey',
  'kanban',
  'mindmap',
  'requirement',
  'stateDiagram',
  'usecase',
  'venn',
];

/** Labels that test one thing each: wrapping, line breaks, markdown, colour, text that is not ASCII. */
const CASES: Record<string, string> = {
  wrapping: `flowchart LR
  long["A long label that mermaid has to wrap over several lines because it is long"] --> br["one<br>two"]
  br -- "an edge label" --> md["\`**Bold** start, then *italic* text\`"]
  md --> intl["Ünïcödé café: 日本語 ✓"]
  classDef red color:#cc0000
  intl:::red
`,
  state: `stateDiagram-v2
  [*] --> Idle
  Idle --> Running: start job
  state Running {
    [*] --> Working
    Working --> Waiting: needs input
  }
  note right of Idle: Waits for the scheduler to pick it up
  Running --> [*]
`,
  class: `classDiagram
  class Account {
    +String owner
    +deposit(amount) bool
  }
  class Savings
  Account <|-- Savings : extends
`,
};

let work: string;
let htmlOut: string;
let textOut: string;
const files: string[] = [];

beforeAll(async () => {
  const assets = await engineAssets();
  work = mkdtempSync(join(tmpdir(), 'merrow-text-labels-'));
  const src = join(work, 'src');
  mkdirSync(src);
  // The setting in the folder's config, as a user would keep it; --svg-labels html overrides it.
  writeFileSync(join(src, 'merrow.config.json'), JSON.stringify({ merrow: { svgLabels: 'text' } }));
  for (const id of TYPES) {
    // The first venn example has no labels in HTML; its second has.
    const example = diagramData.find((d) => d.id === id)!.examples[id === 'venn' ? 1 : 0]!;
    writeFileSync(join(src, `${id}.mmd`), example.code);
    files.push(id);
  }
  for (const [name, text] of Object.entries(CASES)) {
    writeFileSync(join(src, `${name}.mmd`), text);
    files.push(name);
  }
  htmlOut = join(work, 'html');
  textOut = join(work, 'text');
  const env = { MERROW_ENGINE_ASSETS: assets };
  const [html, text] = [
    await runCli(work, ['export', 'src', '-o', htmlOut, '--svg-labels', 'html', '--quiet'], env),
    await runCli(work, ['export', 'src', '-o', textOut, '--quiet'], env),
  ];
  expect(html.stderr).toBe('');
  expect(text.stderr).toBe('');
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const svgOf = (dir: string, name: string) => readFileSync(join(dir, `${name}.svg`), 'utf8');

/**
 * What librsvg draws of an SVG, as text: rasterised to PDF, read back with pdftotext in the order
 * it was drawn (a label's lines one after another, whatever sits beside them).
 */
function librsvgText(svg: string): string {
  const pdf = execFileSync('rsvg-convert', ['-f', 'pdf'], { input: svg });
  return execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, encoding: 'utf8' });
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/** The text of every HTML label of an SVG, words apart (line breaks are spaces). */
function htmlLabels(svg: string): string[] {
  return (svg.match(/<foreignObject[\s\S]*?<\/foreignObject>/g) ?? [])
    .map((label) =>
      label
        .replace(/<br\s*\/?>/g, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&(\w+);/g, (m, name: string) => ENTITIES[name] ?? m)
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

/** The `<text>` element of the label whose text holds `word`. */
function labelOf(svg: string, word: string): string {
  const texts = svg.match(/<text [^>]*>[\s\S]*?<\/text>/g) ?? [];
  return (
    texts.find((text) =>
      text
        .replace(/<[^>]+>/g, ' ')
        .split(/\s+/)
        .includes(word),
    ) ?? ''
  );
}

/** The lines of the text label holding `word`: each `<tspan x y>`'s text. */
function linesOf(svg: string, word: string): string[] {
  return [
    ...labelOf(svg, word).matchAll(/<tspan x="[^"]*" y="[^"]*">([\s\S]*?)<\/tspan>(?=<tspan x=|<\/text>)/g),
  ].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
}

describe('--svg-labels text', () => {
  it.each(TYPES.concat(Object.keys(CASES)))(
    '%s: librsvg shows every label, and the SVG keeps its source and stays well-formed',
    (name) => {
      const html = svgOf(htmlOut, name);
      const text = svgOf(textOut, name);
      const labels = htmlLabels(html);
      expect(labels.length).toBeGreaterThan(0);
      expect(text).not.toContain('<foreignObject');
      // rsvg-convert parses with libxml2 and refuses anything that is not well-formed XML.
      // Each label whole, in its order; where lines break is the next test's concern.
      const shown = librsvgText(text).replace(/\s+/g, '');
      const missing = labels.filter((label) => !shown.includes(label.replace(/\s+/g, '')));
      expect(missing).toEqual([]);
      expect(readSourceFromSvg(text)).toBe(readFileSync(join(work, 'src', `${name}.mmd`), 'utf8'));
    },
  );

  it('is needed: librsvg shows none of the HTML labels', () => {
    const shown = librsvgText(svgOf(htmlOut, 'wrapping'));
    for (const word of ['wrap', 'two', 'edge', 'Bold', 'café']) expect(shown).not.toContain(word);
  });

  it('keeps the lines as the browser wrapped and broke them', () => {
    const text = svgOf(textOut, 'wrapping');
    const long = linesOf(text, 'several');
    expect(long.length).toBeGreaterThanOrEqual(3);
    expect(long.join(' ')).toBe(
      'A long label that mermaid has to wrap over several lines because it is long',
    );
    expect(linesOf(text, 'one')).toEqual(['one', 'two']);
    // Top to bottom, one line height apart.
    const ys = [...labelOf(text, 'several').matchAll(/<tspan x="[^"]*" y="([^"]*)">/g)].map((m) =>
      Number(m[1]),
    );
    const steps = ys.slice(1).map((y, i) => y - ys[i]!);
    expect(new Set(steps)).toEqual(new Set([steps[0]]));
    expect(steps[0]).toBeGreaterThan(10);
  });

  it('keeps bold, italic and colour, centred as mermaid centres them', () => {
    const text = svgOf(textOut, 'wrapping');
    const md = labelOf(text, 'Bold');
    expect(md).toMatch(/^<text text-anchor="middle"[^>]*font-weight:400/);
    expect(md).toContain('<tspan style="font-weight:700">Bold</tspan>');
    expect(md).toContain('<tspan style="font-style:italic">italic</tspan>');
    expect(labelOf(text, 'Ünïcödé')).toMatch(/^<text text-anchor="middle"[^>]*fill:#cc0000/);
    expect(linesOf(text, 'Ünïcödé').join('')).toBe('Ünïcödé café: 日本語 ✓');
  });

  it('keeps the background of an edge label behind its text', () => {
    const group = (svgOf(textOut, 'wrapping').match(
      /<g class="merrow-text-label">(?:(?!<\/g>).)*edge label/,
    ) ?? [''])[0];
    expect(group).toMatch(/^<g class="merrow-text-label"><rect [^>]*style="fill:#cccccc[;"]/);
  });

  it('draws the shapes too: shadows are SVG 1.1 filters librsvg applies', () => {
    const text = svgOf(textOut, 'flowchart-v2');
    expect(text).not.toContain('feDropShadow');
    // The same drawing without its shadows: what librsvg draws of both differs by the shadows alone.
    const unshadowed = text.replace(/filter:url\([^)]*\)/g, 'filter:none');
    const [a, b] = [text, unshadowed].map((svg) =>
      PNG.sync.read(execFileSync('rsvg-convert', ['-f', 'png', '-b', 'white'], { input: svg })),
    );
    let differing = 0;
    for (let i = 0; i < a!.data.length; i += 4) {
      if (Math.abs(a!.data[i]! - b!.data[i]!) > 64) differing++;
    }
    expect(differing).toBe(0);
    // And a drawing whose shapes vanished would differ a lot: the check can fail.
    const broken = text.replace(
      /<filter id="([^"]+)"[^>]*>[\s\S]*?<\/filter>/g,
      '<filter id="$1"><feBogus/></filter>',
    );
    const c = PNG.sync.read(execFileSync('rsvg-convert', ['-f', 'png', '-b', 'white'], { input: broken }));
    let vanished = 0;
    for (let i = 0; i < c.data.length; i += 4) if (Math.abs(c.data[i]! - b!.data[i]!) > 64) vanished++;
    expect(vanished).toBeGreaterThan(100);
  });

  it('is refused with a clear message for an unknown kind', async () => {
    const run = await runCli(work, ['export', 'src/class.mmd', '--svg-labels', 'svg']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--svg-labels must be html or text, not 'svg'");
  });

  it('reports a bad svgLabels setting at the diagram, saying which file holds it', async () => {
    const bad = join(work, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'merrow.config.json'), JSON.stringify({ merrow: { svgLabels: 'yes' } }));
    writeFileSync(join(bad, 'a.mmd'), 'flowchart LR\n  a --> b\n');
    const run = await runCli(work, ['export', 'bad']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('merrow.config.json: "merrow.svgLabels" must be "text"');
  });
});

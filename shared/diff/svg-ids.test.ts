import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagramData } from '@mermaid-js/examples';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlowchart } from '../mermaid/flowchart-reader.ts';
import { diffDiagrams } from './diagram-diff.ts';
import { readSequence } from './sequence-reader.ts';
import { DIFF_ELEMENT_SELECTOR, diffKeyOf, type SvgElementInfo } from './svg-ids.ts';

// Real renders by the installed mermaid in Chromium: the reader's ids must be the SVG's ids.
const CHROMIUM = process.env.MERROW_CHROMIUM ?? '/usr/bin/chromium';
const MERMAID = fileURLToPath(new URL('../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url));

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; set MERROW_CHROMIUM`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ path: MERMAID });
});
afterAll(async () => browser?.close());

/** Renders `text` with id `renderId` and returns the attributes diffKeyOf reads, per element. */
async function renderedElements(renderId: string, text: string): Promise<SvgElementInfo[]> {
  return page.evaluate(
    async ({ renderId, text, selector }) => {
      const mermaid = (
        globalThis as unknown as {
          mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> };
        }
      ).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await mermaid.render(renderId, text);
      const host = document.createElement('div');
      host.innerHTML = svg;
      return [...host.querySelectorAll(selector)].map((el) => ({
        id: el.id,
        className: el.getAttribute('class') ?? '',
        dataId: el.getAttribute('data-id'),
        name: el.getAttribute('name'),
      }));
    },
    { renderId, text, selector: DIFF_ELEMENT_SELECTOR },
  );
}

async function renderedKeys(kind: 'flowchart' | 'sequence', renderId: string, text: string) {
  const keys = { nodes: new Set<string>(), edges: new Set<string>() };
  for (const element of await renderedElements(renderId, text)) {
    const key = diffKeyOf(kind, renderId, element);
    if (key) keys[key.part].add(key.id);
  }
  return keys;
}

/** The ids of rendered elements that carry each mark, as a UI applying the diff would find them. */
async function markedIds(
  kind: 'flowchart' | 'sequence',
  renderId: string,
  text: string,
  side: 'before' | 'after',
  before: string,
  after: string,
) {
  const diff = diffDiagrams(before, after)!;
  const marked = new Set<string>();
  for (const element of await renderedElements(renderId, text)) {
    const key = diffKeyOf(kind, renderId, element);
    const mark = key && diff[side][key.part].get(key.id);
    if (mark) marked.add(`${mark} ${key.part} ${key.id}`);
  }
  return [...marked].sort();
}

const FLOWCHART = `---
title: Orders
---
flowchart LR
  %% every construct the reader knows
  classDef hot fill:#f96
  client([Client]) -- places --> api-gw{{Gateway}}
  api-gw -->|routes| orders[(Orders DB)] & cache[/Cache/]
  api-gw --> orders
  subgraph workers [Background workers]
    direction TB
    w1(Worker 1):::hot -.-> w2>Worker 2] ==> w3((Done))
  end
  subgraph "Audit trail"
    log[\\Log\\]
  end
  orders e9@--> workers
  w3 --- log
  client ~~~ log
  style log fill:#eee`;

const SEQUENCE = `sequenceDiagram
  autonumber
  box Aqua Front
  actor U as User
  participant W as Web app
  end
  U->>+W: open page
  Note right of W: renders
  alt signed in
  W-->>-U: dashboard
  else anonymous
  W--)U: login form
  end
  W-xDB: query`;

describe('flowchart and sequence ids in Mermaid’s SVG', () => {
  it('finds every node, subgraph and edge the reader reads, and nothing else', async () => {
    const chart = readFlowchart(FLOWCHART)!;
    const keys = await renderedKeys('flowchart', 'f1', FLOWCHART);
    expect([...keys.nodes].sort()).toEqual([...chart.nodes.keys()].sort());
    expect([...keys.edges].sort()).toEqual(chart.edges.map((e) => e.id).sort());
  });

  it('finds every participant and message the sequence reader reads', async () => {
    const sequence = readSequence(SEQUENCE)!;
    const keys = await renderedKeys('sequence', 's1', SEQUENCE);
    expect([...keys.nodes].sort()).toEqual([...sequence.participants.keys()].sort());
    expect([...keys.edges].sort()).toEqual(sequence.messages.map((m) => m.id).sort());
  });

  it('agrees with Mermaid on every flowchart and sequence example', async () => {
    const folder = new URL('../../examples/diagrams/', import.meta.url);
    const samples = [
      ...diagramData.flatMap((d) => d.examples.map((e) => ({ name: `${d.id}: ${e.title}`, text: e.code }))),
      ...readdirSync(folder)
        .filter((f) => f.endsWith('.mmd'))
        .map((f) => ({ name: f, text: readFileSync(new URL(f, folder), 'utf8') })),
    ];
    const mismatches: string[] = [];
    let compared = 0;
    for (const { name, text } of samples) {
      const chart = readFlowchart(text);
      const sequence = chart ? null : readSequence(text);
      if (!chart && !sequence) continue;
      compared++;
      const keys = await renderedKeys(chart ? 'flowchart' : 'sequence', 'x', text);
      const nodes = chart ? [...chart.nodes.keys()] : [...sequence!.participants.keys()];
      const edges = chart ? chart.edges.map((e) => e.id) : sequence!.messages.map((m) => m.id);
      if (String([...keys.nodes].sort()) !== String(nodes.sort())) mismatches.push(`${name}: nodes`);
      if (String([...keys.edges].sort()) !== String(edges.sort())) mismatches.push(`${name}: edges`);
    }
    expect(compared).toBeGreaterThan(5);
    expect(mismatches).toEqual([]);
  });
});

describe('visual diff marks on real renders', () => {
  it('marks exactly the changed nodes and edges of a flowchart on each side', async () => {
    const after = FLOWCHART.replace('([Client])', '([Customer])')
      .replace('cache[/Cache/]', 'cache[/Cache/] & search[Search]')
      .replace('  w3 --- log\n', '')
      .replace('-- places -->', '-- orders -->');
    expect(await markedIds('flowchart', 'old', FLOWCHART, 'before', FLOWCHART, after)).toEqual([
      'changed edges L_client_api-gw_0',
      'changed nodes client',
      'removed edges L_w3_log_0',
    ]);
    expect(await markedIds('flowchart', 'new', after, 'after', FLOWCHART, after)).toEqual([
      'added edges L_api-gw_search_0',
      'added nodes search',
      'changed edges L_client_api-gw_0',
      'changed nodes client',
    ]);
  });

  it('marks the edited, added and removed messages of a sequence diagram', async () => {
    const after = SEQUENCE.replace('W-->>-U: dashboard', 'W-->>-U: home').replace(
      '  W-xDB: query',
      '  W->>Log: audit',
    );
    expect(await markedIds('sequence', 'old', SEQUENCE, 'before', SEQUENCE, after)).toEqual([
      'changed edges i5',
      'removed edges i10',
      'removed nodes DB',
    ]);
    expect(await markedIds('sequence', 'new', after, 'after', SEQUENCE, after)).toEqual([
      'added edges i10',
      'added nodes Log',
      'changed edges i5',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { readFlowchart } from './flowchart-reader.ts';

function read(text: string) {
  const chart = readFlowchart(text);
  if (!chart) throw new Error('not read as a flowchart');
  return chart;
}

const nodeSummary = (text: string) =>
  Object.fromEntries([...read(text).nodes.values()].map((n) => [n.id, `${n.shape}:${n.label}`]));
const edgeSummary = (text: string) =>
  read(text).edges.map((e) => `${e.id} ${e.kind}${e.label ? ` "${e.label}"` : ''}`);

describe('readFlowchart', () => {
  it('reads labels in every bracket shape', () => {
    const text = `flowchart TD
      a[rect] --> b(round) --> c([stadium]) --> d[[sub]] --> e[(db)]
      f((circle)) --> g>odd] --> h{diamond} --> i{{hex}} --> j[/lean r/]
      k[\\lean l\\] --> l[/trap\\] --> m[\\inv/] --> n(((double))) --> o(-ell-)
      p@{ shape: cyl, label: "From @{}" }`;
    expect(nodeSummary(text)).toEqual({
      a: 'rect:rect',
      b: 'round:round',
      c: 'stadium:stadium',
      d: 'subroutine:sub',
      e: 'cylinder:db',
      f: 'circle:circle',
      g: 'odd:odd',
      h: 'diamond:diamond',
      i: 'hexagon:hex',
      j: 'lean_right:lean r',
      k: 'lean_left:lean l',
      l: 'trapezoid:trap',
      m: 'inv_trapezoid:inv',
      n: 'doublecircle:double',
      o: 'ellipse:ell',
      p: 'cyl:From @{}',
    });
  });

  it('reads quoted and Markdown labels that contain brackets and arrows', () => {
    expect(nodeSummary('flowchart LR\n  a["say [hi] --> (there)"] --> b["`**bold** {x}`"]')).toEqual({
      a: 'rect:say [hi] --> (there)',
      b: 'rect:**bold** {x}',
    });
  });

  it('splits chains and & groups into one edge per pair, numbered as Mermaid numbers them', () => {
    expect(edgeSummary('graph LR\n  a --> b --> c\n  a & b --> c & d\n  a --> b')).toEqual([
      'L_a_b_0 -->',
      'L_b_c_0 -->',
      'L_a_c_0 -->',
      'L_a_d_0 -->',
      'L_b_c_2 -->',
      'L_b_d_0 -->',
      'L_a_b_2 -->',
    ]);
  });

  it('reads every arrow kind, normalising its length, with text in either form', () => {
    const text = `flowchart LR
      a --- b
      a ----> c
      a -.-> d
      a -.- e
      a ==> f
      a === g
      a <--> h
      a --o i
      a --x j
      a o--o k
      a ~~~ l
      a -- yes --> m
      a -->|no| n
      a -. maybe .-> o
      a == sure ==> p
      a -->|"quoted | text"| q`;
    expect(edgeSummary(text)).toEqual([
      'L_a_b_0 ---',
      'L_a_c_0 -->',
      'L_a_d_0 -.->',
      'L_a_e_0 -.-',
      'L_a_f_0 ==>',
      'L_a_g_0 ===',
      'L_a_h_0 <-->',
      'L_a_i_0 --o',
      'L_a_j_0 --x',
      'L_a_k_0 o--o',
      'L_a_l_0 ~~~',
      'L_a_m_0 --> "yes"',
      'L_a_n_0 --> "no"',
      'L_a_o_0 -.-> "maybe"',
      'L_a_p_0 ==> "sure"',
      'L_a_q_0 --> "quoted | text"',
    ]);
  });

  it('keeps ids with dashes, dots and underscores whole, without spaces around arrows', () => {
    expect(edgeSummary('flowchart LR\n  api-gw-->svc_v1.2-.->db;db==>api-gw')).toEqual([
      'L_api-gw_svc_v1.2_0 -->',
      'L_svc_v1.2_db_0 -.->',
      'L_db_api-gw_0 ==>',
    ]);
  });

  it('uses author-given edge ids', () => {
    const chart = read('flowchart LR\n  a e1@--> b\n  e1@{ animate: true }\n  a e1@--> c');
    expect(chart.edges.map((e) => e.id)).toEqual(['e1', 'L_a_c_0']);
    expect([...chart.nodes.keys()]).toEqual(['a', 'b', 'c']);
  });

  it('reads subgraphs as nodes and their contents, and skips styling, comments and frontmatter', () => {
    const text = `---
title: Checkout
config:
  flowchart: { curve: basis }
---
flowchart TB
  %% a comment --> with an arrow
  classDef hot fill:#f96,stroke:#333
  subgraph pay [Payment step]
    direction LR
    card[Card]:::hot --> bank
  end
  subgraph "Shipping"
    ship
  end
  subgraph single
    x
  end
  style card fill:#bbf
  class bank hot
  linkStyle 0 stroke:red
  click card "https://example.com"
  accDescr {
    a --> b in a description
  }
  pay --> ship`;
    expect(nodeSummary(text)).toEqual({
      pay: 'subgraph:Payment step',
      card: 'rect:Card',
      bank: 'rect:bank',
      subGraph1: 'subgraph:Shipping',
      ship: 'rect:ship',
      single: 'subgraph:single',
      x: 'rect:x',
    });
    expect(edgeSummary(text)).toEqual(['L_card_bank_0 -->', 'L_pay_ship_0 -->']);
  });

  it('gives the file line where each node is defined, frontmatter included', () => {
    const chart = read('---\ntitle: t\n---\nflowchart LR\n  a --> b\n\n  b[Bee]');
    expect(chart.nodes.get('a')?.line).toBe(5);
    expect(chart.nodes.get('b')).toMatchObject({ label: 'Bee', line: 7 });
    expect(chart.edges[0]?.line).toBe(5);
  });

  it('gives the column of each node’s id and of each named subgraph', () => {
    const chart = read(
      'flowchart LR\n  subgraph  box [Box]\n    a --> bb[Bee]\n  end\n  subgraph "A title"\n  end',
    );
    expect(chart.nodes.get('box')).toMatchObject({ line: 2, column: 13 });
    expect(chart.nodes.get('a')).toMatchObject({ line: 3, column: 5 });
    expect(chart.nodes.get('bb')).toMatchObject({ line: 3, column: 11 });
    expect(chart.nodes.get('subGraph1')).toMatchObject({ line: 5, column: 3 });
  });

  it('decodes Mermaid’s entity codes and line breaks in labels, as the drawing shows them', () => {
    const text =
      'flowchart LR\n  a["say #quot;hi#quot; #35;1<br>next #lt;b#gt; #amp;amp; #99999999;"] -->|"x #37;<br/>y"| b';
    expect(read(text).nodes.get('a')?.label).toBe('say "hi" #1\nnext <b> &amp; #99999999;');
    expect(read(text).edges[0]?.label).toBe('x %\ny');
  });

  it('lets a later definition replace a node’s text, but not a bare mention', () => {
    expect(nodeSummary('flowchart LR\n  a[One] --> b\n  a --> c\n  a(Two)')).toMatchObject({
      a: 'round:Two',
    });
  });

  it('answers null for other diagram types and survives unreadable lines', () => {
    expect(readFlowchart('sequenceDiagram\n  a->>b: hi')).toBeNull();
    expect(readFlowchart('')).toBeNull();
    expect(nodeSummary('flowchart LR\n  a --> \n  ??? [[ \n  "x" --> y\n  b[unclosed\n')).toMatchObject({
      a: 'rect:a',
    });
  });
});

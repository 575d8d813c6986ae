import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagramData } from '@mermaid-js/examples';
import { seededRandom } from '../shared/random.ts';

/** One diagram of the benchmark corpus. */
export interface Diagram {
  /** File name inside the corpus folder, e.g. `12-sequence-basic.mmd`. */
  name: string;
  /** Diagram type id from `@mermaid-js/examples`, or `generated-flowchart`. */
  kind: string;
  code: string;
}

export const GENERATED_SIZES = [10, 25, 50, 100, 150, 200, 300];
const QUICK_SIZES = [10, 50, 100];
/** The quick corpus keeps the first example of these types: the common ones plus the ELK and icon users. */
const QUICK_KINDS = [
  'flowchart-v2',
  'sequence',
  'classDiagram',
  'stateDiagram',
  'er',
  'gantt',
  'pie',
  'mindmap',
  'gitGraph',
  'architecture',
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

/** Every example of every diagram type shipped in `@mermaid-js/examples`, in the package's order. */
export function mermaidExamples(): Diagram[] {
  const out: Diagram[] = [];
  for (const diagram of diagramData) {
    for (const example of diagram.examples) {
      const n = String(out.length + 1).padStart(2, '0');
      out.push({
        name: `${n}-${slug(diagram.id)}-${slug(example.title)}.mmd`,
        kind: diagram.id,
        code: example.code,
      });
    }
  }
  return out;
}

const VERBS = ['Validate', 'Parse', 'Load', 'Store', 'Render', 'Check', 'Send', 'Merge', 'Build', 'Review'];
const NOUNS = ['order', 'invoice', 'user profile', 'payment', 'report', 'session', 'cache entry', 'upload'];
const EDGE_LABELS = ['ok', 'retry', 'on error', 'next', 'approved', 'timeout'];
const SHAPES: [string, string][] = [
  ['[', ']'],
  ['(', ')'],
  ['{', '}'],
  ['([', '])'],
  ['[[', ']]'],
  ['[(', ')]'],
];

/**
 * A flowchart of `nodes` labelled nodes in subgraphs of about ten, chained inside each subgraph,
 * with cross links between subgraphs and a label on every third edge: the shape of real
 * architecture and process diagrams, scaled.
 */
export function generatedFlowchart(nodes: number): string {
  const rand = seededRandom(nodes);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const lines = ['flowchart TD'];
  const groupSize = 10;
  for (let g = 0; g * groupSize < nodes; g++) {
    lines.push(`  subgraph G${g}["Stage ${g + 1}"]`);
    for (let i = g * groupSize; i < Math.min(nodes, (g + 1) * groupSize); i++) {
      const [open, close] = pick(SHAPES);
      lines.push(`    N${i}${open}"${pick(VERBS)} ${pick(NOUNS)} #${i}"${close}`);
    }
    lines.push('  end');
  }
  let edges = 0;
  const edge = (from: number, to: number) => {
    const label = edges++ % 3 === 0 ? `|${pick(EDGE_LABELS)}|` : '';
    lines.push(`  N${from} -->${label} N${to}`);
  };
  for (let i = 1; i < nodes; i++) if (i % groupSize !== 0) edge(i - 1, i);
  for (let g = 1; g * groupSize < nodes; g++) {
    edge(g * groupSize - 1, g * groupSize);
    // One extra link back into an earlier stage per subgraph, like a retry path.
    edge(
      g * groupSize + Math.floor(rand() * Math.min(groupSize, nodes - g * groupSize)),
      Math.floor(rand() * g * groupSize),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The generated flowcharts of the corpus. */
export function generatedFlowcharts(quick: boolean): Diagram[] {
  return (quick ? QUICK_SIZES : GENERATED_SIZES).map((n) => ({
    name: `flowchart-generated-${String(n).padStart(3, '0')}-nodes.mmd`,
    kind: 'generated-flowchart',
    code: generatedFlowchart(n),
  }));
}

/** The candidate corpus before dropping what mermaid cannot render: all examples, or a small spread of them. */
export function candidateCorpus(quick: boolean): Diagram[] {
  let examples = mermaidExamples();
  if (quick) {
    examples = QUICK_KINDS.flatMap((kind) => examples.find((e) => e.kind === kind) ?? []);
  }
  return [...examples, ...generatedFlowcharts(quick)];
}

/** Writes the diagrams as `.mmd` files into `dir`. */
export function writeCorpus(dir: string, diagrams: readonly Diagram[]): void {
  mkdirSync(dir, { recursive: true });
  for (const d of diagrams) writeFileSync(join(dir, d.name), d.code);
}

/** Writes all diagrams into one Markdown file, one ```mermaid block each (mermaid-cli's batch input). */
export function writeMarkdown(file: string, diagrams: readonly Diagram[]): void {
  const blocks = diagrams.map((d) => `## ${d.name}\n\n\`\`\`mermaid\n${d.code.trimEnd()}\n\`\`\`\n`);
  writeFileSync(file, `# Benchmark corpus\n\n${blocks.join('\n')}`);
}

/** Builds `dir` holding `copies` copies of the corpus folder `source`, one subfolder each. */
export function replicateCorpus(source: string, dir: string, copies: number): void {
  for (let i = 1; i <= copies; i++) cpSync(source, join(dir, `copy-${i}`), { recursive: true });
}

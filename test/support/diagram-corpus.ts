import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diagramData } from '@mermaid-js/examples';

const ROOT = join(import.meta.dirname, '../..');
const MISTAKES = join(ROOT, 'test/mistakes');

/** One diagram of a test corpus, named by where it comes from. */
export interface CorpusDiagram {
  name: string;
  text: string;
}

/** Every example of `@mermaid-js/examples`, every diagram type. */
export function mermaidExamples(): CorpusDiagram[] {
  return diagramData.flatMap((d) =>
    d.examples.map((e, i) => ({ name: `@mermaid-js/examples ${d.id} #${i + 1}`, text: e.code })),
  );
}

function filesUnder(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || ['node_modules', 'dist', 'release'].includes(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, keep, out);
    else if (keep(entry.name)) out.push(full);
  }
  return out.sort();
}

/** The repository's diagram files (`examples/` and any other `.mmd`), but the corpus of mistakes. */
export function repositoryDiagrams(): CorpusDiagram[] {
  return filesUnder(ROOT, (n) => /\.(mmd|mermaid)$/.test(n))
    .filter((f) => !f.startsWith(MISTAKES))
    .map((f) => ({
      name: relative(ROOT, f),
      text: readFileSync(f, 'utf8'),
    }));
}

/** The corpus of typical mistakes (test/mistakes). */
export function mistakeDiagrams(): CorpusDiagram[] {
  return filesUnder(MISTAKES, (n) => n.endsWith('.mmd')).map((f) => ({
    name: relative(ROOT, f),
    text: readFileSync(f, 'utf8'),
  }));
}

const DIAGRAM_START =
  /^(?:---\n|%%|\s*(?:flowchart|graph|sequenceDiagram|classDiagram|stateDiagram|erDiagram|gantt|pie|gitGraph|mindmap|timeline|journey|quadrantChart|requirementDiagram|C4\w+|sankey|xychart|block|packet|architecture|kanban|radar|treemap|info)\b)/;

/**
 * The diagrams written inside the repository's tests: string literals (quoted, or template
 * literals without substitutions) that start like a Mermaid diagram.
 */
export function diagramsInTests(): CorpusDiagram[] {
  const files = filesUnder(ROOT, (n) => /\.test\.tsx?$/.test(n));
  const out: CorpusDiagram[] = [];
  const seen = new Set<string>();
  const literal = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.|\$(?!\{))*`/g;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(literal)) {
      let text: string;
      try {
        // A literal of the repository's own test code, evaluated as the test would see it.
        text = new Function(`return ${match[0]};`)() as string;
      } catch {
        continue;
      }
      if (!text.includes('\n') || !DIAGRAM_START.test(text) || seen.has(text)) continue;
      seen.add(text);
      const line = source.slice(0, match.index).split('\n').length;
      out.push({ name: `${relative(ROOT, file)}:${line}`, text });
    }
  }
  return out;
}

/**
 * Broken variants of valid diagrams, as an editor sees them while typing: cut off in the middle of
 * the longest line, and with a stray arrow after the first line of the body.
 */
export function brokenVariants(diagrams: readonly CorpusDiagram[]): CorpusDiagram[] {
  return diagrams.flatMap((d) => {
    const lines = d.text.split('\n');
    const longest = lines.reduce((best, l, i) => (l.length > (lines[best] ?? '').length ? i : best), 0);
    const cut = [...lines.slice(0, longest), lines[longest]!.slice(0, Math.ceil(lines[longest]!.length / 2))];
    const header = Math.max(
      0,
      lines.findIndex((l) => DIAGRAM_START.test(l) && !/^(---|%%)/.test(l)),
    );
    const stray = [...lines.slice(0, header + 2), '  --> ', ...lines.slice(header + 2)];
    return [
      { name: `${d.name} (cut off)`, text: cut.join('\n') },
      { name: `${d.name} (stray arrow)`, text: stray.join('\n') },
    ];
  });
}

/**
 * Reads back the node and edge lines of a flowchart written by to-mermaid.ts, undoing its label
 * escaping. It knows only that writer's layout (one statement per line), which is what the
 * round trip and the corpus measurements need: what the text says, not what the graph held.
 */

export interface WrittenNode {
  id: string;
  label: string;
}

export interface WrittenEdge {
  from: string;
  to: string;
  /** The link operator as written, e.g. `-->`, `<-.->`, `---`. */
  op: string;
  label: string | null;
}

const NODE = /^\s*([A-Za-z0-9_]+)(?:\[\(|\{\{|\[|\(\(|\(\[|\(|\{)"(.*)"(?:\)\]|\}\}|\]|\)\)|\]\)|\)|\})$/;
const EDGE = /^\s*([A-Za-z0-9_]+) ([<ox]?(?:--|-\.-|==)[->ox=]?)(?:\|"(.*)"\|)? ([A-Za-z0-9_]+)$/;
const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };

/** Undoes escapeLabel: `<br>` → newline, `#quot;` / `#35;` → the character. */
export function unescapeLabel(label: string): string {
  return label
    .replace(/<br>/g, '\n')
    .replace(/#(\d+|[a-z]+);/g, (m, code: string) =>
      /^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : (NAMED[code] ?? m),
    );
}

/** The nodes and edges of a flowchart written by sceneToMermaid. */
export function readFlowchartLines(text: string): { nodes: WrittenNode[]; edges: WrittenEdge[] } {
  const nodes: WrittenNode[] = [];
  const edges: WrittenEdge[] = [];
  for (const line of text.split('\n')) {
    const node = NODE.exec(line);
    if (node) {
      nodes.push({ id: node[1]!, label: unescapeLabel(node[2]!) });
      continue;
    }
    const edge = EDGE.exec(line);
    if (edge) {
      edges.push({
        from: edge[1]!,
        op: edge[2]!,
        label: edge[3] === undefined ? null : unescapeLabel(edge[3]),
        to: edge[4]!,
      });
    }
  }
  return { nodes, edges };
}

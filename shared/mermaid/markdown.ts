/** A ```mermaid fenced block found in a Markdown file. */
export interface MermaidBlock {
  /** The diagram text between the fences. */
  code: string;
  /** 1-based line of the block's first code line in the Markdown file. */
  line: number;
  /** Character offsets of the whole block, fences included (end exclusive). */
  start: number;
  end: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[ \t]*mermaid[ \t]*$/;

/** Finds the ```mermaid (or ~~~mermaid) fenced blocks, CommonMark fence rules. */
export function extractMermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  const lines = markdown.split('\n');
  let offset = 0;
  let open: { fence: string; indent: number; start: number; line: number; body: string[] } | undefined;
  let other: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.replace(/\r$/, '');
    const lineEnd = offset + raw.length + (i < lines.length - 1 ? 1 : 0);
    if (open) {
      const close = new RegExp(`^ {0,3}${open.fence[0]}{${open.fence.length},}[ \\t]*$`);
      if (close.test(line)) {
        blocks.push({ code: open.body.join('\n'), line: open.line, start: open.start, end: lineEnd });
        open = undefined;
      } else {
        open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
      }
    } else if (other) {
      if (new RegExp(`^ {0,3}${other[0]}{${other.length},}[ \\t]*$`).test(line)) other = undefined;
    } else {
      const m = FENCE_OPEN.exec(line);
      if (m) open = { fence: m[2]!, indent: m[1]!.length, start: offset, line: i + 2, body: [] };
      else {
        const any = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        if (any) other = any[1];
      }
    }
    offset = lineEnd;
  }
  // A fence never closed runs to the end of the file (CommonMark), and GitHub draws it so.
  if (open)
    blocks.push({ code: open.body.join('\n'), line: open.line, start: open.start, end: markdown.length });
  return blocks;
}

/**
 * The ```mermaid block of `markdown` that holds the 1-based `line` (its fences included), else the
 * block shown before (`previous`, 0-based), else the first; null when there is none. `lineOffset`:
 * the Markdown lines before the block's code, to put the block's diagnostics on the file's lines.
 */
export function mermaidBlockAt(
  markdown: string,
  line: number,
  previous = 0,
): { text: string; lineOffset: number; block: { index: number; count: number } } | null {
  const blocks = extractMermaidBlocks(markdown);
  if (blocks.length === 0) return null;
  const lastLine = (b: MermaidBlock) => b.line + b.code.split('\n').length;
  let index = blocks.findIndex((b) => line >= b.line - 1 && line <= lastLine(b));
  if (index < 0) index = Math.min(previous, blocks.length - 1);
  const block = blocks[index]!;
  return { text: block.code, lineOffset: block.line - 1, block: { index, count: blocks.length } };
}

/** Replaces each block with an image link (`links[i]` for `blocks[i]`), like mermaid-cli's Markdown mode. */
export function rewriteMarkdown(markdown: string, blocks: MermaidBlock[], links: string[]): string {
  let out = '';
  let last = 0;
  blocks.forEach((block, i) => {
    const newline = markdown.slice(block.start, block.end).endsWith('\n') ? '\n' : '';
    out += `${markdown.slice(last, block.start)}![diagram](${links[i]})${newline}`;
    last = block.end;
  });
  return out + markdown.slice(last);
}

/**
 * Label text as a person reads it off the drawing. People pad text with spaces to position it,
 * and text pasted from Mermaid or HTML carries `<br>`: neither is part of what the label says.
 */

const BREAK = /<br\s*\/?>/gi;
/**
 * A line drawn with box-drawing strokes (`──────`): a rule under a heading, drawn as one line.
 * (Dashes typed as `---` are words a person copies; truths keep them.)
 */
const RULE_LINE = /^[\u2500-\u257f]{3,}$/;

/**
 * `<br>` becomes a line break; each line is trimmed and its runs of spaces and tabs become one
 * space; blank lines at either end are dropped and a run of blank lines inside becomes one; a
 * line that is only a box-drawn rule (`──────`) among others is dropped; a line ending in a
 * word's hyphen runs on into the next.
 */
export function readableText(text: string): string {
  // Most labels need nothing: one line, no markup, no padding.
  if (!/[\n\r<\t\u00a0]| {2}|^\s|\s$/.test(text)) return text;
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(BREAK, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim());
  const kept: string[] = [];
  for (const line of lines) {
    // A rule drawn under a heading separates; it says nothing.
    if (lines.length > 1 && RULE_LINE.test(line)) continue;
    if (line === '' && (kept.length === 0 || kept.at(-1) === '')) continue;
    kept.push(line);
  }
  while (kept.at(-1) === '') kept.pop();
  // A word broken after its hyphen to fit a box reads whole: `Ingestion-Users-⏎Processor`.
  for (let i = kept.length - 2; i >= 0; i--) {
    if (/[\p{L}\p{N}]-$/u.test(kept[i]!) && /^[\p{L}\p{N}]/u.test(kept[i + 1]!)) {
      kept.splice(i, 2, kept[i]! + kept[i + 1]!);
    }
  }
  return kept.join('\n');
}

/** Whether the text says anything once padding is gone. */
export const isBlank = (text: string) => readableText(text) === '';

/** Whether a text is a cardinality mark written at a relation's end: `1`, `n`, `*`, `0..1`, `1..*`. */
export function marksCardinality(text: string): boolean {
  return /^(\d{1,3}|[nmNM*]|\d\s*\.\.\s*(\d{1,3}|[nmNM*]))$/.test(readableText(text));
}

/** Excalidraw's large font size: lettering this large stands a little farther off what it names. */
const LARGE_FONT = 28;

/** How far a text may stand from what it names: `base`, or up to its own size when it is large. */
export function reachOf(t: { fontSize: number }, base: number): number {
  return t.fontSize >= LARGE_FONT ? Math.max(base, t.fontSize) : base;
}

/** Whether a label only numbers a step: `3`, `2.`, `(4)`, `#5`, `1.2`. */
export function numbersStep(text: string): boolean {
  return /^[(#]?\d{1,2}(\.\d{1,2})?[.):]?$/.test(readableText(text));
}

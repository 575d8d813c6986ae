/**
 * The few rules that keep arbitrary text from changing the meaning of generated Mermaid.
 * Labels are always written inside double quotes, where Mermaid decodes `#name;` and `#123;`
 * entities; everything that could end the string, start an entity, open a markdown string
 * or form a `%%{init}%%` directive is written as an entity instead.
 */

const LABEL_ENTITIES: Record<string, string> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '%': '#37;',
  '`': '#96;',
  '\n': '<br>',
};

// Control characters, line/paragraph separators and lone surrogates have no place in a label.
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// What escapeLabel changes: line breaks, entities, and the unprintable (surrogates checked in full).
const NEEDS_ESCAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff#"&<>%`]/;

/** Escapes text for a double-quoted Mermaid label; newlines become `<br>`. */
export function escapeLabel(text: string): string {
  // Most labels need nothing: printable, nothing to escape, something to draw.
  if (!NEEDS_ESCAPE.test(text) && text.trim() !== '') return text;
  const clean = text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, ' ');
  const escaped = clean.replace(/[#"&<>%`\n]/g, (c) => LABEL_ENTITIES[c] ?? c);
  // Mermaid rejects an empty string; a single space draws an empty box.
  return escaped.trim() === '' ? ' ' : escaped;
}

/** Text for a `%%` comment line: one line, and no `%%` run that could open a directive. */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ⏎ ')
    .replace(UNPRINTABLE, ' ')
    .replace(/%(?=%)/g, '% ')
    .trim();
}

const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30})$/;

/** The colour if it is a hex or named CSS colour, else null (it will be dropped, not injected). */
export function safeColor(value: string): string | null {
  return COLOR.test(value) ? value : null;
}

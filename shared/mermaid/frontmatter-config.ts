/**
 * The diagram's own configuration, the frontmatter's `config:` (mermaid's current form), read and
 * edited in place: a setting changes the lines it needs, and the rest of the frontmatter (title,
 * comments, other settings) stays as written.
 */
import { isMap, parseDocument } from 'yaml';
import { splitFrontmatter } from './frontmatter.ts';
import type { MermaidConfig } from './render-types.ts';

/** The frontmatter's `config:` object; empty when there is none or the YAML is not readable. */
export function readFrontmatterConfig(text: string): MermaidConfig {
  const { yaml } = splitFrontmatter(text);
  if (yaml === undefined) return {};
  const doc = parseDocument(yaml);
  if (doc.errors.length > 0) return {};
  const config = (doc.toJS() as { config?: unknown } | null)?.config;
  return typeof config === 'object' && config !== null && !Array.isArray(config)
    ? (config as MermaidConfig)
    : {};
}

/**
 * Sets `config.<path>` in the frontmatter to `value`, or removes it when `value` is undefined
 * (and the maps it leaves empty). Adds a frontmatter when the text has none. Returns null when the
 * frontmatter is not valid YAML, rather than rewrite what the user wrote.
 */
export function setFrontmatterConfig(text: string, path: readonly string[], value: unknown): string | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { yaml, body } = splitFrontmatter(text);
  const doc = parseDocument(yaml ?? '');
  if (doc.errors.length > 0) return null;
  const full = ['config', ...path];
  if (value === undefined) {
    if (!doc.hasIn(full)) return text;
    doc.deleteIn(full);
    for (let n = full.length - 1; n >= 1; n--) {
      const parent = doc.getIn(full.slice(0, n));
      if (isMap(parent) && parent.items.length === 0) doc.deleteIn(full.slice(0, n));
    }
  } else {
    doc.setIn(full, value);
  }
  const contents = doc.contents;
  const newYaml =
    !contents || (isMap(contents) && contents.items.length === 0) ? '' : doc.toString({ lineWidth: 0 });
  if (!newYaml.trim()) {
    return yaml === undefined ? text : body;
  }
  const indent = yaml === undefined ? '' : (/^[ \t]*/.exec(text)?.[0] ?? '');
  const block = `${indent}---${eol}${newYaml.replace(/\n$/, '').split('\n').join(eol)}${eol}${indent}---${eol}`;
  return `${block}${body}`;
}

import mermaid from 'mermaid';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';

let sectionKeys: [section: string, key: string][] | undefined;

/**
 * The config that makes mermaid draw and measure every text in `fontFamily`. The top-level
 * `fontFamily` reaches the theme and the sequence and C4 diagrams, but journey, timeline and use
 * case diagrams keep fonts of their own (`"Open Sans", sans-serif`, whatever the machine has under
 * that name), so each diagram's `…FontFamily` is set too. (What config cannot reach is changed at
 * build time: build/bundled-fonts.ts.)
 */
export function fontConfig(fontFamily: string): MermaidConfig {
  sectionKeys ??= Object.entries(mermaid.mermaidAPI.defaultConfig).flatMap(([section, value]) =>
    value && typeof value === 'object'
      ? Object.keys(value)
          .filter((key) => key.endsWith('FontFamily'))
          .map((key): [string, string] => [section, key])
      : [],
  );
  const config: Record<string, Record<string, string> | string> = { fontFamily };
  for (const [section, key] of sectionKeys) {
    config[section] = { ...(config[section] as Record<string, string> | undefined), [key]: fontFamily };
  }
  return config;
}

/** `config` over `defaults`, objects merged one level deep (a diagram section's keys add up). */
export function over(defaults: MermaidConfig, config: MermaidConfig): MermaidConfig {
  const merged: MermaidConfig = { ...defaults };
  for (const [key, value] of Object.entries(config)) {
    const base = merged[key];
    merged[key] = isObject(base) && isObject(value) ? { ...base, ...value } : value;
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

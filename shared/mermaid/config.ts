import type { MermaidConfig } from './render-types.ts';

/** The project config file, found upward from each input so that the app and the CLI render a folder alike. */
export const PROJECT_CONFIG_FILE = 'merrow.config.json';

/**
 * The one key of `merrow.config.json` that is Merrow's own rather than mermaid's:
 * `{"theme": "dark", "merrow": {"exportOnSave": ["svg"]}}`. It never reaches `mermaid.initialize`.
 */
export const MERROW_KEY = 'merrow';

/** Merrow's own folder settings (the `merrow` key of `merrow.config.json`). */
export interface MerrowSettings {
  /** Formats written beside a diagram each time the app saves it. */
  exportOnSave: ('svg' | 'png')[];
}

/** Keys only `initialize()` may set; Merrow fixes `securityLevel` and `startOnLoad` itself. */
const FORCED: MermaidConfig = { securityLevel: 'strict', startOnLoad: false };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merges config layers, later layers winning (`--config` < project file < command-line flags).
 * The diagram's own frontmatter is applied by mermaid itself and wins over all of these.
 */
export function mergeConfigs(...layers: (MermaidConfig | undefined)[]): MermaidConfig {
  const out: MermaidConfig = {};
  for (const layer of layers) if (layer) mergeInto(out, withoutMerrowSettings(layer));
  return { ...out, ...FORCED };
}

/** The mermaid part of a project config: everything but Merrow's own `merrow` key. */
export function withoutMerrowSettings(config: MermaidConfig): MermaidConfig {
  if (!Object.hasOwn(config, MERROW_KEY)) return config;
  const { [MERROW_KEY]: _, ...mermaid } = config;
  return mermaid;
}

/** Reads Merrow's own settings from a project config; throws an Error saying what is wrong with them. */
export function merrowSettings(config: MermaidConfig): MerrowSettings {
  const own = config[MERROW_KEY] ?? {};
  if (!isPlainObject(own)) throw new Error(`"${MERROW_KEY}" must be an object of Merrow settings`);
  const formats = own.exportOnSave ?? [];
  const valid = (f: unknown): f is 'svg' | 'png' => f === 'svg' || f === 'png';
  if (!Array.isArray(formats) || !formats.every(valid)) {
    throw new Error(`"${MERROW_KEY}.exportOnSave" must be a list of "svg" and "png", such as ["svg"]`);
  }
  return { exportOnSave: [...new Set(formats)] };
}

function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) mergeInto(current, value);
    else target[key] = isPlainObject(value) ? mergeInto({}, value) : value;
  }
  return target;
}

/** Parses a JSON config file's text (`merrow.config.json`); throws an Error with a readable message. */
export function parseConfigJson(text: string, fileName: string): MermaidConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON: ${(error as Error).message}`);
  }
  return configObject(value, fileName);
}

/** A config file's parsed value as a config: nothing is an empty config, anything but an object a mistake. */
export function configObject(value: unknown, fileName: string): MermaidConfig {
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new Error(`${fileName}: a mermaid config must be an object`);
  return value;
}

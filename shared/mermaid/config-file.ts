import { parse as parseYaml } from 'yaml';
import { configObject, parseConfigJson } from './config.ts';
import type { MermaidConfig } from './render-types.ts';

/**
 * Parses a `--config` file's text: YAML for `.yaml`/`.yml`, else JSON; throws an Error with a
 * readable message. Apart from config.ts so that only a YAML config loads the YAML parser.
 */
export function parseConfigText(text: string, fileName: string): MermaidConfig {
  if (!/\.ya?ml$/i.test(fileName)) return parseConfigJson(text, fileName);
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid YAML: ${(error as Error).message}`);
  }
  return configObject(value, fileName);
}

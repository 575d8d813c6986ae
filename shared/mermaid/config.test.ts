import { describe, expect, it } from 'vitest';
import { mergeConfigs, merrowSettings, withoutMerrowSettings } from './config.ts';
import { parseConfigText } from './config-file.ts';

describe('mergeConfigs', () => {
  it('deep-merges layers with later layers winning, and forces strict security', () => {
    const merged = mergeConfigs(
      { theme: 'forest', flowchart: { curve: 'linear', htmlLabels: false }, securityLevel: 'loose' },
      { flowchart: { curve: 'basis' } },
      { theme: 'dark' },
    );
    expect(merged).toEqual({
      theme: 'dark',
      flowchart: { curve: 'basis', htmlLabels: false },
      securityLevel: 'strict',
      startOnLoad: false,
    });
  });

  it('ignores prototype keys from untrusted files', () => {
    const merged = mergeConfigs(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['securityLevel', 'startOnLoad']);
  });
});

describe('parseConfigText', () => {
  it('reads JSON and YAML', () => {
    expect(parseConfigText('{"theme":"dark"}', 'c.json')).toEqual({ theme: 'dark' });
    expect(parseConfigText('theme: dark\nflowchart:\n  curve: basis\n', 'c.yaml')).toEqual({
      theme: 'dark',
      flowchart: { curve: 'basis' },
    });
  });

  it('names the file in its errors', () => {
    expect(() => parseConfigText('{', 'bad.json')).toThrow(/^bad\.json: not valid JSON/);
    expect(() => parseConfigText('a: [', 'bad.yaml')).toThrow(/^bad\.yaml: not valid YAML/);
    expect(() => parseConfigText('[1]', 'list.json')).toThrow(
      'list.json: a mermaid config must be an object',
    );
  });
});

describe("Merrow's own settings in the project config", () => {
  const project = { theme: 'forest', merrow: { exportOnSave: ['svg', 'png', 'svg'] } };

  it('keeps the merrow key out of the config mermaid is given', () => {
    expect(mergeConfigs({ merrow: { x: 1 } }, project, { theme: 'dark' })).toEqual({
      theme: 'dark',
      securityLevel: 'strict',
      startOnLoad: false,
    });
    expect(withoutMerrowSettings(project)).toEqual({ theme: 'forest' });
    expect(project.merrow).toBeDefined();
  });

  it('reads exportOnSave, empty when absent, and names what is wrong', () => {
    expect(merrowSettings(project)).toEqual({ exportOnSave: ['svg', 'png'] });
    expect(merrowSettings({ theme: 'dark' })).toEqual({ exportOnSave: [] });
    expect(() => merrowSettings({ merrow: { exportOnSave: ['pdf'] } })).toThrow(
      '"merrow.exportOnSave" must be a list of "svg" and "png"',
    );
    expect(() => merrowSettings({ merrow: true })).toThrow('"merrow" must be an object');
  });
});

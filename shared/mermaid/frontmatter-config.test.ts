import { describe, expect, it } from 'vitest';
import { readFrontmatterConfig, setFrontmatterConfig } from './frontmatter-config.ts';

describe('setFrontmatterConfig', () => {
  it('adds a frontmatter with the setting when the diagram has none', () => {
    expect(setFrontmatterConfig('flowchart TD\n  a\n', ['elk', 'forceNodeModelOrder'], true)).toBe(
      '---\nconfig:\n  elk:\n    forceNodeModelOrder: true\n---\nflowchart TD\n  a\n',
    );
  });

  it('keeps the title, comments and other settings as written', () => {
    const text =
      '---\ntitle: Hello # greeting\nconfig:\n  flowchart:\n    curve: linear\n---\nflowchart TD\n';
    expect(setFrontmatterConfig(text, ['flowchart', 'nodeSpacing'], 80)).toBe(
      '---\ntitle: Hello # greeting\nconfig:\n  flowchart:\n    curve: linear\n    nodeSpacing: 80\n---\nflowchart TD\n',
    );
  });

  it('removes a setting with the maps it leaves empty, and a frontmatter left empty', () => {
    const text = '---\nconfig:\n  elk:\n    forceNodeModelOrder: true\n---\nflowchart TD\n';
    expect(setFrontmatterConfig(text, ['elk', 'forceNodeModelOrder'], undefined)).toBe('flowchart TD\n');
  });

  it('refuses to rewrite a frontmatter that is not valid YAML', () => {
    expect(setFrontmatterConfig('---\nconfig: [\n---\nflowchart TD\n', ['layout'], 'elk')).toBeNull();
  });
});

describe('readFrontmatterConfig', () => {
  it('reads the config object and nothing else', () => {
    expect(readFrontmatterConfig('---\ntitle: T\nconfig:\n  layout: dagre\n---\nflowchart TD\n')).toEqual({
      layout: 'dagre',
    });
    expect(readFrontmatterConfig('flowchart TD\n')).toEqual({});
  });
});

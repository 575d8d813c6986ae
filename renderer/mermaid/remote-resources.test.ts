import { describe, expect, it } from 'vitest';
import { isRemoteUrl, withoutRemoteCss } from './remote-resources.ts';

describe('isRemoteUrl', () => {
  it('tells URLs that fetch from elsewhere from fragments, data and relative paths', () => {
    for (const url of [
      'https://x.example/a.png',
      'HTTP://x',
      '//x.example/a',
      'ht\ttp://x',
      ' \nhttps://x',
      'ftp://x',
      '\\\\x.example\\a',
      'file:///etc/passwd',
    ]) {
      expect(isRemoteUrl(url), JSON.stringify(url)).toBe(true);
    }
    for (const url of ['#arrowhead', 'data:image/png;base64,AAAA', 'logo.png', './a/b.svg', '']) {
      expect(isRemoteUrl(url), JSON.stringify(url)).toBe(false);
    }
  });
});

describe('withoutRemoteCss', () => {
  it('drops @import and remote url(), however quoted or escaped, and keeps the rest', () => {
    expect(withoutRemoteCss('@import url(https://x/a.css); .a { fill: red }')).toBe(' .a { fill: red }');
    expect(withoutRemoteCss("background: url( 'https://x/b.png' ) no-repeat")).toBe(
      'background: none no-repeat',
    );
    expect(withoutRemoteCss('stroke: url(\\68 ttps://x/c.png)')).toBe('stroke: none');
    expect(withoutRemoteCss('marker-end: url(#arrow); fill: url("data:image/png;base64,AA")')).toBe(
      'marker-end: url(#arrow); fill: url("data:image/png;base64,AA")',
    );
    expect(withoutRemoteCss('background-image: image-set("https://x/1.png" 1x)')).toBe(
      'background-image: none',
    );
  });
});

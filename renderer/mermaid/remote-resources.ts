/**
 * Strips what would make an exported SVG fetch something when it is opened: `<img src>` and
 * `<image href>` that name another site, `srcset`, CSS `url(…)` and `@import` that do, in style
 * attributes and `<style>` elements. A shared diagram must not phone home (a tracking pixel in a
 * label) nor change when a server does. Links stay: `<a href>` (mermaid's `click … href`) fetches
 * nothing until clicked. Fragment references (`url(#arrowhead)`), `data:` URLs and relative paths
 * stay too: they load nothing from elsewhere.
 */

// Attributes that load a resource by themselves. `href` loads on <image>, <use>, <feImage>,
// <script>, <link>…, but only navigates on <a>.
const LOADING_ATTRIBUTES = ['src', 'srcset', 'href', 'xlink:href', 'poster', 'background', 'data', 'action'];

/** Whether a URL reaches elsewhere: a scheme other than `data:`, or `//host`. */
export function isRemoteUrl(url: string): boolean {
  // Browsers drop ASCII whitespace and control characters inside URLs: `ht\ttp:` is `http:`.
  const clean = Array.from(url, (c) => (c.charCodeAt(0) <= 0x20 ? '' : c))
    .join('')
    .replace(/\\/g, '/');
  if (clean.startsWith('//')) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(clean)?.[1]?.toLowerCase();
  return scheme !== undefined && scheme !== 'data';
}

// CSS escapes (`\68 ttp`, `\:`) spelled out before a URL is judged.
const unescapeCss = (text: string) =>
  text.replace(/\\([0-9a-f]{1,6})\s?|\\(.)/gi, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff)) : (char ?? ''),
  );

/** CSS with every `@import` removed and every remote `url(…)` (and `image-set`'s strings) made `none`. */
export function withoutRemoteCss(css: string): string {
  return css
    .replace(/@import\b[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)((?:\\.|(?!\1\s*\)).)*?)\1\s*\)/gi, (whole, _q, url: string) =>
      isRemoteUrl(unescapeCss(url)) ? 'none' : whole,
    )
    .replace(/image-set\(([^)]*)\)/gi, (whole, inner: string) =>
      /(['"])(.*?)\1/.test(inner) &&
      [...inner.matchAll(/(['"])(.*?)\1/g)].some((m) => isRemoteUrl(unescapeCss(m[2]!)))
        ? 'none'
        : whole,
    );
}

/** Removes every auto-loading remote reference below (and on) `root`, in place. */
export function stripRemoteResources(root: Element): void {
  for (const element of [root, ...root.querySelectorAll('*')]) {
    const isLink = element.localName === 'a';
    for (const name of LOADING_ATTRIBUTES) {
      if (isLink && (name === 'href' || name === 'xlink:href')) continue;
      const value = element.getAttribute(name);
      if (value === null) continue;
      const remote =
        name === 'srcset'
          ? value.split(',').some((candidate) => isRemoteUrl(candidate.trim().split(/\s+/)[0] ?? ''))
          : isRemoteUrl(value);
      if (remote) element.removeAttribute(name);
    }
    const style = element.getAttribute('style');
    if (style) {
      const clean = withoutRemoteCss(style);
      if (clean !== style) element.setAttribute('style', clean);
    }
    if (element.localName === 'style' && element.textContent) {
      const clean = withoutRemoteCss(element.textContent);
      if (clean !== element.textContent) element.textContent = clean;
    }
  }
}

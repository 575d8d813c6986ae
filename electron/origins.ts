/** Pages come from this scheme rather than `file://`, so they get a real origin and a CSP header. */
export const SCHEME = 'merrow-app';
export const APP_ORIGIN = `${SCHEME}://app`;
/** The preview frame is a different site from the app: a diagram that escaped mermaid's sanitiser reaches nothing. */
export const PREVIEW_ORIGIN = `${SCHEME}://preview`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of `url` as Chromium sees it for a standard scheme. Node's URL gives every custom
 * scheme the opaque origin "null", so `new URL(url).origin` cannot tell Merrow's hosts apart.
 */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? 'null' : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'null';
  }
}

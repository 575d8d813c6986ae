/** Pages come from this scheme rather than `file://`, so they get a real origin and a CSP header. */
export const SCHEME = 'merrow-app';
export const APP_ORIGIN = `${SCHEME}://app`;
/** The preview frame is a different site from the app: a diagram that escaped mermaid's sanitiser reaches nothing. */
export const PREVIEW_ORIGIN = `${SCHEME}://preview`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

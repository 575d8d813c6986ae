import { type Session, shell, type WebContents, type WebPreferences } from 'electron';
import { APP_ORIGIN, originOf, PREVIEW_ORIGIN } from './origins.ts';

/** The settings of every window Merrow opens: the renderer is a web page with no Node and no reach. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // A middle click would otherwise ask for a new window (denied anyway by setWindowOpenHandler).
    disableBlinkFeatures: 'Auxclick',
  };
}

/** Whether `url` may be handed to the OS browser: only well-formed http(s) links, never file: or custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.hostname !== '' &&
    url.length <= 4096
  );
}

/** Opens a link in the OS browser when it is a validated http(s) URL; anything else is dropped. */
export function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/** Whether a top-level page or a frame may load `url`: only Merrow's own two origins. */
export function isOwnOrigin(url: string): boolean {
  const origin = originOf(url);
  return origin === APP_ORIGIN || origin === PREVIEW_ORIGIN;
}

/**
 * Denies every navigation away from Merrow's pages and every new window; a link the user
 * clicks goes to the OS browser instead. Applied to every webContents the app creates.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isOwnOrigin(event.url)) {
      event.preventDefault();
      openExternalSafely(event.url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnOrigin(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnOrigin(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Denies every permission (camera, notifications, geolocation…) except writing to the clipboard
 * from the app page itself, which "Copy PNG / SVG" needs.
 */
export function restrictPermissions(session: Session): void {
  const allowed = (permission: string, origin: string) =>
    permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN;
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowed(permission, originOf(details.requestingUrl ?? contents.getURL())));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, originOf(requestingOrigin)),
  );
  session.setDevicePermissionHandler(() => false);
}

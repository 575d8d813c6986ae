import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

const { FakeWebContents, resetFake, session, shell } = await import('../test/support/fake-electron.ts');
const { hardenWebContents, isSafeExternalUrl, restrictPermissions, secureWebPreferences } = await import(
  './security.ts'
);

beforeEach(() => resetFake());

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and strips Node from every window', () => {
    expect(secureWebPreferences('/app/dist/electron/preload.cjs')).toEqual({
      preload: '/app/dist/electron/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
    });
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts http and https links with a host', () => {
    expect(isSafeExternalUrl('https://mermaid.js.org/syntax/flowchart.html')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'merrow-app://app/index.html',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://',
    'not a url',
    `https://example.com/${'a'.repeat(5000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('denies navigation away from the app and hands http(s) links to the OS browser', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(contents.fire('will-navigate', { url: 'file:///etc/passwd' })).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('lets the app navigate within its own two origins', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.fire('will-navigate', { url: 'merrow-app://app/index.html' })).toBe(false);
    expect(contents.fire('will-frame-navigate', { url: 'merrow-app://preview/preview.html' })).toBe(false);
  });

  it('denies frames and redirects to any other origin', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'merrow-app://other/x.html' })).toBe(true);
    expect(contents.fire('will-redirect', { url: 'http://127.0.0.1:8080/' })).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open, passing only http(s) links to the OS browser', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://github.com/mermaid-js/mermaid' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' });
    expect(open({ url: 'merrow-app://app/index.html' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/mermaid-js/mermaid');
  });

  it('refuses to attach a webview', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });
});

describe('restrictPermissions', () => {
  function request(permission: string, requestingUrl: string): boolean {
    let granted: boolean | undefined;
    session.defaultSession.permissionRequest!(
      ...([
        { getURL: () => requestingUrl },
        permission,
        (ok: boolean) => (granted = ok),
        { requestingUrl },
      ] as never[]),
    );
    return granted!;
  }

  it('denies camera, notifications, geolocation and the rest', () => {
    restrictPermissions(session.defaultSession as never);
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'openExternal',
      'fullscreen',
      'midi',
    ]) {
      expect(request(permission, 'merrow-app://app/index.html')).toBe(false);
    }
    expect(session.defaultSession.devicePermission!()).toBe(false);
  });

  it('lets only the app page write to the clipboard', () => {
    restrictPermissions(session.defaultSession as never);
    expect(request('clipboard-sanitized-write', 'merrow-app://app/index.html')).toBe(true);
    expect(request('clipboard-sanitized-write', 'merrow-app://preview/preview.html')).toBe(false);
    expect(request('clipboard-read', 'merrow-app://app/index.html')).toBe(false);
    const check = session.defaultSession.permissionCheck!;
    expect(check(...([null, 'clipboard-sanitized-write', 'merrow-app://app'] as never[]))).toBe(true);
    expect(check(...([null, 'clipboard-sanitized-write', 'https://evil.example'] as never[]))).toBe(false);
  });
});

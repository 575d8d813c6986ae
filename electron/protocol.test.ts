import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

const fake = await import('../test/support/fake-electron.ts');
const { CSP, registerAppProtocol, registerSchemePrivileges, serveAppRequest } = await import('./protocol.ts');

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Merrow</title>');
  await writeFile(join(root, 'preview.html'), '<!doctype html><title>preview</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
});
afterAll(() => rm(base, { recursive: true, force: true }));
beforeEach(() => fake.resetFake());

const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), root);

describe('serveAppRequest', () => {
  it('serves the app page at the root with its CSP', async () => {
    const res = await get('merrow-app://app/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP.app);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Merrow</title>');
  });

  it('serves scripts with a JavaScript type', async () => {
    const res = await get('merrow-app://app/assets/app-1234.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves the preview host with the preview CSP', async () => {
    const res = await get('merrow-app://preview/preview.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP.preview);
  });

  it.each([
    'merrow-app://app/%2e%2e/secret.txt',
    'merrow-app://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'merrow-app://app/..%2fsecret.txt',
    'merrow-app://app/assets%5c..%5c..%5csecret.txt',
    'merrow-app://app/index.html%00.js',
  ])('refuses to leave the renderer folder: %s', async (url) => {
    // The URL parser already folds a literal or %2e `..` away (404); encoded separators reach the check (403).
    const res = await get(url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('outside');
  });

  it('refuses a symbolic link that points outside the renderer folder', async () => {
    const res = await get('merrow-app://app/assets/leak.txt');
    expect(res.status).toBe(403);
  });

  it('answers 404 for missing files, folders and unknown hosts, with the CSP still set', async () => {
    for (const url of [
      'merrow-app://app/nope.js',
      'merrow-app://app/assets',
      'merrow-app://evil/index.html',
    ]) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('merrow-app://app/index.html', 'POST')).status).toBe(405);
    const head = await get('merrow-app://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('CSP', () => {
  it('allows scripts only from the app itself, never eval or plugins', () => {
    for (const policy of [CSP.app, CSP.preview]) {
      const directives = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d] as const));
      expect(directives.get('script-src')).toBe("script-src 'self'");
      expect(directives.get('worker-src')).toBe("worker-src 'self' blob:");
      expect(directives.get('object-src')).toBe("object-src 'none'");
      expect(directives.get('default-src')).toBe("default-src 'none'");
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).not.toMatch(/https?:/);
    }
  });

  it('lets only the app frame the preview, and the app be framed by nobody', () => {
    expect(CSP.app).toContain('frame-src merrow-app://preview');
    expect(CSP.app).toContain("frame-ancestors 'none'");
    expect(CSP.preview).toContain('frame-ancestors merrow-app://app');
    expect(CSP.preview).toContain("frame-src 'none'");
  });
});

describe('registration', () => {
  it('registers merrow-app as a standard, secure scheme and handles it with the confined server', async () => {
    registerSchemePrivileges();
    expect(fake.protocol.privileged).toEqual([
      {
        scheme: 'merrow-app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
    registerAppProtocol(root);
    const handler = fake.protocol.handlers.get('merrow-app')!;
    expect((await handler(new Request('merrow-app://app/index.html'))).status).toBe(200);
    expect((await handler(new Request('merrow-app://app/..%2fsecret.txt'))).status).toBe(403);
  });
});

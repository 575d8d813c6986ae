/**
 * Runs Doyensec's Electronegativity over the shell's sources and compares its findings with
 * the ones explained below. `npm run audit:electron` prints them; security-scan.test.ts fails
 * on any finding that is not explained, and on an explanation that no longer matches a finding.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

export interface Finding {
  id: string;
  /** File name (no folder), or N/A for a check over the whole app. */
  file: string;
  line: number;
  severity: string;
  description: string;
}

/** Findings reviewed and left on purpose, by check id and file, with the reason. */
export const EXPLAINED: Readonly<Record<string, string>> = {
  'CSP_GLOBAL_CHECK N/A':
    'The CSP is a response header of every merrow-app:// response (protocol.ts, checked in protocol.test.ts), ' +
    'which the scanner does not look for: it only knows <meta> tags and webRequest hooks.',
  'CONTEXT_ISOLATION_JS_CHECK desktop-window.ts':
    'The window takes its webPreferences from secureWebPreferences() (contextIsolation: true), which the ' +
    'scanner cannot follow; security.test.ts and main.test.ts check the window gets every setting.',
  'SANDBOX_JS_CHECK desktop-window.ts': 'As above: sandbox: true comes from secureWebPreferences().',
  'AUXCLICK_JS_CHECK desktop-window.ts':
    'As above: disableBlinkFeatures "Auxclick" comes from secureWebPreferences(); a middle click could only ' +
    'ask for a new window, and setWindowOpenHandler denies every one anyway.',
  'CUSTOM_ARGUMENTS_JS_CHECK cli-mode.ts':
    'The CLI mode sets host-resolver-rules to make every host name but 127.0.0.1 fail to resolve: it ' +
    'takes reach away (the same rule the render engine gives a browser it starts), and adds none.',
  'OPEN_EXTERNAL_JS_CHECK security.ts':
    'shell.openExternal is only reached through openExternalSafely(), after isSafeExternalUrl() accepted a ' +
    'well-formed http(s) URL (security.test.ts).',
};

/** The key of a finding in EXPLAINED. */
export const findingKey = (f: Finding): string => `${f.id} ${f.file}`;

interface RawIssue {
  id: string;
  file: string;
  location?: { line: number };
  severity?: { name: string };
  description: string;
}

/**
 * Scans `input` (a folder or file) offline. Electronegativity's TypeScript parser is pinned to
 * the TypeScript 4 it ships with (the project's own TypeScript 7 has no JavaScript parser API),
 * and its network calls (translations, Electron release list) are cut off.
 */
export async function scanElectron(input: string, electronVersion: string): Promise<Finding[]> {
  const require = createRequire(import.meta.url);
  const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const typescript = createRequire(join(toolDir, 'package.json')).resolve('typescript');
  const Module = require('node:module') as {
    _resolveFilename(request: string, ...rest: unknown[]): string;
    _load(request: string, ...rest: unknown[]): unknown;
  };
  const { _resolveFilename, _load } = Module;
  Module._resolveFilename = function (this: unknown, request, ...rest) {
    return request === 'typescript' ? typescript : _resolveFilename.call(this, request, ...rest);
  };
  Module._load = function (this: unknown, request, ...rest) {
    if (request === 'got') return () => Promise.reject(new Error('offline'));
    return _load.call(this, request, ...rest);
  };
  try {
    const run = require(join(toolDir, 'dist', 'runner.js')) as (
      options: object,
      forCli: boolean,
    ) => Promise<{ issues: RawIssue[]; errors: unknown[] }>;
    const result = await run(
      {
        input: resolve(input),
        customScan: [],
        // Downloads Electron's release list; the Electron version is pinned in package.json and reviewed there.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    if (result.errors.length > 0)
      throw new Error(`electronegativity could not parse: ${JSON.stringify(result.errors)}`);
    return result.issues.map((i) => ({
      id: i.id,
      file: i.file === 'N/A' ? 'N/A' : basename(i.file),
      line: i.location?.line ?? 0,
      severity: i.severity?.name ?? '',
      description: i.description,
    }));
  } finally {
    Module._resolveFilename = _resolveFilename;
    Module._load = _load;
  }
}

if (import.meta.main) {
  const electron = createRequire(import.meta.url)('electron/package.json') as { version: string };
  const findings = await scanElectron(import.meta.dirname, electron.version);
  let unexplained = 0;
  for (const f of findings) {
    const reason = EXPLAINED[findingKey(f)];
    if (!reason) unexplained++;
    process.stdout.write(
      `${reason ? 'explained' : 'NEW      '} ${f.id} ${f.file}:${f.line} (${f.severity}) ${f.description}\n`,
    );
    if (reason) process.stdout.write(`          ${reason}\n`);
  }
  process.stdout.write(`${findings.length} findings, ${unexplained} unexplained\n`);
  process.exitCode = unexplained > 0 ? 1 : 0;
}

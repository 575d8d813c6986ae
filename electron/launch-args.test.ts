import { describe, expect, it } from 'vitest';
import { cliArgv, pathsFromArgs, userArgs } from './launch-args.ts';

describe('userArgs', () => {
  it('drops the binary of a packaged app', () => {
    expect(userArgs(['/opt/Merrow/merrow', 'diagram.mmd'], false)).toEqual(['diagram.mmd']);
  });

  it('drops the binary and the app path in development, wherever Chromium switches put it', () => {
    expect(userArgs(['/x/electron', '.', 'examples'], true)).toEqual(['examples']);
    expect(userArgs(['/x/electron', '--no-sandbox', '.', 'examples'], true)).toEqual([
      '--no-sandbox',
      'examples',
    ]);
  });
});

describe('cliArgv', () => {
  it('takes everything after --cli', () => {
    expect(cliArgv(['--cli', 'export', 'a.mmd', '--format', 'png'])).toEqual([
      'export',
      'a.mmd',
      '--format',
      'png',
    ]);
    expect(cliArgv(['--cli', '--version'])).toEqual(['--version']);
  });

  it('recognises a CLI command as the first argument', () => {
    expect(cliArgv(['export', 'docs', '--out', 'build'])).toEqual(['export', 'docs', '--out', 'build']);
    expect(cliArgv(['--enable-logging', 'check', 'a.mmd'])).toEqual(['check', 'a.mmd']);
  });

  it('answers --version and --help like the CLI', () => {
    expect(cliArgv(['--version'])).toEqual(['--version']);
    expect(cliArgv(['-h'])).toEqual(['-h']);
    expect(cliArgv(['--version', 'flow.mmd'])).toBeNull();
  });

  it('leaves files, folders and no arguments to the desktop app', () => {
    expect(cliArgv([])).toBeNull();
    expect(cliArgv(['diagrams/flow.mmd'])).toBeNull();
    expect(cliArgv(['/home/ada/export'])).toBeNull();
  });
});

describe('pathsFromArgs', () => {
  it('resolves relative paths against the launch folder and skips switches', () => {
    expect(pathsFromArgs(['--allow-file-access', 'flow.mmd', '/abs/dir', ''], '/home/ada/here')).toEqual([
      '/home/ada/here/flow.mmd',
      '/abs/dir',
    ]);
  });

  it('accepts file URLs that some launchers pass', () => {
    expect(pathsFromArgs(['file:///home/ada/my%20diagrams/a.mmd'], '/')).toEqual([
      '/home/ada/my diagrams/a.mmd',
    ]);
    expect(pathsFromArgs(['file://remote-host/share/a.mmd'], '/')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './serve.ts';

describe('parseServeArgs', () => {
  it('serves the current folder on a free port and opens the browser by default', () => {
    expect(parseServeArgs([])).toEqual({ folder: '.', port: 0, open: true });
  });

  it('reads the folder, --port and --no-open', () => {
    expect(parseServeArgs(['docs', '--port', '8123', '--no-open'])).toEqual({
      folder: 'docs',
      port: 8123,
      open: false,
    });
    expect(parseServeArgs(['--port=0', 'docs'])).toEqual({ folder: 'docs', port: 0, open: true });
  });

  it('explains usage mistakes', () => {
    expect(parseServeArgs(['--port', 'http'])).toEqual({ error: '--port: expected 0-65535, got http' });
    expect(parseServeArgs(['--port', '70000'])).toEqual({ error: '--port: expected 0-65535, got 70000' });
    expect(parseServeArgs(['a', 'b'])).toEqual({ error: 'expected one folder, got 2' });
    expect(parseServeArgs(['--host', 'x'])).toHaveProperty('error');
  });
});

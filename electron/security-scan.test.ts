import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { EXPLAINED, findingKey, scanElectron } from './security-scan.ts';

const electron = createRequire(import.meta.url)('electron/package.json') as { version: string };

describe('electronegativity', () => {
  it('finds nothing in the shell that is not explained, and every explanation still matches a finding', async () => {
    const findings = await scanElectron(import.meta.dirname, electron.version);
    const unexplained = findings.filter((f) => !EXPLAINED[findingKey(f)]);
    expect(unexplained).toEqual([]);
    const stale = Object.keys(EXPLAINED).filter((key) => !findings.some((f) => findingKey(f) === key));
    expect(stale).toEqual([]);
  });
});

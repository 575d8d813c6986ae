import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireProfile } from './profile.ts';

const cache = mkdtempSync(join(tmpdir(), 'merrow-profile-test-'));
const env = { XDG_CACHE_HOME: cache };
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('acquireProfile', () => {
  it('gives each holder its own reused profile and port, then temporary ones', () => {
    const held = Array.from({ length: 5 }, () => acquireProfile(env));
    const reused = held.filter((p) => p.port !== undefined);
    expect(reused.map((p) => p.dir)).toEqual(
      [0, 1, 2, 3].map((slot) => join(cache, 'merrow', `browser-profile-${slot}`)),
    );
    expect(new Set(reused.map((p) => p.port)).size).toBe(4);
    const temporary = held[4]!;
    expect(temporary.port).toBeUndefined();
    expect(temporary.dir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(temporary.dir)).toBe(true);

    for (const p of held) p.release();
    expect(existsSync(temporary.dir)).toBe(false);
    const again = acquireProfile(env);
    expect(again.dir).toBe(join(cache, 'merrow', 'browser-profile-0'));
    again.release();
  });

  it('takes over the slot of a process that died without releasing it', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(cache, 'merrow'), { recursive: true });
    writeFileSync(join(cache, 'merrow', 'browser-profile-0.lock'), String(dead));
    const profile = acquireProfile(env);
    expect(profile.dir).toBe(join(cache, 'merrow', 'browser-profile-0'));
    profile.release();
  });

  it('leaves the slot of a live process alone', () => {
    mkdirSync(join(cache, 'merrow'), { recursive: true });
    writeFileSync(join(cache, 'merrow', 'browser-profile-0.lock'), String(process.ppid));
    const profile = acquireProfile(env);
    expect(profile.dir).toBe(join(cache, 'merrow', 'browser-profile-1'));
    profile.release();
    rmSync(join(cache, 'merrow', 'browser-profile-0.lock'));
  });

  it('empties the caches of a profile that served another build of the engine page, and only then', () => {
    const dir = join(cache, 'merrow', 'browser-profile-0');
    const cached = join(dir, 'Default', 'Code Cache', 'js', 'entry');
    const kept = join(dir, 'Default', 'Preferences');
    const fill = () => {
      mkdirSync(join(cached, '..'), { recursive: true });
      writeFileSync(cached, 'compiled code');
      writeFileSync(kept, '{}');
    };
    fill();
    let profile = acquireProfile(env, 'build-a');
    expect(existsSync(cached)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    expect(readFileSync(join(dir, 'merrow-engine-build'), 'utf8')).toBe('build-a');
    profile.release();

    fill();
    profile = acquireProfile(env, 'build-a');
    expect(existsSync(cached)).toBe(true);
    profile.release();

    profile = acquireProfile(env, 'build-b');
    expect(existsSync(cached)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    profile.release();
  });
});

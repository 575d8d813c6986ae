import { describe, expect, it } from 'vitest';
import { PathLock } from './path-lock.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('PathLock', () => {
  it('runs shared tasks together and an exclusive one alone, in the order they came', async () => {
    const lock = new PathLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([
      lock.shared(task('read 1')),
      lock.shared(task('read 2')),
      lock.exclusive(task('rename')),
      lock.shared(task('read 3')),
    ]);
    expect(log).toEqual([
      'read 1 start',
      'read 2 start',
      'read 1 end',
      'read 2 end',
      'rename start',
      'rename end',
      'read 3 start',
      'read 3 end',
    ]);
  });

  it('goes on after a task fails', async () => {
    const lock = new PathLock();
    await expect(lock.exclusive(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(lock.shared(async () => 'after')).resolves.toBe('after');
    await expect(lock.exclusive(async () => 'alone')).resolves.toBe('alone');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { keyPress } from '../../test/support/key-press.ts';
import { CommandRegistry } from './commands.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('CommandRegistry', () => {
  it('runs a window command from its key, with the catalogue’s title and keys in the palette', async () => {
    const commands = new CommandRegistry({ platform: 'linux', host: 'desktop' });
    const save = vi.fn();
    commands.add('file.save', { run: save });
    expect(commands.handleKey(keyPress('s', 'KeyS', { ctrlKey: true }))).toBe(true);
    await settle();
    expect(save).toHaveBeenCalledOnce();
    expect(commands.paletteItems()).toMatchObject([{ id: 'file.save', label: 'Save', keys: 'Ctrl+S' }]);
  });

  it('uses the browser’s keys in a browser and the Mac’s symbols on a Mac', () => {
    const browser = new CommandRegistry({ platform: 'linux', host: 'browser' });
    const close = vi.fn();
    browser.add('tab.close', { run: close });
    expect(browser.shortcut('tab.close')).toBe('Alt+W');
    expect(browser.handleKey(keyPress('w', 'KeyW', { ctrlKey: true }))).toBe(false);
    expect(browser.handleKey(keyPress('w', 'KeyW', { altKey: true }))).toBe(true);
    const mac = new CommandRegistry({ platform: 'mac', host: 'desktop' });
    mac.add('workbench.palette', { run: () => {} });
    expect(mac.tooltip('Commands', 'workbench.palette')).toBe('Commands (⇧⌘P)');
  });

  it('takes a bound key whose command does not apply, without running it, and greys it for the menu', async () => {
    const commands = new CommandRegistry({ platform: 'linux', host: 'desktop' });
    const save = vi.fn();
    let open = false;
    commands.add('file.save', { when: () => open, run: save });
    expect(commands.handleKey(keyPress('s', 'KeyS', { ctrlKey: true }))).toBe(true);
    expect(commands.run('file.save')).toBe(false);
    await settle();
    expect(save).not.toHaveBeenCalled();
    expect(commands.paletteItems()).toEqual([]);
    expect(commands.states().disabled).toContain('file.save');
    open = true;
    expect(commands.states().disabled).not.toContain('file.save');
  });

  it('leaves the editor its own keys while it has focus', () => {
    const commands = new CommandRegistry({ platform: 'linux', host: 'desktop' });
    commands.add('edit.toggleComment', { run: () => {} });
    const slash = keyPress('/', 'Slash', { ctrlKey: true });
    expect(commands.handleKey(slash, true)).toBe(false);
    expect(commands.handleKey(slash, false)).toBe(true);
  });

  it('reports toggles that are on, window commands nobody handles as disabled, and refuses an id twice', () => {
    const commands = new CommandRegistry({ platform: 'linux', host: 'desktop' });
    commands.add('file.autosave', { checked: () => true, run: () => {} });
    const states = commands.states();
    expect(states.checked).toEqual(['file.autosave']);
    expect(states.disabled).toContain('folder.open');
    expect(() => commands.add('file.autosave', { run: () => {} })).toThrow(/twice/);
  });

  it('tells its subscribers when commands come, go, or what they watch changes', () => {
    const commands = new CommandRegistry({ platform: 'linux', host: 'desktop' });
    const listener = vi.fn();
    commands.subscribe(listener);
    const remove = commands.contribute({ id: 'x', title: 'X', run: () => {} });
    remove();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(commands.has('x')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { keyPress } from '../../test/support/key-press.ts';
import { COMMAND_IDS, COMMANDS, type CommandInfo } from './catalogue.ts';
import {
  allBindings,
  bindingFor,
  chordOf,
  eventChord,
  type Host,
  keyLabel,
  type Platform,
  platformOf,
  toAccelerator,
} from './keys.ts';

const PLATFORMS: Platform[] = ['mac', 'windows', 'linux'];
const HOSTS: Host[] = ['desktop', 'browser'];

describe('key bindings', () => {
  it('writes Mod as Cmd on macOS and Ctrl elsewhere, in each platform’s own way', () => {
    expect(keyLabel('Mod+Shift+P', 'linux')).toBe('Ctrl+Shift+P');
    expect(keyLabel('Mod+Shift+P', 'mac')).toBe('⇧⌘P');
    expect(keyLabel('Ctrl+Tab', 'mac')).toBe('⌃⇥');
    expect(keyLabel('Mod+Alt+S', 'windows')).toBe('Ctrl+Alt+S');
    expect(keyLabel('Alt+PageDown', 'linux')).toBe('Alt+PgDn');
    expect(keyLabel('Mod+/', 'mac')).toBe('⌘/');
  });

  it('gives Electron accelerators that name the same keys', () => {
    expect(toAccelerator('Mod+Shift+P')).toBe('CmdOrCtrl+Shift+P');
    expect(toAccelerator('Ctrl+Shift+Tab')).toBe('Ctrl+Shift+Tab');
    expect(toAccelerator('Mod+/')).toBe('CmdOrCtrl+/');
    expect(toAccelerator('F1')).toBe('F1');
  });

  it('matches a key press whatever character Option or the layout made of the letter', () => {
    expect(eventChord(keyPress('s', 'KeyS', { ctrlKey: true }))).toBe(chordOf('Mod+S', 'linux'));
    expect(eventChord(keyPress('S', 'KeyS', { metaKey: true, shiftKey: true }))).toBe(
      chordOf('Mod+Shift+S', 'mac'),
    );
    // Option+Cmd+S types ß on a Mac.
    expect(eventChord(keyPress('ß', 'KeyS', { metaKey: true, altKey: true }))).toBe(
      chordOf('Mod+Alt+S', 'mac'),
    );
    // On a French keyboard the key marked A sits where Q is on an English one: the letter wins.
    expect(eventChord(keyPress('a', 'KeyQ', { ctrlKey: true }))).toBe(chordOf('Mod+A', 'windows'));
    expect(eventChord(keyPress('Tab', 'Tab', { ctrlKey: true, shiftKey: true }))).toBe(
      chordOf('Ctrl+Shift+Tab', 'mac'),
    );
    expect(eventChord(keyPress('/', 'Slash', { ctrlKey: true }))).toBe(chordOf('Mod+/', 'linux'));
    expect(eventChord(keyPress('Control', 'ControlLeft', { ctrlKey: true }))).toBeNull();
  });

  it('tells Ctrl from Cmd on macOS', () => {
    expect(eventChord(keyPress('s', 'KeyS', { ctrlKey: true }))).not.toBe(chordOf('Mod+S', 'mac'));
  });

  it('uses the browser’s own keys only in a browser', () => {
    const keys = COMMANDS['tab.close'].keys;
    expect(bindingFor(keys, 'linux', 'desktop')).toBe('Mod+W');
    expect(bindingFor(keys, 'linux', 'browser')).toBe('Alt+W');
  });

  it('reads the platform from the user agent', () => {
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe('mac');
    expect(platformOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe('windows');
    expect(platformOf('Mozilla/5.0 (X11; Linux x86_64)')).toBe('linux');
  });
});

describe('the command catalogue', () => {
  it('gives every command a binding that parses, and no two commands the same keys anywhere', () => {
    for (const platform of PLATFORMS) {
      for (const host of HOSTS) {
        const seen = new Map<string, string>();
        for (const id of COMMAND_IDS) {
          const keys = (COMMANDS[id] as CommandInfo).keys;
          if (!keys) continue;
          for (const binding of allBindings(keys, platform, host)) {
            const chord = chordOf(binding, platform);
            expect(seen.get(chord), `${binding} on ${platform} in a ${host}`).toBeUndefined();
            seen.set(chord, id);
            expect(toAccelerator(binding)).toMatch(/^[\w/+]+$/);
          }
        }
      }
    }
  });

  it('keeps the keys a browser takes for itself out of its bindings', () => {
    const reserved = ['Ctrl+N', 'Ctrl+W', 'Ctrl+T', 'Ctrl+Tab', 'Ctrl+Shift+Tab', 'Ctrl+PageDown'];
    for (const id of COMMAND_IDS) {
      const keys = (COMMANDS[id] as CommandInfo).keys;
      if (!keys) continue;
      expect(reserved, id).not.toContain(keyLabel(bindingFor(keys, 'linux', 'browser'), 'linux'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { configKey, memoizeSanitize, type Purifier } from './sanitize-cache.ts';

/** A purifier whose output depends on the text, the configuration and the hooks, and counts its work. */
function fakePurifier(maxChars?: number) {
  const calls: unknown[] = [];
  let hooks = 0;
  let global = '';
  const purify = {
    sanitize(dirty: unknown, cfg?: unknown) {
      calls.push(dirty);
      if (cfg && (cfg as { RETURN_DOM?: boolean }).RETURN_DOM) return { node: dirty };
      return `${String(dirty).replace(/<script>.*?<\/script>/g, '')}|${JSON.stringify(cfg ?? null)}|h${hooks}|${global}`;
    },
    addHook: () => {
      hooks++;
    },
    removeHook: () => {
      hooks--;
    },
    removeHooks: () => {
      hooks--;
    },
    removeAllHooks: () => {
      hooks = 0;
    },
    setConfig: (cfg: unknown) => {
      global = JSON.stringify(cfg);
    },
    clearConfig: () => {
      global = '';
    },
  };
  memoizeSanitize(purify as unknown as Purifier, maxChars);
  return { purify, calls };
}

describe('memoizeSanitize', () => {
  it('sanitizes a text once per configuration and returns the same result after', () => {
    const { purify, calls } = fakePurifier();
    const first = purify.sanitize('a<script>x</script>b', { FORBID_TAGS: ['style'] });
    expect(purify.sanitize('a<script>x</script>b', { FORBID_TAGS: ['style'] })).toBe(first);
    expect(first).toBe('ab|{"FORBID_TAGS":["style"]}|h0|');
    expect(calls).toHaveLength(1);
    expect(purify.sanitize('a<script>x</script>b')).toBe('ab|null|h0|');
    expect(purify.sanitize('a<script>x</script>b', { FORBID_TAGS: ['img'] })).toBe(
      'ab|{"FORBID_TAGS":["img"]}|h0|',
    );
    expect(calls).toHaveLength(3);
  });

  it('forgets everything when a hook or a global configuration changes', () => {
    const { purify, calls } = fakePurifier();
    purify.sanitize('label');
    purify.addHook();
    expect(purify.sanitize('label')).toBe('label|null|h1|');
    purify.setConfig({ ALLOWED_TAGS: ['b'] });
    expect(purify.sanitize('label')).toBe('label|null|h1|{"ALLOWED_TAGS":["b"]}');
    purify.clearConfig();
    purify.removeAllHooks();
    expect(purify.sanitize('label')).toBe('label|null|h0|');
    expect(calls).toHaveLength(4);
  });

  it('passes through what does not compare by value or is not a short string', () => {
    const { purify, calls } = fakePurifier();
    const node = { nodeType: 1 };
    purify.sanitize(node);
    purify.sanitize(node);
    const long = 'x'.repeat(5000);
    purify.sanitize(long);
    purify.sanitize(long);
    const dom = { RETURN_DOM: true };
    expect(purify.sanitize('a', dom)).toEqual({ node: 'a' });
    expect(purify.sanitize('a', dom)).toEqual({ node: 'a' });
    const withPattern = { ALLOWED_URI_REGEXP: /^https:/ };
    purify.sanitize('a', withPattern);
    purify.sanitize('a', withPattern);
    expect(calls).toHaveLength(8);
  });

  it('starts again empty when the texts and results it holds pass its budget', () => {
    const { purify, calls } = fakePurifier(90);
    purify.sanitize('a'.repeat(20));
    purify.sanitize('a'.repeat(20));
    expect(calls).toHaveLength(1);
    // Each entry holds 21 + 29 characters: the second one passes 90, and the first is forgotten.
    purify.sanitize('b'.repeat(20));
    purify.sanitize('b'.repeat(20));
    purify.sanitize('a'.repeat(20));
    expect(calls).toHaveLength(3);
  });

  it('wraps an instance once', () => {
    const { purify, calls } = fakePurifier();
    memoizeSanitize(purify as unknown as Purifier);
    purify.sanitize('once');
    purify.sanitize('once');
    expect(calls).toHaveLength(1);
  });
});

describe('configKey', () => {
  it('keys plain configurations by value and refuses the others', () => {
    expect(configKey(undefined)).toBe('');
    expect(configKey({ FORBID_TAGS: ['style'] })).toBe(configKey({ FORBID_TAGS: ['style'] }));
    expect(configKey({ FORBID_TAGS: ['style'] })).not.toBe(configKey({ FORBID_TAGS: ['img'] }));
    expect(configKey({ HTML_INTEGRATION_POINTS: { foreignobject: true } })).toBeNull();
    expect(configKey({ CUSTOM_ELEMENT_HANDLING: { tagNameCheck: () => true } })).toBeNull();
    expect(configKey({ RETURN_TRUSTED_TYPE: true })).toBeNull();
    expect(configKey({ RETURN_TRUSTED_TYPE: false })).toBe('[["RETURN_TRUSTED_TYPE",false]]');
    expect(configKey(null)).toBeNull();
    expect(configKey(new Map())).toBeNull();
  });
});

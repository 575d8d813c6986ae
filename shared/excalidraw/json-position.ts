/**
 * Where a JSON text stops being valid, as a character offset. V8's messages carry a position
 * for some mistakes but not for "Unexpected token", so the offset is found by a small scan
 * (iterative, so deeply nested input cannot overflow the stack).
 */

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Offset of the first syntax error, or -1 if the text is valid JSON. */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const stack: string[] = [];
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      i += c === '\\' ? 2 : 1;
    }
    return false;
  };
  const key = (): boolean => {
    ws();
    if (s[i] !== '"' || !str()) return false;
    ws();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  for (;;) {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (s[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!str()) return i;
    } else {
      NUMBER.lastIndex = i;
      const literal = LITERALS.find((l) => s.startsWith(l, i));
      if (literal) i += literal.length;
      else if (NUMBER.test(s)) i = NUMBER.lastIndex;
      else return i;
    }
    // After a value: close containers or move to the next item.
    for (;;) {
      ws();
      const top = stack.at(-1);
      if (!top) return i < s.length ? i : -1;
      if (s[i] === ',') {
        i++;
        if (top === '{' && !key()) return i;
        break;
      }
      if (s[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}

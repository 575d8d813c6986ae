/**
 * Reordering inside an `&` group (`a --> b & c & d`): the group's links are made in the order of
 * its members, so two nodes of one group change places by changing places in the line.
 */

/** A member of an `&` group in a line: where its text is. */
interface Member {
  start: number;
  end: number;
  id: string;
}

const OPEN: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
// An arrow with its optional `|text|`: the end of one group and the start of the next.
const ARROW =
  /\s*(?:[<xo]?(?:-{2,}|={2,}|-?\.+-|~{3,})[->xo=]?(?:\|[^|]*\|)?|--\s[^-]*-->|==\s[^=]*==>|-\.\s[^.]*\.->)\s*/y;

/** The `&` groups of a statement line, each as its members in order. */
function groups(line: string): Member[][] {
  const out: Member[][] = [];
  let group: Member[] = [];
  let start = /^\s*/.exec(line)![0].length;
  let depth: string[] = [];
  let quote = '';
  const close = (end: number, endsGroup: boolean) => {
    const text = line.slice(start, end);
    const lead = /^\s*/.exec(text)![0].length;
    const trimmed = text.trim();
    const id = /^[\p{L}\p{N}_$#*+!?.-]+/u.exec(trimmed)?.[0] ?? '';
    if (trimmed) group.push({ start: start + lead, end: start + lead + trimmed.length, id });
    if (endsGroup) {
      if (group.length > 1) out.push(group);
      group = [];
    }
  };
  for (let i = start; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"') quote = c;
    else if (OPEN[c]) depth.push(OPEN[c]!);
    else if (depth.length > 0) {
      if (c === depth.at(-1)) depth.pop();
    } else if (c === '&') {
      close(i, false);
      start = i + 1;
    } else if (c === ';') {
      close(i, true);
      depth = [];
      start = i + 1;
    } else {
      ARROW.lastIndex = i;
      const arrow = ARROW.exec(line);
      if (arrow?.[0].trim() && (c === ' ' || c === '-' || c === '=' || c === '.' || c === '~' || c === '<')) {
        close(i, true);
        i += arrow[0].length - 1;
        start = i + 1;
      }
    }
  }
  close(line.length, true);
  return out;
}

/**
 * The line with `node` moved just before (or after) `other` in the `&` group they share; null
 * when they share none.
 */
export function reorderGroup(line: string, node: string, other: string, before: boolean): string | null {
  for (const group of groups(line)) {
    const mine = group.findIndex((m) => m.id === node);
    const theirs = group.findIndex((m) => m.id === other);
    if (mine < 0 || theirs < 0) continue;
    const texts = group.map((m) => line.slice(m.start, m.end));
    const [moved] = texts.splice(mine, 1);
    const at = texts.indexOf(line.slice(group[theirs]!.start, group[theirs]!.end));
    texts.splice(before ? at : at + 1, 0, moved!);
    const first = group[0]!.start;
    const last = group.at(-1)!.end;
    const next = `${line.slice(0, first)}${texts.join(' & ')}${line.slice(last)}`;
    return next === line ? null : next;
  }
  return null;
}

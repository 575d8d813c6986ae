/**
 * Arrows and relations: one with nothing after it, two in a row, and one that is misspelt, for
 * the families that draw edges between named things.
 */
import type { Explanation } from './explanation.ts';
import type { Family, Line } from './source.ts';
import { didYouMean } from './words.ts';

interface Arrows {
  /** A whole token that is a valid arrow. */
  valid: RegExp;
  /** What to suggest for a misspelt one, likeliest first when two are as near. */
  suggestions: string[];
  /** Tokens that look like an attempt at an arrow (group 1, or 2), with where they start (group index). */
  like: RegExp;
  noun: string;
  plural: string;
  /** What the arrow points at. */
  target: string;
  /** The sentence for an arrow with nothing after it. */
  dangling: (from: string, arrow: string) => string;
}

const ER_LEFT = ['||', '|o', '}|', '}o'];
const ER_RIGHT = ['o{', '|{', '||', 'o|'];
const ER_LINES = ['--', '..'];

const ARROWS: Partial<Record<Family, Arrows>> = {
  flowchart: {
    valid: /^(?:[<xo]?(?:-{2,}|={2,}|-\.+-)[>xo]?|~~~)$/,
    suggestions: ['-->', '---', '==>', '-.->', '<-->', '--x', '--o', '-.-', '==='],
    // An arrow written right after its node's name (`A-->`) too, when it is all dashes or equals.
    like: /(?<=^|[\s\])}>])([<]?[-=.~]+[>xo]{0,2})(?=[\s|]|$)|(?<=\w)([-=]{2,}[>xo]?)(?=[\s|]|$)/g,
    noun: 'flowchart arrow',
    plural: 'arrows',
    target: 'node',
    dangling: (from, arrow) =>
      `the arrow from '${from}' has no target; add the node it points to after '${arrow}'`,
  },
  sequence: {
    valid: /^(?:-{1,2}>>|-{1,2}>|-{1,2}x|-{1,2}\)|<<-{1,2}>>)$/,
    suggestions: ['->>', '-->>', '->', '-->', '-x', '--x', '-)', '--)', '<<->>'],
    like: /(?<=[\w\s)"])([<=>)x-]*[-=][<=>)x-]*)(?=[+-]?\s*(?:[\w"(:]|$))/g,
    noun: 'message arrow',
    plural: 'arrows',
    target: 'participant',
    dangling: (from, arrow) =>
      `the message from '${from}' has no receiver; write the participant after '${arrow}'`,
  },
  class: {
    valid: /^(?:<\||\*|o|<|\(\))?(?:--|\.\.)(?:\|>|\*|o|>|\(\))?$/,
    suggestions: [
      '<|--',
      '-->',
      '*--',
      'o--',
      '--',
      '..>',
      '..|>',
      '..',
      '--|>',
      '--*',
      '--o',
      '<--',
      '<..',
      '<|..',
    ],
    like: /(?<=\s|^)([<|*o()>]{0,2}[-.]{1,3}[<|*o()>]{0,2})(?=\s|$)/g,
    noun: 'class relation',
    plural: 'relations',
    target: 'class',
    dangling: (from, arrow) => `the relation from '${from}' has no target; add the class after '${arrow}'`,
  },
  state: {
    valid: /^-->$/,
    suggestions: ['-->'],
    like: /(?<=\s|^|\])([<=-]+>+|-{3,}|={2,})(?=\s|$)/g,
    noun: 'state transition',
    plural: 'transitions',
    target: 'state',
    dangling: (from, arrow) => `the transition from '${from}' has no target; add the state after '${arrow}'`,
  },
  er: {
    valid: new RegExp(`^(?:${ER_LEFT.map(esc).join('|')})(?:--|\\.\\.)(?:${ER_RIGHT.map(esc).join('|')})$`),
    suggestions: ER_LEFT.flatMap((l) => ER_LINES.flatMap((m) => ER_RIGHT.map((r) => l + m + r))),
    like: /(?<=\s|^)([|}o]{1,2}[-.]{1,3}[|{o]{0,2})(?=\s|$)/g,
    noun: 'relationship',
    plural: 'relationships',
    target: 'entity',
    dangling: (from, arrow) =>
      `the relationship from '${from}' has no target entity; add it after '${arrow}'`,
  },
};

/** Tokens that begin a link with text in it (`-- text -->`, `-. text .->`), not misspelt arrows. */
const TEXT_LINK_START: Partial<Record<Family, string[]>> = {
  flowchart: ['--', '-.', '==', '<--', '<-.', '<=='],
};

/** Arrows of other tools or languages, and what they mean here. */
const CONFUSIONS: Partial<Record<Family, Record<string, string>>> = {
  flowchart: { '=>': '==>', '->': '-->', '-->>': '-->' },
  sequence: { '=>': '->>', '==>': '->>', '=>>': '->>', '->>>': '->>' },
  state: { '->': '-->', '=>': '-->' },
};

function esc(s: string): string {
  return s.replace(/[|{}.*()]/g, '\\$&');
}

interface Token {
  text: string;
  column: number;
}

function tokens(line: Line, arrows: Arrows): Token[] {
  const code = line.text.replace(/%%.*$/, '');
  // Text after a sequence message's ':' and inside quotes or labels is free text, not arrows.
  const free = /"[^"]*"|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|:.*$/g;
  const masked =
    arrows === ARROWS.sequence || arrows === ARROWS.flowchart
      ? code.replace(free, (m) => ' '.repeat(m.length))
      : code.replace(/"[^"]*"/g, (m) => ' '.repeat(m.length));
  return [...masked.matchAll(arrows.like)].map((m) => ({
    text: (m[1] ?? m[2])!,
    column: (m.index ?? 0) + 1,
  }));
}

/** The word before a column: where an arrow comes from. */
function source(text: string, column: number): string {
  const before = text.slice(0, column - 1).trimEnd();
  const m = /(?:"([^"]*)"|([\w.-]+))(?:\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|\(\([^)]*\)\))*$/.exec(before);
  return m?.[1] ?? m?.[2] ?? before.split(/\s+/).at(-1) ?? '';
}

/** An arrow with nothing after it (but a label or a `:` and text), on `line`. */
export function danglingArrow(line: Line, family: Family): Explanation | undefined {
  const arrows = ARROWS[family];
  if (!arrows) return undefined;
  const all = tokens(line, arrows).filter((t) => arrows.valid.test(t.text));
  const last = all.at(-1);
  if (!last) return undefined;
  let rest = line.text.slice(last.column - 1 + last.text.length);
  let shown = last.text;
  const label = /^\|[^|]*\|/.exec(rest);
  if (family === 'flowchart' && label) {
    shown += label[0];
    rest = rest.slice(label[0].length);
  }
  rest = rest.replace(/^[+-]/, '').trim();
  const nothing = rest === '' || rest.startsWith('%%') || (family !== 'flowchart' && rest.startsWith(':'));
  if (!nothing) return undefined;
  return {
    line: line.n,
    column: last.column,
    message: arrows.dangling(source(line.text, last.column), shown),
  };
}

/** Two arrows with nothing between them, on `line`. */
export function doubleArrow(line: Line, family: Family): Explanation | undefined {
  const arrows = ARROWS[family];
  if (!arrows) return undefined;
  const found = tokens(line, arrows);
  for (let i = 1; i < found.length; i++) {
    const [a, b] = [found[i - 1]!, found[i]!];
    const between = line.text.slice(a.column - 1 + a.text.length, b.column - 1).replace(/\|[^|]*\|/, '');
    if (arrows.valid.test(a.text) && arrows.valid.test(b.text) && between.trim() === '') {
      return {
        line: line.n,
        column: b.column,
        message: `two ${arrows.plural} in a row; remove one '${b.text}', or put a ${arrows.target} between them`,
      };
    }
  }
  return undefined;
}

/** A token that looks like an arrow but is none, on `line` (the one nearest `column` first). */
export function misspeltArrow(line: Line, family: Family, column = 1): Explanation | undefined {
  const arrows = ARROWS[family];
  if (!arrows) return undefined;
  const wrong = tokens(line, arrows)
    .filter(
      (t) => !arrows.valid.test(t.text) && /[-=.]/.test(t.text) && !TEXT_LINK_START[family]?.includes(t.text),
    )
    .sort((a, b) => Math.abs(a.column - column) - Math.abs(b.column - column));
  const t = wrong[0];
  if (!t) return undefined;
  const guess =
    CONFUSIONS[family]?.[t.text] ?? didYouMean(t.text, arrows.suggestions) ?? arrows.suggestions[0]!;
  return {
    line: line.n,
    column: t.column,
    message: `'${t.text}' is not a ${arrows.noun}; did you mean '${guess}'?`,
  };
}

/**
 * Mistakes mermaid notices after parsing, when a diagram's statements do not fit together (a
 * branch that does not exist, a participant that is not active). Mermaid says them in words but
 * without a position; these find the statement in the file.
 */
import type { Explanation } from './explanation.ts';
import { indentColumn, type Line, type Source } from './source.ts';
import { didYouMean } from './words.ts';

/** The column of `word` as a whole word in `text` (searching from `from`), or 0. */
function wordColumn(text: string, word: string, from = 0): number {
  const re = new RegExp(`(?<![\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index + 1 : 0;
}

function at(line: Line, column: number, message: string): Explanation {
  return { line: line.n, column, message };
}

/** gitGraph: replays branch, checkout and merge to find the statement mermaid refused. */
function gitGraph(source: Source, message: string): Explanation | undefined {
  const lines = source.content();
  const statement = (verb: RegExp, name: string) =>
    lines.find((l) =>
      new RegExp(
        `^\\s*(?:${verb.source})\\s+"?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*(?:$|\\s)`,
      ).test(l.text),
    );
  let m = /Trying to checkout branch which is not yet created\. \(Help try using "branch (.+?)"\)/.exec(
    message,
  );
  if (m) {
    const line = statement(/checkout|switch/, m[1]!);
    return (
      line &&
      at(
        line,
        wordColumn(line.text, m[1]!, indentColumn(line.text) + 4),
        `branch '${m[1]}' does not exist yet; create it with 'branch ${m[1]}' first`,
      )
    );
  }
  m = /Branch to be merged \((.+?)\) does not exist/.exec(message);
  if (m) {
    const line = statement(/merge/, m[1]!);
    const branches = ['main', ...lines.flatMap((l) => /^\s*branch\s+"?([^\s"]+)/.exec(l.text)?.[1] ?? [])];
    const guess = didYouMean(m[1]!, branches);
    const fix = guess ? `did you mean '${guess}'?` : `create it with 'branch ${m[1]}' first`;
    return (
      line &&
      at(
        line,
        wordColumn(line.text, m[1]!, indentColumn(line.text) + 4),
        `branch '${m[1]}' does not exist; ${fix}`,
      )
    );
  }
  m = /Trying to create an existing branch\..*"checkout (.+?)"/.exec(message);
  if (m) {
    const name = m[1]!;
    const declared = lines.filter((l) => new RegExp(`^\\s*branch\\s+"?${name}"?\\s*(?:$|\\s)`).test(l.text));
    const line = name === 'main' ? declared[0] : declared[1];
    return (
      line &&
      at(
        line,
        wordColumn(line.text, name, indentColumn(line.text) + 5),
        `branch '${name}' already exists; switch to it with 'checkout ${name}'`,
      )
    );
  }
  m = /Cannot merge branch '(.+?)' into itself/.exec(message);
  if (m) {
    let current = 'main';
    for (const line of lines) {
      const s = /^\s*(branch|checkout|switch|merge)\s+"?([^\s"]+)/.exec(line.text);
      if (!s) continue;
      if (s[1] === 'merge' && s[2] === current && current === m[1]) {
        return at(
          line,
          wordColumn(line.text, current, indentColumn(line.text) + 4),
          `cannot merge branch '${current}' into itself; check out the branch to merge into first`,
        );
      }
      if (s[1] !== 'merge') current = s[2]!;
    }
  }
  return undefined;
}

/** Sequence: replays activations to find the `deactivate` of a participant that is not active. */
function inactive(source: Source, message: string): Explanation | undefined {
  const name = /Trying to inactivate an inactive participant \((.+?)\)/.exec(message)?.[1];
  if (!name) return undefined;
  let active = 0;
  for (const line of source.content()) {
    const explicit = /^\s*(activate|deactivate)\s+(.+?)\s*$/.exec(line.text);
    const msg = /^\s*([^:]+?)\s*(?:<<)?-{1,2}(?:>>|>|x|\))([+-]?)\s*([^:]+?)\s*:/.exec(line.text);
    if (explicit?.[2] === name) {
      if (explicit[1] === 'activate') active++;
      else if (active === 0) {
        return at(
          line,
          wordColumn(line.text, name, indentColumn(line.text) + 9),
          `'${name}' is not active here; remove this 'deactivate', or activate '${name}' before it`,
        );
      } else active--;
    } else if (msg) {
      if (msg[2] === '+' && msg[3] === name) active++;
      if (msg[2] === '-' && msg[1] === name) {
        if (active === 0)
          return at(
            line,
            line.text.indexOf('-', line.text.indexOf(name) + name.length) + 1,
            `'${name}' is not active here; remove the '-' that deactivates it`,
          );
        active--;
      }
    }
  }
  return undefined;
}

/** Explains what mermaid refused after parsing; undefined for anything else. */
export function explainSemantic(source: Source, message: string): Explanation | undefined {
  if (/Diagrams beginning with --- are not valid/.test(message)) {
    return {
      line: 1,
      column: 1,
      message: "the frontmatter has no closing '---'; end the YAML with a line of '---'",
    };
  }
  if (source.family === 'gitGraph') return gitGraph(source, message);
  if (source.family === 'sequence') return inactive(source, message);
  let m = /The (?:left|right)-hand id \[(.+?)\] does not yet exist/.exec(message);
  if (m && source.family === 'architecture') {
    const line = source.content().find((l) => /--|<-->/.test(l.text) && wordColumn(l.text, m![1]!) > 0);
    return (
      line &&
      at(
        line,
        wordColumn(line.text, m[1]!),
        `'${m[1]}' is not declared; declare it with 'service ${m[1]}(…)' or 'group ${m[1]}(…)' before this edge`,
      )
    );
  }
  m = /unknown set identifier: (\S+)/.exec(message);
  if (m && source.family === 'venn') {
    const line = source.content().find((l) => /^\s*union\b/.test(l.text) && wordColumn(l.text, m![1]!) > 0);
    return (
      line &&
      at(
        line,
        wordColumn(line.text, m[1]!, indentColumn(line.text) + 5),
        `set '${m[1]}' is not declared; add 'set ${m[1]}' before this union`,
      )
    );
  }
  m = /There can be only one root\. No parent could be found for \("(.+?)"\)/.exec(message);
  if (m && source.family === 'mindmap') {
    const line = source
      .content()
      .find(
        (l) =>
          l.text.trim().startsWith(m![1]!) || l.text.includes(`[${m![1]}]`) || l.text.includes(`(${m![1]})`),
      );
    return (
      line &&
      at(
        line,
        indentColumn(line.text),
        `'${m[1]}' is a second root, and a mindmap has one; indent it under the root`,
      )
    );
  }
  if (/setting 'style'/.test(message) && source.family === 'flowchart') {
    const styles = source.content().flatMap((l) => {
      const s = /^(\s*linkStyle\s+)([\d,\s]+)/.exec(l.text);
      if (!s) return [];
      const numbers = [...s[2]!.matchAll(/\d+/g)].map((n) => ({
        n: Number(n[0]),
        column: s[1]!.length + n.index + 1,
      }));
      return numbers.map((x) => ({ line: l, ...x }));
    });
    const worst = styles.sort((a, b) => b.n - a.n)[0];
    return (
      worst &&
      at(
        worst.line,
        worst.column,
        `linkStyle ${worst.n} names no link; links are numbered from 0, in the order they are written`,
      )
    );
  }
  if (/reading 'events'/.test(message) && source.family === 'timeline') {
    const lines = source.content();
    const line = lines.find(
      (l, i) =>
        l.text.trim().startsWith(':') && (i === 0 || /^\s*(section|title)\b/.test(lines[i - 1]!.text)),
    );
    return (
      line &&
      at(
        line,
        indentColumn(line.text),
        "an event needs a time period before its ':'; write the period first, e.g. '2021 : …'",
      )
    );
  }
  return undefined;
}

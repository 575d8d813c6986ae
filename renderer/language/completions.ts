// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:text}` is Monaco snippet syntax, not a template.
import type { editor, languages, Position } from 'monaco-editor/editor/editor.api';
import { DIAGRAM_TYPES, declarationOf } from './diagram-types.ts';
import { modelSymbols } from './symbols.ts';

type Monaco = typeof import('monaco-editor/editor/editor.api');

const FLOW_SHAPES: [string, string][] = [
  ['[${1:text}]', 'rectangle'],
  ['(${1:text})', 'rounded'],
  ['([${1:text}])', 'stadium'],
  ['[[${1:text}]]', 'subroutine'],
  ['[(${1:text})]', 'database'],
  ['((${1:text}))', 'circle'],
  ['(((${1:text})))', 'double circle'],
  ['>${1:text}]', 'flag'],
  ['{${1:text}}', 'decision'],
  ['{{${1:text}}}', 'hexagon'],
  ['[/${1:text}/]', 'parallelogram'],
  ['[\\\\${1:text}\\\\]', 'parallelogram (left)'],
  ['[/${1:text}\\\\]', 'trapezoid'],
  ['[\\\\${1:text}/]', 'trapezoid (top)'],
];
// Names accepted by `A@{ shape: ... }` in mermaid 12 flowcharts.
const SHAPE_NAMES =
  'rect rounded stadium subproc cyl circle odd diam hex lean-r lean-l trap-b trap-t dbl-circ text notch-rect lin-rect sm-circ fr-circ fork hourglass brace brace-r braces bolt doc delay das lin-cyl curv-trap div-rect tri win-pane f-circ lin-doc notch-pent flip-tri sl-rect docs processes flag bow-rect cross-circ tag-doc tag-rect h-cyl'.split(
    ' ',
  );

const ARROWS: Record<string, string[]> = {
  flowchart: [
    '-->',
    '---',
    '-.->',
    '==>',
    '--o',
    '--x',
    '<-->',
    '~~~',
    '-->|${1:label}|',
    '-- ${1:label} -->',
  ],
  sequenceDiagram: ['->>', '-->>', '->', '-->', '-x', '--x', '-)', '--)', '<<->>', '<<-->>'],
  classDiagram: ['<|--', '*--', 'o--', '-->', '--', '..>', '..|>', '..'],
  stateDiagram: ['-->'],
  erDiagram: ['||--o{', '||--|{', '}o--o{', '|o--||', '||--||', '}|..|{'],
};

const SNIPPETS: Record<string, [string, string][]> = {
  flowchart: [
    ['subgraph', 'subgraph ${1:id} [${2:Title}]\n\t$0\nend'],
    ['classDef', 'classDef ${1:name} fill:${2:#f9f},stroke:${3:#333}'],
    ['style', 'style ${1:id} fill:${2:#f9f},stroke:${3:#333}'],
    ['shape', `\${1:id}@{ shape: \${2|${SHAPE_NAMES.join(',')}|}, label: "\${3:text}" }`],
  ],
  sequenceDiagram: [
    ['loop', 'loop ${1:Every minute}\n\t$0\nend'],
    ['alt', 'alt ${1:success}\n\t$2\nelse ${3:failure}\n\t$0\nend'],
    ['opt', 'opt ${1:condition}\n\t$0\nend'],
    ['par', 'par ${1:first}\n\t$2\nand ${3:second}\n\t$0\nend'],
    ['note', 'Note ${1|right of,left of,over|} ${2:Actor}: ${3:text}'],
  ],
  classDiagram: [['class', 'class ${1:Name} {\n\t+${2:field}\n\t+${3:method}()\n}']],
  stateDiagram: [['state', 'state ${1:Name} {\n\t[*] --> ${2:Inner}\n}']],
  erDiagram: [['entity', '${1:ENTITY} {\n\t${2:string} ${3:id} PK\n}']],
};

function family(declaration: string | null): string {
  if (!declaration) return '';
  if (/^(flowchart|graph)/.test(declaration)) return 'flowchart';
  if (declaration.startsWith('stateDiagram')) return 'stateDiagram';
  return declaration;
}

/**
 * Whether the cursor is in free text (a node label, an edge label, a message): no completions
 * there, or the list would pop up over every word of a label.
 */
function inFreeText(fam: string, before: string): boolean {
  if (fam !== 'flowchart')
    return ['sequenceDiagram', 'classDiagram', 'stateDiagram', 'erDiagram'].includes(fam) && /:/.test(before);
  let open = 0;
  let quoted = false;
  let piped = false;
  for (const ch of before) {
    if (quoted) quoted = ch !== '"';
    else if (ch === '"') quoted = true;
    else if (ch === '|') piped = !piped;
    else if (ch === '[' || ch === '(' || ch === '{') open++;
    else if ((ch === ']' || ch === ')' || ch === '}') && open > 0) open--;
  }
  return quoted || piped || open > 0;
}

/** A flowchart edge's start as far as an id can follow it: an arrow (with a label), or `&`. */
const LINK_BEFORE_ID = /(?:<?(?:--+|==+|-\.+-)[->ox]?|~~~|\|[^|]*\||&)\s*$/;

/**
 * Whether a node shape (`[text]`, `(text)`, …) can follow the cursor in a flowchart: right after
 * an id (not a keyword) that starts a statement or follows a link or `&` — not after `style`,
 * `classDef`, `subgraph` and the like, and not before an id is typed.
 */
export function shapeCanFollow(before: string, keywords: readonly string[]): boolean {
  const id = /([A-Za-z_][\w-]*)$/.exec(before);
  if (!id || keywords.includes(id[1]!) || /^(flowchart|graph)$/.test(id[1]!)) return false;
  const lead = before.slice(0, id.index);
  return /^\s*$/.test(lead) || LINK_BEFORE_ID.test(lead);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `id` is mentioned in the text (its `lines`) other than as the word the cursor is in or
 * right after: the word being typed is not a definition of itself.
 */
function mentionedElsewhere(
  lines: readonly string[],
  id: string,
  position: { lineNumber: number; column: number },
): boolean {
  const mention = new RegExp(`(?<![\\w.-])${escapeRegExp(id)}(?![\\w.-])`, 'g');
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i]!.matchAll(mention)) {
      const typed =
        i + 1 === position.lineNumber &&
        m.index + 1 <= position.column &&
        position.column <= m.index + 1 + id.length;
      if (!typed) return true;
    }
  }
  return false;
}

/** Completions: diagram declarations (with templates), keywords, shapes, arrows and the file's own ids. */
export function mermaidCompletions(monaco: Monaco): languages.CompletionItemProvider {
  const Kind = monaco.languages.CompletionItemKind;
  const Snippet = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;
  return {
    // Not space: a list after every space would be noise, and rebuilding it costs every keystroke.
    // Not '-' either: arrows are offered once typing pauses (see arrow-suggest.ts).
    triggerCharacters: ['@'],
    provideCompletionItems(model: editor.ITextModel, position: Position) {
      const declaration = declarationOf(model.getValue());
      const fam = family(declaration);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const suggestions: languages.CompletionItem[] = [];
      if (/@\{\s*shape:\s*[\w-]*$/.test(before)) {
        for (const name of SHAPE_NAMES)
          suggestions.push({ label: name, kind: Kind.Enum, insertText: name, range });
        return { suggestions };
      }
      if (inFreeText(fam, before)) return { suggestions };
      const arrowStart = /[-.=<|*o}]*$/.exec(before)?.[0] ?? '';
      if (arrowStart.length > 0 && fam in ARROWS) {
        const arrowRange = new monaco.Range(
          position.lineNumber,
          position.column - arrowStart.length,
          position.lineNumber,
          position.column,
        );
        for (const arrow of ARROWS[fam]!) {
          suggestions.push({
            label: arrow.replace(/\$\{\d:(\w+)\}/g, '$1'),
            kind: Kind.Operator,
            insertText: arrow,
            insertTextRules: Snippet,
            range: arrowRange,
            sortText: '0',
          });
        }
        return { suggestions };
      }

      if (!declaration || (declaration.startsWith(word.word) && position.lineNumber <= 2)) {
        for (const type of DIAGRAM_TYPES) {
          suggestions.push({
            label: type.keyword,
            detail: `${type.label} (template)`,
            kind: Kind.Module,
            insertText: type.template,
            range,
            documentation: { value: `\`\`\`mermaid\n${type.template}\`\`\`` },
          });
        }
      }
      const type = DIAGRAM_TYPES.find((t) => family(t.keyword) === fam);
      for (const keyword of type?.keywords ?? []) {
        suggestions.push({ label: keyword, kind: Kind.Keyword, insertText: keyword, range, sortText: '2' });
      }
      for (const [label, body] of SNIPPETS[fam] ?? []) {
        suggestions.push({
          label,
          kind: Kind.Snippet,
          insertText: body,
          insertTextRules: Snippet,
          range,
          detail: 'snippet',
          sortText: '1',
        });
      }
      if (fam === 'flowchart' && shapeCanFollow(before, type?.keywords ?? [])) {
        for (const [shape, label] of FLOW_SHAPES) {
          const shapeRange = new monaco.Range(
            position.lineNumber,
            position.column,
            position.lineNumber,
            position.column,
          );
          suggestions.push({
            label: `${shape.replace(/\$\{1:text\}/, '…').replace(/\\\\/g, '\\')}  ${label}`,
            filterText: word.word,
            kind: Kind.Struct,
            insertText: shape,
            insertTextRules: Snippet,
            range: shapeRange,
            sortText: '3',
          });
        }
      }
      const symbolKind =
        fam === 'classDiagram' ? Kind.Class : fam === 'sequenceDiagram' ? Kind.Variable : Kind.Reference;
      let lines: string[] | undefined;
      for (const [id, at] of modelSymbols(model)) {
        // An id whose only mention is the word being typed is not defined anywhere yet.
        if (at.line === position.lineNumber) {
          lines ??= model.getValue().split('\n');
          if (!mentionedElsewhere(lines, id, position)) continue;
        }
        suggestions.push({
          label: id,
          kind: symbolKind,
          insertText: id,
          range,
          detail: `defined on line ${at.line}`,
          sortText: '0',
        });
      }
      return { suggestions };
    },
  };
}

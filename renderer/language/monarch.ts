import type { languages } from 'monaco-editor/editor/editor.api';
import { DIAGRAM_TYPES } from './diagram-types.ts';

const declarations = [
  ...DIAGRAM_TYPES.map((t) => t.keyword),
  'graph',
  'flowchart-elk',
  'stateDiagram',
  'requirement',
  'xychart-beta',
  'sankey-beta',
  'packet-beta',
  'block-beta',
  'treemap',
  'ishikawa',
  'C4Container',
  'C4Component',
  'C4Dynamic',
  'C4Deployment',
  'swimlane-beta',
  'agentflow-beta',
  'cynefin-beta',
  'railroad-beta',
];
const keywords = [...new Set(DIAGRAM_TYPES.flatMap((t) => t.keywords).filter((k) => /^[\w-]+$/.test(k)))];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A line whose text after its first ':' is a message or a label, not syntax: an arrow comes before
 * that colon (`Alice->>Bob: draw a line`, `s1 --> s2 : done`, `A ||--o{ B : places`, a class
 * relation's label). Between the arrow and the colon only names and quoted cardinalities may
 * stand, so a flowchart's `A --> B[x: y]` is left alone. A note's text is one too.
 */
const ARROW = String.raw`(?:[|}][|o]?(?:--|\.\.)[|o][|{]?|--|->|\.\.|-[x)]|<<-)`;
const TO_MESSAGE = String.raw`(?=[^:%]*?${ARROW}(?:[^:\[\](){}"%]|"[^"]*")*:)`;
/**
 * Monarch takes these lines' first word with the rule that recognises them, so that the state they
 * enter starts past the line's start: the state ends with a rule for the start of the next line.
 */
const FIRST_WORD = String.raw`(\s*)([A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*)`;
const MESSAGE_LINE = new RegExp(`^${FIRST_WORD}${TO_MESSAGE}`);
const STATE_MESSAGE_LINE = new RegExp(String.raw`^(\s*)(\[\*\])${TO_MESSAGE}`);
const NOTE_LINE = /^(\s*)([Nn]ote)(?=\b[^:%]*:)/;
/**
 * A class member written after a colon (`Duck : +swim(x)`), or a state's description (`s1 : text`):
 * its brackets hold parameters or text, never a node's label.
 */
const MEMBER_LINE = /^(\s*)([A-Za-z_][\w~]*)(?=\s*:(?!:))/;
/** A word's token (a keyword or a name) for the rules above, which then go on in `state`. */
const wordThen = (next: string) => ({
  cases: { '@keywords': { token: 'keyword', next }, '@default': { token: 'identifier', next } },
});
const ER_ARROW = /[|}][|o]?(--|\.\.)[|o][|{]?|[|}]o(--|\.\.)o[|{]/;
const byLength = (a: string, b: string) => b.length - a.length;

/**
 * Tokens for every mermaid 12 diagram type: one tokenizer, because the grammars share most of
 * their vocabulary (arrows, shapes, strings, comments, frontmatter, directives).
 */
export const mermaidMonarch: languages.IMonarchLanguage = {
  defaultToken: '',
  declarations,
  keywords,
  tokenizer: {
    root: [
      [/^\s*---\s*$/, { token: 'meta.frontmatter', next: '@frontmatter' }],
      [
        new RegExp(`^\\s*(${[...declarations].sort(byLength).map(escapeRegExp).join('|')})\\b`),
        'keyword.declaration',
      ],
      { include: '@lineKinds' },
      { include: '@nodeLabels' },
      { include: '@common' },
    ],
    // How the rest of a line reads, chosen at its start: a message or a member. Each of these
    // states ends where the next line starts.
    lineKinds: [
      [MESSAGE_LINE, ['', wordThen('@messageLine')]],
      [STATE_MESSAGE_LINE, ['', { token: 'keyword.state', next: '@messageLine' }]],
      [NOTE_LINE, ['', wordThen('@messageLine')]],
      [MEMBER_LINE, ['', wordThen('@memberLine')]],
      // A block's lines (a class's members, an entity's attributes, a composite state's lines)
      // hold no node labels: `+setName(name: String)` has parameters.
      [/\{(?=\s*$)/, { token: '@brackets', next: '@block' }],
    ],
    // The line's names and arrows as anywhere, then after its first colon the message.
    messageLine: [
      [/^/, { token: '', next: '@pop' }],
      [/:/, { token: 'delimiter', switchTo: '@message' }],
      { include: '@nodeLabels' },
      { include: '@common' },
    ],
    message: [
      [/^/, { token: '', next: '@pop' }],
      [/.+/, 'string.label'],
    ],
    memberLine: [[/^/, { token: '', next: '@pop' }], { include: '@common' }],
    block: [
      [/^(\s*)(\})/, ['', { token: '@brackets', next: '@pop' }]],
      { include: '@lineKinds' },
      { include: '@common' },
    ],
    // A node's label closed on the same line (`A[test the build]`, `B(round)`, `C{decide}`) is
    // text: its words are not keywords. The special shapes (`[[`, `([`, `((`, `{{`, `[/`, `[\`,
    // `[(`), `[*]`, quoted labels and lists of numbers (`bar [5, 6]`, `rgb(0, 0, 0)`) are left to
    // the rules that read them.
    nodeLabels: [
      [
        /(\[)(?![[(/\\*])([^[\]"`]*[^[\]"`\d\s,.%-][^[\]"`]*)(\])/,
        ['@brackets', 'string.label', '@brackets'],
      ],
      [/(\()(?![([])([^()"`]*[^()"`\d\s,.%-][^()"`]*)(\))/, ['@brackets', 'string.label', '@brackets']],
      [/(\{)(?!\{)([^{}"`]*[^{}"`\d\s,.%-][^{}"`]*)(\})/, ['@brackets', 'string.label', '@brackets']],
    ],
    frontmatter: [
      [/^\s*---\s*$/, { token: 'meta.frontmatter', next: '@pop' }],
      [/^(\s*)([\w-]+)(\s*:)/, ['', 'type.yaml', 'delimiter']],
      [/#.*$/, 'comment'],
      [/"[^"]*"|'[^']*'/, 'string'],
      [/\b\d+(\.\d+)?\b/, 'number'],
      [/\b(true|false|null)\b/, 'constant'],
      [/./, 'meta.frontmatter.value'],
    ],
    common: [
      [/%%\{/, { token: 'meta.directive', next: '@directive' }],
      [/%%.*$/, 'comment'],
      [/"/, { token: 'string.quote', next: '@string' }],
      [/`/, { token: 'string.quote', next: '@markdownString' }],
      [/@\{/, { token: 'delimiter.shape', next: '@shapeData' }],
      [/:::[\w-]+/, 'type.class'],
      // An ER relation's ends start with '|' or '}': read before '|' opens an edge label.
      [ER_ARROW, 'operator.arrow'],
      [/\|/, { token: 'delimiter.label', next: '@edgeLabel' }],
      // Arrows of flowcharts, sequences, classes, states, ER relations and gitGraph.
      [
        /<<[-]+>>|<?-->>|-->>|->>|-[x)]|--[x)]|<\|--|--\|>|\*--|--\*|o--|--o|\.\.\|>|<\|\.\.|\.\.>|<\.\./,
        'operator.arrow',
      ],
      [/<?(-{2,}|={2,}|-\.+-|~{3,})[>xo]?|-\.->|->/, 'operator.arrow'],
      [/<<[\w\s]+>>/, 'type.annotation'],
      [/\[\*\]/, 'keyword.state'],
      [
        /\(\[|\]\)|\[\[|\]\]|\[\(|\)\]|\(\(\(|\)\)\)|\(\(|\)\)|\{\{|\}\}|\[\/|\/\]|\[\\|\\\]|>/,
        'delimiter.shape',
      ],
      [/[[\](){}]/, '@brackets'],
      [/#[0-9a-fA-F]{3,8}\b/, 'number.hex'],
      [/\b\d+(\.\d+)?(%|px|d|h|m|w|s)?\b/, 'number'],
      [/[A-Za-z_]\w*(?:-\w+)*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/[:;,&]/, 'delimiter'],
    ],
    directive: [
      [/\}%%/, { token: 'meta.directive', next: '@pop' }],
      [/"[^"]*"|'[^']*'/, 'string'],
      [/[^}"']+|\}/, 'meta.directive.content'],
    ],
    string: [
      [/[^"]+/, 'string'],
      [/"/, { token: 'string.quote', next: '@pop' }],
    ],
    markdownString: [
      [/\*\*[^*`]+\*\*|\*[^*`]+\*/, 'string.emphasis'],
      [/[^`*]+|\*/, 'string'],
      [/`/, { token: 'string.quote', next: '@pop' }],
    ],
    edgeLabel: [
      [/[^|]+/, 'string.label'],
      [/\|/, { token: 'delimiter.label', next: '@pop' }],
    ],
    shapeData: [
      [/\}/, { token: 'delimiter.shape', next: '@pop' }],
      [
        /\b(shape|label|icon|form|pos|h|w|img|constraint|animate|animation|assigned|ticket|priority)\b/,
        'type.property',
      ],
      [/"[^"]*"|'[^']*'/, 'string'],
      [/[^}"']+/, ''],
    ],
  },
};

/** Brackets, comment toggling (`%%`), auto-closing pairs and folding for mermaid. */
export const mermaidConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '%%' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  folding: {
    // Blocks that end with `end` (subgraph, loop, alt, namespace, box...) fold on their keyword.
    markers: {
      start:
        /^\s*(subgraph|loop|alt|opt|par|critical|break|rect|box|namespace|state\s.*\{|class\s.*\{|%%\s*region\b)/,
      end: /^\s*(end|\}|%%\s*endregion\b)\s*$/,
    },
    offSide: true,
  },
  indentationRules: {
    increaseIndentPattern: /^\s*(subgraph|loop|alt|opt|par|critical|break|rect|box|namespace)\b.*$|\{\s*$/,
    decreaseIndentPattern: /^\s*(end|\})\s*$/,
  },
};

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
      { include: '@common' },
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
      [/\|/, { token: 'delimiter.label', next: '@edgeLabel' }],
      // Arrows of flowcharts, sequences, classes, states, ER relations and gitGraph.
      [
        /<<[-]+>>|<?-->>|-->>|->>|-[x)]|--[x)]|<\|--|--\|>|\*--|--\*|o--|--o|\.\.\|>|<\|\.\.|\.\.>|<\.\./,
        'operator.arrow',
      ],
      [/[|}][|o]?(--|\.\.)[|o][|{]?|[|}]o(--|\.\.)o[|{]/, 'operator.arrow'],
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

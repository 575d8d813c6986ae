/// <reference types="vite/client" />
/// <reference path="./monaco-modules.d.ts" />
// The editor core plus only the contributions Merrow uses: none of Monaco's built-in languages.
// Loaded on demand through monaco.ts, so the window and the first diagram never wait for it.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
// Ctrl+M: Tab moves focus out of the editor instead of inserting a tab, as in VS Code.
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import { TabFocus } from 'monaco-editor/editor/browser/config/tabFocus.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import { registerMermaidLanguage } from '../language/register.ts';
import { tabMovesFocus } from './tab-focus.ts';

// Workers come from the app's own files (no CDN); the editor worker is the only one needed.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

registerMermaidLanguage(monaco);

// Monaco's tab focus mode is one for all editors, and its option does not follow it: the status bar
// listens to it here.
TabFocus.onDidChangeTabFocus((on: boolean) => tabMovesFocus.set(on));

// Brackets delimit node shapes in Mermaid, not nesting: colouring them costs every keystroke for
// nothing (in a 200-node flowchart, 800 decorations looked up on each render of the view). It is a
// model option: the editor's `bracketPairColorization` option does not reach models in Monaco.
monaco.editor.onDidCreateModel((model) =>
  model.updateOptions({
    bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false },
  }),
);

const tokenRules = (dark: boolean) => [
  { token: 'keyword.declaration', foreground: dark ? 'c586c0' : 'af00db', fontStyle: 'bold' },
  { token: 'keyword', foreground: dark ? '569cd6' : '0000ff' },
  { token: 'keyword.state', foreground: dark ? '569cd6' : '0000ff' },
  { token: 'operator.arrow', foreground: dark ? 'd7ba7d' : 'b85c00', fontStyle: 'bold' },
  { token: 'delimiter.shape', foreground: dark ? '4ec9b0' : '267f99' },
  { token: 'string', foreground: dark ? 'ce9178' : 'a31515' },
  { token: 'string.label', foreground: dark ? 'ce9178' : 'a31515', fontStyle: 'italic' },
  { token: 'comment', foreground: dark ? '6a9955' : '008000', fontStyle: 'italic' },
  { token: 'meta.directive', foreground: dark ? '9cdcfe' : '795e26' },
  { token: 'meta.frontmatter', foreground: dark ? '808080' : '808080' },
  { token: 'type', foreground: dark ? '4ec9b0' : '267f99' },
  { token: 'number', foreground: dark ? 'b5cea8' : '098658' },
  { token: 'identifier', foreground: dark ? '9cdcfe' : '001080' },
];
monaco.editor.defineTheme('merrow-light', {
  base: 'vs',
  inherit: true,
  rules: tokenRules(false),
  colors: {},
});
monaco.editor.defineTheme('merrow-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: tokenRules(true),
  colors: { 'editor.background': '#1b1d23' },
});

export { monaco };

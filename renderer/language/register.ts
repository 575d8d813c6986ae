import type { editor, languages } from 'monaco-editor/editor/editor.api';
import { mermaidCompletions } from './completions.ts';
import { mermaidConfiguration, mermaidMonarch } from './monarch.ts';

type Monaco = typeof import('monaco-editor/editor/editor.api');

export const MERMAID_LANGUAGE = 'mermaid';

const BLOCK_START = /^\s*(subgraph|loop|alt|opt|par|critical|break|rect|box|namespace)\b/;
const BLOCK_END = /^\s*end\s*$/;

/** Folding for `subgraph … end`-style blocks, `{ … }` bodies and the frontmatter. */
function foldingRanges(model: editor.ITextModel): languages.FoldingRange[] {
  const ranges: languages.FoldingRange[] = [];
  const stack: number[] = [];
  const braces: number[] = [];
  const count = model.getLineCount();
  for (let n = 1; n <= count; n++) {
    const line = model.getLineContent(n);
    if (n === 1 && line.trim() === '---') {
      for (let m = 2; m <= count; m++) {
        if (model.getLineContent(m).trim() === '---') {
          ranges.push({ start: 1, end: m });
          n = m;
          break;
        }
      }
      continue;
    }
    if (BLOCK_START.test(line)) stack.push(n);
    else if (BLOCK_END.test(line) && stack.length > 0) ranges.push({ start: stack.pop()!, end: n });
    if (/\{\s*$/.test(line) && !line.includes('%%{')) braces.push(n);
    else if (/^\s*\}\s*$/.test(line) && braces.length > 0) ranges.push({ start: braces.pop()!, end: n });
  }
  return ranges.filter((r) => r.end > r.start);
}

/** Registers the mermaid language (tokens, configuration, completions, folding) with Monaco once. */
export function registerMermaidLanguage(monaco: Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === MERMAID_LANGUAGE)) return;
  monaco.languages.register({ id: MERMAID_LANGUAGE, extensions: ['.mmd', '.mermaid'], aliases: ['Mermaid'] });
  monaco.languages.setMonarchTokensProvider(MERMAID_LANGUAGE, mermaidMonarch);
  monaco.languages.setLanguageConfiguration(MERMAID_LANGUAGE, mermaidConfiguration);
  monaco.languages.registerCompletionItemProvider(MERMAID_LANGUAGE, mermaidCompletions(monaco));
  monaco.languages.registerFoldingRangeProvider(MERMAID_LANGUAGE, { provideFoldingRanges: foldingRanges });
}

import { useEffect, useRef } from 'react';
import { type editor, monaco } from '../workbench/monaco.ts';
import { useStore } from '../workbench/store.ts';
import { isDark } from '../workbench/theme.ts';

interface Props {
  /** The old text (read-only); null when the file is new. */
  original: string | null;
  /** The new side: the file's own editor model (edits go straight to the buffer) or a read-only text. */
  modified: editor.ITextModel | string | null;
  /**
   * Two versions neither of which came first (see Comparison): no + and − beside the lines, and
   * the stylesheet colours each side's own lines in that side's colour, not as removed and added.
   */
  peers?: boolean;
}

/** Monaco's diff editor: the old version on the left, the working buffer (editable) or another version on the right. */
export function TextDiff({ original, modified, peers = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const dark = useStore(isDark);

  useEffect(() => {
    const diffEditor = monaco.editor.createDiffEditor(host.current!, {
      automaticLayout: true,
      readOnly: typeof modified !== 'object' || modified === null,
      originalEditable: false,
      renderSideBySide: true,
      // Side by side always: two peers inline would read as one text with lines removed.
      useInlineViewWhenSpaceIsLimited: !peers,
      renderIndicators: !peers,
      // Its marks are drawn in the theme's removed red and added green, whatever the sides are.
      renderOverviewRuler: !peers,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
    });
    const owned: editor.ITextModel[] = [];
    const textModel = (text: string) => {
      const model = monaco.editor.createModel(text, 'mermaid');
      owned.push(model);
      return model;
    };
    diffEditor.setModel({
      original: textModel(original ?? ''),
      modified: modified !== null && typeof modified === 'object' ? modified : textModel(modified ?? ''),
    });
    return () => {
      // The diff editor must let go before its own models are disposed; the file's buffer is never ours.
      diffEditor.dispose();
      for (const model of owned) model.dispose();
    };
  }, [original, modified, peers]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'merrow-dark' : 'merrow-light');
  }, [dark]);

  return <div className={`text-diff${peers ? ' peers' : ''}`} ref={host} data-testid="text-diff" />;
}

import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import {
  collectSymbols,
  edgeEnds,
  findEdgeLine,
  type SymbolLocation,
  symbolAt,
} from '../language/symbols.ts';
import type { DiagramTarget } from '../preview/protocol.ts';
import { type editor, monaco } from './monaco.ts';
import { PreviewHost } from './preview-host.ts';
import { Store } from './store.ts';
import { isDiagram, type Workspace } from './workspace.ts';

/** Mermaid's default `maxTextSize`: over it mermaid draws an error box instead of the diagram. */
export const MAX_TEXT_SIZE = 50_000;

export interface PreviewState {
  /** The path whose diagram is shown, or null. */
  path: string | null;
  status: 'idle' | 'rendering' | 'ok' | 'error' | 'too-large' | 'not-a-diagram';
  diagramType: string | null;
  diagnostics: Diagnostic[];
  renderMs: number | null;
  /** The last good SVG of `path`, kept while the text is invalid. */
  svg: string | null;
}

/**
 * Connects the editor and the preview: renders as the user types, puts errors on the exact lines,
 * highlights the element under the cursor, and moves the cursor to what the user clicks.
 */
export class Live {
  readonly preview = new PreviewHost();
  readonly state = new Store<PreviewState>({
    path: null,
    status: 'idle',
    diagramType: null,
    diagnostics: [],
    renderMs: null,
    svg: null,
  });
  readonly cursor = new Store({ line: 1, column: 1, selected: 0 });
  editor: editor.IStandaloneCodeEditor | null = null;
  /** The model version of the active file's last finished render (tests and the benchmark wait on it). */
  renderedVersion = 0;
  config: MermaidConfig = {};
  private symbols = new Map<string, { version: number; map: Map<string, SymbolLocation> }>();
  private lastSvg = new Map<string, string>();
  private highlighted = '';

  private readonly workspace: Workspace;

  constructor(workspace: Workspace) {
    this.workspace = workspace;
    this.preview.onRendered = (result) => {
      const model = this.workspace.model(result.docKey);
      if (model) {
        const markers = result.ok ? [] : result.diagnostics.map((d) => toMarker(model, d));
        monaco.editor.setModelMarkers(model, 'mermaid', markers);
      }
      if (result.ok) this.lastSvg.set(result.docKey, result.svg);
      if (result.docKey !== this.workspace.active.get()) return;
      this.renderedVersion = result.version;
      this.state.set((s) => ({
        ...s,
        status: result.ok ? 'ok' : 'error',
        diagramType: result.ok ? result.diagramType : s.diagramType,
        diagnostics: result.ok ? [] : result.diagnostics.map((d) => ({ ...d, file: result.docKey })),
        renderMs: result.ms,
        svg: this.lastSvg.get(result.docKey) ?? null,
      }));
    };
    this.preview.onClicked = (target) => this.reveal(target);
    workspace.active.subscribe(() => this.show(true));
  }

  attach(ed: editor.IStandaloneCodeEditor): void {
    this.editor = ed;
    ed.onDidChangeModelContent(() => this.show(false));
    ed.onDidChangeCursorSelection((e) => {
      const p = e.selection.getPosition();
      const model = ed.getModel();
      const selected = model ? model.getValueLengthInRange(e.selection) : 0;
      this.cursor.set({ line: p.lineNumber, column: p.column, selected });
      this.highlightAtCursor();
    });
  }

  setConfig(config: MermaidConfig): void {
    this.config = config;
    this.show(true);
  }

  /** Sends the active file to the preview (now when switching files, debounced while typing). */
  show(now: boolean): void {
    const path = this.workspace.active.get();
    const model = path ? this.workspace.model(path) : undefined;
    if (!path || !model) {
      this.state.set({
        path: null,
        status: 'idle',
        diagramType: null,
        diagnostics: [],
        renderMs: null,
        svg: null,
      });
      return;
    }
    const switched = this.state.get().path !== path;
    const base: PreviewState = switched
      ? {
          path,
          status: 'rendering',
          diagramType: null,
          diagnostics: [],
          renderMs: null,
          svg: this.lastSvg.get(path) ?? null,
        }
      : this.state.get();
    if (!isDiagram(path)) {
      this.state.set({ ...base, status: 'not-a-diagram' });
      return;
    }
    const text = model.getValue();
    if (text.length > MAX_TEXT_SIZE) {
      monaco.editor.setModelMarkers(model, 'mermaid', []);
      this.state.set({ ...base, status: 'too-large', diagnostics: [] });
      return;
    }
    if (switched) this.state.set(base);
    this.preview.render(path, model.getAlternativeVersionId(), text, this.config, now);
  }

  private symbolsOf(model: editor.ITextModel): Map<string, SymbolLocation> {
    const key = model.uri.toString();
    const version = model.getAlternativeVersionId();
    const cached = this.symbols.get(key);
    if (cached && cached.version === version) return cached.map;
    const map = collectSymbols(model.getValue());
    this.symbols.set(key, { version, map });
    return map;
  }

  private highlightAtCursor(): void {
    const model = this.editor?.getModel();
    const position = this.editor?.getPosition();
    if (!model || !position || model.getValueLength() > MAX_TEXT_SIZE) return;
    const id = symbolAt(model.getValue(), position.lineNumber, position.column, this.symbolsOf(model)) ?? '';
    if (id === this.highlighted) return;
    this.highlighted = id;
    this.preview.highlight(id ? [id] : []);
  }

  /** Moves the cursor to where a clicked node or edge is defined. */
  reveal(target: DiagramTarget): void {
    const model = this.editor?.getModel();
    if (!model || !this.editor) return;
    const symbols = this.symbolsOf(model);
    let at: { line: number; column: number } | undefined;
    if (target.kind === 'node') {
      at = symbols.get(target.id);
    } else {
      const ends = edgeEnds(target.id, symbols);
      const line = ends ? findEdgeLine(model.getValue(), ends.from, ends.to) : null;
      if (line) at = { line, column: model.getLineFirstNonWhitespaceColumn(line) };
    }
    if (!at) return;
    const id = target.kind === 'node' ? target.id : '';
    this.editor.setSelection(new monaco.Selection(at.line, at.column, at.line, at.column + id.length));
    this.editor.revealLineInCenterIfOutsideViewport(at.line);
    this.editor.focus();
  }

  svgOf(path: string): string | undefined {
    return this.lastSvg.get(path);
  }
}

function toMarker(model: editor.ITextModel, d: Diagnostic): editor.IMarkerData {
  const line = Math.min(Math.max(1, d.line), model.getLineCount());
  const maxColumn = model.getLineMaxColumn(line);
  const column = Math.min(Math.max(1, d.column), maxColumn);
  const endLine = d.endLine ? Math.min(d.endLine, model.getLineCount()) : line;
  // Without an end, underline from the column to the end of the word (or the line's end).
  const word = model.getWordAtPosition({ lineNumber: line, column });
  const endColumn = d.endColumn ?? (word && word.endColumn > column ? word.endColumn : maxColumn);
  return {
    severity: d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
    message: d.message,
    startLineNumber: line,
    startColumn: column,
    endLineNumber: endLine,
    endColumn: endColumn > column || endLine > line ? endColumn : column + 1,
    source: 'mermaid',
  };
}

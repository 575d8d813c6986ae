import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { maxTextSize, overMaxTextSize } from '../../shared/mermaid/precheck.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import {
  edgeLine,
  findMessageLine,
  findTransitionLine,
  modelSymbols,
  symbolAt,
} from '../language/symbols.ts';
import type { DiagramTarget } from '../preview/protocol.ts';
import { type editor, monaco } from './monaco.ts';
import { PreviewHost, type RenderJob } from './preview-host.ts';
import { Store } from './store.ts';
import { isDark } from './theme.ts';
import { isDiagram, type Workspace } from './workspace.ts';

/** How long the cursor rests before the element under it is highlighted (not while typing). */
const HIGHLIGHT_DELAY_MS = 120;

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
  /** The folder's config file (shared with `merrow export`); null until it has been read. */
  readonly folderConfig = new Store<MermaidConfig | null>(null);
  editor: editor.IStandaloneCodeEditor | null = null;
  /** The model version of the active file's last finished render (tests and the benchmark wait on it). */
  renderedVersion = 0;
  /** What the preview renders with: the folder's config, its theme following the app's when unset. */
  config: MermaidConfig = {};
  private lastSvg = new Map<string, string>();
  private highlighted = '';
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorFrame = 0;
  /** The text shown before the editor has loaded (the first diagram does not wait for Monaco). */
  private early: { path: string; text: string } | null = null;

  private readonly workspace: Workspace;

  constructor(workspace: Workspace) {
    this.workspace = workspace;
    this.preview.onRendered = (result) => {
      const model = this.workspace.model(result.docKey);
      if (model && !(result.ok && !this.hasMarkers(model))) {
        const markers = result.ok ? [] : result.diagnostics.map((d) => toMarker(model, d));
        monaco.editor.setModelMarkers(model, 'mermaid', markers);
      }
      if (result.ok) this.lastSvg.set(result.docKey, result.svg);
      const shown = this.workspace.active.get() ?? this.early?.path;
      if (result.docKey !== shown) return;
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
    workspace.opening.subscribe(() => this.showEarly());
    this.folderConfig.subscribe(() => this.applyConfig());
    isDark.subscribe(() => this.applyConfig());
  }

  /** Reads the folder's config; the first render waits for it, so that it is the final picture. */
  async loadConfig(): Promise<void> {
    let config: MermaidConfig = {};
    try {
      config = (await this.workspace.api.call('config.read', {})).config;
    } catch {
      // No readable config: mermaid's defaults, as `merrow export` would use.
    }
    this.folderConfig.set(config);
  }

  /**
   * Changes the folder's config (merrow.config.json, which `merrow export` reads too): each key of
   * `change` is set, or removed when undefined. The preview follows at once; a failed write is said.
   */
  async writeConfig(change: Record<string, unknown>): Promise<void> {
    const next: MermaidConfig = { ...this.folderConfig.get(), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete next[key];
    this.folderConfig.set(next);
    try {
      await this.workspace.api.call('config.write', { config: `${JSON.stringify(next, null, 2)}\n` });
    } catch (error) {
      this.workspace.say(`Could not save the folder config: ${(error as Error).message}`, 'error');
    }
  }

  private applyConfig(): void {
    const folder = this.folderConfig.get();
    if (!folder) return;
    // Without a theme in the folder's config the preview follows the app: mermaid's default in light
    // mode (exactly what `merrow export` draws), its dark theme in dark mode.
    const theme = (folder.theme as string | undefined) ?? (isDark.get() ? 'dark' : undefined);
    const config = theme ? { ...folder, theme } : folder;
    if (JSON.stringify(config) === JSON.stringify(this.config)) return;
    this.config = config;
    if (this.workspace.active.get()) this.show(true);
    else this.showEarly();
  }

  /** Renders the file about to open while Monaco is still loading. */
  private showEarly(): void {
    const opening = this.workspace.opening.get();
    if (!opening || this.workspace.active.get() || !this.folderConfig.get() || !isDiagram(opening.path))
      return;
    if (this.tooLarge(opening.text.length, () => opening.text)) return;
    this.early = opening;
    this.state.set({
      path: opening.path,
      status: 'rendering',
      diagramType: null,
      diagnostics: [],
      renderMs: null,
      svg: null,
    });
    const job: RenderJob = { docKey: opening.path, version: 0, text: opening.text, config: this.config };
    this.preview.request(() => job);
  }

  attach(ed: editor.IStandaloneCodeEditor): void {
    this.editor = ed;
    ed.onDidChangeModelContent(() => this.show(false));
    ed.onDidChangeCursorSelection(() => {
      // The status bar follows once per frame, however many selection events a keystroke fires.
      if (!this.cursorFrame) {
        this.cursorFrame = requestAnimationFrame(() => {
          this.cursorFrame = 0;
          const model = ed.getModel();
          const selection = ed.getSelection();
          if (!model || !selection) return;
          const p = selection.getPosition();
          this.cursor.set({
            line: p.lineNumber,
            column: p.column,
            selected: model.getValueLengthInRange(selection),
          });
        });
      }
      clearTimeout(this.highlightTimer);
      this.highlightTimer = setTimeout(() => this.highlightAtCursor(), HIGHLIGHT_DELAY_MS);
    });
  }

  /** Sends the active file to the preview: now when switching files, after `pauseAfterTyping` while typing. */
  show(now: boolean): void {
    if (!this.folderConfig.get()) return;
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
    this.early = null;
    if (this.tooLarge(model.getValueLength(), () => model.getValue())) {
      monaco.editor.setModelMarkers(model, 'mermaid', []);
      this.state.set({ ...base, status: 'too-large', diagnostics: [] });
      return;
    }
    if (switched || base.status === 'too-large') this.state.set({ ...base, status: 'rendering' });
    const config = this.config;
    // The text is read when the frame is free to render it: typing costs no copy of the file.
    const job = (): RenderJob | null =>
      model.isDisposed()
        ? null
        : { docKey: path, version: model.getAlternativeVersionId(), text: model.getValue(), config };
    if (now) this.preview.request(job);
    else this.preview.typed(job);
  }

  /** The longest text mermaid renders with the folder's config (`maxTextSize`, 50 000 by default). */
  maxTextSize(): number {
    return maxTextSize(this.config);
  }

  /** Over mermaid's `maxTextSize`: the preview says so instead of rendering. */
  private tooLarge(length: number, text: () => string): boolean {
    return overMaxTextSize(length, text, this.config);
  }

  private hasMarkers(model: editor.ITextModel): boolean {
    return monaco.editor.getModelMarkers({ resource: model.uri, owner: 'mermaid' }).length > 0;
  }

  private highlightAtCursor(): void {
    const model = this.editor?.getModel();
    const position = this.editor?.getPosition();
    if (!model || !position || this.tooLarge(model.getValueLength(), () => model.getValue())) return;
    const line = model.getLineContent(position.lineNumber);
    const id = symbolAt(line, position.column, modelSymbols(model)) ?? '';
    if (id === this.highlighted) return;
    this.highlighted = id;
    this.preview.highlight(id ? [id] : []);
  }

  /** Moves the cursor to where a clicked node or edge is defined. */
  reveal(target: DiagramTarget): void {
    const model = this.editor?.getModel();
    if (!model || !this.editor) return;
    const symbols = modelSymbols(model);
    let at: { line: number; column: number } | undefined;
    if (target.kind === 'node') {
      at = symbols.get(target.id);
    } else if (target.kind === 'message' || target.kind === 'transition') {
      const line =
        target.kind === 'message'
          ? findMessageLine(model.getValue(), target.from ?? '', target.to ?? '', target.index ?? 0)
          : findTransitionLine(model.getValue(), target.index ?? 0);
      if (line) at = { line, column: model.getLineFirstNonWhitespaceColumn(line) };
    } else {
      const line = edgeLine(model.getValue(), target.id, symbols);
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

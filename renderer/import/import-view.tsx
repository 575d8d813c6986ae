import { useEffect, useMemo, useRef, useState } from 'react';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { ZoomControls } from '../ui/zoom-controls.tsx';
import type { Live } from '../workbench/live.ts';
import { PreviewHost } from '../workbench/preview-host.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { convertScene, type Drawing, openDrawing, type ReportItem, readPictureNames } from './drawing.ts';
import { type OriginalSvg, renderOriginal } from './excalidraw-svg.ts';
import { type ExternalDrawing, importUiFor } from './import-ui.ts';
import { DEFAULT_OPTIONS, diagramPath, folderOf, type ImportOptions } from './names.ts';

export type ImportSource = { kind: 'file'; path: string } | { kind: 'external'; drawing: ExternalDrawing };

const OPTIONS_KEY = 'merrow.import.options';
/**
 * The smallest label size (CSS px on screen) the Mermaid pane opens a diagram at: a converted
 * drawing is often wide, and fitted whole its labels could not be read. Fit still shows it whole.
 */
const READABLE_TEXT_PX = 11;
const SVG_NS = 'http://www.w3.org/2000/svg';
const GROUPS: { group: ReportItem['group']; title: string }[] = [
  { group: 'converted', title: 'Converted' },
  { group: 'guessed', title: 'Guessed' },
  { group: 'dropped', title: 'Dropped' },
];

function storedOptions(): ImportOptions {
  try {
    return { ...DEFAULT_OPTIONS, ...(JSON.parse(localStorage.getItem(OPTIONS_KEY) ?? '{}') as object) };
  } catch {
    return DEFAULT_OPTIONS;
  }
}

/**
 * An Excalidraw drawing beside the Mermaid converted from it: the original as Excalidraw draws
 * it, the diagram rendered live, the report (each line points at its elements in both), the
 * options, and saving the diagram.
 */
export function ImportView({
  workspace,
  live,
  source,
  onClose,
}: {
  workspace: Workspace;
  live: Live;
  source: ImportSource;
  onClose?: () => void;
}) {
  const ui = importUiFor(workspace);
  const name = source.kind === 'file' ? source.path : source.drawing.name;
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sceneIndex, setSceneIndex] = useState(0);
  const [options, setOptions] = useState(storedOptions);
  const [folder, setFolder] = useState(source.kind === 'file' ? folderOf(source.path) : '');
  const [selection, setSelection] = useState<{ of: unknown; item: ReportItem } | null>(null);
  const [original, setOriginal] = useState<OriginalSvg | null>(null);
  const [originalError, setOriginalError] = useState<string | null>(null);
  const [mermaid, setMermaid] = useState<{ status: string; diagnostics: Diagnostic[] }>({
    status: 'rendering',
    diagnostics: [],
  });
  const originalHost = useRef<HTMLDivElement>(null);
  const previewHost = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const preview = useMemo(() => new PreviewHost(), []);
  const [zoom, setZoom] = useState(1);

  // Read the drawing, and again whenever it changes on disk.
  useEffect(() => {
    let current = true;
    const load = async () => {
      try {
        const bytes = source.kind === 'file' ? await ui.readDrawing(source.path) : source.drawing.bytes;
        const fileName = name.slice(name.lastIndexOf('/') + 1);
        const read = openDrawing(fileName, bytes);
        if (!current) return;
        setDrawing(read);
        setError(null);
        // The names printed in its icons come later (they are read on the machine's side): the
        // drawing shows at once, and is read again with them when there are any.
        const names = await readPictureNames(workspace.api, bytes);
        if (current && names.size > 0) setDrawing(openDrawing(fileName, bytes, names));
      } catch (e) {
        if (current) setError((e as Error).message);
      }
    };
    void load();
    const off =
      source.kind === 'file'
        ? workspace.api.on('file.changed', (event) => {
            if (event.path === source.path && event.kind !== 'deleted') void load();
          })
        : () => {};
    return () => {
      current = false;
      off();
    };
  }, [source, name, ui, workspace]);

  const scene = drawing?.scenes[Math.min(sceneIndex, drawing.scenes.length - 1)];
  const result = useMemo(() => (scene ? convertScene(scene.model, options) : null), [scene, options]);
  const target = drawing ? diagramPath(name, folder, sceneIndex, drawing.scenes.length) : '';
  // A selection belongs to one conversion: new options or another item clear it.
  const selected = selection && selection.of === result ? selection.item : null;
  const setSelected = (item: ReportItem | null) => setSelection(item && { of: result, item });

  useEffect(() => localStorage.setItem(OPTIONS_KEY, JSON.stringify(options)), [options]);
  // A drawing picked in the file tree leaves focus in the tree, as a diagram does (F2 renames it there).
  useEffect(() => {
    if (!document.activeElement?.closest('[role="tree"]')) root.current?.focus();
  }, []);

  // The original, drawn by Excalidraw.
  useEffect(() => {
    if (!scene) return;
    let current = true;
    setOriginal(null);
    setOriginalError(null);
    renderOriginal(scene.raw).then(
      (drawn) => current && setOriginal(drawn),
      (e: Error) => current && setOriginalError(`Excalidraw could not draw it: ${e.message}`),
    );
    return () => {
      current = false;
    };
  }, [scene]);

  useEffect(() => {
    const host = originalHost.current;
    if (!host || !original) return;
    host.replaceChildren(original.svg);
  }, [original]);

  // The Mermaid side, in a preview frame of its own: the same renderer as the app's preview.
  useEffect(() => {
    const host = previewHost.current;
    if (!host) return;
    host.append(preview.frame);
    preview.frame.dataset.testid = 'import-preview-frame';
    preview.frame.title = 'Converted diagram';
    // Opens readable (pan to see the rest, Fit for the whole); a drag pans, as nothing here edits the text.
    preview.setOptions({ readableTextPx: READABLE_TEXT_PX, nodeDrag: false });
    preview.onZoom = setZoom;
    return () => preview.frame.remove();
  }, [preview]);

  const version = useRef(0);
  useEffect(() => {
    if (!result) return;
    setMermaid((m) => ({ ...m, status: 'rendering' }));
    preview.onRendered = (r) =>
      setMermaid(r.ok ? { status: 'ok', diagnostics: [] } : { status: 'error', diagnostics: r.diagnostics });
    preview.render(`import:${name}`, ++version.current, result.conversion.mermaid, live.config);
  }, [preview, result, name, live]);

  // A click on a node in the diagram selects the report line about it.
  useEffect(() => {
    preview.onClicked = (clicked) => {
      const elementId = result?.elementOf.get(clicked.id);
      const item = result?.items.find((i) => elementId && i.elementIds.includes(elementId));
      if (item && result) setSelection({ of: result, item });
    };
  }, [preview, result]);

  // Highlight the selected line's elements in both pictures.
  useEffect(() => {
    preview.highlight(selected?.mermaidIds ?? []);
    if (!original) return;
    for (const old of original.svg.querySelectorAll('.import-highlight')) old.remove();
    for (const id of selected?.elementIds ?? []) {
      const box = original.boxOf(id);
      if (!box) continue;
      const rect = document.createElementNS(SVG_NS, 'rect');
      rect.setAttribute('class', 'import-highlight');
      rect.setAttribute('data-element-id', id);
      for (const [k, v] of Object.entries({
        x: box.x - 6,
        y: box.y - 6,
        width: box.width + 12,
        height: box.height + 12,
      }))
        rect.setAttribute(k, String(v));
      rect.setAttribute('rx', '6');
      original.svg.append(rect);
    }
  }, [selected, original, preview]);

  const pickInOriginal = (e: MouseEvent) => {
    if (!original || !result) return;
    const matrix = original.svg.getScreenCTM();
    if (!matrix) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
    let best: { item: ReportItem; area: number } | null = null;
    for (const item of result.items) {
      for (const id of item.elementIds) {
        const b = original.boxOf(id);
        if (!b || p.x < b.x - 4 || p.y < b.y - 4 || p.x > b.x + b.width + 4 || p.y > b.y + b.height + 4)
          continue;
        const area = Math.max(b.width, 1) * Math.max(b.height, 1);
        if (!best || area < best.area) best = { item, area };
      }
    }
    setSelected(best?.item ?? null);
  };

  // Clicking the drawing selects the smallest reported element under the pointer (the report
  // list offers the same choice by keyboard).
  const pick = useRef(pickInOriginal);
  pick.current = pickInOriginal;
  useEffect(() => {
    const host = originalHost.current;
    const onClick = (e: MouseEvent) => pick.current(e);
    host?.addEventListener('click', onClick);
    return () => host?.removeEventListener('click', onClick);
  }, []);

  const save = async () => {
    if (!result || !target) return;
    if (await ui.saveDiagram(target, result.conversion.mermaid)) ui.external.set(null);
  };

  const set = (change: Partial<ImportOptions>) => setOptions((o) => ({ ...o, ...change }));
  const drawingFolder = source.kind === 'file' ? folderOf(source.path) : null;

  return (
    <div className="import-view" data-testid="import-view" ref={root} tabIndex={-1}>
      <header className="import-toolbar">
        <span className="import-title" title={name}>
          {name}
          {drawing && <span className="import-carrier">{drawing.carrier}</span>}
        </span>
        {drawing && drawing.scenes.length > 1 && (
          <select
            aria-label="Library item"
            value={sceneIndex}
            onChange={(e) => setSceneIndex(Number(e.target.value))}
          >
            {drawing.scenes.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a drawing's items never reorder, and titles repeat
              <option key={i} value={i}>
                {s.title}
              </option>
            ))}
          </select>
        )}
        <label>
          Direction{' '}
          <select
            data-testid="import-direction"
            value={options.direction}
            onChange={(e) => set({ direction: e.target.value as ImportOptions['direction'] })}
          >
            <option value="auto">
              auto{result ? ` (${result.conversion.report.guessed.direction})` : ''}
            </option>
            <option value="TD">top down</option>
            <option value="LR">left to right</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="import-hand-drawn"
            checked={options.handDrawn}
            onChange={(e) => set({ handDrawn: e.target.checked })}
          />{' '}
          hand-drawn
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="import-colors"
            checked={options.colors}
            onChange={(e) => set({ colors: e.target.checked })}
          />{' '}
          keep colours
        </label>
        <span className="import-spacer" />
        <label title="Folder to save into, relative to the opened folder ('' is the top)">
          Save in{' '}
          <input
            className="import-folder"
            data-testid="import-folder"
            value={folder}
            placeholder="(top folder)"
            onChange={(e) => setFolder(e.target.value.trim())}
          />
        </label>
        <button type="button" className="primary" data-testid="import-save" disabled={!result} onClick={save}>
          Save {target.slice(target.lastIndexOf('/') + 1) || 'diagram'}
        </button>
        {drawingFolder !== null && (
          <button
            type="button"
            data-testid="import-convert-folder"
            title="Convert every drawing in this folder and its subfolders, each saved beside itself"
            onClick={() => void ui.convertFolder(drawingFolder, options)}
          >
            Convert folder
          </button>
        )}
        {onClose && (
          <button type="button" aria-label="Close the import" data-testid="import-close" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      {error ? (
        <div className="import-error" role="alert" data-testid="import-error">
          {name}: {error}
        </div>
      ) : (
        <div className="import-body">
          <section className="import-pane" aria-label="Original drawing">
            <h2>Original · Excalidraw</h2>
            <div
              className="import-original"
              data-testid="import-original"
              data-status={originalError ? 'error' : original ? 'ok' : 'loading'}
              ref={originalHost}
            />
            {originalError && <p className="import-error">{originalError}</p>}
            {!original && !originalError && <p className="import-hint">Drawing with Excalidraw…</p>}
          </section>
          <section className="import-pane" aria-label="Converted diagram">
            <div className="import-pane-bar">
              <h2>Mermaid · live</h2>
              <span className="toolbar-group" role="toolbar" aria-label="Zoom the converted diagram">
                <ZoomControls
                  scale={zoom}
                  onAction={(action) => preview.view(action)}
                  testIdPrefix="import-"
                />
              </span>
            </div>
            <div
              className="import-preview"
              data-testid="import-mermaid"
              data-status={mermaid.status}
              ref={previewHost}
            />
            {mermaid.diagnostics.map((d) => (
              <p className="import-error" key={`${d.line}:${d.column}:${d.message}`}>
                {d.line}:{d.column}: {d.message}
              </p>
            ))}
            <details className="import-text">
              <summary>Mermaid text</summary>
              <pre data-testid="import-mermaid-text">{result?.conversion.mermaid}</pre>
            </details>
          </section>
          <aside className="import-report" aria-label="Conversion report" data-testid="import-report">
            {result &&
              GROUPS.map(({ group, title }) => {
                const items = result.items.filter((i) => i.group === group);
                return (
                  <section key={group} className={`import-group ${group}`}>
                    <h3>
                      {title} <span className="import-count">{items.length}</span>
                    </h3>
                    <ul>
                      {items.map((item) => (
                        <li key={`${item.text}:${item.elementIds.join()}`}>
                          <button
                            type="button"
                            className={item === selected ? 'selected' : ''}
                            disabled={item.elementIds.length === 0}
                            data-testid={`import-item-${group}`}
                            onClick={() => setSelected(item === selected ? null : item)}
                          >
                            {item.text}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
          </aside>
        </div>
      )}
    </div>
  );
}

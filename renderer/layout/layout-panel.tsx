import { type ReactNode, type RefObject, useState } from 'react';
import { readDiagramSource } from '../../shared/layout/diagram-source.ts';
import {
  DIRECTIONS,
  type Directions,
  readDirections,
  setChartDirection,
  setSubgraphDirection,
} from '../../shared/layout/directions.ts';
import { readFrontmatterConfig, setFrontmatterConfig } from '../../shared/mermaid/frontmatter-config.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import type { Live } from '../workbench/live.ts';
import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import type { LayoutEdits } from './layout-edits.ts';
import './layout.css';
import { replaceText } from './text-edit.ts';

/** Layouts mermaid 12 has for flowcharts in Merrow: dagre, and ELK with its algorithms. */
const LAYOUTS = ['elk', 'dagre', 'elk.stress', 'elk.force', 'elk.mrtree', 'elk.box', 'elk.rectpacking'];
const PRESETS = ['default', 'legacy', 'modelOrder', 'depthFirst'];
const MODEL_ORDER = ['NODES_AND_EDGES', 'PREFER_NODES', 'PREFER_EDGES', 'NONE'];
const CURVES = [
  'basis',
  'rounded',
  'linear',
  'step',
  'stepBefore',
  'stepAfter',
  'monotoneX',
  'monotoneY',
  'natural',
  'cardinal',
  'catmullRom',
  'bumpX',
  'bumpY',
];

interface Setting {
  path: string[];
  label: string;
  title: string;
  options?: string[];
  kind?: 'number' | 'boolean';
  /** What mermaid uses when nothing sets it. */
  fallback: string;
  /** Only some layouts read it. */
  only?: 'elk' | 'dagre';
}

const SETTINGS: Setting[] = [
  {
    path: ['layout'],
    label: 'Layout',
    title: 'The layout engine and algorithm',
    options: LAYOUTS,
    fallback: 'elk',
  },
  {
    path: ['elk', 'preset'],
    label: 'ELK preset',
    title: 'ELK’s named recipe of layering, placement and cycle breaking',
    options: PRESETS,
    fallback: 'default',
    only: 'elk',
  },
  {
    path: ['elk', 'considerModelOrder'],
    label: 'Model order',
    title: 'How much ELK keeps the order of the text when it orders a rank',
    options: MODEL_ORDER,
    fallback: 'NODES_AND_EDGES',
    only: 'elk',
  },
  {
    path: ['elk', 'forceNodeModelOrder'],
    label: 'Keep node order',
    title: 'ELK keeps every rank in the order nodes are first mentioned, whatever it costs in crossings',
    kind: 'boolean',
    fallback: 'false',
    only: 'elk',
  },
  {
    path: ['flowchart', 'nodeSpacing'],
    label: 'Node spacing',
    title: 'Space between nodes of a rank (dagre; ELK keeps its own)',
    kind: 'number',
    fallback: '50',
    only: 'dagre',
  },
  {
    path: ['flowchart', 'rankSpacing'],
    label: 'Rank spacing',
    title: 'Space between ranks (dagre; ELK keeps its own)',
    kind: 'number',
    fallback: '50',
    only: 'dagre',
  },
  {
    path: ['flowchart', 'curve'],
    label: 'Curve',
    title: 'How links are drawn',
    options: CURVES,
    fallback: 'basis',
  },
];

/** A state or class diagram's: its spacing lives under `state` (or `class`), and it has no curve. */
function settingsOf(family: 'state' | 'class'): Setting[] {
  return SETTINGS.filter((s) => s.path.join('.') !== 'flowchart.curve').map((s) =>
    s.path[0] === 'flowchart' ? { ...s, path: [family, ...s.path.slice(1)] } : s,
  );
}

function get(config: MermaidConfig, path: string[]): unknown {
  let v: unknown = config;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** `config` with `path` set to `value` (removed when undefined), as the folder's config file holds it. */
function withSetting(config: MermaidConfig, path: string[], value: unknown): MermaidConfig {
  const [key, ...rest] = path as [string, ...string[]];
  const next = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete next[key];
    else next[key] = value;
    return next;
  }
  const inner = withSetting((config[key] as MermaidConfig | undefined) ?? {}, rest, value);
  if (Object.keys(inner).length === 0) delete next[key];
  else next[key] = inner;
  return next;
}

/**
 * The directions as the file writes them: mermaid reads `TD` as `TB`, and a file that says `TD`
 * is shown `TD` (the header's, or a `direction TD` statement's), not another word for it.
 */
function asWritten(text: string, directions: Directions): Directions {
  const source = readDiagramSource(text)?.source;
  if (!source) return directions;
  const saysTD = (line: number | undefined) =>
    line !== undefined &&
    /^\s*(?:flowchart|graph|flowchart-elk|direction)[ \t]+TD\b/.test(source.lines[line] ?? '');
  const lineOf = (block: string) =>
    block === '' && directions.family === 'flowchart'
      ? source.header
      : source.units.find((u) => u.block === block && u.kind === 'direction')?.first;
  const written = (block: string, direction: string) =>
    direction === 'TB' && saysTD(lineOf(block)) ? 'TD' : direction;
  return {
    ...directions,
    chart: written('', directions.chart),
    subgraphs: directions.subgraphs.map((sg) => ({ ...sg, direction: written(sg.id, sg.direction) })),
  };
}

/** The directions to choose from, `TD` in place of `TB` when that is how the file says it. */
const directionsFor = (current: string) => DIRECTIONS.map((d) => (d === 'TB' && current === 'TD' ? 'TD' : d));

interface Props {
  workspace: Workspace;
  live: Live;
  layout: LayoutEdits;
  /** The panel's element (what Escape closes it from). */
  panelRef?: RefObject<HTMLElement | null>;
  onClose: () => void;
}

/**
 * The layout panel: direction, layout engine and algorithm, model order, spacing, curve and each
 * subgraph's direction, written into the diagram's frontmatter `config:` (or the folder's
 * merrow.config.json when chosen). Every change is an edit of the text or the config, so the
 * preview shows it at once and Undo takes it back.
 */
export function LayoutPanel({ workspace, live, layout, panelRef, onClose }: Props) {
  useStore(live.state);
  useStore(layout.status);
  const folder = useStore(live.folderConfig) ?? {};
  const active = useStore(workspace.active);
  const [target, setTarget] = useState<'diagram' | 'folder'>('diagram');
  const model = active ? workspace.model(active) : undefined;
  const text = model && !model.isDisposed() ? model.getValue() : '';
  const read = readDirections(text);
  const directions = read && asWritten(text, read);

  const edit = (next: string | null) => {
    if (model && next !== null && next !== text) replaceText(model, live.editor, next, 'merrow-layout-panel');
  };

  if (!directions) {
    return (
      <PanelFrame panelRef={panelRef} onClose={onClose}>
        <p className="layout-note">Layout settings are for flowcharts, state and class diagrams.</p>
      </PanelFrame>
    );
  }

  const own = readFrontmatterConfig(text);
  const settings = directions.family === 'flowchart' ? SETTINGS : settingsOf(directions.family);
  const effectiveLayout = String(get(own, ['layout']) ?? get(folder, ['layout']) ?? 'elk');
  const engine = effectiveLayout === 'dagre' ? 'dagre' : 'elk';

  const set = (path: string[], value: unknown) => {
    if (target === 'diagram') edit(setFrontmatterConfig(text, path, value));
    else void live.writeConfig({ [path[0]!]: get(withSetting(folder, path, value), [path[0]!]) });
  };

  return (
    <PanelFrame panelRef={panelRef} onClose={onClose}>
      <fieldset className="layout-target">
        <legend>Save settings in</legend>
        <label>
          <input type="radio" checked={target === 'diagram'} onChange={() => setTarget('diagram')} /> this
          diagram
        </label>
        <label>
          <input
            type="radio"
            data-testid="layout-target-folder"
            checked={target === 'folder'}
            onChange={() => setTarget('folder')}
          />{' '}
          the folder (merrow.config.json)
        </label>
      </fieldset>
      <label
        className="layout-row"
        title={
          directions.family === 'flowchart'
            ? "The flowchart's direction (its first line)"
            : "The diagram's direction (its first direction statement)"
        }
      >
        <span>Direction</span>
        <select
          data-testid="layout-direction"
          value={directions.chart}
          onChange={(e) => edit(setChartDirection(text, e.target.value))}
        >
          {directionsFor(directions.chart).map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      {settings.map((s) => {
        const mine = get(target === 'diagram' ? own : folder, s.path);
        const inherited = target === 'diagram' ? get(folder, s.path) : undefined;
        const value = String(mine ?? inherited ?? s.fallback);
        const id = s.path.join('.');
        const idle = s.only !== undefined && s.only !== engine;
        return (
          <label key={id} className={`layout-row${idle ? ' idle' : ''}`} title={s.title}>
            <span>
              {s.label}
              {idle ? <em> ({s.only} only)</em> : null}
            </span>
            {s.kind === 'boolean' ? (
              <input
                type="checkbox"
                data-testid={`layout-${id}`}
                checked={value === 'true'}
                onChange={(e) => set(s.path, e.target.checked ? true : undefined)}
              />
            ) : s.kind === 'number' ? (
              <input
                type="number"
                min={0}
                step={10}
                data-testid={`layout-${id}`}
                value={value}
                onChange={(e) => set(s.path, e.target.value === '' ? undefined : Number(e.target.value))}
              />
            ) : (
              <select
                data-testid={`layout-${id}`}
                value={value}
                onChange={(e) => set(s.path, e.target.value)}
              >
                {s.options!.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            )}
            <button
              type="button"
              className="layout-reset"
              title={`Remove ${id} from ${target === 'diagram' ? 'the frontmatter' : 'merrow.config.json'}`}
              disabled={mine === undefined}
              onClick={() => set(s.path, undefined)}
            >
              ↺
            </button>
          </label>
        );
      })}
      {directions.subgraphs.length > 0 && (
        <>
          <h4>{directions.family === 'state' ? 'Composite state directions' : 'Subgraph directions'}</h4>
          {directions.subgraphs.map((sg) => (
            <label
              key={sg.id}
              className="layout-row"
              title={`direction inside ${directions.family === 'state' ? 'composite state' : 'subgraph'} ${sg.id}`}
            >
              <span>{sg.id}</span>
              <select
                data-testid={`layout-subgraph-${sg.id}`}
                value={sg.direction}
                onChange={(e) => edit(setSubgraphDirection(text, sg.id, e.target.value))}
              >
                <option value="">as the chart</option>
                {directionsFor(sg.direction).map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </select>
            </label>
          ))}
          <p className="layout-note">
            ELK follows a subgraph’s own direction only when no link crosses its border (a link to the
            subgraph itself is fine).
          </p>
        </>
      )}
      <p className="layout-note">
        {directions.family === 'flowchart'
          ? 'Drag a node in the preview to move it: Merrow edits the text to put it there.'
          : `Drag a ${directions.family} along its rank in the preview to move it: Merrow edits the text to put it there.`}
      </p>
    </PanelFrame>
  );
}

function PanelFrame({
  panelRef,
  onClose,
  children,
}: {
  panelRef: RefObject<HTMLElement | null> | undefined;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <aside className="layout-panel" data-testid="layout-panel" aria-label="Layout" ref={panelRef}>
      <header>
        <strong>Layout</strong>
        <button type="button" title="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </aside>
  );
}

/** The state of the last drag over the preview: what is being searched, what was done, or why not. */
export function LayoutStatusBanner({ layout }: { layout: LayoutEdits }) {
  const status = useStore(layout.status);
  if (status.phase === 'idle' || !status.text) return null;
  return (
    <div
      className={`layout-status ${status.phase}`}
      data-testid="layout-status"
      data-phase={status.phase}
      data-refining={status.refining ? 'true' : undefined}
      role="status"
    >
      {status.text}
      {status.refining ? <span className="layout-refining"> Looking for a smaller edit…</span> : null}
      {status.phase !== 'dragging' && status.phase !== 'searching' ? (
        <button type="button" title="Dismiss" onClick={() => layout.status.set({ phase: 'idle', text: '' })}>
          ×
        </button>
      ) : null}
    </div>
  );
}

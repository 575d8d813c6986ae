/**
 * "Export as .excalidraw" and "Open in Excalidraw" for the diagram in the editor: the same
 * conversion as `merrow convert` (the engine page's toExcalidraw), run in the app's own page.
 */

import { outcomeToScene } from '../../shared/excalidraw/from-skeleton.ts';
import { toExcalidraw } from '../engine/to-excalidraw.ts';
import type { Live } from '../workbench/live.ts';
import type { Workspace } from '../workbench/workspace.ts';

/** Writes `name.excalidraw` beside the diagram at `path`; `opening` says how to open it in Excalidraw. */
export async function exportAsExcalidraw(
  workspace: Workspace,
  live: Live,
  path: string,
  opening: boolean,
): Promise<void> {
  const model = workspace.model(path);
  if (!model) return;
  const out = outcomeToScene(await toExcalidraw({ text: model.getValue(), config: live.config }));
  if (!out.ok) {
    const d = out.diagnostics[0];
    workspace.say(`${path}:${d?.line ?? 1}:${d?.column ?? 1}: ${d?.message ?? 'cannot convert'}`, 'error');
    return;
  }
  const stem = path.replace(/\.(mmd|mermaid)$/i, '');
  const taken = new Set(workspace.files.get().map((f) => f.path));
  // Beside a diagram there is often the drawing it was imported from: a sketch made by hand is
  // never replaced by a laid-out copy, which goes beside it instead. A drawing Merrow wrote before
  // may be replaced, once asked; the old one goes to the trash first, where a delete puts files.
  const writtenByMerrow = (file: string) =>
    workspace.api
      .call('file.read', { path: file })
      .then(({ text }) => (JSON.parse(text) as { source?: unknown }).source === 'merrow')
      .catch(() => false);
  let target = '';
  let replacing = false;
  for (const candidate of [`${stem}.excalidraw`, `${stem} (from Mermaid).excalidraw`]) {
    if (!taken.has(candidate) || (await writtenByMerrow(candidate))) {
      target = candidate;
      replacing = taken.has(candidate);
      break;
    }
  }
  if (!target) target = freeName(taken, `${stem} (from Mermaid)`, '.excalidraw');
  if (replacing) {
    if (!confirm(`${target} was exported by Merrow before. Replace it (the old one goes to the trash)?`)) {
      workspace.say(`Nothing exported: ${target} is kept.`);
      return;
    }
    try {
      await workspace.api.call('file.delete', { path: target });
    } catch (error) {
      workspace.say(`Could not move the old ${target} to the trash: ${(error as Error).message}`, 'error');
      return;
    }
  }
  try {
    await workspace.api.call('file.write', { path: target, text: `${JSON.stringify(out.scene, null, 2)}\n` });
  } catch (error) {
    workspace.say(`Could not write ${target}: ${(error as Error).message}`, 'error');
    return;
  }
  await workspace.refreshFiles();
  const asImage = out.editable ? '' : ` (${out.diagramType} has no Excalidraw shapes: embedded as an image)`;
  // Merrow never reaches out to a website: the file is opened by the user's own Excalidraw.
  workspace.say(
    opening
      ? `Saved ${target}${asImage}. It opens in Excalidraw: drop it onto an Excalidraw canvas, or use Open in Excalidraw's menu.`
      : `Exported ${target}${asImage}`,
  );
}

/** `base` + `ext`, or `base 2` + `ext` and so on: the first name no file has. */
function freeName(taken: Set<string>, base: string, ext: string): string {
  if (!taken.has(`${base}${ext}`)) return `${base}${ext}`;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}${ext}`)) return `${base} ${n}${ext}`;
}

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
  const target = `${path.replace(/\.(mmd|mermaid)$/i, '')}.excalidraw`;
  if (
    workspace.files.get().some((f) => f.path === target) &&
    !confirm(`${target} already exists. Replace it?`)
  )
    return;
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

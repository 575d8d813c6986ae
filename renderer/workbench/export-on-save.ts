import { encodeBase64 } from '../../shared/bytes/base64.ts';
import { MERROW_KEY, mergeConfigs, merrowSettings } from '../../shared/mermaid/config.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import { THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import type { AppClient } from '../api/app-client.ts';
import type { CommandRegistry } from './commands.ts';
import { exportPath } from './export.ts';
import type { Live } from './live.ts';
import type { PreviewHost } from './preview-host.ts';
import { isDiagram, type Workspace } from './workspace.ts';

/** `merrow export`'s defaults, so that a save writes the same image as the command line would. */
const AS_THE_CLI = { width: 800, background: THEME_BACKGROUND };

/**
 * Export on save: writes the saved diagram's images (the folder's `merrow.exportOnSave`) beside it,
 * rendered with the folder's config as `merrow export` renders them, each carrying the source.
 * The config is read at each save, so edits to `merrow.config.json` made anywhere apply at once.
 * Returns the paths written (none when the setting is off).
 */
export async function exportSaved(
  api: AppClient,
  preview: PreviewHost,
  path: string,
  text: string,
): Promise<string[]> {
  const { config } = await api.call('config.read', {});
  const formats = merrowSettings(config).exportOnSave;
  if (formats.length === 0) return [];
  const { svg, png } = await preview.renderExport({
    text,
    config: mergeConfigs(config),
    ...AS_THE_CLI,
    pngScale: formats.includes('png') ? 1 : null,
  });
  const written: string[] = [];
  for (const format of formats) {
    const bytes =
      format === 'svg' ? new TextEncoder().encode(embedSourceInSvg(svg, text)) : embedSourceInPng(png!, text);
    const target = exportPath(path, format);
    await api.call('file.writeBinary', { path: target, data: encodeBase64(bytes) });
    written.push(target);
  }
  return written;
}

/** Exports each saved diagram when the folder asks for it; a failed export is reported, the save stands. */
export function attachExportOnSave(workspace: Workspace, preview: PreviewHost): void {
  workspace.onSaved = (path, text) => {
    if (!isDiagram(path)) return;
    exportSaved(workspace.api, preview, path, text).then(
      (written) => {
        if (written.length > 0) workspace.say(`Saved ${path} and exported ${written.join(', ')}`);
      },
      (error: Error) => workspace.say(`Saved ${path}, but export on save failed: ${error.message}`, 'error'),
    );
  };
}

/** The command that turns export on save on or off in the folder config. Returns its removal. */
export function registerExportOnSave(commands: CommandRegistry, live: Live): () => void {
  const settings = () => {
    const config = live.folderConfig.get() ?? {};
    let on = false;
    try {
      on = merrowSettings(config).exportOnSave.length > 0;
    } catch {
      // A broken setting reads as off; turning it on writes a good one.
    }
    const own = config[MERROW_KEY];
    const others: Record<string, unknown> = typeof own === 'object' && own !== null ? { ...own } : {};
    delete others.exportOnSave;
    return { on, others };
  };
  return commands.contribute({
    id: 'export-on-save',
    title: () => `Turn export on save ${settings().on ? 'off' : 'on'}`,
    detail: () => 'write diagram.svg beside diagram.mmd at each save (merrow.config.json)',
    when: () => live.folderConfig.get() !== null,
    run: () => {
      const { on, others } = settings();
      return live.writeConfig({
        [MERROW_KEY]: on
          ? Object.keys(others).length > 0
            ? others
            : undefined
          : { ...others, exportOnSave: ['svg'] },
      });
    },
  });
}

import { encodeBase64 } from '../../shared/bytes/base64.ts';
import { MERROW_KEY, mergeConfigs, merrowSettings } from '../../shared/mermaid/config.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import { type MermaidConfig, THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import type { AppClient } from '../api/app-client.ts';
import type { CommandRegistry } from './commands.ts';
import { type ExportFormat, exportPath } from './export.ts';
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
  const settings = merrowSettings(config);
  const formats = settings.exportOnSave;
  if (formats.length === 0) return [];
  const { svg, png } = await preview.renderExport({
    text,
    config: mergeConfigs(config),
    ...AS_THE_CLI,
    pngScale: formats.includes('png') ? 1 : null,
    labels: settings.svgLabels,
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

/**
 * Exports each saved diagram when the folder asks for it; a failed export is reported, the save
 * stands. The images follow their diagram: renamed or moved with it, deleted (to the trash) with it.
 */
export function attachExportOnSave(workspace: Workspace, preview: PreviewHost): void {
  /** The images export on save wrote for `path` that are on disk now, by format. */
  const images = async (path: string) => {
    if (!isDiagram(path)) return [];
    const { config } = await workspace.api.call('config.read', {});
    // Listed afresh: an image written by the save just before is not in the tree's list yet.
    const files = new Set((await workspace.api.call('workspace.list', {})).map((f) => f.path));
    return merrowSettings(config)
      .exportOnSave.map((format) => ({ format, image: exportPath(path, format) }))
      .filter(({ image }) => files.has(image));
  };
  const follow = async (
    what: string,
    path: string,
    step: (image: { format: ExportFormat; image: string }) => Promise<unknown>,
  ) => {
    try {
      for (const image of await images(path)) await step(image);
    } catch (error) {
      workspace.say(`${what}, but its exported image did not follow: ${(error as Error).message}`, 'error');
    }
    await workspace.refreshFiles();
  };
  workspace.onMoved = (from, to) =>
    follow(`Moved ${from}`, from, ({ format, image }) =>
      workspace.api.call('file.rename', { from: image, to: exportPath(to, format) }),
    );
  workspace.onDeleted = (path) =>
    follow(`Deleted ${path}`, path, ({ image }) => workspace.api.call('file.delete', { path: image }));
  workspace.onSaved = (path, text) => {
    if (!isDiagram(path)) return;
    exportSaved(workspace.api, preview, path, text).then(
      (written) => {
        if (written.length > 0)
          workspace.say(`Saved ${path} and exported ${written.join(', ')}`, 'info', path);
      },
      (error: Error) =>
        workspace.say(`Saved ${path}, but export on save failed: ${error.message}`, 'error', path),
    );
  };
}

/** The command that turns export on save on or off in the folder config. Returns its removal. */
export function registerExportOnSave(commands: CommandRegistry, live: Live): () => void {
  const on = () => {
    try {
      return merrowSettings(live.folderConfig.get() ?? {}).exportOnSave.length > 0;
    } catch {
      return false; // A broken setting reads as off; turning it on writes a good one.
    }
  };
  return commands.contribute({
    id: 'export-on-save',
    title: () => `Turn export on save ${on() ? 'off' : 'on'}`,
    detail: () => 'write diagram.svg beside diagram.mmd at each save (merrow.config.json)',
    when: () => live.folderConfig.get() !== null,
    run: () =>
      live.writeConfig(
        withMerrowSetting(live.folderConfig.get() ?? {}, 'exportOnSave', on() ? undefined : ['svg']),
      ),
  });
}

/**
 * The config change that sets one of Merrow's own settings (undefined removes it), keeping the
 * others, and dropping the `merrow` key when none is left.
 */
export function withMerrowSetting(
  config: MermaidConfig,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const own = config[MERROW_KEY];
  const next: Record<string, unknown> = typeof own === 'object' && own !== null ? { ...own } : {};
  if (value === undefined) delete next[key];
  else next[key] = value;
  return { [MERROW_KEY]: Object.keys(next).length > 0 ? next : undefined };
}

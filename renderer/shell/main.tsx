import { createRoot } from 'react-dom/client';
import { createApiClient, desktopBridge } from '../api/client.ts';
import { registerGitCommands } from '../git/git-commands.ts';
import { registerImportCommands } from '../import/import-commands.ts';
import { LayoutEdits } from '../layout/layout-edits.ts';
import { ErrorBoundary } from '../ui/error-boundary.tsx';
import { CommandRegistry, pageKeyContext } from '../workbench/commands.ts';
import { connectDesktop } from '../workbench/desktop.ts';
import type { ExportOptions } from '../workbench/export.ts';
import { attachExportOnSave, registerExportOnSave } from '../workbench/export-on-save.ts';
import { Live } from '../workbench/live.ts';
import { monaco } from '../workbench/monaco.ts';
import { Prompts } from '../workbench/prompts.ts';
import { Store } from '../workbench/store.ts';
import { Workspace } from '../workbench/workspace.ts';
import { App } from './app.tsx';
import { registerWindowCommands } from './window-commands.ts';
import './styles.css';

// The window, the preview frame and the first render start at once; Monaco loads while the frame
// renders (workspace.open awaits it) and the editor appears when it is there.
const prompts = new Prompts();
const workspace = new Workspace(createApiClient(), { askUnsaved: (path) => prompts.unsaved(path) });
const live = new Live(workspace);
const exportSettings = new Store<ExportOptions>({ scale: 2, transparent: false });
attachExportOnSave(workspace, live.preview);

const layout = new LayoutEdits(workspace, live);

// Every command is registered before anything can run one: a key, the palette, or the desktop
// shell's menu and the files it hands over (which wait until the page subscribes, below).
const commands = new CommandRegistry(pageKeyContext());
registerWindowCommands({ workspace, live, prompts, commands, exportOptions: () => exportSettings.get() });
registerGitCommands(commands, workspace);
registerImportCommands(commands, workspace, live, prompts);
registerExportOnSave(commands, live);
commands.watch(live.folderConfig, workspace.files);
commands.listen(window);
const bridge = desktopBridge();
if (bridge) connectDesktop({ bridge, commands, workspace, prompts });

const root = createRoot(document.getElementById('root')!);
// The last resort: a failure no view caught leaves a message instead of a blank page. The buffers
// live on outside React, so their backups are written before the reload brings them back.
root.render(
  <ErrorBoundary beforeReload={() => workspace.flushLocalBackups()}>
    <App
      workspace={workspace}
      live={live}
      layout={layout}
      commands={commands}
      prompts={prompts}
      exportSettings={exportSettings}
    />
  </ErrorBoundary>,
);
void live.loadConfig();
// Monaco loads once the first diagram is drawn, or after a while if the frame is slow: on a busy
// machine, evaluating Monaco beside the first render slows the render more than it gains.
const previewStarted = () =>
  Promise.race([live.preview.firstRender, new Promise<void>((resolve) => setTimeout(resolve, 5000))]);
workspace.start(previewStarted).catch((error: Error & { code?: string }) => {
  // The desktop window has no folder yet: the editor pane offers to open one.
  if (bridge && error.code === 'unavailable') return workspace.noFolder.set(true);
  workspace.say(`Could not open the folder: ${error.message}`, 'error');
});
// Tests and the benchmark read the app's state through this handle.
Object.assign(window, {
  merrowApp: {
    workspace,
    live,
    layout,
    commands,
    prompts,
    get monaco() {
      return monaco;
    },
  },
});

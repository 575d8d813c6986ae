import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/client.ts';
import { LayoutEdits } from '../layout/layout-edits.ts';
import { attachExportOnSave } from '../workbench/export-on-save.ts';
import { Live } from '../workbench/live.ts';
import { monaco } from '../workbench/monaco.ts';
import { Workspace } from '../workbench/workspace.ts';
import { App } from './app.tsx';
import './styles.css';

// The window, the preview frame and the first render start at once; Monaco loads while the frame
// renders (workspace.open awaits it) and the editor appears when it is there.
const workspace = new Workspace(createApiClient());
const live = new Live(workspace);
attachExportOnSave(workspace, live.preview);
const layout = new LayoutEdits(workspace, live);
const root = createRoot(document.getElementById('root')!);
root.render(<App workspace={workspace} live={live} layout={layout} />);
void live.loadConfig();
// Monaco loads once the first diagram is drawn, or after a while if the frame is slow: on a busy
// machine, evaluating Monaco beside the first render slows the render more than it gains.
const previewStarted = () =>
  Promise.race([live.preview.firstRender, new Promise<void>((resolve) => setTimeout(resolve, 5000))]);
workspace
  .start(previewStarted)
  .catch((error: Error) => workspace.say(`Could not open the folder: ${error.message}`, 'error'));
// Tests and the benchmark read the app's state through this handle.
Object.assign(window, {
  merrowApp: {
    workspace,
    live,
    layout,
    get monaco() {
      return monaco;
    },
  },
});

import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/client.ts';
import { App } from './app.tsx';
import { attachExportOnSave } from './export-on-save.ts';
import { Live } from './live.ts';
import { monaco } from './monaco.ts';
import { Workspace } from './workspace.ts';
import './styles.css';

const workspace = new Workspace(createApiClient());
const live = new Live(workspace);
attachExportOnSave(workspace, live.preview);
const root = createRoot(document.getElementById('root')!);
root.render(<App workspace={workspace} live={live} />);
workspace
  .start()
  .catch((error: Error) => workspace.say(`Could not open the folder: ${error.message}`, 'error'));
// Tests and the benchmark read the app's state through this handle.
Object.assign(window, { merrowApp: { workspace, live, monaco } });

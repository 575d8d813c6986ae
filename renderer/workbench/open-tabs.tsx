import { TabBar } from '../ui/tab-bar.tsx';
import { useStore } from './store.ts';
import type { Workspace } from './workspace.ts';

/** The workspace's open files as a tab strip: a click shows the file, × or middle-click closes it. */
export function OpenTabs({ workspace }: { workspace: Workspace }) {
  const tabs = useStore(workspace.tabs);
  const active = useStore(workspace.active);
  return (
    <TabBar
      tabs={tabs}
      active={active}
      onSelect={(path) => void workspace.open(path)}
      onClose={(path) => void workspace.close(path)}
    />
  );
}

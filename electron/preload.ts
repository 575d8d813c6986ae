/**
 * The sandboxed preload: exposes `window.merrow` (the API contract's transport plus a few
 * purpose-built desktop functions) and nothing else. `ipcRenderer` itself never reaches the page.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { ApiEvent, ApiEvents, CallReply } from '../shared/api/contract.ts';
import type { DesktopBridge, DesktopCommand, FolderOffer, SwitchResult } from '../shared/api/desktop.ts';
import { CHANNELS } from './channels.ts';
import { PREVIEW_ORIGIN } from './origins.ts';

type EventListener = (payload: unknown) => void;
const eventListeners = new Map<string, Set<EventListener>>();
const commandListeners = new Set<(command: DesktopCommand) => void>();
let announcedReady = false;

ipcRenderer.on(CHANNELS.event, (_e: IpcRendererEvent, message: { event: string; payload: unknown }) => {
  for (const listener of eventListeners.get(message.event) ?? []) listener(message.payload);
});
ipcRenderer.on(CHANNELS.command, (_e: IpcRendererEvent, command: DesktopCommand) => {
  for (const listener of commandListeners) listener(command);
});

const bridge: DesktopBridge = {
  previewOrigin: PREVIEW_ORIGIN,
  async call(request) {
    const { method, args, folder } = request;
    const reply = (await ipcRenderer.invoke(CHANNELS.call, { method, args, folder })) as CallReply;
    // A plain object, because contextBridge drops an Error's own fields such as `code`.
    if (!reply.ok) throw { code: reply.error.code, message: reply.error.message };
    return reply.result;
  },
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void) {
    const set = eventListeners.get(event) ?? new Set();
    eventListeners.set(event, set);
    const wrapped = listener as EventListener;
    set.add(wrapped);
    return () => set.delete(wrapped);
  },
  chooseFolder: () => ipcRenderer.invoke(CHANNELS.chooseFolder) as Promise<FolderOffer | null>,
  recentFolders: () => ipcRenderer.invoke(CHANNELS.recentFolders) as Promise<FolderOffer[]>,
  switchFolder: (ticket) => ipcRenderer.invoke(CHANNELS.switchFolder, ticket) as Promise<SwitchResult>,
  onCommand(listener) {
    commandListeners.add(listener);
    if (!announcedReady) {
      announcedReady = true;
      ipcRenderer.send(CHANNELS.ready);
    }
    return () => commandListeners.delete(listener);
  },
  reportCommands(states) {
    ipcRenderer.send(CHANNELS.commandStates, states);
  },
};

contextBridge.exposeInMainWorld('merrow', bridge);

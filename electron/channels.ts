/** IPC channel names shared by the main process and the preload. */
export const CHANNELS = {
  call: 'merrow:call',
  event: 'merrow:event',
  command: 'merrow:command',
  ready: 'merrow:ready',
  tabs: 'merrow:tabs',
  openFolder: 'merrow:open-folder',
} as const;

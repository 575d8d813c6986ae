/** IPC channel names shared by the main process and the preload. */
export const CHANNELS = {
  call: 'merrow:call',
  event: 'merrow:event',
  command: 'merrow:command',
  ready: 'merrow:ready',
  chooseFolder: 'merrow:choose-folder',
  recentFolders: 'merrow:recent-folders',
  switchFolder: 'merrow:switch-folder',
  commandStates: 'merrow:command-states',
} as const;

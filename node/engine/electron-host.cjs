// Main script when Merrow renders with the Electron binary instead of Chrome. It opens no
// window of its own: the engine opens hidden windows through Playwright and closes the app
// when done, so Electron must not quit when the last window closes.
const { app } = require('electron');

app.on('window-all-closed', () => {});

/** Mermaid 12's themes: what its config's `theme` takes (`null` aside), in the app's picker order. */
export const MERMAID_THEMES = [
  'default',
  'neutral',
  'dark',
  'forest',
  'base',
  'neo',
  'neo-dark',
  'redux',
  'redux-dark',
  'redux-color',
  'redux-dark-color',
] as const;

// Monaco ships types for its API entry only; its editor contributions are imported for their side effects.
declare module 'monaco-editor/editor/contrib/*';
declare module 'monaco-editor/editor/browser/*';

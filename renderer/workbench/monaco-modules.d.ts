// Monaco ships types for its API entry only; its editor contributions are imported for their side effects,
// and the odd internal (tab focus mode) is used untyped.
declare module 'monaco-editor/editor/contrib/*';
declare module 'monaco-editor/editor/browser/*';

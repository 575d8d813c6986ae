// The bundled fonts' tables, generated at build time by build/bundled-fonts.ts.
declare module 'virtual:merrow-fonts/latin' {
  const faces: readonly import('./fonts.ts').BundledFace[];
  export default faces;
}
declare module 'virtual:merrow-fonts/cjk' {
  const faces: readonly import('./fonts.ts').BundledFace[];
  export default faces;
}

/** Tesseract's English model as its npm package describes it (the package ships no types). */
declare module '@tesseract.js-data/eng' {
  const english: { code: string; gzip: boolean; langPath: string };
  export default english;
}

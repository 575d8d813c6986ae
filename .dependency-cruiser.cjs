/**
 * Dependencies point one way: renderer → core, electron → node → core. Nothing imports the renderer.
 * Inside the renderer: shell → features → workbench → ui, and everything may use the page-level
 * modules (api, language, mermaid, preview, engine), which use none of those four.
 */
const BROWSER_OR_MACHINE_PACKAGES = 'node_modules/(electron|react|react-dom|playwright-core|ws|simple-git)/';
/** The renderer's features: each builds on the workbench and never on the shell or another feature. */
const FEATURES = 'git|import|layout';
const TESTS = ['\\.test\\.tsx?$', '^test/'];

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure-no-node',
      comment: 'shared/ is the pure core: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-is-pure-no-layers',
      comment: 'shared/ imports no other layer and no Electron, React, browser driver or server package.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { path: [`^(node|renderer|electron|build|bench|examples)/`, BROWSER_OR_MACHINE_PACKAGES] },
    },
    {
      name: 'nothing-imports-the-renderer',
      comment: 'Node and Electron load the built pages as assets; only tests read the renderer source.',
      severity: 'error',
      from: { pathNot: ['^renderer/', ...TESTS] },
      to: { path: '^renderer/' },
    },
    {
      name: 'nothing-imports-electron',
      comment:
        'The main process and preload are entry points: only their own tests import them, and the desktop harness (test/desktop/), which runs them against a page.',
      severity: 'error',
      from: { pathNot: ['^electron/', '^test/desktop/'] },
      to: { path: '^electron/' },
    },
    {
      name: 'build-tooling-serves-builds',
      comment: 'build/ is for the Vite configs, benchmarks and tests, never for the app or the CLI.',
      severity: 'error',
      from: { pathNot: ['^build/', '^bench/', 'vite\\.config\\.ts$', ...TESTS] },
      to: { path: '^build/' },
    },
    {
      name: 'nothing-imports-bench-or-examples',
      severity: 'error',
      from: { path: '^([^/]+)/' },
      to: { path: '^(bench|examples)/', pathNot: '^$1/' },
    },
    {
      name: 'source-never-imports-tests',
      comment:
        'Test support lives under test/ and is imported by tests alone (and benchmarks, which reuse its fixtures).',
      severity: 'error',
      from: { pathNot: [...TESTS, '^bench/'] },
      to: { path: TESTS },
    },
    {
      name: 'features-never-import-the-shell',
      comment:
        'A feature builds on the workbench and the UI parts; the shell composes features, never the reverse.',
      severity: 'error',
      from: { path: `^renderer/(${FEATURES})/` },
      to: { path: '^renderer/shell/' },
    },
    {
      name: 'features-stay-apart',
      comment: 'One feature never imports another: what two need belongs in the workbench.',
      severity: 'error',
      from: { path: `^renderer/(${FEATURES})/` },
      to: { path: `^renderer/(${FEATURES})/`, pathNot: '^renderer/$1/' },
    },
    {
      name: 'workbench-knows-no-shell-or-features',
      comment: 'The workbench is the core the features build on: it imports neither them nor the shell.',
      severity: 'error',
      from: { path: '^renderer/workbench/' },
      to: { path: `^renderer/(shell|${FEATURES})/` },
    },
    {
      name: 'ui-parts-are-generic',
      comment: 'renderer/ui holds parts that know nothing of Merrow: no other renderer folder.',
      severity: 'error',
      from: { path: '^renderer/ui/' },
      to: { path: '^renderer/', pathNot: '^renderer/ui/' },
    },
    {
      name: 'page-modules-stay-below-the-app',
      comment: 'api, language, mermaid, preview and engine serve every page: none of them imports the app.',
      severity: 'error',
      from: { path: '^renderer/(api|language|mermaid|preview|engine)/' },
      to: { path: `^renderer/(workbench|ui|shell|${FEATURES})/` },
    },
    {
      name: 'renderer-talks-through-the-contract',
      comment: 'The renderer reaches the machine only through the API contract in shared/api.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(node|electron)/' },
    },
    {
      name: 'renderer-has-no-node',
      severity: 'error',
      from: { path: '^renderer/', pathNot: ['\\.test\\.tsx?$', 'vite\\.config\\.ts$'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'the-boundary-stands-alone',
      comment:
        'node/boundary (the folder boundary, argument checks) is what the handlers build on; it knows no handler or host.',
      severity: 'error',
      from: { path: '^node/boundary/' },
      to: { path: '^node/(api|workspace|git|serve|cli|engine)/' },
    },
    {
      name: 'handlers-know-no-host',
      comment: 'The workspace and git handlers are composed by node/api (createApi); they never import it.',
      severity: 'error',
      from: { path: '^node/(workspace|git)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^node/(api|serve|cli)/' },
    },
    {
      name: 'file-helpers-stand-alone',
      comment:
        "Safe writes and Merrow's own data folders are borrowed by the CLI, serve and Electron; they import no product part.",
      severity: 'error',
      from: { path: '^node/(safe-write|user-data)/' },
      to: { path: '^node/(api|boundary|workspace|git|serve|cli|engine)/' },
    },
    {
      name: 'node-side-knows-no-electron',
      severity: 'error',
      from: { path: '^node/' },
      to: { path: ['^electron/', 'node_modules/electron/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};

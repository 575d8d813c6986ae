/** Dependencies point one way: renderer → core, electron → node → core. Nothing imports the renderer. */
const BROWSER_OR_MACHINE_PACKAGES = 'node_modules/(electron|react|react-dom|playwright-core|ws|simple-git)/';

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
      to: { path: [`^(node|renderer|electron)/`, BROWSER_OR_MACHINE_PACKAGES] },
    },
    {
      name: 'nothing-imports-the-renderer',
      severity: 'error',
      from: { pathNot: '^renderer/' },
      to: { path: '^renderer/' },
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

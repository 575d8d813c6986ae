/** Dependencies point one way: renderer → core, electron → node → core. Nothing imports the renderer. */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment: 'shared/ is the pure core: no Node built-ins, no Electron, no React, no other layer.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: {
        anyOf: [
          { dependencyTypes: ['core'] },
          { path: '^(node|renderer|electron)/' },
          { path: 'node_modules/(electron|react|react-dom|playwright-core|ws|simple-git)/' },
        ],
      },
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
      from: { path: '^renderer/' },
      to: { anyOf: [{ path: '^(node|electron)/' }, { dependencyTypes: ['core'] }] },
    },
    {
      name: 'node-side-knows-no-electron',
      severity: 'error',
      from: { path: '^node/' },
      to: { anyOf: [{ path: '^electron/' }, { path: 'node_modules/electron/' }] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};

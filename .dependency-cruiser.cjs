// `npm run check:structure`: the layering of src/ and no import cycles (dependency-cruiser).
// Layers, lowest first: model → graph → store → ingest → api → server → cli. A file imports only
// its own layer and those below it (cli may import server; server may not import cli); the API
// does not import ingest.

const layers = ['model', 'graph', 'store', 'ingest', 'api', 'server', 'cli'];

/** One rule per layer: nothing in it imports a layer above it. */
const upward = layers.slice(0, -1).map((layer, i) => ({
  name: `no-upward-import-from-${layer}`,
  comment: `src/${layer}/ may import only ${layers.slice(0, i + 1).join(', ')} (layers run ${layers.join(' → ')})`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${layers.slice(i + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-ingest-from-api',
      comment: 'the API reads through the store; what it shares with ingest (citation formatting) lives below both',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/ingest/' },
    },
    {
      name: 'no-file-outside-layers',
      comment: `every file of src/ belongs to a layer: add a new folder to the list (${layers.join(', ')}) in .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${layers.join('|')})/` },
      to: {},
    },
    {
      name: 'no-test-or-bench-from-src',
      comment: 'the application never imports the tests or the benchmarks',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-bench-from-test',
      comment: 'what tests and benchmarks share lives in test/support/ (the bench may import it)',
      severity: 'error',
      from: { path: '^test/' },
      to: { path: '^bench/' },
    },
    {
      name: 'no-circular',
      comment: 'import cycles make the load order fragile and the layers meaningless',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-undeclared-package',
      comment: 'every package imported is declared in package.json',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-dev-package-from-src',
      comment: 'the application runs without devDependencies',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      // types-only packages (the generated client's @graphql-typed-document-node/core) have no main
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

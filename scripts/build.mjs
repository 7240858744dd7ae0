// `npm run build`: the server and the CLI as two self-contained ES modules in dist/ (esbuild), and
// the compaction worker thread's entry (dist/server/compaction-worker.mjs), which they start by URL.
// A bundle loads several times faster than Node resolving hundreds of files under tsx, which is
// most of a cold start; `npm run start:built` and `node dist/cli/main.mjs` run it. Entry points
// keep their depth under dist/ as under src/, so their relative URLs (package.json, data/) hold.

import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
rmSync(new URL('dist/', root), { recursive: true, force: true });
const started = performance.now();
await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/server/main.ts', 'src/cli/main.ts', 'src/server/compaction-worker.ts'],
  outbase: 'src',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // A native addon: it loads its .node file from its own folder in node_modules at run time.
  external: ['better-sqlite3', '@graphql-yoga/render-graphiql'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(
  `built dist/server/main.mjs, dist/cli/main.mjs and dist/server/compaction-worker.mjs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// `npm run web:build`: the Explorer (web/) built by Vite into web/dist, then a .br and a .gz of
// every text file written next to it (sirv sends them to clients that accept them, so nothing is
// compressed per request), then web/dist/.build-stamp.
//   --if-stale   build only when web/dist has no build or a source under web/ (or package-lock.json)
//                is newer than the stamp; `npm start` and `postinstall` run this, so a start with
//                nothing changed costs one walk of web/ (a few milliseconds).
//   --optional   a missing Vite (an install without devDependencies) is reported, not an error:
//                the server then answers / with how to build the app.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../', import.meta.url));
const web = join(root, 'web');
const dist = join(web, 'dist');
const stampFile = join(dist, '.build-stamp');
const args = new Set(process.argv.slice(2));

/** The newest modification time among the app's sources (web/ without dist/ and node_modules/). */
function newestSource() {
  let newest = statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(web);
  return newest;
}

function stale() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    statSync(join(dist, 'index.html'));
    return newestSource() > stamp.sourcesAt ? 'sources changed since the last build' : null;
  } catch {
    return 'no build yet';
  }
}

const reason = args.has('--if-stale') ? stale() : 'asked';
if (reason === null) process.exit(0);

// Always a production build: Vite follows NODE_ENV when it is set, and a test runner's
// NODE_ENV=test (vitest sets it; the browser tests build through this script) would ship React's
// development build, unminified, at 1.7 times the size.
process.env.NODE_ENV = 'production';

let vite;
try {
  vite = await import('vite');
} catch {
  const message =
    'papergraph: the Explorer was not built (Vite is not installed: run `npm install` with devDependencies, then `npm run web:build`)';
  if (args.has('--optional')) {
    console.warn(message);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

const sourcesAt = newestSource();
const started = performance.now();
console.log(`papergraph: building the Explorer (${reason})…`);
await vite.build({ configFile: join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });

// Precompressed siblings of the text files (maximum effort: done once per build, not per request).
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
let raw = 0;
let gzipped = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (TEXT.test(entry.name)) {
      const body = readFileSync(path);
      const gz = gzipSync(body, { level: 9 });
      writeFileSync(`${path}.gz`, gz);
      writeFileSync(
        `${path}.br`,
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      );
      if (entry.name.endsWith('.js') || entry.name.endsWith('.css')) {
        raw += body.length;
        gzipped += gz.length;
      }
    }
  }
};
walk(dist);
writeFileSync(stampFile, `${JSON.stringify({ sourcesAt, builtAt: new Date().toISOString(), vite: vite.version }, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `papergraph: Explorer built into ${relative(root, dist)}/ in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
    `(all JS and CSS: ${kb(raw)}, ${kb(gzipped)} gzipped)`,
);

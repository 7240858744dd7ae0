// Serves the curated corpus, a snapshot (--snapshot graph.pgs) or another data directory
// (--data dir) over HTTP with GraphiQL. `npm start -- --snapshot graph.pgs`; PORT and HOST apply.

import { startServing } from './cluster.js';
import { reportError } from './errors.js';
import { serveOptionsFromArgs } from './serve-options.js';

try {
  // One process, or with --workers / PAPERGRAPH_WORKERS > 1 a primary and its workers (cluster.ts).
  await startServing(serveOptionsFromArgs(process.argv.slice(2)));
} catch (error) {
  reportError(error);
}

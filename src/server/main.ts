// Serves the curated corpus, a snapshot (--snapshot graph.pgs) or another data directory
// (--data dir) over HTTP with GraphiQL. `npm start -- --snapshot graph.pgs`; PORT and HOST apply.

import { reportError } from './errors.js';
import { serve, serveOptionsFromArgs } from './serve.js';

try {
  await serve(serveOptionsFromArgs(process.argv.slice(2)));
} catch (error) {
  reportError(error);
}

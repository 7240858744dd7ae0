// Serving the graph over HTTP with GraphiQL: shared by `papergraph serve` and `npm start`.

import { createServer, type Server } from 'node:http';
import { createApp } from '../api/yoga.js';
import { configFromEnv } from '../server/config.js';
import { installGracefulShutdown } from '../server/graceful-shutdown.js';
import { MemoryStore } from '../store/memory-store.js';
import { UsageError } from './errors.js';
import { loadGraph } from './graph-source.js';
import { DEFAULT_HOST, DEFAULT_PORT, portFrom, type ServeOptions } from './serve-options.js';

export { serveOptionsFromArgs, type ServeOptions } from './serve-options.js';

/** Loads the graph, listens, and prints where GraphiQL is. Resolves once listening. */
export async function serve(options: ServeOptions): Promise<Server> {
  const port = options.port ?? portFrom(process.env.PORT, 'PORT') ?? DEFAULT_PORT;
  const host = options.host ?? process.env.HOST ?? DEFAULT_HOST;
  const config = configFromEnv();
  const loaded = loadGraph({ snapshot: options.snapshot, data: options.data ?? process.env.PAPERGRAPH_DATA });
  const storeStarted = performance.now();
  const store = new MemoryStore(loaded.graph, { influence: loaded.influence });
  const storeMs = performance.now() - storeStarted;
  let shutdown: ReturnType<typeof installGracefulShutdown> | null = null;
  const app = createApp({ store, security: config.security, isReady: () => shutdown?.accepting ?? false });
  const server = createServer(app);
  // Slow or stalled clients cannot hold a connection for long (slowloris).
  server.headersTimeout = 10_000;
  server.requestTimeout = config.security.timeoutMs + 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new UsageError(`port ${port} on ${host} is in use: choose another with --port or PORT`)
      : error));
    server.listen(port, host, () => resolve());
  });
  shutdown = installGracefulShutdown(server, config.shutdownGraceMs);
  const g = loaded.graph;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`papergraph: ${g.papers.size.toLocaleString('en-US')} papers, ${g.concepts.size.toLocaleString('en-US')} concepts, `
    + `${g.citations.length.toLocaleString('en-US')} citations from ${loaded.description} `
    + `(read ${seconds(loaded.readMs)}, graph ${seconds(loaded.buildMs)}, store ${seconds(storeMs)})`);
  const address = server.address();
  const shownPort = typeof address === 'object' && address ? address.port : port;
  console.log(`GraphiQL at http://${host}:${shownPort}/graphql`);
  // Search works at once; its index builds in the background, and early searches wait for it.
  const indexing = performance.now();
  store.prepareSearch().then(
    () => console.log(`search index ready (${seconds(performance.now() - indexing)})`),
    (error: Error) => console.error(`papergraph: the search index could not be built: ${error.message}`),
  );
  return server;
}

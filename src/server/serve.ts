// Start-up: the graph source, the store, the yoga app, the HTTP server, listening and shutdown.
// `npm start` (server/main.ts) and `papergraph serve` (cli/main.ts) both run serve().

import type { Server } from 'node:http';
import { createApp } from '../api/yoga.js';
import { attachWebSockets } from '../api/ws.js';
import { MemoryStore } from '../store/memory-store.js';
import type { GraphStore } from '../store/graph-store.js';
import { configFromEnv, type ServerConfig } from './config.js';
import { UsageError } from './errors.js';
import { installGracefulShutdown, type ShutdownHandle } from './graceful-shutdown.js';
import { loadGraph, type StartProgress } from './graph-source.js';
import { createHttpServer } from './http.js';
import { DEFAULT_HOST, DEFAULT_PORT, portFrom, type ServeOptions } from './serve-options.js';
import { StoreHolder } from './store-holder.js';

export { serveOptionsFromArgs, type ServeOptions } from './serve-options.js';

export interface StartOptions<S extends GraphStore> {
  /** The store to serve, or a holder through which it can be swapped while serving. */
  store: S | StoreHolder<S>;
  config?: ServerConfig;
  port?: number;
  host?: string;
  /** Exit on SIGTERM/SIGINT after draining (the default). */
  signals?: boolean;
}

export interface RunningServer<S extends GraphStore> {
  server: Server;
  store: StoreHolder<S>;
  shutdown: ShutdownHandle;
  /** The port listened on (the one chosen by the system when 0 was asked). */
  port: number;
}

/** Serves a given store: the app over it, the HTTP server, listening, and shutdown on signals. */
export async function startServer<S extends GraphStore>(options: StartOptions<S>): Promise<RunningServer<S>> {
  const config = options.config ?? configFromEnv();
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const store = options.store instanceof StoreHolder ? options.store : new StoreHolder(options.store);
  let shutdown: ShutdownHandle | null = null;
  const app = createApp({ store: store.current, security: config.security, isReady: () => shutdown?.accepting ?? false });
  const server = createHttpServer(app, {
    limits: config.http,
    log: config.security.log,
    admit: (request, response) => shutdown?.admit(request, response) ?? true,
  });
  // GraphQL over WebSocket (graphql-ws) on the same port and path, for subscriptions.
  attachWebSockets(server, app, { maxPayloadBytes: config.security.maxBodyBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} on ${host} is in use: choose another with --port or PORT`) : error),
    );
    server.listen(port, host, () => resolve());
  });
  shutdown = installGracefulShutdown(server, config.shutdownGraceMs, { signals: options.signals ?? true });
  const address = server.address();
  return { server, store, shutdown, port: typeof address === 'object' && address ? address.port : port };
}

/** Loads the graph, serves it from a MemoryStore, and prints where GraphiQL is. Resolves once listening. */
export async function serve(options: ServeOptions, { progress }: { progress?: StartProgress } = {}): Promise<Server> {
  const port = options.port ?? portFrom(process.env.PORT, 'PORT') ?? DEFAULT_PORT;
  const host = options.host ?? process.env.HOST ?? DEFAULT_HOST;
  const config = configFromEnv();
  const loaded = loadGraph({ snapshot: options.snapshot, data: options.data ?? process.env.PAPERGRAPH_DATA }, progress);
  const storeStarted = performance.now();
  const store = new MemoryStore(loaded.graph, { influence: loaded.influence });
  const storeMs = performance.now() - storeStarted;
  const running = await startServer({ store, config, port, host });
  const g = loaded.graph;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `papergraph: ${g.papers.size.toLocaleString('en-US')} papers, ${g.concepts.size.toLocaleString('en-US')} concepts, ` +
      `${g.citations.length.toLocaleString('en-US')} citations from ${loaded.description} ` +
      `(read ${seconds(loaded.readMs)}, graph ${seconds(loaded.buildMs)}, store ${seconds(storeMs)})`,
  );
  console.log(`GraphiQL at http://${host}:${running.port}/graphql`);
  // Search works at once; its index builds in the background, and early searches wait for it.
  const indexing = performance.now();
  store.prepareSearch().then(
    () => console.log(`search index ready (${seconds(performance.now() - indexing)})`),
    (error: Error) => console.error(`papergraph: the search index could not be built: ${error.message}`),
  );
  return running.server;
}

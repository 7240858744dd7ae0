// Start-up: the data directory (change log, keys, snapshots) and the graph source, or with
// PAPERGRAPH_DATABASE_URL a replica over PostgreSQL (pg-replica.ts); the curated graph, the yoga
// app, the HTTP server, listening and shutdown (which closes the log).
// `npm start` (server/main.ts) and `papergraph serve` (cli/main.ts) both run serve().

import type { RequestListener, Server } from 'node:http';
import { createApp } from '../api/yoga.js';
import { attachWebSockets } from '../api/ws.js';
import type { MemoryStore } from '../store/memory-store.js';
import type { GraphStore } from '../store/graph-store.js';
import { DEFAULT_DATA_DIR } from '../store/change-log/data-dir.js';
import type { KeyVerify } from '../store/change-log/key-store.js';
import type { CuratedGraph, VersionedStore } from '../store/curation/curation.js';
import type { LogFollower } from '../store/curation/follower.js';
import { type ClusterMember, openDataDir } from './data-dir.js';
import { openPgReplica } from './pg-replica.js';
import { useReplicaStatus } from './replica-status.js';
import { configFromEnv, type ServerConfig } from './config.js';
import { UsageError } from './errors.js';
import { installGracefulShutdown, type ShutdownHandle } from './graceful-shutdown.js';
import type { StartProgress } from './graph-source.js';
import { explorerLine, withExplorer, type ExplorerOptions } from './explorer-static.js';
import { createHttpServer } from './http.js';
import { startRedisFanOut } from './redis-fan-out.js';
import { DEFAULT_HOST, DEFAULT_PORT, portFrom, type ServeOptions } from './serve-options.js';
import { StoreHolder } from './store-holder.js';

export { serveOptionsFromArgs, type ServeOptions } from './serve-options.js';

export interface StartOptions<S extends GraphStore> {
  /** The store to serve, or a holder through which it can be swapped while serving (with `curation`: its version at start). */
  store: S | StoreHolder<S>;
  /** The write side: each request reads its newest version; mutations, history and subscriptions go to it. */
  curation?: CuratedGraph | null;
  /** The API keys requests present. */
  keys?: KeyVerify | null;
  config?: ServerConfig;
  port?: number;
  host?: string;
  /** Exit on SIGTERM/SIGINT after draining (the default). */
  signals?: boolean;
  /** Runs after the last connection closed, before the exit on a signal. */
  onClosed?: () => Promise<void>;
  /** The Explorer web app at / (web/dist by default; `{ dir: false }`: none). */
  explorer?: ExplorerOptions;
  /** Ready besides accepting (a replica: caught up with the log once); /ready answers 503 until it is. */
  caughtUp?: () => boolean;
  /** A follower's state for GET /state (replicas; null: the embedded log). */
  follower?: LogFollower | null;
  /** Headers set on every response (a worker of `serve --workers` names its pid: x-papergraph-worker). */
  responseHeaders?: Record<string, string>;
}

/** What a worker of `serve --workers N` (cluster.ts) hands serve(). */
export interface WorkerHooks {
  /** Its number among the workers (1…N), for the log. */
  index: string;
  member: ClusterMember;
  /** Called once serving: follow the siblings' writes; `summary` says what was loaded. */
  attach(curation: CuratedGraph, shutdown: (reason: string) => Promise<void>, summary: string): void;
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
  const curation = options.curation ?? null;
  const appOptions: Parameters<typeof createApp>[0] = {
    store: curation ? () => curation.current() : store.current,
    curation,
    keys: options.keys ?? null,
    reads: config.reads,
    security: config.security,
    graphiql: config.graphiql.on,
    isReady: () => (shutdown?.accepting ?? false) && (options.caughtUp?.() ?? true),
  };
  if (curation)
    appOptions.plugins = [
      useReplicaStatus({
        curation,
        follower: options.follower ?? null,
        ready: appOptions.isReady!,
        log: options.follower ? 'postgres' : 'embedded',
      }),
    ];
  const app = createApp(appOptions);
  const headers = Object.entries(options.responseHeaders ?? {});
  const listener: RequestListener = headers.length
    ? (request, response) => {
        for (const [name, value] of headers) response.setHeader(name, value);
        return app(request, response);
      }
    : app;
  const server = createHttpServer(withExplorer(listener, options.explorer), {
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
  shutdown = installGracefulShutdown(server, config.shutdownGraceMs, { signals: options.signals ?? true, onClosed: options.onClosed });
  const address = server.address();
  return { server, store, shutdown, port: typeof address === 'object' && address ? address.port : port };
}

/**
 * Opens the data directory (lock, change log, keys; the newest checkpoint's snapshot or the
 * source, with the log replayed onto it), serves its CuratedGraph, and prints where GraphiQL is
 * (or that it is off).
 * Resolves once listening.
 */
export async function serve(
  options: ServeOptions,
  { progress, worker }: { progress?: StartProgress; worker?: WorkerHooks } = {},
): Promise<Server> {
  const port = options.port ?? portFrom(process.env.PORT, 'PORT') ?? DEFAULT_PORT;
  const host = options.host ?? process.env.HOST ?? DEFAULT_HOST;
  const config = configFromEnv();
  const dataDir = options.dataDir ?? (process.env.PAPERGRAPH_DATA_DIR || DEFAULT_DATA_DIR);
  const started = performance.now();
  const source = { snapshot: options.snapshot, data: options.data ?? (process.env.PAPERGRAPH_DATA || undefined) };
  // PAPERGRAPH_DATABASE_URL: a replica over PostgreSQL; else the embedded data directory.
  const opened = config.database
    ? await openPgReplica({ database: config.database, source, compactEvery: config.compactEvery, progress })
    : await openDataDir({ dataDir, source, compactEvery: config.compactEvery, progress, cluster: worker?.member ?? null });
  const follower = 'follower' in opened ? opened.follower : null;
  let running: RunningServer<VersionedStore>;
  // With PAPERGRAPH_REDIS_URL, subscriptions hear changes through Redis (every replica's writes).
  const fanOut = config.redis ? await startRedisFanOut(opened.curation, config.redis) : null;
  try {
    running = await startServer({
      store: opened.curation.current(),
      curation: fanOut?.curation ?? opened.curation,
      keys: opened.keys,
      config,
      port,
      host,
      onClosed: async () => {
        await fanOut?.close();
        await opened.close();
      },
      caughtUp: follower ? () => follower.ready : undefined,
      follower,
      responseHeaders: worker ? { 'x-papergraph-worker': String(process.pid) } : undefined,
    });
  } catch (e) {
    await fanOut?.close();
    await opened.close();
    throw e;
  }
  const g = opened.base.graph;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const loaded =
    `${g.papers.size.toLocaleString('en-US')} papers, ${g.concepts.size.toLocaleString('en-US')} concepts, ` +
    `${g.citations.length.toLocaleString('en-US')} citations from ${opened.base.description} ` +
    `(started in ${seconds(performance.now() - started)})`;
  if (worker) {
    // The primary says where it listens, once every worker does.
    worker.attach(opened.curation, (reason) => running.shutdown.shutdown(reason), loaded);
  } else {
    const keys = 'dataDir' in opened ? `--data-dir ${opened.dataDir}` : '(with PAPERGRAPH_DATABASE_URL set)';
    console.log(`papergraph: ${loaded.slice(0, -1)}; writes need a key: papergraph keys create --name NAME --scope curate ${keys})`);
    console.log(listeningLine(`http://${host}:${running.port}/graphql`, config));
    console.log(explorerLine(`http://${host}:${running.port}/`));
  }
  // Search works at once; its index builds in the background, and early searches wait for it.
  const indexing = performance.now();
  const current = opened.curation.current() as Partial<MemoryStore>;
  current.prepareSearch?.().then(
    () => console.log(`${worker ? `worker ${worker.index}: ` : ''}search index ready (${seconds(performance.now() - indexing)})`),
    (error: Error) => console.error(`papergraph: the search index could not be built: ${error.message}`),
  );
  return running.server;
}

/**
 * Where the API listens, and GraphiQL when it is on: "GraphiQL at URL" (open it in a browser),
 * else "GraphQL at URL (GraphiQL off: reason)", so the log never shows a page that answers 406.
 * Scripts find the URL with /Graph(?:i)?QL at (http:\/\/\S+\/graphql)/.
 */
export function listeningLine(url: string, config: Pick<ServerConfig, 'graphiql'>): string {
  return config.graphiql.on ? `GraphiQL at ${url}` : `GraphQL at ${url} (GraphiQL off: ${config.graphiql.reason})`;
}

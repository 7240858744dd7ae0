// The servers the bench talks to over loopback, all over the same store: papergraph as shipped
// (on graphql-jit), papergraph without per-request loaders, papergraph on graphql-js, the same
// schema on yoga without papergraph's plugins, and the floor.

import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createContext, createLoaders, type Context } from '../src/api/context.js';
import { schema } from '../src/api/schema.js';
import { createApp } from '../src/api/yoga.js';
import type { GraphStore } from '../src/store/graph-store.js';
import { floorHandler } from './http-floor.js';
import type { CaseSamples } from './stats.js';

export type ServerName = 'papergraph' | 'yoga' | 'unbatched' | 'graphql-js' | 'floor';

export interface RunningServers {
  urls: Record<ServerName, string>;
  cpu: CpuLog;
  close(): Promise<void>;
}

/** Replaces the request's loaders with unbatched, uncached ones: every load is a store call. */
export function useUnbatchedLoaders(store: GraphStore): Plugin<Context> {
  return { onContextBuilding: ({ extendContext }) => extendContext({ loaders: createLoaders(store, { batching: false }) }) };
}

/**
 * CPU time of each request, by the side that sent it (x-bench-side) and its question
 * (x-bench-case). The client asks one thing at a time, so between a request's arrival and its
 * response the process does that request's work (and its share of GC): unlike wall time, this
 * does not grow when other processes take the CPU.
 */
export class CpuLog {
  private readonly bySide = new Map<string, CaseSamples>();

  wrap(handler: RequestListener): RequestListener {
    return (req, res) => {
      const side = req.headers['x-bench-side'];
      if (typeof side !== 'string') return handler(req, res);
      const question = Number(req.headers['x-bench-case']);
      const start = process.cpuUsage();
      res.once('finish', () => {
        const used = process.cpuUsage(start);
        let log = this.bySide.get(side);
        if (!log) this.bySide.set(side, (log = { samples: [], cases: [] }));
        log.samples.push((used.user + used.system) / 1000);
        log.cases.push(question);
      });
      handler(req, res);
    };
  }

  /** The CPU ms logged for `side` since the last take, and forget them. */
  take(side: string): CaseSamples {
    const log = this.bySide.get(side) ?? { samples: [], cases: [] };
    this.bySide.delete(side);
    return log;
  }
}

async function listen(handler: RequestListener, servers: Server[]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

export async function startServers(store: GraphStore): Promise<RunningServers> {
  // No response cache: the bench repeats its questions, and measures executing them (bench/http-cache.ts measures the cache).
  const handlers: Record<ServerName, RequestListener> = {
    papergraph: createApp({ store, graphiql: false, responseCache: false }),
    unbatched: createApp({ store, graphiql: false, plugins: [useUnbatchedLoaders(store)], responseCache: false }),
    // The same schema and loaders on yoga without papergraph's plugins (security, cost, timeout, …).
    yoga: createYoga<Record<string, unknown>, Context>({
      schema,
      context: () => createContext(store),
      graphiql: false,
      landingPage: false,
    }),
    'graphql-js': createApp({ store, graphiql: false, jit: false, responseCache: false }),
    floor: floorHandler(store),
  };
  const cpu = new CpuLog();
  const servers: Server[] = [];
  const urls: Partial<Record<ServerName, string>> = {};
  for (const [name, handler] of Object.entries(handlers)) urls[name as ServerName] = await listen(cpu.wrap(handler), servers);
  return {
    urls: urls as Record<ServerName, string>,
    cpu,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

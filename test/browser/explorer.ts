// What the Explorer's browser tests share: the app built (when web/ is newer than its build or
// there is none, as `npm start` does), a papergraph on a free loopback port serving it over the
// curated corpus, and a way to ask that server's API what the page should show.

import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import type { GraphStore } from '../../src/store/graph-store.js';
import { curatedStore } from '../support/app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds web/dist when it is missing or older than web/ (the same check `npm start` makes). */
export function buildExplorerIfStale(): void {
  execFileSync(process.execPath, ['scripts/explorer-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}

export interface ExplorerServer {
  base: string;
  /** Runs a query against the same server's /graphql; throws on errors. */
  api<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** papergraph on a free loopback port over `store` (the curated corpus by default), serving the built Explorer. */
export async function startExplorerServer(store: GraphStore = curatedStore()): Promise<ExplorerServer> {
  const running = await startServer({
    store,
    config: configFromEnv({ PAPERGRAPH_LOG: 'off' }),
    port: 0,
    host: '127.0.0.1',
    signals: false,
  });
  const server: Server = running.server;
  const base = `http://127.0.0.1:${running.port}`;
  return {
    base,
    async api(query, variables = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

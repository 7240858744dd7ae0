// What the graph and curation browser tests share: the Explorer built when web/ is newer than its
// build (as `npm start` does), a papergraph on a free loopback port serving it — over the curated
// corpus, or over a CuratedGraph that takes writes (a SQLite change log and a key store in a
// temporary data directory, with the two tagger links of test/support/curation-app.ts) — and the
// same server's API, asked directly, for what the page must show.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toGlobalId } from '../../src/api/global-id.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { configFromEnv } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import { KeyStore } from '../../src/store/change-log/key-store.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import type { CuratedGraph } from '../../src/store/curation/curation.js';
import { openCuratedGraph } from '../../src/store/curation/curated-graph.js';
import { curatedStore } from '../support/app.js';
import { TAGGED } from '../support/curation-app.js';
import { REPO_ROOT } from '../support/datasets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds web/dist when it is missing or older than web/ (the check `npm start` makes). */
export function buildExplorerIfStale(): void {
  execFileSync(process.execPath, ['scripts/explorer-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}

export const paperGid = (local: string) => toGlobalId('Paper', local);
export const conceptGid = (local: string) => toGlobalId('Concept', local);

export interface GraphTestServer {
  base: string;
  /** A query or mutation against the same server's /graphql (with a key when given); throws on errors. */
  api<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
  /** With `writable`: a key of scope curate, made in this test's key store. */
  key: string | null;
  /** With `writable`: another key of scope curate (another curator). */
  makeKey(name: string): string;
  close(): Promise<void>;
}

/** The curated corpus with the TAGGED links marked as the tagger's (suggestions to accept or reject). */
function taggedBase(): KnowledgeGraph {
  const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));
  corpus.paperConcepts = corpus.paperConcepts.map((pc) =>
    TAGGED.some((t) => t.paperId === pc.paperId && t.conceptId === pc.conceptId)
      ? { ...pc, provenance: [{ source: 'tagger', recordId: `${pc.paperId}/${pc.conceptId}` }] }
      : pc,
  );
  return new KnowledgeGraph(corpus);
}

export async function startGraphTestServer({ writable = false }: { writable?: boolean } = {}): Promise<GraphTestServer> {
  let curation: CuratedGraph | null = null;
  let keys: KeyStore | null = null;
  let key: string | null = null;
  let dir: string | null = null;
  if (writable) {
    dir = mkdtempSync(join(tmpdir(), 'papergraph-explorer-'));
    curation = await openCuratedGraph({ base: taggedBase(), log: openSqliteChangeLog({ dataDir: dir }) });
    keys = new KeyStore({ dataDir: dir });
    key = keys.create('browser-curator', 'curate').key;
  }
  const running = await startServer({
    store: curation ? curation.current() : curatedStore(),
    curation,
    keys,
    config: configFromEnv({ PAPERGRAPH_LOG: 'off' }),
    port: 0,
    host: '127.0.0.1',
    signals: false,
  });
  const server: Server = running.server;
  const base = `http://127.0.0.1:${running.port}`;
  return {
    base,
    key,
    makeKey(name) {
      if (!keys) throw new Error('a read-only server has no key store');
      return keys.create(name, 'curate').key;
    },
    async api(query, variables = {}, withKey) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(withKey ? { authorization: `Bearer ${withKey}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await curation?.close();
      keys?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Test harness for writes: the app over a CuratedGraph on the curated corpus, a key store in a
// temporary data directory with one key per scope, and requests that carry a key.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions, type PapergraphApp } from '../../src/api/yoga.js';
import { toGlobalId } from '../../src/api/global-id.js';
import { KeyStore } from '../../src/store/change-log/key-store.js';
import type { CuratedGraph } from '../../src/store/curation/curation.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { ChangeLogUnavailableError } from '../../src/store/change-log/change-log.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { openCuratedGraph } from '../../src/store/curation/curated-graph.js';
import { REPO_ROOT } from './datasets.js';
import type { GraphQLResponse } from './app.js';

/** Links of the base that the tagger made (their provenance is "tagger"): two of Big Bird's. */
export const TAGGED = [
  { paperId: 'zaheer2020big', conceptId: 'expressive-power' },
  { paperId: 'zaheer2020big', conceptId: 'question-answering' },
];

/** The curated corpus with the TAGGED links marked as the tagger's. */
function baseGraph(): KnowledgeGraph {
  const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));
  corpus.paperConcepts = corpus.paperConcepts.map((pc) =>
    TAGGED.some((t) => t.paperId === pc.paperId && t.conceptId === pc.conceptId)
      ? { ...pc, provenance: [{ source: 'tagger', recordId: `${pc.paperId}/${pc.conceptId}` }] }
      : pc,
  );
  return new KnowledgeGraph(corpus);
}

export interface CurationHarness {
  app: PapergraphApp;
  curation: CuratedGraph;
  /** Makes the log refuse writes (ChangeLogUnavailableError) until set back. */
  failWrites(fail: boolean): void;
  keys: KeyStore;
  /** Plaintext keys by scope (names: reader, curator, admin). */
  key: { read: string; curate: string; admin: string };
  close(): Promise<void>;
}

/** The CuratedGraph the API tests write to: the curated corpus over a SQLite change log in `dir`. */
async function openCuration(dir: string): Promise<{ curation: CuratedGraph; failWrites(fail: boolean): void }> {
  const log = openSqliteChangeLog({ dataDir: dir });
  let failing = false;
  const append = log.append.bind(log);
  log.append = (changes) => (failing ? Promise.reject(new ChangeLogUnavailableError('disk full (test)')) : append(changes));
  const curation: CuratedGraph = await openCuratedGraph({ base: baseGraph(), log });
  return { curation, failWrites: (fail) => void (failing = fail) };
}

export async function curationHarness(options: Partial<AppOptions> = {}): Promise<CurationHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-api-'));
  const { curation, failWrites } = await openCuration(dir);
  const keys = new KeyStore({ dataDir: dir });
  const key = {
    read: keys.create('reader', 'read').key,
    curate: keys.create('curator', 'curate').key,
    admin: keys.create('admin', 'admin').key,
  };
  const app = createApp({ curation, keys, graphiql: false, ...options });
  return {
    app,
    curation,
    failWrites,
    keys,
    key,
    close: async () => {
      await curation.close();
      keys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A POST with an optional key (`authorization` as given when it is not a pgk_ key). */
export async function send<T = any>(
  app: PapergraphApp,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<GraphQLResponse<T>> {
  const authorization = key === undefined ? {} : { authorization: key.startsWith('pgk_') ? `Bearer ${key}` : key };
  const response = await app.fetch('http://papergraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...authorization },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...(await response.json()) };
}

/** `send`, failing on any GraphQL error. */
export async function data<T = any>(app: PapergraphApp, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<T> {
  const result = await send<T>(app, query, variables, key);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export const paperId = (local: string) => toGlobalId('Paper', local);
export const conceptId = (local: string) => toGlobalId('Concept', local);

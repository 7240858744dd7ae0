// Shared by the curation tests: the curated corpus (data/) as the base graph, a curated graph over
// a change log in a temp data directory, and the oracle: the graph rebuilt from the corpus and the
// log with the reference semantics of model/change-apply.ts.

import { MemoryStore } from '../../src/store/memory-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { applyChangeToCorpus, type CorpusWithRedirects } from '../../src/model/change-apply.js';
import type { Corpus } from '../../src/model/index.js';
import type { ChangeLog } from '../../src/store/change-log/change-log.js';
import { openSqliteChangeLog, type SqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { type CuratedGraphImpl, type CuratedGraphOptions, openCuratedGraph } from '../../src/store/curation/curated-graph.js';
import type { VersionedStore } from '../../src/store/curation/curation.js';
import { REPO_ROOT } from '../support/datasets.js';

/** Links the tagger made (and no curator confirmed) in the base: two of Big Bird's. */
export const TAGGED = [
  { paperId: 'zaheer2020big', conceptId: 'expressive-power' },
  { paperId: 'zaheer2020big', conceptId: 'question-answering' },
];

/** The curated corpus, with TAGGED links' provenance the tagger's. */
export function baseCorpus(): Corpus {
  const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));
  corpus.paperConcepts = corpus.paperConcepts.map((pc) =>
    TAGGED.some((t) => t.paperId === pc.paperId && t.conceptId === pc.conceptId)
      ? { ...pc, provenance: [{ source: 'tagger', recordId: `${pc.paperId}/${pc.conceptId}` }] }
      : pc,
  );
  return corpus;
}

export interface Opened {
  curated: CuratedGraphImpl;
  log: SqliteChangeLog;
  dir: string;
}

const dirs: string[] = [];
const open: CuratedGraphImpl[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-curation-'));
  dirs.push(dir);
  return dir;
}

/** A curated graph over the base corpus and a log in `dir` (a new temp dir by default). */
export async function openCurated(
  dir = tempDir(),
  options: Partial<CuratedGraphOptions> & { logOptions?: { maxSizeBytes?: number } } = {},
): Promise<Opened> {
  const log = openSqliteChangeLog({ dataDir: dir, ...options.logOptions });
  const curated = await openCuratedGraph({ base: new KnowledgeGraph(baseCorpus()), log, ...options });
  open.push(curated);
  return { curated, log, dir };
}

export async function cleanUp(): Promise<void> {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function graphOf(store: VersionedStore): KnowledgeGraph {
  return (store as MemoryStore).graph;
}

/** The graph rebuilt from the base corpus and every change of the log, by the reference semantics. */
export async function oracle(log: ChangeLog): Promise<KnowledgeGraph> {
  const corpus: CorpusWithRedirects = { ...baseCorpus(), redirects: new Map() };
  for await (const change of log.readSince(0)) applyChangeToCorpus(corpus, change);
  return new KnowledgeGraph(corpus, { redirects: corpus.redirects });
}

/** A graph as sorted JSON lines per table (edge order and record order do not matter). */
export function contentOf(graph: KnowledgeGraph, { provenance = true } = {}) {
  const c = graph.toCorpus();
  const lines = (records: object[]) => records.map((r) => JSON.stringify(provenance ? r : withoutProvenance(r))).sort();
  return {
    papers: lines(c.papers),
    authors: lines(c.authors.filter((a) => c.authorships.some((x) => x.authorId === a.id))),
    concepts: lines(c.concepts),
    collections: lines(c.collections.map((col) => ({ ...col, entries: [...col.entries].sort((a, b) => a.rank - b.rank) }))),
    citations: lines(c.citations),
    paperConcepts: lines(c.paperConcepts),
    authorships: lines(c.authorships),
    paperTopics: lines(c.paperTopics),
    redirects: [...graph.paperRedirects].map((r) => r.join('→')).sort(),
  };
}

function withoutProvenance(record: object): object {
  const { provenance: _p, ...rest } = record as { provenance?: unknown };
  return rest;
}

export const page = { first: 1000 };

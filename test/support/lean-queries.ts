// The three queries of issue 15 (QA: one paper, QB: a hub's citers and their references, QC:
// the most cited papers with two totalCounts) and the AAN graph as the server holds it (read
// from a snapshot's columns): shared by bench/lean-queries.ts and test/api/lean.test.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toGlobalId } from '../../src/api/global-id.js';
import { importerFor } from '../../src/ingest/formats.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/** The hub of QB (the Penn Treebank paper, the most cited paper of AAN). */
export const HUB = 'aan:J93-2004';

export const LEAN_QUERIES = {
  QA: {
    title: 'one paper by id (id, title, year)',
    document: 'query QA($id: ID!) { paper(id: $id) { id title year } }',
  },
  QB: {
    title: "J93-2004 → citedBy(first: 50) → each citer's references(first: 5) titles",
    document: `query QB($id: ID!) {
  paper(id: $id) {
    id title
    citedBy(first: 50) { edges { node { id title references(first: 5) { edges { node { id title } } } } } }
  }
}`,
  },
  QC: {
    title: 'papers(first: 50, orderBy: CITATION_COUNT DESC) with references/citedBy totalCount',
    document: `query QC {
  papers(first: 50, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) {
    edges { node { id title references { totalCount } citedBy { totalCount } } }
  }
}`,
  },
} as const;
export type LeanQuery = keyof typeof LEAN_QUERIES;

/** The AAN graph as the server holds it: read from a snapshot written from the imported corpus. */
/** `files`: the AAN papers.jsonl and citations.csv. */
export async function aanSnapshotStore(files: string[]): Promise<MemoryStore> {
  const batch = await importerFor('tabular').read(files, {});
  const { corpus } = mergeBatches(null, [batch]);
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-lean-'));
  try {
    const path = join(dir, 'aan.snapshot');
    writeSnapshot(path, corpus);
    const { graph, influence } = loadSnapshotGraph(path);
    return new MemoryStore(graph, { influence: influence ?? undefined });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function variablesOf(query: LeanQuery): Record<string, unknown> {
  return query === 'QC' ? {} : { id: toGlobalId('Paper', HUB) };
}

// Serving from a snapshot's columns (loadSnapshotGraph) is the same graph as building it from
// the corpus: same ids, adjacency, records and PageRank, and the API answers every acceptance
// operation identically. On the curated corpus and on AAN.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { allRows } from '../../src/graph/rows.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { pageRank } from '../../src/graph/pagerank.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import type { Corpus } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { acceptanceCases, ACCEPTANCE_FILES } from '../support/acceptance.js';
import { execute } from '../support/app.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset, describeWithShared } from '../support/datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-snapshot-graph-'));

function snapshotOf(name: string, corpus: Corpus) {
  const built = new KnowledgeGraph(corpus);
  const path = join(dir, `${name}.pgs`);
  writeSnapshot(path, built.toCorpus(), { influence: pageRank(built) });
  return { built, path, ...loadSnapshotGraph(path) };
}

function expectSameGraph(built: KnowledgeGraph, served: KnowledgeGraph) {
  for (const table of ['papers', 'authors', 'venues', 'topics', 'concepts', 'collections'] as const) {
    expect(served[table].size).toBe(built[table].size);
    expect(served[table].records).toStrictEqual(built[table].records);
  }
  for (const edges of ['citations', 'paperConcepts', 'authorships', 'paperTopics'] as const) {
    expect(allRows<unknown>(served[edges])).toStrictEqual(allRows<unknown>(built[edges]));
  }
  for (const relation of ['cites', 'hasConcept', 'authored', 'inTopic', 'broader'] as const) {
    expect(served[relation]).toStrictEqual(built[relation]);
  }
  expect(served.paperVenue).toStrictEqual(built.paperVenue);
  expect(served.byArxivId).toStrictEqual(built.byArxivId);
  expect(served.byDoi).toStrictEqual(built.byDoi);
}

describe('a graph served from snapshot columns', () => {
  const { built, graph, influence } = snapshotOf('curated', loadCuratedCorpus(CURATED_DATA_DIR));

  it('has the ids, adjacency, records and PageRank of the graph built from the corpus', () => {
    expect(graph.papers.size).toBe(43);
    expectSameGraph(built, graph);
    expect(influence).toStrictEqual(pageRank(built));
    expect(graph.papers.at(graph.byArxivId.get('1706.03762')!).title).toBe('Attention Is All You Need');
  });

  it('builds a record once and hands out the same object after', () => {
    expect(graph.papers.at(3)).toBe(graph.papers.at(3));
    expect(graph.papers.get(graph.papers.idAt(3))).toBe(graph.papers.at(3));
  });
});

describeWithShared('the API over a snapshot answers as over the corpus', ACCEPTANCE_FILES, () => {
  it('every acceptance operation, whole responses compared', async () => {
    const { built, graph, influence } = snapshotOf('curated-api', loadCuratedCorpus(CURATED_DATA_DIR));
    const fromCorpus = createApp({ store: new MemoryStore(built), graphiql: false });
    const fromSnapshot = createApp({ store: new MemoryStore(graph, { influence }), graphiql: false });
    const cases = await acceptanceCases(fromCorpus);
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const { name, document, variables } of cases) {
      const [a, b] = await Promise.all([execute(fromCorpus, document, variables), execute(fromSnapshot, document, variables)]);
      expect({ name, ...b }).toEqual({ name, ...a });
      expect(a.errors, name).toBeUndefined();
    }
  });
});

describeDataset('AAN served from its snapshot', AAN_FILES, () => {
  it('is the graph built from the corpus: 18,041 papers, 82,898 citations, J93-2004 with 770 citers', () => {
    const { built, graph } = snapshotOf('aan', loadAanCorpus());
    expect(graph.papers.size).toBe(18_041);
    expect(graph.citations.length).toBe(82_898);
    const j93 = graph.papers.indexOf('J93-2004');
    expect(graph.cites.in.offsets[j93 + 1] - graph.cites.in.offsets[j93]).toBe(770);
    expectSameGraph(built, graph);
  });
});

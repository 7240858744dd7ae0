// Stub papers: the Semantic Scholar importer's placeholders for citation ends no papers file
// describes ("S2 CorpusId:…") are marked as stubs, kept in the snapshot, and left out of paper
// lists, their counts and facets, search, and references/citedBy lists and counts, unless a query
// asks for them with includeStubs: true. On the published sample: 100 papers, 166 stubs, and its
// 83 citations all join two stubs.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { semanticScholarImporter } from '../../src/ingest/semantic-scholar.js';
import { readSnapshot, writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import type { Corpus } from '../../src/model/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { query } from '../support/app.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const SAMPLE = ['papers.jsonl', 'citations.jsonl', 'authors.jsonl', 'abstracts.jsonl'].map((f) => `semantic-scholar-sample/${f}`);
/** A stub that cites one other stub (the Darboux-method citation of the sample). */
const DARBOUX = 'CorpusId:15701949';

describeDataset('stub papers of the Semantic Scholar sample', SAMPLE, () => {
  let corpus: Corpus;
  let app: PapergraphApp;
  beforeAll(async () => {
    const batch = await semanticScholarImporter.read([datasetPath('semantic-scholar-sample')], {});
    const file = join(mkdtempSync(join(tmpdir(), 'papergraph-stubs-')), 's2.pgs');
    writeSnapshot(file, mergeBatches(null, [batch]).corpus);
    corpus = readSnapshot(file);
    const { graph } = loadSnapshotGraph(file);
    app = createApp({ store: new MemoryStore(graph), graphiql: false });
  });

  it('marks exactly the "S2 CorpusId:" placeholders as stubs, and the snapshot keeps the mark', () => {
    const stubs = corpus.papers.filter((p) => p.stub);
    expect(stubs).toHaveLength(166);
    expect(stubs.every((p) => p.title.startsWith('S2 CorpusId:'))).toBe(true);
    expect(corpus.papers.filter((p) => !p.stub && p.title.startsWith('S2 CorpusId:'))).toEqual([]);
    expect(corpus.papers.find((p) => p.id === 's2:231810694')!.stub).toBe(false);
  });

  it('leaves stubs out of Query.papers, its count and facets, unless includeStubs', async () => {
    const { papers, all } = await query(
      app,
      `{ papers(first: 5) { totalCount facets { byYear(first: 100) { value count } } edges { node { title isStub } } }
         all: papers(first: 5, includeStubs: true) { totalCount } }`,
    );
    expect(papers.totalCount).toBe(100);
    expect(all.totalCount).toBe(266);
    expect(papers.edges.every((e: any) => e.node.isStub === false)).toBe(true);
    // Stubs have no year: the facets count only the 100 described papers (those with a year).
    const perYear = papers.facets.byYear.reduce((n: number, b: any) => n + b.count, 0);
    expect(perYear).toBeLessThanOrEqual(100);
    expect(perYear).toBe(corpus.papers.filter((p) => !p.stub && p.year !== null).length);
  });

  it("leaves a stub's stub references out of its references and referenceCount, unless includeStubs", async () => {
    const { papers } = await query(
      app,
      `{ papers(first: 1, includeStubs: true, where: { titleContains: "${DARBOUX}" }) { edges { node {
           title isStub referenceCount all: referenceCount(includeStubs: true)
           references(first: 5) { totalCount } allReferences: references(first: 5, includeStubs: true) { totalCount edges { node { title isStub } } }
      } } } }`,
    );
    const stub = papers.edges[0].node;
    expect(stub).toMatchObject({ title: `S2 ${DARBOUX}`, isStub: true, referenceCount: 0, all: 1, references: { totalCount: 0 } });
    expect(stub.allReferences.totalCount).toBe(1);
    expect(stub.allReferences.edges[0].node.isStub).toBe(true);
    const cited = stub.allReferences.edges[0].node.title;
    const { citers } = await query(
      app,
      `{ citers: papers(first: 1, includeStubs: true, where: { titleContains: "${cited.slice(3)}" }) { edges { node {
           citationCount all: citationCount(includeStubs: true) citedBy(first: 5) { totalCount } allCiters: citedBy(first: 5, includeStubs: true) { totalCount }
      } } } }`,
    );
    expect(citers.edges[0].node).toMatchObject({
      citationCount: 0,
      citedBy: { totalCount: 0 },
      allCiters: { totalCount: expect.any(Number) },
    });
    expect(citers.edges[0].node.all).toBe(citers.edges[0].node.allCiters.totalCount);
    expect(citers.edges[0].node.all).toBeGreaterThanOrEqual(1);
  });

  it('orders by citation count as citationCount counts: stub citers left out', async () => {
    const nodes: { citationCount: number; all: number }[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const { papers }: any = await query(
        app,
        `query ($after: String) { papers(first: 100, after: $after, includeStubs: true, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) {
           pageInfo { hasNextPage endCursor } edges { node { citationCount all: citationCount(includeStubs: true) } } } }`,
        { after },
      );
      nodes.push(...papers.edges.map((e: any) => e.node));
      (more = papers.pageInfo.hasNextPage), (after = papers.pageInfo.endCursor);
    }
    expect(nodes).toHaveLength(266);
    const counts = nodes.map((n) => n.citationCount);
    const withStubs = nodes.map((n) => n.all);
    const descending = (xs: number[]) => xs.every((x, k) => k === 0 || xs[k - 1] >= x);
    // Every citation of the sample joins two stubs: by the API's count no paper is cited, and the
    // order is not the one counting stub citers.
    expect(counts.every((n) => n === 0)).toBe(true);
    expect(withStubs.some((n) => n > 0)).toBe(true);
    expect(descending(withStubs)).toBe(false);
  });

  it('leaves stubs out of search unless includeStubs', async () => {
    const { stubs, all } = await query(
      app,
      `{ stubs: search(query: "CorpusId", types: [Paper], first: 3) { totalCount }
         all: search(query: "CorpusId", types: [Paper], first: 3, includeStubs: true) { totalCount edges { node { ... on Paper { isStub } } } } }`,
    );
    expect(stubs.totalCount).toBe(0);
    expect(all.totalCount).toBe(166);
    expect(all.edges.every((e: any) => e.node.isStub)).toBe(true);
  });
});

// The API over real imported data: the ACL Anthology Network, the NeurIPS 2020 listing merged
// into the curated corpus, and the ACM concept scheme — imported, snapshotted, served, queried.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import { skosImporter } from '../../src/ingest/skos.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { execute, query } from '../support/app.js';
import { BIG_NODE_LIST } from '../../src/api/graph-nodes.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('API over AAN, imported and served from a snapshot', ['aan/papers.jsonl', 'aan/citations.csv'], () => {
  let app: PapergraphApp;
  beforeAll(async () => {
    const batch = await tabularImporter.read([datasetPath('aan/papers.jsonl'), datasetPath('aan/citations.csv')], {});
    const file = join(mkdtempSync(join(tmpdir(), 'papergraph-aan-')), 'aan.pgs');
    writeSnapshot(file, mergeBatches(null, [batch]).corpus);
    // As `papergraph serve --snapshot` does: the graph over the snapshot's columns.
    const { graph, influence } = loadSnapshotGraph(file);
    app = createApp({ store: new MemoryStore(graph, { influence }), graphiql: false });
  });

  it('has 18,041 papers; the most cited is the Penn Treebank paper with 770 citers', async () => {
    const { papers } = await query(
      app,
      '{ papers(first: 1, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { totalCount edges { node { id title citationCount citedBy(first: 1) { totalCount } } } } }',
    );
    expect(papers.totalCount).toBe(18041);
    const top = papers.edges[0].node;
    expect(top.title).toMatch(/Building a Large Annotated Corpus of English: The Penn Treebank/i);
    expect(top.citationCount).toBe(770);
    expect(top.citedBy.totalCount).toBe(770);
  });

  it('finds a shortest path between two AAN papers and truncates a depth-2 neighbourhood at its limit', async () => {
    const { papers } = await query(
      app,
      '{ papers(first: 2, orderBy: [{ field: CITATION_COUNT, direction: DESC }], where: { year: { lte: 2000 } }) { edges { node { id } } } }',
    );
    const [a, b] = papers.edges.map((e: any) => e.node.id);
    const { path } = await query(app, `{ path(from: "${a}", to: "${b}", edgeTypes: [CITES], maxDepth: 4) { length nodes { id } } }`);
    expect(path.length).toBeGreaterThanOrEqual(1);
    expect(path.nodes[0].id).toBe(a);
    expect(path.nodes.at(-1).id).toBe(b);
    const { neighborhood } = await query(
      app,
      `{ neighborhood(id: "${a}", depth: 2, edgeTypes: [CITES], limit: 300) { truncated nodes { id } } }`,
    );
    expect(neighborhood.truncated).toBe(true);
    expect(neighborhood.nodes).toHaveLength(300);
  });

  it('big node lists of one request, loaded one after another, answer as each alone does', async () => {
    const { papers } = await query(
      app,
      '{ papers(first: 3, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id } } } }',
    );
    const ids: string[] = papers.edges.map((e: any) => e.node.id);
    const field = (id: string) => `neighborhood(id: "${id}", depth: 3, limit: 1500) { nodes { id ... on Paper { title } } }`;
    const together = await query(app, `{ ${ids.map((id, k) => `n${k}: ${field(id)}`).join(' ')} }`);
    for (const [k, id] of ids.entries()) {
      const alone = await query(app, `{ ${field(id)} }`);
      expect(alone.neighborhood.nodes.length).toBeGreaterThanOrEqual(BIG_NODE_LIST);
      expect(together[`n${k}`].nodes).toEqual(alone.neighborhood.nodes);
    }
  });

  it('ranks related papers with evidence and keeps the cost honest', async () => {
    const result = await execute(
      app,
      '{ papers(first: 1, orderBy: [{ field: INFLUENCE, direction: DESC }]) { edges { node { title related(first: 5) { score paper { title } evidence { sharedCiterCount } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    const related = result.data.papers.edges[0].node.related;
    expect(related).toHaveLength(5);
    expect(related.map((r: any) => r.score)).toEqual([...related.map((r: any) => r.score)].sort((x: number, y: number) => y - x));
    expect((result.extensions?.cost as any).requested).toBeGreaterThan(5);
  });
});

describeDataset('API over the NeurIPS 2020 listing merged into the curated corpus', ['neurips-2020/papers.jsonl'], () => {
  let app: PapergraphApp;
  beforeAll(async () => {
    const listing = await tabularImporter.read([datasetPath('neurips-2020/papers.jsonl')], {});
    app = createApp({
      store: new MemoryStore(new KnowledgeGraph(mergeBatches(loadCuratedCorpus(CURATED_DATA_DIR), [listing]).corpus)),
      graphiql: false,
    });
  });

  it("holds 1,900 NeurIPS 2020 papers, the guide's ten once each with their curated facts", async () => {
    const { venue } = await query(app, '{ venue(slug: "neurips-2020") { papers(first: 1) { totalCount } } }');
    expect(venue.papers.totalCount).toBe(1900);
    const { collection } = await query(
      app,
      '{ collection(slug: "zeta-alpha-neurips-2020") { entries(first: 10) { edges { node { paper { id arxivId concepts(first: 1) { totalCount } } } } } } }',
    );
    for (const { node } of collection.entries.edges) {
      const { papers } = await query(
        app,
        `{ papers(where: { titleContains: ${JSON.stringify((await query(app, `{ node(id: "${node.paper.id}") { ... on Paper { title } } }`)).node.title)} }) { totalCount } }`,
      );
      expect(papers.totalCount).toBe(1);
      expect(node.paper.concepts.totalCount).toBeGreaterThan(0);
    }
    const bigBird = await query(app, '{ paper(arxivId: "2007.14062") { aliases provenance { source } } }');
    expect(bigBird.paper.aliases).toContain('Big Bird: Bert for Longer Sequences');
    expect(bigBird.paper.provenance.map((p: any) => p.source)).toEqual(expect.arrayContaining(['curated', 'neurips-2020']));
  });
});

describeDataset('API over the ACM Computing Classification System', ['acm-ccs-2012/acm_ccs2012.skos.xml'], () => {
  let app: PapergraphApp;
  beforeAll(async () => {
    const scheme = await skosImporter.read([datasetPath('acm-ccs-2012/acm_ccs2012.skos.xml')], {});
    app = createApp({ store: new MemoryStore(new KnowledgeGraph(mergeBatches(null, [scheme]).corpus)), graphiql: false });
  });

  it('has 2,113 concepts; "Machine learning" has narrower concepts and a deep subtree', async () => {
    const { concepts } = await query(
      app,
      '{ concepts(first: 5, where: { nameContains: "Machine learning" }) { totalCount edges { node { name slug narrower { name } descendants { name } ancestors { name } } } } }',
    );
    const all = await query(app, '{ concepts(first: 1) { totalCount } }');
    expect(all.concepts.totalCount).toBe(2113);
    const ml = concepts.edges.map((e: any) => e.node).find((c: any) => c.name === 'Machine learning');
    expect(ml.narrower.length).toBeGreaterThanOrEqual(5);
    expect(ml.descendants.length).toBeGreaterThan(80);
    expect(ml.ancestors.map((a: any) => a.name)).toContain('Computing methodologies');
  });
});

// The cost computed before execution is an upper bound: for varied queries on the curated corpus,
// on AAN and on the ACM concept scheme, extensions.cost.requested is never below the number of
// objects the answer holds.

import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { skosImporter } from '../../src/ingest/skos.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { curatedApp, execute, query } from '../support/app.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

/** Every JSON object in the answer, `data` itself excepted: nodes, edges, page infos, buckets. */
function objectsIn(data: unknown): number {
  const count = (value: unknown): number => {
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + count(v), 0);
    if (value === null || typeof value !== 'object') return 0;
    return 1 + Object.values(value).reduce((n: number, v) => n + count(v), 0);
  };
  return count(data) - 1;
}

interface Anchors { hub: string; leaf: string; concept: string; rootConcept: string }

/** Queries that select as little as possible per object: where an estimate would be tightest. */
const QUERIES: [string, (a: Anchors) => string][] = [
  ['a page of papers', () => '{ papers(first: 100) { edges { node { id } } } }'],
  ['papers → references (2 levels)', () => '{ papers(first: 30) { edges { node { references(first: 100) { edges { node { id } } } } } } }'],
  ['hub → citers → their citers → references (3 levels)', (a) => `{ node(id: "${a.hub}") { ... on Paper { citedBy(first: 100) { edges { node { citedBy(first: 40) { edges { node { references(first: 10) { edges { node { id } } } } } } } } } } } }`],
  ['last pages and authors', (a) => `{ node(id: "${a.hub}") { ... on Paper { citedBy(last: 50) { pageInfo { endCursor } edges { cursor node { authors(first: 100) { edges { node { id } } } } } } } } }`],
  ['neighbourhood, nodes and edges', (a) => `{ neighborhood(id: "${a.hub}", depth: 2, limit: 2000) { nodes { id } edges { type } } }`],
  ['neighbourhood, edges only', (a) => `{ neighborhood(id: "${a.hub}", depth: 3, limit: 2000) { edges { type } } }`],
  ['neighbourhood of a concept', (a) => `{ neighborhood(id: "${a.concept}", depth: 2, limit: 500, direction: BOTH) { nodes { id } edges { type } } }`],
  ['path', (a) => `{ path(from: "${a.hub}", to: "${a.leaf}", maxDepth: 10) { nodes { id } edges { type } } }`],
  ['search', () => '{ search(query: "learning", first: 100) { edges { node { id } } } }'],
  ['related papers with evidence', (a) => `{ relatedPapers(id: "${a.hub}", first: 100) { paper { id } evidence { sharedCiters(first: 100) { id } sharedReferences(first: 100) { id } sharedConcepts(first: 100) { id } } } }`],
  ['facets', () => '{ papers(first: 1) { facets { byYear(first: 100) { node { id } } byConcept(first: 100) { node { id } } byTopic(first: 100) { node { id } } byVenue(first: 100) { node { id } } } } }'],
  ['concept hierarchy lists', () => '{ concepts(first: 100) { edges { node { broader { id } narrower { id } ancestors { id } descendants { id } } } } }'],
  ['concept timelines and co-occurrence', () => '{ concepts(first: 100) { edges { node { timeline(includeNarrower: true) { year } cooccurring(first: 100) { concept { id } } } } } }'],
  ['a root concept\'s tree and papers', (a) => `{ node(id: "${a.rootConcept}") { ... on Concept { descendants { id } papers(first: 100, where: { includeNarrower: true }) { edges { node { id } } } } } }`],
  ['paper lists: topics, provenance, concepts, related', () => '{ papers(first: 50) { edges { node { topics { id } provenance { source } concepts(first: 100) { edges { provenance { source } } } related(first: 20) { paper { id } } } } } }'],
  ['authors and their papers', () => '{ authors(first: 100) { edges { node { papers(first: 100) { edges { node { id } } } } } } }'],
  ['topics, venues, collections', () => '{ topics(first: 100) { edges { node { concepts(first: 100) { edges { node { id } } } } } } venues(first: 100) { edges { node { papers(first: 20) { edges { node { id } } } } } } collections { edges { node { entries(first: 100) { edges { node { paper { id } section { id } } } } } } } }'],
];

async function anchorsOf(app: PapergraphApp): Promise<Anchors> {
  const { hubs, leaves, concepts } = await query(app, `{
    hubs: papers(first: 1, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id } } }
    leaves: papers(last: 1, orderBy: [{ field: YEAR, direction: ASC }], where: { year: { gte: 1 } }) { edges { node { id } } }
    concepts(first: 100, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { id broader { id } descendants { id } } } }
  }`);
  const all = concepts.edges.map((e: { node: { id: string; broader: unknown[]; descendants: unknown[] } }) => e.node);
  const roots = all.filter((c: { broader: unknown[] }) => c.broader.length === 0).sort((x: { descendants: unknown[] }, y: { descendants: unknown[] }) => y.descendants.length - x.descendants.length);
  return { hub: hubs.edges[0].node.id, leaf: leaves.edges[0].node.id, concept: all[0].id, rootConcept: (roots[0] ?? all[0]).id };
}

function costNeverBelowActual(name: string, appOf: () => PapergraphApp) {
  describe(`cost ≥ objects returned: ${name}`, () => {
    let app: PapergraphApp;
    let anchors: Anchors;
    beforeAll(async () => {
      app = appOf();
      anchors = await anchorsOf(app);
    });
    for (const [title, text] of QUERIES) {
      it(title, async () => {
        const result = await execute(app, text(anchors));
        expect(result.errors).toBeUndefined();
        const actual = objectsIn(result.data);
        const cost = (result.extensions?.cost as { requested: number }).requested;
        console.log(`[cost] ${name} | ${title}: cost ${cost}, objects ${actual}`);
        expect(actual).toBeGreaterThan(0);
        expect(cost).toBeGreaterThanOrEqual(actual);
      });
    }
  });
}

costNeverBelowActual('curated corpus', () => curatedApp());

describeDataset('AAN', AAN_FILES, () => {
  costNeverBelowActual('AAN', () => createApp({ store: new MemoryStore(new KnowledgeGraph(loadAanCorpus())), graphiql: false }));
});

describeDataset('ACM CCS 2012', ['acm-ccs-2012/acm_ccs2012.skos.xml'], () => {
  let app: PapergraphApp;
  beforeAll(async () => {
    const batch = await skosImporter.read([datasetPath('acm-ccs-2012/acm_ccs2012.skos.xml')], {});
    app = createApp({ store: new MemoryStore(new KnowledgeGraph(batch.corpus)), graphiql: false });
  });
  it('the widest concept lists of a 2,113-concept scheme', async () => {
    for (const text of [
      '{ concepts(first: 100) { edges { node { narrower { id } descendants { id } } } } }',
      '{ concepts(last: 100) { edges { node { ancestors { id } broader { id } } } } }',
      '{ concept(slug: "computing-methodologies") { descendants { id narrower { id } } } }',
    ]) {
      const result = await execute(app, text);
      expect(result.errors).toBeUndefined();
      const cost = (result.extensions?.cost as { requested: number }).requested;
      console.log(`[cost] ACM | ${text.slice(0, 60)}: cost ${cost}, objects ${objectsIn(result.data)}`);
      expect(cost).toBeGreaterThanOrEqual(objectsIn(result.data));
    }
  });
});

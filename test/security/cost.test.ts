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

describe('a computed cost is kept per document and the variables it depends on', () => {
  const app = curatedApp();
  const costOf = (result: { extensions?: Record<string, unknown> }) => (result.extensions?.cost as { requested: number } | undefined)?.requested;

  it('a page size given as a variable is costed for each value, also after the document was costed once', async () => {
    const text = 'query($n: Int!, $m: Int!) { papers(first: $n) { edges { node { references(first: $m) { totalCount } } } } }';
    const small = await execute(app, text, { n: 2, m: 3 });
    const big = await execute(app, text, { n: 50, m: 100 });
    const smallAgain = await execute(app, text, { n: 2, m: 3 });
    expect(small.errors).toBeUndefined();
    expect(costOf(big)).toBeGreaterThan(costOf(small)! * 100);
    expect(costOf(smallAgain)).toBe(costOf(small));
    const over = await execute(app, 'query($n: Int!, $m: Int!, $k: Int!) { papers(first: $n) { edges { node { references(first: $m) { edges { node { citedBy(first: $k) { edges { node { references(first: $k) { totalCount } } } } } } } } } } }', { n: 100, m: 100, k: 100 });
    expect(over.status).toBe(400);
    expect(over.errors?.[0].extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
  });

  it('a paper id as a variable does not change the cost; a variable that does not fit its type is still refused', async () => {
    const text = 'query($id: ID!, $n: Int!) { paper(id: $id) { references(first: $n) { totalCount } } }';
    const { papers } = await query(app, '{ papers(first: 2) { edges { node { id } } } }');
    const [a, b] = papers.edges.map((e: { node: { id: string } }) => e.node.id);
    const first = await execute(app, text, { id: a, n: 5 });
    const second = await execute(app, text, { id: b, n: 5 });
    expect(first.errors).toBeUndefined();
    expect(costOf(second)).toBe(costOf(first));
    const wrong = await execute(app, text, { id: a, n: 'five' });
    expect(wrong.status).toBe(400);
    expect(wrong.errors?.[0].message).toMatch(/Variable "\$n" got invalid value "five"/);
    const missing = await execute(app, text, { id: a });
    expect(missing.status).toBe(400);
    expect(missing.errors?.[0].message).toMatch(/Variable "\$n" of required type "Int!" was not provided/);
  });

  it('a global id that Pothos decodes while costing is checked for every value, not only the first', async () => {
    const text = 'query($id: ID!) { node(id: $id) { id } }';
    const { papers } = await query(app, '{ papers(first: 1) { edges { node { id } } } }');
    const good = await execute(app, text, { id: papers.edges[0].node.id });
    expect(good.errors).toBeUndefined();
    const bad = await execute(app, text, { id: 'not a global id' });
    const reference = await execute(curatedApp(), text, { id: 'not a global id' }); // a fresh app: nothing kept
    expect(bad.status).toBe(reference.status);
    expect(bad.errors).toEqual(reference.errors);
    expect(bad.errors).toBeDefined();
  });
});

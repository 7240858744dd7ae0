// The cost computed before execution is an upper bound: for varied queries on the curated corpus,
// on AAN and on the ACM concept scheme, extensions.cost.requested is never below the number of
// objects the answer holds.

import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITATION_COST, DEFAULT_COST_BUDGET, SEARCH_UNITS_PER_POSTING } from '../../src/api/complexity.js';
import { work } from '../../src/model/work.js';
import { MAX_SEARCH_TERMS } from '../../src/store/search-index.js';
import { COST_QUERIES, costAnchors, costCharged, post, type CostAnchors } from '../support/cost-queries.js';
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

interface Anchors {
  hub: string;
  leaf: string;
  concept: string;
  rootConcept: string;
}

/** Queries that select as little as possible per object: where an estimate would be tightest. */
const QUERIES: [string, (a: Anchors) => string][] = [
  ['a page of papers', () => '{ papers(first: 100) { edges { node { id } } } }'],
  ['papers → references (2 levels)', () => '{ papers(first: 30) { edges { node { references(first: 100) { edges { node { id } } } } } } }'],
  [
    'hub → citers → their citers → references (3 levels)',
    (a) =>
      `{ node(id: "${a.hub}") { ... on Paper { citedBy(first: 100) { edges { node { citedBy(first: 40) { edges { node { references(first: 10) { edges { node { id } } } } } } } } } } } }`,
  ],
  [
    'last pages and authors',
    (a) =>
      `{ node(id: "${a.hub}") { ... on Paper { citedBy(last: 50) { pageInfo { endCursor } edges { cursor node { authors(first: 100) { edges { node { id } } } } } } } } }`,
  ],
  ['neighbourhood, nodes and edges', (a) => `{ neighborhood(id: "${a.hub}", depth: 2, limit: 2000) { nodes { id } edges { type } } }`],
  ['neighbourhood, edges only', (a) => `{ neighborhood(id: "${a.hub}", depth: 3, limit: 2000) { edges { type } } }`],
  [
    'neighbourhood of a concept',
    (a) => `{ neighborhood(id: "${a.concept}", depth: 2, limit: 500, direction: BOTH) { nodes { id } edges { type } } }`,
  ],
  ['path', (a) => `{ path(from: "${a.hub}", to: "${a.leaf}", maxDepth: 10) { nodes { id } edges { type } } }`],
  ['search', () => '{ search(query: "learning", first: 100) { edges { node { id } } } }'],
  [
    'related papers with evidence',
    (a) =>
      `{ relatedPapers(id: "${a.hub}", first: 100) { paper { id } evidence { sharedCiters(first: 100) { id } sharedReferences(first: 100) { id } sharedConcepts(first: 100) { id } } } }`,
  ],
  [
    'facets',
    () =>
      '{ papers(first: 1) { facets { byYear(first: 100) { node { id } } byConcept(first: 100) { node { id } } byTopic(first: 100) { node { id } } byVenue(first: 100) { node { id } } } } }',
  ],
  [
    'concept hierarchy lists',
    () => '{ concepts(first: 100) { edges { node { broader { id } narrower { id } ancestors { id } descendants { id } } } } }',
  ],
  [
    'concept timelines and co-occurrence',
    () =>
      '{ concepts(first: 100) { edges { node { timeline(includeNarrower: true) { year } cooccurring(first: 100) { concept { id } } } } } }',
  ],
  [
    "a root concept's tree and papers",
    (a) =>
      `{ node(id: "${a.rootConcept}") { ... on Concept { descendants { id } papers(first: 100, where: { includeNarrower: true }) { edges { node { id } } } } } }`,
  ],
  [
    'paper lists: topics, provenance, concepts, related',
    () =>
      '{ papers(first: 50) { edges { node { topics { id } provenance { source } concepts(first: 100) { edges { provenance { source } } } related(first: 20) { paper { id } } } } } }',
  ],
  ['authors and their papers', () => '{ authors(first: 100) { edges { node { papers(first: 100) { edges { node { id } } } } } } }'],
  [
    'topics, venues, collections',
    () =>
      '{ topics(first: 100) { edges { node { concepts(first: 100) { edges { node { id } } } } } } venues(first: 100) { edges { node { papers(first: 20) { edges { node { id } } } } } } collections { edges { node { entries(first: 100) { edges { node { paper { id } section { id } } } } } } } }',
  ],
];

async function anchorsOf(app: PapergraphApp): Promise<Anchors> {
  const { hubs, leaves, concepts } = await query(
    app,
    `{
    hubs: papers(first: 1, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id } } }
    leaves: papers(last: 1, orderBy: [{ field: YEAR, direction: ASC }], where: { year: { gte: 1 } }) { edges { node { id } } }
    concepts(first: 100, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { id broader { id } descendants { id } } } }
  }`,
  );
  const all = concepts.edges.map((e: { node: { id: string; broader: unknown[]; descendants: unknown[] } }) => e.node);
  const roots = all
    .filter((c: { broader: unknown[] }) => c.broader.length === 0)
    .sort((x: { descendants: unknown[] }, y: { descendants: unknown[] }) => y.descendants.length - x.descendants.length);
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
  const costOf = (result: { extensions?: Record<string, unknown> }) =>
    (result.extensions?.cost as { requested: number } | undefined)?.requested;

  it('a page size given as a variable is costed for each value, also after the document was costed once', async () => {
    const text = 'query($n: Int!, $m: Int!) { papers(first: $n) { edges { node { references(first: $m) { totalCount } } } } }';
    const small = await execute(app, text, { n: 2, m: 3 });
    const big = await execute(app, text, { n: 50, m: 100 });
    const smallAgain = await execute(app, text, { n: 2, m: 3 });
    expect(small.errors).toBeUndefined();
    expect(costOf(big)).toBeGreaterThan(costOf(small)! * 100);
    expect(costOf(smallAgain)).toBe(costOf(small));
    const over = await execute(
      app,
      'query($n: Int!, $m: Int!, $k: Int!) { papers(first: $n) { edges { node { references(first: $m) { edges { node { citedBy(first: $k) { edges { node { references(first: $k) { totalCount } } } } } } } } } } }',
      { n: 100, m: 100, k: 100 },
    );
    expect(over.status).toBe(400);
    expect(over.errors?.[0].extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
  });

  it('a refusal is not kept for the document: the same document with a smaller page is answered, the big one refused again with 400', async () => {
    const text =
      'query($n: Int!) { papers(first: $n) { edges { node { references(first: $n) { edges { node { citedBy(first: $n) { totalCount } } } } } } } }';
    const app = curatedApp();
    const big = await execute(app, text, { n: 100 });
    const small = await execute(app, text, { n: 2 });
    const bigAgain = await execute(app, text, { n: 100 });
    expect([big.status, small.status, bigAgain.status]).toEqual([400, 200, 400]);
    expect(small.errors).toBeUndefined();
    expect(bigAgain.errors?.[0].extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
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

// Work that grows with the data, counted (not timed) on AAN: each search posting scored and
// each citation formatted weighs what complexity.ts charges for it, each object returned one
// unit; for every accepted query of the hostile and normal sets that work is within its cost.
// bench/cost-calibration.ts gives the wall time of a unit (COST_UNIT_MS, README).
describeDataset('work per unit of cost on AAN', AAN_FILES, () => {
  /** Counted work per unit of cost never above this: the cost is an upper bound of the work. */
  const WORK_PER_COST = 1;
  let app: PapergraphApp;
  let anchors: CostAnchors;
  beforeAll(async () => {
    const store = new MemoryStore(new KnowledgeGraph(loadAanCorpus()));
    app = createApp({ store, graphiql: false, security: { timeoutMs: 600_000 } });
    anchors = await costAnchors(app);
  });

  for (const q of COST_QUERIES) {
    it(`${q.hostile ? 'hostile' : 'normal'}: ${q.name}`, async () => {
      const { result, counts } = await work.measure(() => post(app, q.body(anchors)));
      const cost = costCharged(result);
      if (cost === undefined) {
        // Refused whole, before any work, with the cost and the budget.
        const error = (result.errors as { extensions: { code: string; cost: number; budget: number } }[])[0];
        expect(result.status).toBe(400);
        expect(error.extensions.code).toBe('QUERY_TOO_EXPENSIVE');
        expect(error.extensions.cost).toBeGreaterThan(error.extensions.budget);
        expect(counts.searchPostings + counts.citationsFormatted).toBe(0);
        return;
      }
      const answers = Array.isArray(result.batch) ? result.batch : [result];
      for (const a of answers) expect(a.errors).toBeUndefined();
      const objects = answers.reduce((n: number, a: { data: unknown }) => n + objectsIn(a.data), 0);
      const counted = counts.searchPostings * SEARCH_UNITS_PER_POSTING + counts.citationsFormatted * CITATION_COST.BIBTEX + objects;
      console.log(`[work] ${q.name}: cost ${cost}, work ${counted} (${JSON.stringify(counts)}, objects ${objects})`);
      expect(counts.searchResults).toBeLessThanOrEqual(counts.searchPostings);
      expect(counted / cost).toBeLessThanOrEqual(WORK_PER_COST);
    });
  }

  it('the hostile queries that were accepted before are refused or charged by their work', async () => {
    const byName = (name: string) => COST_QUERIES.find((c) => c.name === name)!.body(anchors);
    const searches = await post(app, byName('30 aliased searches, each one word repeated'));
    expect(costCharged(searches)).toBeGreaterThan(100_000);
    const batch = await post(app, byName('batch of 10 × 30 searches'));
    expect(batch.status).toBe(400);
    expect((batch.errors as { message: string }[])[0].message).toMatch(
      /^Batch is too expensive: its first [2-9] of 10 operations already cost \d+, the budget of one request is 500000/,
    );
  });

  it('a repeated word is searched once: "a a a …" scores what "a" scores', async () => {
    const once = await work.measure(() => post(app, { query: '{ search(query: "a", first: 5) { totalCount } }' }));
    const repeated = await work.measure(() =>
      post(app, { query: `{ search(query: "${Array(100).fill('A').join(' ').slice(0, 199)}", first: 5) { totalCount } }` }),
    );
    expect(once.counts.searchPostings).toBeGreaterThan(1000);
    expect(repeated.counts.searchPostings).toBe(once.counts.searchPostings);
    expect(costCharged(repeated.result)).toBe(costCharged(once.result));
    expect((repeated.result.data as any).search.totalCount).toBe((once.result.data as any).search.totalCount);
  });

  it('a query of more distinct words than the cap is refused, naming the count and the cap', async () => {
    const words = 'parsing tagging grammar corpus speech dialogue semantic lexicon discourse retrieval summary translation alignment';
    const result = await post(app, { query: `{ search(query: "${words}") { totalCount } }` });
    expect((result.errors as { message: string; extensions: { code: string } }[])[0]).toMatchObject({
      message: `"query" has 13 distinct words; the most is ${MAX_SEARCH_TERMS}`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('the depth limit covers introspection', () => {
  const app = curatedApp();
  it('refuses a 40-deep ofType chain', async () => {
    const result = await execute(app, `{ __schema { types { ${'ofType { '.repeat(40)}name${' }'.repeat(40)} } } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Query is too deep: 43 levels, the most is 15',
      extensions: { code: 'QUERY_TOO_DEEP' },
    });
  });
  it("accepts GraphiQL's introspection query, every option on", async () => {
    const text = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const result = await execute(app, text);
    expect(result.errors).toBeUndefined();
    expect((result.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });
});

describe('a batch is costed against one budget', () => {
  const app = curatedApp();
  it('is refused whole when its operations together cost more than the budget, each alone fitting', async () => {
    const op = {
      query:
        '{ papers(first: 100) { edges { node { references(first: 100) { edges { node { citedBy(first: 10) { totalCount } } } } } } } }',
    };
    const alone = await execute(app, op.query);
    const each = (alone.extensions?.cost as { requested: number }).requested;
    expect(each).toBeLessThan(DEFAULT_COST_BUDGET);
    const n = Math.floor(DEFAULT_COST_BUDGET / each) + 1;
    expect(n).toBeLessThanOrEqual(10);
    const response = await app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array(n).fill(op)),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_EXPENSIVE', cost: each * n, budget: DEFAULT_COST_BUDGET } });
    // Costing stops at the operation that takes the sum over the budget: the rest are not read.
    const longer = await app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([...Array(n).fill(op), { query: '{ syntax error' }]),
    });
    expect(longer.status).toBe(400);
    expect((await longer.json()).errors[0]).toMatchObject({
      message: expect.stringMatching(
        new RegExp(`^Batch is too expensive: its first ${n} of ${n + 1} operations already cost ${each * n},`),
      ),
      extensions: { code: 'QUERY_TOO_EXPENSIVE', cost: each * n },
    });
    const fits = await app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array(n - 1).fill(op)),
    });
    expect(fits.status).toBe(200);
    expect((await fits.json()).map((r: { extensions: { cost: { requested: number } } }) => r.extensions.cost.requested)).toEqual(
      Array(n - 1).fill(each),
    );
  });
});

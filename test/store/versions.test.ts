// Stores of graph versions made one from the other (MemoryStore.next) answer every read exactly
// as a store built afresh on the same graph with the same influence: paper lists in every order,
// facets, a concept's papers and timeline, search hits and scores, neighbourhoods. And a store
// of an old version keeps its answers after newer versions exist.

import { describe, expect, it } from 'vitest';
import { degree } from '../../src/graph/csr.js';
import { applyChanges } from '../../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import type { Change } from '../../src/model/change.js';
import type { Corpus } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import type { OrderBy, PaperFilter, PaperOrderField, SearchHit } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Page } from '../../src/store/page.js';
import { mulberry32, syntheticCorpus } from '../support/synthetic.js';
import { ChangeMaker } from './versions-changes.js';

const FIELDS: PaperOrderField[] = ['YEAR', 'TITLE', 'CITATION_COUNT', 'REFERENCE_COUNT', 'INFLUENCE'];
const ORDERS: (OrderBy<PaperOrderField>[] | null)[] = [
  null,
  ...FIELDS.flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [{ field, direction }])),
  [
    { field: 'YEAR', direction: 'DESC' },
    { field: 'TITLE', direction: 'ASC' },
  ],
];

/** Filters drawn from the version's graph: years, a concept tree, a venue, an author, title words. */
function filtersOf(store: MemoryStore): (PaperFilter | null)[] {
  const g = store.graph;
  const concept = g.concepts.size ? g.concepts.idAt(0) : 'none';
  return [
    null,
    { year: { gte: 2015 } },
    { year: { in: [2017, 2020] } },
    { titleContains: 'learning' },
    { conceptIds: [concept], includeNarrower: true },
    { venueIds: g.venues.size ? [g.venues.idAt(0)] : [] },
    { authorIds: g.authors.size ? [g.authors.idAt(0), g.authors.idAt(g.authors.size - 1)] : [] },
    { year: { gte: 2000 }, titleContains: 'a' },
  ];
}

/** Search texts: common words, the markers of recent changes (new titles and names), names of concepts. */
function searchTexts(store: MemoryStore, seqs: number[]): string[] {
  const g = store.graph;
  const names = [0, Math.floor(g.concepts.size / 2), g.concepts.size - 1]
    .filter((c) => c >= 0 && c < g.concepts.size)
    .map((c) => g.concepts.at(c).name);
  return [
    'learning',
    'neural graph',
    'attention translation',
    'pars',
    'semnatic corpus',
    ...names,
    ...seqs.map((s) => `marker${s}`),
    'NP3 AKA4',
  ];
}

/** Every read the tests compare, as plain data. */
async function answers(store: MemoryStore, texts: string[]) {
  const g = store.graph;
  const filters = filtersOf(store);
  const queries = filters.flatMap((filter) => ORDERS.map((orderBy) => ({ filter, orderBy, page: { first: 10_000 } })));
  queries.push({ filter: null, orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 7, after: 3 } as never });
  const conceptIds = Array.from({ length: g.concepts.size }, (_, c) => g.concepts.idAt(c));
  const starts = [0, 1, Math.floor(g.papers.size / 2), g.papers.size - 1].map((p) => ({ kind: 'Paper' as const, id: g.papers.idAt(p) }));
  if (g.concepts.size) starts.push({ kind: 'Concept' as never, id: g.concepts.idAt(g.concepts.size - 1) });
  return {
    papers: await store.findPapers(queries),
    facets: await store.paperFacets(filters),
    conceptPapers: [
      ...(await store.papersOfConcepts(conceptIds, { filter: { includeNarrower: true }, page: { first: 100 } })),
      ...(await store.papersOfConcepts(conceptIds.slice(0, 10), { orderBy: [{ field: 'YEAR', direction: 'DESC' }], page: { first: 100 } })),
    ],
    timelines: [...(await store.conceptTimelines(conceptIds, false)), ...(await store.conceptTimelines(conceptIds, true))],
    neighborhoods: await store.neighborhoods(
      starts.map((start) => ({
        start,
        depth: 2,
        edgeTypes: ['CITES', 'HAS_CONCEPT', 'BROADER', 'AUTHORED', 'IN_TOPIC', 'PUBLISHED_IN'],
        direction: 'BOTH',
        limit: 200,
      })),
    ),
    search: await store.search(texts.map((text) => ({ text, kinds: null, page: { first: 10_000 } }))),
    paperSearch: await store.search(texts.slice(0, 3).map((text) => ({ text, kinds: ['Paper'], page: { first: 5 } }))),
    postings: await store.searchPostings(texts),
    counts: await store.findNamed('Concept', [{ orderBy: [{ field: 'PAPER_COUNT', direction: 'DESC' }], page: { first: 1000 } } as never]),
  };
}

type Answers = Awaited<ReturnType<typeof answers>>;

/** Same hits, each with the same score up to rounding, in the same order but among equal scores. */
function expectSameHits(actual: Page<SearchHit>, expected: Page<SearchHit>, context: string): void {
  expect(actual.totalCount, context).toBe(expected.totalCount);
  const key = (h: SearchHit) => `${h.node.kind}:${h.node.id}`;
  const scores = new Map(expected.items.map((h) => [key(h), h.score]));
  expect(new Set(actual.items.map(key)), context).toEqual(new Set(expected.items.map(key)));
  actual.items.forEach((hit, k) => {
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    expect(close(hit.score, scores.get(key(hit))!), `${context}: score of ${key(hit)}`).toBe(true);
    // The k-th hit scores as the k-th expected one: only equal scores may swap.
    expect(close(hit.score, expected.items[k].score), `${context}: order at ${k}`).toBe(true);
  });
}

function expectSameAnswers(actual: Answers, expected: Answers, texts: string[], context: string): void {
  const { search, paperSearch, postings, ...rest } = actual;
  const { search: expectedSearch, paperSearch: expectedPaperSearch, postings: expectedPostings, ...expectedRest } = expected;
  expect(rest, context).toEqual(expectedRest);
  search.forEach((page, k) => expectSameHits(page, expectedSearch[k], `${context}, search "${texts[k]}"`));
  // A page of five: the same scores (the hits may differ only where the fifth ties with the sixth).
  paperSearch.forEach((page, k) => {
    expect(page.totalCount).toBe(expectedPaperSearch[k].totalCount);
    page.items.forEach((hit, i) =>
      expect(hit.score, `${context}, paper search "${texts[k]}"`).toBeCloseTo(expectedPaperSearch[k].items[i].score, 9),
    );
  });
  expect(postings, context).toEqual(expectedPostings);
}

/** A chain of versions from `corpus`: `steps` batches of 1 to `batch` random changes each. */
function* versions(corpus: Corpus, steps: number, batch: number, seed: number) {
  const random = mulberry32(seed);
  const maker = new ChangeMaker(random);
  let store = new MemoryStore(new KnowledgeGraph(corpus));
  yield { store, changes: [] as Change[] };
  for (let step = 0; step < steps; step++) {
    const changes = maker.batch(store.graph, 1 + Math.floor(random() * batch));
    const version = applyChanges(store.graph, changes);
    store = store.next(version, changes[changes.length - 1].seq);
    yield { store, changes };
  }
}

describe.each([
  ['the curated corpus', () => loadCuratedCorpus(CURATED_DATA_DIR), 60, 3],
  ['a small synthetic corpus', () => syntheticCorpus({ scale: 0.004 }), 25, 8],
])('stores of versions of %s', (_name, corpusOf, steps, batch) => {
  it('answer every read as a store built afresh on the version, and old versions keep their answers', async () => {
    const random = mulberry32(7);
    const kept: { store: MemoryStore; texts: string[]; answers: Answers }[] = [];
    const seqs: number[] = [];
    let checked = 0;
    for (const { store, changes } of versions(corpusOf(), steps, batch, 11)) {
      seqs.push(...changes.map((c) => c.seq));
      // Some versions are read, some not: orders then wait several versions to be brought up to date.
      if (store.seq > 0 && random() < 0.4) continue;
      const texts = searchTexts(store, seqs.slice(-4));
      const fresh = new MemoryStore(store.graph, { influence: store.influence, seq: store.seq });
      const derived = await answers(store, texts);
      expectSameAnswers(derived, await answers(fresh, texts), texts, `version ${store.seq}`);
      checked++;
      if (kept.length < 12) kept.push({ store, texts, answers: derived });
    }
    expect(checked).toBeGreaterThan(steps / 3);
    // The last store brought carried orders up to date instead of sorting them.
    for (const { store, texts, answers: before } of kept)
      expectSameAnswers(await answers(store, texts), before, texts, `old version ${store.seq}`);
  });
});

describe('a version store over the curated corpus', () => {
  it('carries influence (papers added get 0) and when it was computed; withInfluence swaps it', async () => {
    const base = new MemoryStore(new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR)));
    const changes = new ChangeMaker(mulberry32(1), { weights: { 'paper.add': 1 } }).batch(base.graph, 2);
    const next = base.next(applyChanges(base.graph, changes), 2);
    expect(next.seq).toBe(2);
    expect(next.influenceComputed).toEqual(base.influenceComputed);
    expect(Array.from(next.influence.subarray(0, base.graph.papers.size))).toEqual(Array.from(base.influence));
    expect(Array.from(next.influence.subarray(base.graph.papers.size))).toEqual([0, 0]);
    const [before] = await next.findPapers([{ orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: { first: 3 } }]);
    // The new papers first now.
    const flipped = next.influence.map((x, p) => (p >= base.graph.papers.size ? 1 : x));
    const computed = { at: '2026-11-27T12:00:00.000Z', seq: 2 };
    const swapped = next.withInfluence(flipped, computed);
    expect(swapped.influenceComputed).toEqual(computed);
    const [after] = await swapped.findPapers([{ orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: { first: 2 } }]);
    expect(new Set(after.items)).toEqual(new Set(changes.map((c) => (c.op === 'paper.add' ? c.after.id : ''))));
    expect(before.items.slice(0, 2)).not.toEqual(after.items);
  });

  it('finds a paper added at seq s from version s on, and a renamed concept by its name of each version', async () => {
    let store = new MemoryStore(new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR)));
    const stores = [store];
    const add = new ChangeMaker(mulberry32(5), { weights: { 'paper.add': 1 } }).next(store.graph);
    store = store.next(applyChanges(store.graph, [add]), 1);
    stores.push(store);
    // The concept with the most papers.
    let c = 0;
    for (let k = 0; k < store.graph.concepts.size; k++)
      if (degree(store.graph.hasConcept.in, k) > degree(store.graph.hasConcept.in, c)) c = k;
    const concept = store.graph.concepts.at(c);
    const rename: Change = {
      op: 'concept.update',
      before: concept,
      after: { ...concept, name: 'Quokkaformer' },
      seq: 2,
      actor: 'tester',
      reason: null,
      at: '2026-01-01T00:00:02.000Z',
      reverts: null,
      targets: [{ kind: 'Concept', id: concept.id }],
    };
    store = store.next(applyChanges(store.graph, [rename]), 2);
    stores.push(store);
    const ids = async (s: MemoryStore, text: string) =>
      (await s.search([{ text, kinds: null, page: { first: 100 } }]))[0].items.map((h) => `${h.node.kind}:${h.node.id}`);
    // Searched newest first: the older versions must not see what the index gained for the newer.
    expect(await ids(stores[2], 'marker1')).toContain(`Paper:${add.op === 'paper.add' ? add.after.id : ''}`);
    expect(await ids(stores[0], 'marker1')).toEqual([]);
    // The paper and its new author.
    expect(new Set(await ids(stores[1], 'marker1'))).toEqual(new Set([`Paper:new-paper-1`, `Author:new-author-1`]));
    const papersOfConcept = (await stores[2].papersOfConcepts([concept.id], { page: { first: 100 } }))[0].items.map(
      (pc) => `Paper:${pc.paperId}`,
    );
    expect(papersOfConcept.length).toBeGreaterThan(0);
    // The new name finds the concept and its papers (their documents name their concepts) at version 2 only.
    expect(new Set(await ids(stores[2], 'quokkaformer'))).toEqual(new Set([`Concept:${concept.id}`, ...papersOfConcept]));
    expect(await ids(stores[1], 'quokkaformer')).toEqual([]);
    expect(await ids(stores[1], concept.name)).toContain(`Concept:${concept.id}`);
    expect(await ids(stores[2], concept.name)).toEqual(
      await ids(new MemoryStore(stores[2].graph, { influence: stores[2].influence }), concept.name),
    );
  });

  it('replaces a version made again at the same seq (the first attempt never published)', async () => {
    const base = new MemoryStore(new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR)));
    await base.prepareSearch();
    const first = new ChangeMaker(mulberry32(8), { weights: { 'paper.add': 1 } }).next(base.graph);
    const abandoned = base.next(applyChanges(base.graph, [first]), 1);
    await abandoned.prepareSearch();
    const second = new ChangeMaker(mulberry32(9), { weights: { 'concept.update': 1 } }).next(base.graph);
    const published = base.next(applyChanges(base.graph, [second]), 1);
    const texts = ['marker1', 'learning', 'attention'];
    const fresh = new MemoryStore(published.graph, { influence: published.influence, seq: 1 });
    const [a, b] = [
      await published.search(texts.map((text) => ({ text, kinds: null, page: { first: 1000 } }))),
      await fresh.search(texts.map((text) => ({ text, kinds: null, page: { first: 1000 } }))),
    ];
    a.forEach((page, k) => expectSameHits(page, b[k], texts[k]));
    expect(a[0].totalCount).toBeGreaterThan(0);
  });

  it('brings orders built versions ago up to date rather than sorting again', async () => {
    let store = new MemoryStore(new KnowledgeGraph(syntheticCorpus({ scale: 0.004 })));
    const orderBy: OrderBy<PaperOrderField>[] = [{ field: 'TITLE', direction: 'ASC' }];
    await store.findPapers([{ orderBy, page: { first: 5 } }]);
    await store.paperFacets([{ year: { gte: 2010 } }]);
    expect(store.orderingStats).toEqual({ sorted: 2, derived: 0 });
    const changes = new ChangeMaker(mulberry32(4));
    // 40 versions unread: the orders wait, then are brought up to date when the 32nd is made.
    for (let k = 0; k < 40; k++) {
      const batch = changes.batch(store.graph, 5);
      store = store.next(applyChanges(store.graph, batch), batch[batch.length - 1].seq);
    }
    const fresh = new MemoryStore(store.graph, { influence: store.influence });
    const query = [
      { orderBy, page: { first: 10_000 } },
      { filter: { year: { gte: 2010 } }, orderBy: [{ field: 'YEAR' as const, direction: 'DESC' as const }], page: { first: 10_000 } },
    ];
    expect(await store.findPapers(query)).toEqual(await fresh.findPapers(query));
    expect(await store.paperFacets([{ year: { gte: 2010 } }])).toEqual(await fresh.paperFacets([{ year: { gte: 2010 } }]));
    // Title order and title ranks carried; YEAR:DESC was never built, so it is sorted.
    expect(store.orderingStats.sorted).toBe(1);
    expect(store.orderingStats.derived).toBeGreaterThanOrEqual(1);
  });
});

// Paper lists of the memory store: a page taken from precomputed orders, and facet counts over
// typed arrays, give exactly what sorting the whole list and counting record by record give.

import { describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../support/synthetic.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { neighbours } from '../../src/graph/csr.js';
import type { OrderBy, PaperFacets, PaperFilter, PaperOrderField } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { resolveSlice, type PageRequest } from '../../src/store/page.js';
import { PaperOrdering } from '../../src/store/paper-ordering.js';
import { curatedStore } from '../support/app.js';

const FILTERS: (PaperFilter | null)[] = [
  null,
  { year: { gte: 2015 } },
  { year: { eq: 2017 } },
  { year: { gte: 1995, lte: 2005 } },
  { year: { in: [2001, 2019] } },
  { titleContains: 'learning' },
  { year: { gte: 2010 }, titleContains: 'a' },
];
const ORDERS: (OrderBy<PaperOrderField>[] | null)[] = [
  null,
  [{ field: 'INFLUENCE', direction: 'DESC' }],
  [{ field: 'YEAR', direction: 'ASC' }],
  [{ field: 'TITLE', direction: 'DESC' }],
  [
    { field: 'CITATION_COUNT', direction: 'DESC' },
    { field: 'YEAR', direction: 'DESC' },
  ],
];
const PAGES: PageRequest[] = [{ first: 10 }, { first: 5, after: 3 }, { last: 4 }, { first: 7, before: 9 }, { first: 100, after: 1e6 }];

describe.each([
  ['the curated corpus', () => curatedStore()],
  ['a small synthetic corpus', () => new MemoryStore(new KnowledgeGraph(syntheticCorpus({ scale: 0.01 })))],
])('paper lists of %s', (_name, storeOf) => {
  const store = storeOf();
  const ordering = new PaperOrdering(store.graph, store.influence);

  it('selectPage is the page of the whole ordered list, with its total', () => {
    for (const filter of FILTERS) {
      for (const orderBy of ORDERS) {
        const all = ordering.select(null, filter, orderBy);
        for (const page of PAGES) {
          const { start, end } = resolveSlice(all.length, page);
          expect(ordering.selectPage(filter, orderBy, page)).toEqual({ items: all.slice(start, end), start, totalCount: all.length });
        }
      }
    }
  });

  it('one sort key, from a precomputed order, sorts as the comparators do', () => {
    for (const filter of FILTERS) {
      for (const [key] of ORDERS.filter((o) => o?.length === 1) as OrderBy<PaperOrderField>[][]) {
        // A second, equal key sends select down the path that sorts with the comparators.
        expect(ordering.select(null, filter, [key])).toEqual(ordering.select(null, filter, [key, key]));
      }
    }
  });

  it('facets count what counting the filtered papers record by record counts', () => {
    for (const filter of FILTERS) expect(ordering.facets(filter)).toEqual(countRecordByRecord(store.graph, ordering.select(null, filter)));
  });
});

/** Facets the plain way: each paper's record and its concept, topic and venue ids, counted in Maps. */
function countRecordByRecord(graph: KnowledgeGraph, papers: number[]): PaperFacets {
  const years = new Map<string, number>(),
    concepts = new Map<string, number>(),
    topics = new Map<string, number>(),
    venues = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const p of papers) {
    const paper = graph.papers.at(p);
    if (paper.year !== null) add(years, String(paper.year));
    for (const c of neighbours(graph.hasConcept.out, p)) add(concepts, graph.concepts.idAt(c));
    for (const t of neighbours(graph.inTopic.out, p)) add(topics, graph.topics.idAt(t));
    if (paper.venueId !== null) add(venues, paper.venueId);
  }
  const buckets = (map: Map<string, number>) =>
    [...map].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    byYear: [...years].sort((a, b) => Number(b[0]) - Number(a[0])).map(([value, count]) => ({ value, count })),
    byConcept: buckets(concepts),
    byTopic: buckets(topics),
    byVenue: buckets(venues),
  };
}

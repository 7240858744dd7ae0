// The questions each query shape asks, drawn with a seeded generator from the graph, with the
// answer size the store gives for each when asked directly: the yardstick every HTTP response
// is checked against, so that a fast wrong answer never counts.

import { degree } from '../src/graph/csr.js';
import { toGlobalId } from '../src/api/global-id.js';
import type { EdgeType } from '../src/store/graph-store.js';
import type { MemoryStore } from '../src/store/memory-store.js';
import { QUERY_NAMES, type QueryCase, type QueryName } from '../test/support/queries.js';
import { mulberry32 } from '../test/support/synthetic.js';

const ALL_EDGE_TYPES: EdgeType[] = ['CITES', 'HAS_CONCEPT', 'BROADER', 'AUTHORED', 'IN_TOPIC', 'PUBLISHED_IN'];

export type Workload = Record<QueryName, QueryCase[]>;

/** `casesPerQuery` questions per shape (Q0 has one), deterministic for a seed. */
export async function buildWorkload(store: MemoryStore, casesPerQuery: number, seed = 5): Promise<Workload> {
  const g = store.graph;
  const random = mulberry32(seed);
  const paperAt = (i: number) => g.papers.records[i].id;
  const randomPaper = (accept: (i: number) => boolean = () => true) => {
    for (let tries = 0; ; tries++) {
      const i = Math.floor(random() * g.papers.size);
      if (accept(i) || tries > 10_000) return i;
    }
  };
  const many = async (make: () => Promise<QueryCase>) => {
    const cases: QueryCase[] = [];
    for (let i = 0; i < casesPerQuery; i++) cases.push(await make());
    return cases;
  };
  const min = Math.min;
  const years = g.papers.records
    .map((p) => p.year)
    .filter((y): y is number => y !== null)
    .sort((a, b) => a - b);

  const workload: Partial<Workload> = {
    Q0: [{ variables: {}, expectedSize: 1 }],
    Q1: await many(async () => {
      const p = randomPaper();
      return {
        variables: { id: toGlobalId('Paper', paperAt(p)) },
        expectedSize: 1 + min(10, degree(g.authored.out, p)) + min(10, degree(g.hasConcept.out, p)),
      };
    }),
    Q2: await many(async () => {
      const p = randomPaper((i) => degree(g.cites.out, i) >= 10);
      const [level1] = await store.referencesOf([paperAt(p)], { first: 10 });
      const level2 = await store.referencesOf(
        level1.items.map((l) => l.paperId),
        { first: 10 },
      );
      let size = level1.items.length;
      for (const page of level2) {
        for (const link of page.items) size += 1 + min(5, degree(g.hasConcept.out, g.papers.indexOf(link.paperId)));
      }
      return { variables: { id: toGlobalId('Paper', paperAt(p)) }, expectedSize: size };
    }),
    Q3: await many(async () => {
      const id = paperAt(randomPaper());
      const [sub] = await store.neighborhoods([
        { start: { kind: 'Paper', id }, depth: 2, edgeTypes: ALL_EDGE_TYPES, direction: 'BOTH', limit: 500 },
      ]);
      return { variables: { id: toGlobalId('Paper', id) }, expectedSize: sub!.nodes.length + sub!.edges.length };
    }),
    Q4: await many(async () => {
      const [from, to] = [paperAt(randomPaper()), paperAt(randomPaper())];
      const [path] = await store.paths([
        { from: { kind: 'Paper', id: from }, to: { kind: 'Paper', id: to }, edgeTypes: ['CITES'], maxDepth: 6 },
      ]);
      return { variables: { from: toGlobalId('Paper', from), to: toGlobalId('Paper', to) }, expectedSize: path ? path.nodes.length : 0 };
    }),
    Q5: await many(async () => {
      const id = paperAt(randomPaper((i) => degree(g.cites.out, i) + degree(g.cites.in, i) > 0));
      const [related] = await store.relatedPapers([{ paperId: id, method: 'HYBRID', first: 20 }]);
      return { variables: { id: toGlobalId('Paper', id) }, expectedSize: related.length };
    }),
    Q6: await many(async () => {
      // Two neighbouring words of a real title: what a user who half-remembers a paper types.
      const words = g.papers.records[randomPaper((i) => g.papers.records[i].title.split(/\s+/).length >= 2)].title
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      const at = Math.floor(random() * Math.max(1, words.length - 1));
      const q = words.slice(at, at + 2).join(' ');
      const [page] = await store.search([{ text: q, kinds: null, page: { first: 10 } }]);
      return { variables: { q }, expectedSize: page.items.length + page.totalCount };
    }),
    Q7: await many(async () => {
      // A year from the newer half of the corpus: lists of thousands to tens of thousands of papers.
      const year = years[Math.floor(years.length * (0.5 + 0.45 * random()))] ?? 2000;
      const filter = { year: { gte: year } };
      const [page] = await store.findPapers([{ filter, orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: { first: 100 } }]);
      const [facets] = await store.paperFacets([filter]);
      return { variables: { year }, expectedSize: page.items.length + min(20, facets.byYear.length) + min(10, facets.byConcept.length) };
    }),
  };
  for (const name of QUERY_NAMES) if (!workload[name]) throw new Error(`no workload for ${name}`);
  return workload as Workload;
}

/** The mean answer size of a shape, for the table ("~110 papers"). */
export function meanSize(cases: QueryCase[]): number {
  return cases.reduce((a, c) => a + c.expectedSize, 0) / Math.max(1, cases.length);
}

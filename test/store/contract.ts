// The store contract: what any GraphStore must answer, checked on the curated corpus and on AAN
// against the corpus records themselves (counted the plain way here) and the facts the API tests
// assert. A store under test is built from a Corpus by `makeStore` (the memory store builds its
// graph; a database store would load the corpus into its tables). Only the contract is tested:
// batch shape (one answer per key, in key order, null or empty for unknown keys), page
// semantics (start, totalCount, Relay windows on offsets), orderings and the answers.

import { beforeAll, describe, expect, it } from 'vitest';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { NODE_KIND, NODE_KINDS, type Corpus } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import type { GraphNodeKind, GraphStore, NamedKind, NodeKey, SluggedKind, Subgraph } from '../../src/store/graph-store.js';
import type { Page, PageRequest } from '../../src/store/page.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset } from '../support/datasets.js';

export type StoreFactory = (corpus: Corpus) => GraphStore | Promise<GraphStore>;

const UNKNOWN = 'no-such-id';
// Curated papers the acceptance operations name.
const BIG_BIRD = 'zaheer2020big',
  TRANSFORMER = 'vaswani2017attention',
  BYOL = 'grill2020bootstrap',
  GPT3 = 'brown2020language',
  GOOD_VIEWS = 'tian2020makes';
const HARD_NEGATIVES_TITLE = 'Hard Negative Mixing for Contrastive Learning';

/** Registers the whole contract for one implementation: the curated corpus always, AAN where the dataset is present. */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name}: store contract on the curated corpus`, () => {
    let corpus: Corpus;
    let store: GraphStore;
    beforeAll(async () => {
      corpus = loadCuratedCorpus(CURATED_DATA_DIR);
      store = await makeStore(corpus);
    });
    curatedContract(() => ({ corpus, store }));
  });

  describeDataset(`${name}: store contract on the ACL Anthology Network`, AAN_FILES, () => {
    let corpus: Corpus;
    let store: GraphStore;
    beforeAll(async () => {
      corpus = loadAanCorpus();
      store = await makeStore(corpus);
    }, 120_000);
    aanContract(() => ({ corpus, store }));
  });
}

type Subject = () => { corpus: Corpus; store: GraphStore };

function curatedContract(subject: Subject): void {
  const s = () => subject().store;
  const c = () => subject().corpus;

  describe('node reads', () => {
    it('records by id, for every kind: in key order, null for unknown ids, repeated keys answered each time', async () => {
      for (const { kind, collection: table } of NODE_KINDS) {
        const records = (c()[table] as { id: string }[]).slice().reverse();
        const ids = [UNKNOWN, ...records.map((r) => r.id), records[0].id];
        const answers = await s().nodesByIds(kind, ids);
        expect(answers, table).toHaveLength(ids.length);
        expect(answers[0], table).toBeNull();
        records.forEach((record, i) => expect(answers[i + 1], `${table} ${record.id}`).toEqual(record));
        expect(answers.at(-1), table).toEqual(records[0]);
      }
      expect(await s().nodesByIds('Paper', [])).toEqual([]);
    });

    it('Big Bird by id has its curated facts', async () => {
      const [paper] = await s().nodesByIds('Paper', [BIG_BIRD]);
      expect(paper).toMatchObject({
        title: 'Big Bird: Transformers for Longer Sequences',
        year: 2020,
        venueId: 'neurips-2020',
        arxivId: '2007.14062',
      });
    });

    it('papers by arXiv id and DOI, normalised as the API documents them', async () => {
      expect(await s().paperIdsByArxivIds(['2007.14062', UNKNOWN, 'arXiv:1706.03762v5', ' 2006.07733 '])).toEqual([
        BIG_BIRD,
        null,
        TRANSFORMER,
        BYOL,
      ]);
      const withDoi = c().papers.filter((p) => p.doi);
      expect(withDoi.length).toBeGreaterThan(2);
      const dois = withDoi.map((p) => p.doi!);
      expect(await s().paperIdsByDois(dois)).toEqual(withDoi.map((p) => p.id));
      expect(await s().paperIdsByDois([`https://doi.org/${dois[0].toUpperCase()}`, '10.0000/none'])).toEqual([withDoi[0].id, null]);
    });

    it('ids by slug for every slugged kind; null for unknown slugs', async () => {
      const tables: Record<Exclude<SluggedKind, 'Author'>, { id: string; slug: string }[]> = {
        Venue: c().venues,
        Topic: c().topics,
        Concept: c().concepts,
        Collection: c().collections,
      };
      for (const [kind, records] of Object.entries(tables) as [SluggedKind, { id: string; slug: string }[]][]) {
        expect(await s().idsBySlugs(kind, [...records.map((r) => r.slug), 'no-such-slug']), kind).toEqual([
          ...records.map((r) => r.id),
          null,
        ]);
      }
      expect(await s().idsBySlugs('Concept', ['contrastive-learning'])).toEqual(['contrastive-learning']);
      // Case-insensitive.
      expect(await s().idsBySlugs('Concept', ['Contrastive-Learning', ' CONTRASTIVE-LEARNING '])).toEqual([
        'contrastive-learning',
        'contrastive-learning',
      ]);
    });

    it('authors have slugs: unique, from the name, each finding its author', async () => {
      const ids = c().authors.map((a) => a.id);
      const slugs = await s().authorSlugs([...ids, UNKNOWN]);
      expect(slugs.at(-1)).toBeNull();
      expect(new Set(slugs.slice(0, -1)).size).toBe(ids.length);
      // The curated authors' ids are the slugs of their names ("aidan-n-gomez" for Aidan N. Gomez).
      expect(slugs.slice(0, -1)).toEqual(ids);
      expect(await s().idsBySlugs('Author', [...(slugs.slice(0, -1) as string[]), 'Aidan-N-Gomez', 'no-such-author'])).toEqual([
        ...ids,
        'aidan-n-gomez',
        null,
      ]);
    });

    it('paper stats: reference and citation counts of every paper as the citations count them; influence sums to 1, the Transformer first', async () => {
      const ids = c().papers.map((p) => p.id);
      const stats = await s().paperStats([...ids, UNKNOWN]);
      expect(stats.at(-1)).toBeNull();
      const refs = countBy(c().citations.map((x) => x.citingId)),
        citers = countBy(c().citations.map((x) => x.citedId));
      ids.forEach((id, i) => expect(stats[i], id).toMatchObject({ referenceCount: refs.get(id) ?? 0, citationCount: citers.get(id) ?? 0 }));
      const influence = stats.slice(0, -1).map((x) => x!.influence);
      expect(influence.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(ids[influence.indexOf(Math.max(...influence))]).toBe(TRANSFORMER);
    });
  });

  describe('relations', () => {
    it("Big Bird's 5 references and the Transformer's citers, with their citation records; unknown papers have none", async () => {
      const [refs, unknown] = await s().referencesOf([BIG_BIRD, UNKNOWN], {});
      expect(refs.totalCount).toBe(5);
      expect(refs.start).toBe(0);
      expect(new Set(refs.items.map((l) => l.paperId))).toEqual(
        new Set(
          c()
            .citations.filter((x) => x.citingId === BIG_BIRD)
            .map((x) => x.citedId),
        ),
      );
      for (const link of refs.items) expect(link.citation).toMatchObject({ citingId: BIG_BIRD, citedId: link.paperId });
      expect(refs.items.map((l) => l.paperId)).toContain(TRANSFORMER);
      expect(unknown).toEqual({ items: [], start: 0, totalCount: 0 });

      const [citedBy] = await s().citedByOf([TRANSFORMER], {});
      expect(new Set(citedBy.items.map((l) => l.paperId))).toEqual(
        new Set(
          c()
            .citations.filter((x) => x.citedId === TRANSFORMER)
            .map((x) => x.citingId),
        ),
      );
      expect(citedBy.items.map((l) => l.paperId)).toContain(BIG_BIRD);
      for (const link of citedBy.items) expect(link.citation).toMatchObject({ citingId: link.paperId, citedId: TRANSFORMER });
    });

    it("pages are Relay windows over one fixed order, with the whole list's totalCount", async () => {
      const [all] = await s().citedByOf([TRANSFORMER], {});
      const ids = all.items.map((l) => l.paperId);
      expect(ids.length).toBeGreaterThan(4);
      const windows: [PageRequest, number, number][] = [
        [{ first: 2 }, 0, 2],
        [{ first: 2, after: 1 }, 2, 4],
        [{ last: 2 }, ids.length - 2, ids.length],
        [{ first: 3, before: 2 }, 0, 2],
        [{ after: ids.length + 5 }, ids.length, ids.length],
        [{ first: 0 }, 0, 0],
      ];
      // One page request serves every key of a batch: a repeated key gets the same page each time.
      expect(await s().citedByOf([TRANSFORMER, TRANSFORMER], { first: 2 })).toEqual(
        [all, all].map((p) => ({ ...p, items: p.items.slice(0, 2) })),
      );
      for (const [request, start, end] of windows) {
        const [page] = await s().citedByOf([TRANSFORMER], request);
        expect(page, JSON.stringify(request)).toEqual({ items: all.items.slice(start, end), start, totalCount: ids.length });
      }
      // Walking forward page by page visits every item once.
      expect(
        await walk(
          (page) =>
            s()
              .citedByOf([TRANSFORMER], page)
              .then((p) => p[0]),
          2,
        ),
      ).toEqual(all.items);
    });

    it("a paper's concepts, strongest first; its authors in order; its topics", async () => {
      const [concepts] = await s().conceptsOfPapers([BIG_BIRD], {});
      const expected = c().paperConcepts.filter((pc) => pc.paperId === BIG_BIRD);
      expect(concepts.totalCount).toBe(expected.length);
      expect(sortBy(concepts.items, (pc) => pc.conceptId)).toEqual(sortBy(expected, (pc) => pc.conceptId));
      expect(concepts.items.map((pc) => pc.conceptId)).toEqual(expect.arrayContaining(['attention', 'sparse-attention']));
      expectDescending(concepts.items.map((pc) => pc.score));

      const [authors, none] = await s().authorsOfPapers([BIG_BIRD, UNKNOWN], {});
      expect(authors.items.map((a) => a.position)).toEqual(authors.items.map((_a, i) => i));
      expect(authors.items.map((a) => a.authorId)).toEqual(
        c()
          .authorships.filter((a) => a.paperId === BIG_BIRD)
          .sort((a, b) => a.position - b.position)
          .map((a) => a.authorId),
      );
      expect(authors.items[0].authorId).toBe('manzil-zaheer');
      expect(none.totalCount).toBe(0);

      expect(await s().topicsOfPapers([BIG_BIRD, UNKNOWN])).toEqual([['transformers-and-attention'], []]);
    });

    it("a concept's papers: its paper↔concept edges, strongest first; with narrower concepts each paper once", async () => {
      const [own, unknown] = await s().papersOfConcepts(['attention', UNKNOWN], { page: {} });
      const edges = c().paperConcepts.filter((pc) => pc.conceptId === 'attention');
      expect(sortBy(own.items, (pc) => pc.paperId)).toEqual(sortBy(edges, (pc) => pc.paperId));
      expectDescending(own.items.map((pc) => pc.score));
      expect(unknown.totalCount).toBe(0);

      // Representation learning has 9 papers of its own and more through its narrower concepts.
      const [ownRl] = await s().papersOfConcepts(['representation-learning'], { page: {} });
      const [tree] = await s().papersOfConcepts(['representation-learning'], { filter: { includeNarrower: true }, page: {} });
      const concepts = new Set(['representation-learning', ...descendantsOf(c(), 'representation-learning')]);
      const papers = new Set(
        c()
          .paperConcepts.filter((pc) => concepts.has(pc.conceptId))
          .map((pc) => pc.paperId),
      );
      expect(tree.totalCount).toBe(papers.size);
      expect(new Set(tree.items.map((pc) => pc.paperId))).toEqual(papers);
      expect(tree.totalCount).toBeGreaterThan(ownRl.totalCount);
      for (const pc of tree.items) expect(concepts.has(pc.conceptId)).toBe(true);

      const [recent] = await s().papersOfConcepts(['contrastive-learning'], { orderBy: [{ field: 'YEAR', direction: 'DESC' }], page: {} });
      const years = await yearsOf(
        s(),
        recent.items.map((pc) => pc.paperId),
      );
      expect(years).toEqual([...years].sort((a, b) => b - a));
      expect(recent.items.map((pc) => pc.paperId)).toContain('kalantidis2020hard');
    });

    it("an author's papers, newest first; a topic's concepts by papers; concept hierarchy both ways; collection entries by rank", async () => {
      const [zaheer] = await s().papersOfAuthors(['manzil-zaheer'], {});
      expect(zaheer.items.map((a) => a.paperId)).toEqual(expect.arrayContaining([BIG_BIRD]));
      expect(new Set(zaheer.items.map((a) => a.paperId))).toEqual(
        new Set(
          c()
            .authorships.filter((a) => a.authorId === 'manzil-zaheer')
            .map((a) => a.paperId),
        ),
      );
      const years = await yearsOf(
        s(),
        zaheer.items.map((a) => a.paperId),
      );
      expect(years).toEqual([...years].sort((a, b) => b - a));

      const [topicConcepts] = await s().conceptsOfTopics(['transformers-and-attention'], {});
      const inTopic = new Set(
        c()
          .paperTopics.filter((t) => t.topicId === 'transformers-and-attention')
          .map((t) => t.paperId),
      );
      const counts = countBy(
        c()
          .paperConcepts.filter((pc) => inTopic.has(pc.paperId))
          .map((pc) => pc.conceptId),
      );
      expect(topicConcepts.totalCount).toBe(counts.size);
      for (const { conceptId, count } of topicConcepts.items) expect(count, conceptId).toBe(counts.get(conceptId));
      expectDescending(topicConcepts.items.map((x) => x.count));

      const [broader, narrower] = [await s().broaderOf(['attention', UNKNOWN]), await s().narrowerOf(['attention', UNKNOWN])];
      expect(broader).toEqual([c().concepts.find((x) => x.id === 'attention')!.broaderIds, []]);
      expect(new Set(narrower[0])).toEqual(
        new Set(
          c()
            .concepts.filter((x) => x.broaderIds.includes('attention'))
            .map((x) => x.id),
        ),
      );
      expect(narrower[0]).toContain('self-attention');
      expect(narrower[1]).toEqual([]);

      const [entries] = await s().entriesOf(['zeta-alpha-neurips-2020'], { first: 4, after: 0 });
      expect(entries.totalCount).toBe(10);
      expect(entries.start).toBe(1);
      expect(entries.items.map((e) => e.rank)).toEqual([2, 3, 4, 5]);
      const [all] = await s().entriesOf(['zeta-alpha-neurips-2020'], {});
      expect(all.items[0]).toMatchObject({ rank: 1, paperId: BYOL, sectionId: 'semi-and-self-supervision' });
      expect(all.items[9].paperId).toBe(c().collections[0].entries.find((e) => e.rank === 10)!.paperId);
    });
  });

  describe('paper and named lists', () => {
    it('findPapers: every paper once when walked; filters give what the records give; orders hold', async () => {
      const [all] = await s().findPapers([{ page: { first: 1 } }]);
      expect(all.totalCount).toBe(c().papers.length);
      const walked = await walk(
        (page) =>
          s()
            .findPapers([{ page }])
            .then((p) => p[0]),
        7,
      );
      expect(new Set(walked)).toEqual(new Set(c().papers.map((p) => p.id)));
      expect(walked).toHaveLength(c().papers.length);

      const cases: [string, Parameters<GraphStore['findPapers']>[0][number]['filter'], (p: Corpus['papers'][number]) => boolean][] = [
        ['year 2020', { year: { eq: 2020 } }, (p) => p.year === 2020],
        ['2010–2019', { year: { gte: 2010, lte: 2019 } }, (p) => p.year !== null && p.year >= 2010 && p.year <= 2019],
        ['NeurIPS 2020', { venueIds: ['neurips-2020'] }, (p) => p.venueId === 'neurips-2020'],
        [
          'title "contrastive"',
          { titleContains: 'CONTRASTIVE' },
          (p) => [p.title, ...p.aliases].some((t) => t.toLowerCase().includes('contrastive')),
        ],
        [
          'topic transformers',
          { topicIds: ['transformers-and-attention'] },
          (p) => c().paperTopics.some((t) => t.paperId === p.id && t.topicId === 'transformers-and-attention'),
        ],
        [
          'by Zaheer',
          { authorIds: ['manzil-zaheer'] },
          (p) => c().authorships.some((a) => a.paperId === p.id && a.authorId === 'manzil-zaheer'),
        ],
        [
          'on attention in 2020',
          { conceptIds: ['attention'], year: { eq: 2020 } },
          (p) => p.year === 2020 && c().paperConcepts.some((pc) => pc.paperId === p.id && pc.conceptId === 'attention'),
        ],
      ];
      const pages = await s().findPapers(cases.map(([, filter]) => ({ filter, page: {} })));
      cases.forEach(([label, , keep], i) => {
        const expected = c()
          .papers.filter(keep)
          .map((p) => p.id);
        expect(expected.length, label).toBeGreaterThan(0);
        expect(pages[i].totalCount, label).toBe(expected.length);
        expect(new Set(pages[i].items), label).toEqual(new Set(expected));
      });
      expect(pages[6].items).toContain(BIG_BIRD);

      const [byCitations, byYear, byTitle, byInfluence] = await s().findPapers([
        { orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: {} },
        { orderBy: [{ field: 'YEAR', direction: 'ASC' }], page: {} },
        { orderBy: [{ field: 'TITLE', direction: 'ASC' }], page: {} },
        { orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: { first: 1 } },
      ]);
      const stats = await s().paperStats(byCitations.items);
      expectDescending(stats.map((x) => x!.citationCount));
      const years = await yearsOf(s(), byYear.items);
      expect(years).toEqual([...years].sort((a, b) => a - b));
      const titles = (await s().nodesByIds('Paper', byTitle.items)).map((p) => p!.title);
      expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
      expect(byInfluence.items).toEqual([TRANSFORMER]);
    });

    it('findNamed: every kind counted and filtered by name; concepts by kind; ordered by name or paper count', async () => {
      const tables: Record<NamedKind, { id: string; name?: string; title?: string }[]> = {
        Author: c().authors,
        Venue: c().venues,
        Topic: c().topics,
        Concept: c().concepts,
        Collection: c().collections,
      };
      for (const [kind, records] of Object.entries(tables) as [NamedKind, { id: string; name?: string; title?: string }[]][]) {
        const [all, filtered] = await s().findNamed(kind, [{ page: {} }, { filter: { nameContains: 'AT' }, page: {} }]);
        expect(all.totalCount, kind).toBe(records.length);
        expect(new Set(all.items), kind).toEqual(new Set(records.map((r) => r.id)));
        expect(new Set(filtered.items), kind).toEqual(
          new Set(records.filter((r) => (r.name ?? r.title)!.toLowerCase().includes('at')).map((r) => r.id)),
        );
      }
      const [methods, byName, byPapers] = await s().findNamed('Concept', [
        { filter: { kinds: ['METHOD'] }, page: {} },
        { orderBy: [{ field: 'NAME', direction: 'ASC' }], page: {} },
        { orderBy: [{ field: 'PAPER_COUNT', direction: 'DESC' }], page: { first: 3 } },
      ]);
      expect(new Set(methods.items)).toEqual(
        new Set(
          c()
            .concepts.filter((x) => x.kind === 'METHOD')
            .map((x) => x.id),
        ),
      );
      const names = (await s().nodesByIds('Concept', byName.items)).map((x) => x!.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
      const papersPer = countBy(c().paperConcepts.map((pc) => pc.conceptId));
      expect(byPapers.totalCount).toBe(c().concepts.length);
      expect(byPapers.items.map((id) => papersPer.get(id))).toEqual([...papersPer.values()].sort((a, b) => b - a).slice(0, 3));
    });

    it('PAPER_COUNT orders every named kind by its papers (its edges to papers; a collection by its entries)', async () => {
      const papersOf: Record<NamedKind, Map<string, number>> = {
        Author: countBy(c().authorships.map((a) => a.authorId)),
        Venue: countBy(
          c()
            .papers.filter((p) => p.venueId)
            .map((p) => p.venueId!),
        ),
        Topic: countBy(c().paperTopics.map((t) => t.topicId)),
        Concept: countBy(c().paperConcepts.map((pc) => pc.conceptId)),
        Collection: new Map(c().collections.map((x) => [x.id, x.entries.length])),
      };
      for (const [kind, counts] of Object.entries(papersOf) as [NamedKind, Map<string, number>][]) {
        const records = c()[NODE_KIND[kind].collection] as { id: string }[];
        const [page] = await s().findNamed(kind, [{ orderBy: [{ field: 'PAPER_COUNT', direction: 'DESC' }], page: {} }]);
        expect(
          page.items.map((id) => counts.get(id) ?? 0),
          kind,
        ).toEqual(records.map((r) => counts.get(r.id) ?? 0).sort((a, b) => b - a));
      }
    });

    it('paper facets count the whole filtered set, most frequent first (years: latest first)', async () => {
      const [all, of2020] = await s().paperFacets([null, { year: { eq: 2020 } }]);
      expect(all.byYear.reduce((n, b) => n + b.count, 0)).toBe(c().papers.filter((p) => p.year !== null).length);
      expect(all.byYear[0].value).toBe('2020');
      expect(all.byYear.map((b) => Number(b.value))).toEqual(all.byYear.map((b) => Number(b.value)).sort((a, b) => b - a));
      const venues = countBy(
        c()
          .papers.filter((p) => p.venueId)
          .map((p) => p.venueId!),
      );
      expect(new Map(all.byVenue.map((b) => [b.value, b.count]))).toEqual(venues);
      expectDescending(all.byVenue.map((b) => b.count));
      expect(new Map(all.byConcept.map((b) => [b.value, b.count]))).toEqual(countBy(c().paperConcepts.map((pc) => pc.conceptId)));
      expect(new Map(all.byTopic.map((b) => [b.value, b.count]))).toEqual(countBy(c().paperTopics.map((t) => t.topicId)));
      expect(of2020.byYear).toEqual([{ value: '2020', count: c().papers.filter((p) => p.year === 2020).length }]);
    });
  });

  describe('exploration', () => {
    it('concept lineage: ancestors and descendants are the transitive hierarchy; co-occurrence and timelines count papers', async () => {
      const [ancestors] = await s().ancestorsOf(['self-attention']);
      expect(new Set(ancestors)).toEqual(new Set(ancestorsOf(c(), 'self-attention')));
      expect(ancestors).toContain('attention');
      const [descendants, none] = await s().descendantsOf(['attention', UNKNOWN]);
      expect(new Set(descendants)).toEqual(new Set(descendantsOf(c(), 'attention')));
      expect(none).toEqual([]);

      const [cooccurring] = await s().cooccurringConcepts(['attention']);
      const papers = new Set(
        c()
          .paperConcepts.filter((pc) => pc.conceptId === 'attention')
          .map((pc) => pc.paperId),
      );
      const shared = countBy(
        c()
          .paperConcepts.filter((pc) => papers.has(pc.paperId) && pc.conceptId !== 'attention')
          .map((pc) => pc.conceptId),
      );
      expect(new Map(cooccurring.map((x) => [x.conceptId, x.count]))).toEqual(shared);
      expectDescending(cooccurring.map((x) => x.count));

      const [own, tree] = [(await s().conceptTimelines(['attention'], false))[0], (await s().conceptTimelines(['attention'], true))[0]];
      const years = countBy(
        c()
          .papers.filter((p) => papers.has(p.id) && p.year !== null)
          .map((p) => p.year!),
      );
      expect(new Map(own.map((y) => [y.year, y.count]))).toEqual(years);
      expect(own.map((y) => y.year)).toEqual([...years.keys()].sort((a, b) => a - b));
      expect(own.find((y) => y.year === 2020)!.count).toBeGreaterThanOrEqual(5);
      const [rl, rlTree] = [
        (await s().conceptTimelines(['representation-learning'], false))[0],
        (await s().conceptTimelines(['representation-learning'], true))[0],
      ];
      expect(tree.reduce((n, y) => n + y.count, 0)).toBeGreaterThanOrEqual(own.reduce((n, y) => n + y.count, 0));
      const sum = (timeline: { count: number }[]) => timeline.reduce((n, y) => n + y.count, 0);
      const datedPapersOf = (ids: string[]) =>
        new Set(
          c()
            .paperConcepts.filter((pc) => ids.includes(pc.conceptId))
            .map((pc) => pc.paperId)
            .filter((id) => c().papers.find((p) => p.id === id)!.year !== null),
        ).size;
      expect(sum(rl)).toBe(datedPapersOf(['representation-learning']));
      expect(sum(rlTree)).toBe(datedPapersOf(['representation-learning', ...descendantsOf(c(), 'representation-learning')]));
      expect(sum(rlTree)).toBeGreaterThan(sum(rl));
    });

    it('neighbourhood of Big Bird: starts at it, holds its references and concepts, closed edges, cut at the limit; null for an unknown start', async () => {
      const start: NodeKey = { kind: 'Paper', id: BIG_BIRD };
      const [ball, cut, unknown] = await s().neighborhoods([
        { start, depth: 1, edgeTypes: ['CITES', 'HAS_CONCEPT'], direction: 'BOTH', limit: 200 },
        { start, depth: 1, edgeTypes: ['CITES', 'HAS_CONCEPT'], direction: 'BOTH', limit: 3 },
        { start: { kind: 'Paper', id: UNKNOWN }, depth: 1, edgeTypes: ['CITES'], direction: 'BOTH', limit: 10 },
      ]);
      expect(unknown).toBeNull();
      expect(ball!.truncated).toBe(false);
      expect(ball!.nodes[0]).toEqual(start);
      const expected = new Set([
        `Paper:${BIG_BIRD}`,
        ...c()
          .citations.filter((x) => x.citingId === BIG_BIRD)
          .map((x) => `Paper:${x.citedId}`),
        ...c()
          .citations.filter((x) => x.citedId === BIG_BIRD)
          .map((x) => `Paper:${x.citingId}`),
        ...c()
          .paperConcepts.filter((pc) => pc.paperId === BIG_BIRD)
          .map((pc) => `Concept:${pc.conceptId}`),
      ]);
      expect(new Set(ball!.nodes.map(keyText))).toEqual(expected);
      expectClosedSubgraph(ball!);
      expect(edgeTexts(ball!)).toEqual(
        expect.arrayContaining([`CITES|Paper:${BIG_BIRD}|Paper:${TRANSFORMER}`, `HAS_CONCEPT|Paper:${BIG_BIRD}|Concept:sparse-attention`]),
      );
      expect(cut!.nodes).toHaveLength(3);
      expect(cut!.truncated).toBe(true);
    });

    it("an explorer's neighbourhood: edge records as the corpus has them, degrees as its edges count them, exclude and hubs", async () => {
      const start: NodeKey = { kind: 'Paper', id: BIG_BIRD };
      const types = ['CITES', 'HAS_CONCEPT', 'AUTHORED'] as const;
      const [ball] = await s().neighborhoods([{ start, depth: 1, edgeTypes: [...types], direction: 'BOTH', limit: 200 }]);
      for (const e of ball!.edges) {
        if (e.type === 'HAS_CONCEPT')
          expect(e.conceptLink).toEqual(c().paperConcepts.find((pc) => pc.paperId === e.source.id && pc.conceptId === e.target.id));
        if (e.type === 'AUTHORED')
          expect(e.authorship).toEqual(c().authorships.find((a) => a.paperId === e.target.id && a.authorId === e.source.id));
        if (e.type === 'CITES')
          expect(e.citation).toEqual(c().citations.find((x) => x.citingId === e.source.id && x.citedId === e.target.id));
      }
      const own = (id: string) =>
        c().citations.filter((x) => x.citingId === id || x.citedId === id).length +
        c().paperConcepts.filter((pc) => pc.paperId === id).length +
        c().authorships.filter((a) => a.paperId === id).length;
      const [degree, out, unknown] = await s().degrees([
        { node: start, edgeTypes: [...types], direction: 'BOTH' },
        { node: start, edgeTypes: ['CITES'], direction: 'OUT' },
        { node: { kind: 'Paper', id: UNKNOWN }, edgeTypes: ['CITES'], direction: 'BOTH' },
      ]);
      expect(degree).toBe(own(BIG_BIRD));
      expect(out).toBe(c().citations.filter((x) => x.citingId === BIG_BIRD).length);
      expect(unknown).toBeNull();
      const transformer: NodeKey = { kind: 'Paper', id: TRANSFORMER };
      const [without, damped] = await s().neighborhoods([
        { start, depth: 1, edgeTypes: [...types], direction: 'BOTH', limit: 200, exclude: [transformer] },
        { start, depth: 2, edgeTypes: [...types], direction: 'BOTH', limit: 200, hubDegree: 0 },
      ]);
      expect(without!.nodes.map(keyText)).not.toContain(`Paper:${TRANSFORMER}`);
      expect(edgeTexts(without!)).toContain(`CITES|Paper:${BIG_BIRD}|Paper:${TRANSFORMER}`);
      // With every node a hub, nothing past the start's neighbours is reached, and each hub keeps its edge to the start alone.
      expect(new Set(damped!.nodes.map(keyText))).toEqual(new Set(ball!.nodes.map(keyText)));
      expect(damped!.hubs).toHaveLength(ball!.nodes.length - 1);
      expect(damped!.edges.every((e) => keyText(e.source) === `Paper:${BIG_BIRD}` || keyText(e.target) === `Paper:${BIG_BIRD}`)).toBe(true);
    });

    it('paths: BYOL to GPT-3 step by step over edges of the graph; null when out of reach or unknown', async () => {
      const from: NodeKey = { kind: 'Paper', id: BYOL },
        to: NodeKey = { kind: 'Paper', id: GPT3 };
      const [path, none, unknown] = await s().paths([
        { from, to, edgeTypes: ['CITES', 'HAS_CONCEPT', 'BROADER'], maxDepth: 6 },
        { from, to, edgeTypes: ['CITES'], maxDepth: 1 },
        { from, to: { kind: 'Concept', id: UNKNOWN }, edgeTypes: ['CITES'], maxDepth: 3 },
      ]);
      expect(none).toBeNull();
      expect(unknown).toBeNull();
      expect(path!.nodes[0]).toEqual(from);
      expect(path!.nodes.at(-1)).toEqual(to);
      expect(path!.edges).toHaveLength(path!.nodes.length - 1);
      const real = corpusEdges(c());
      path!.edges.forEach((e, i) => {
        expect(real.has(edgeText(e))).toBe(true);
        expect([keyText(e.source), keyText(e.target)].sort()).toEqual([keyText(path!.nodes[i]), keyText(path!.nodes[i + 1])].sort());
      });
    });

    it('related papers to Good Views: Hard Negative Mixing ranks high with its evidence, scores descend; none for an unknown paper', async () => {
      const [related, none] = await s().relatedPapers([
        { paperId: GOOD_VIEWS, method: 'HYBRID', first: 5 },
        { paperId: UNKNOWN, method: 'HYBRID', first: 5 },
      ]);
      expect(none).toEqual([]);
      expect(related).toHaveLength(5);
      expectDescending(related.map((r) => r.score));
      const titles = (
        await s().nodesByIds(
          'Paper',
          related.map((r) => r.paperId),
        )
      ).map((p) => p!.title);
      const moChi = related[titles.indexOf(HARD_NEGATIVES_TITLE)];
      expect(moChi).toBeDefined();
      expect(moChi.sharedConceptIds).toContain('contrastive-learning');
      const refsOf = (id: string) =>
        new Set(
          c()
            .citations.filter((x) => x.citingId === id)
            .map((x) => x.citedId),
        );
      expect(new Set(moChi.sharedReferenceIds)).toEqual(new Set([...refsOf(GOOD_VIEWS)].filter((r) => refsOf(moChi.paperId).has(r))));
      expect(moChi.sharedReferenceIds.length).toBeGreaterThanOrEqual(2);
      for (const r of related)
        expect(
          r.sharedConceptIds.length + r.sharedReferenceIds.length + r.sharedCiterIds.length + Number(r.citedByAnchor || r.citesAnchor),
        ).toBeGreaterThan(0);
      const [coCitation] = await s().relatedPapers([{ paperId: TRANSFORMER, method: 'CO_CITATION', first: 3 }]);
      for (const r of coCitation) expect(r.sharedCiterIds.length).toBeGreaterThan(0);
    });
  });

  describe('search', () => {
    it('ranks concepts and papers; typos still match; kinds restrict; hits are paged with a total', async () => {
      const [contrastive, bigBird, typo, conceptsOnly, paged] = await s().search([
        { text: 'contrastive', page: { first: 10 } },
        { text: 'big bird transformers long sequences', page: { first: 3 } },
        { text: 'contrastiv lerning', page: { first: 3 } },
        { text: 'contrastive', kinds: ['Concept'], page: {} },
        { text: 'contrastive', page: { first: 2, after: 1 } },
      ]);
      const hits = contrastive.items.map((h) => keyText(h.node));
      expect(hits).toEqual(expect.arrayContaining(['Concept:contrastive-learning', 'Paper:kalantidis2020hard', `Paper:${GOOD_VIEWS}`]));
      expect(contrastive.totalCount).toBeGreaterThanOrEqual(5);
      expectDescending(contrastive.items.map((h) => h.score));
      expect(bigBird.items[0].node).toEqual({ kind: 'Paper', id: BIG_BIRD });
      expect(typo.items.map((h) => keyText(h.node))).toContain('Concept:contrastive-learning');
      expect(conceptsOnly.items.every((h) => h.node.kind === 'Concept')).toBe(true);
      expect(conceptsOnly.items.map((h) => h.node.id)).toContain('contrastive-learning');
      expect(paged).toEqual({
        items: contrastive.items.slice(2, 4),
        start: 2,
        totalCount: contrastive.totalCount,
        countsByKind: contrastive.countsByKind,
      });
      const [nothing] = await s().search([{ text: 'zzzzqqqq', page: {} }]);
      expect(nothing.totalCount).toBe(0);
    });

    it('finds nodes of every explorable kind by name', async () => {
      const probes: [GraphNodeKind, string, string][] = [
        ['Paper', TRANSFORMER, 'attention is all you need'],
        ['Author', 'manzil-zaheer', 'manzil zaheer'],
        ['Venue', 'neurips-2020', 'NeurIPS 2020'],
        ['Topic', 'transformers-and-attention', 'transformers and attention'],
        ['Concept', 'self-attention', 'self-attention'],
      ];
      const pages = await s().search(probes.map(([kind, , text]) => ({ text, kinds: [kind], page: { first: 3 } })));
      probes.forEach(([kind, id], i) =>
        expect(
          pages[i].items.map((h) => keyText(h.node)),
          kind,
        ).toContain(`${kind}:${id}`),
      );
    });
  });
}

function aanContract(subject: Subject): void {
  const s = () => subject().store;
  const c = () => subject().corpus;
  const PENN_TREEBANK = 'J93-2004';

  it('has 18,041 papers and 82,898 citations; J93-2004 is the most cited, with 770 citers', async () => {
    const [all, top] = await s().findPapers([
      { page: { first: 0 } },
      { orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 1 } },
    ]);
    expect(all.totalCount).toBe(18_041);
    expect(top.items).toEqual([PENN_TREEBANK]);
    const stats = await s().paperStats(c().papers.map((p) => p.id));
    expect(stats.reduce((n, x) => n + x!.referenceCount, 0)).toBe(82_898);
    expect(stats.reduce((n, x) => n + x!.citationCount, 0)).toBe(82_898);
    const [penn] = await s().paperStats([PENN_TREEBANK]);
    expect(penn!.citationCount).toBe(770);
    const [paper] = await s().nodesByIds('Paper', [PENN_TREEBANK]);
    expect(paper!.title).toMatch(/Building a Large Annotated Corpus of English: The Penn Treebank/i);
  });

  it("walks J93-2004's 770 citers in pages of 100, each once, as the citation records list them", async () => {
    const links = await walk(
      (page) =>
        s()
          .citedByOf([PENN_TREEBANK], page)
          .then((p) => p[0]),
      100,
    );
    const citers = links.map((l) => l.paperId);
    expect(citers).toHaveLength(770);
    expect(new Set(citers)).toEqual(
      new Set(
        c()
          .citations.filter((x) => x.citedId === PENN_TREEBANK)
          .map((x) => x.citingId),
      ),
    );
  });

  it('answers a batch of many keys in key order', async () => {
    const ids = c()
      .papers.slice(0, 500)
      .map((p) => p.id)
      .reverse();
    const [records, refs] = [await s().nodesByIds('Paper', ids), await s().referencesOf(ids, { first: 1 })];
    expect(records.map((p) => p!.id)).toEqual(ids);
    const counts = countBy(c().citations.map((x) => x.citingId));
    refs.forEach((page, i) => expect(page.totalCount, ids[i]).toBe(counts.get(ids[i]) ?? 0));
  });

  it('neighbourhood at depth 2 around J93-2004 stops exactly at the limit; a path joins the two most cited early papers', async () => {
    const [ball] = await s().neighborhoods([
      { start: { kind: 'Paper', id: PENN_TREEBANK }, depth: 2, edgeTypes: ['CITES'], direction: 'BOTH', limit: 1500 },
    ]);
    expect(ball!.nodes).toHaveLength(1500);
    expect(ball!.truncated).toBe(true);
    expect(ball!.nodes[0]).toEqual({ kind: 'Paper', id: PENN_TREEBANK });
    expect(new Set(ball!.nodes.map(keyText)).size).toBe(1500);
    expectClosedSubgraph(ball!);

    const [early] = await s().findPapers([
      { filter: { year: { lte: 2000 } }, orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 2 } },
    ]);
    const [a, b] = early.items;
    const [path] = await s().paths([{ from: { kind: 'Paper', id: a }, to: { kind: 'Paper', id: b }, edgeTypes: ['CITES'], maxDepth: 4 }]);
    expect(path!.nodes[0].id).toBe(a);
    expect(path!.nodes.at(-1)!.id).toBe(b);
    const cites = new Set(c().citations.map((x) => `${x.citingId}|${x.citedId}`));
    for (const e of path!.edges) expect(cites.has(`${e.source.id}|${e.target.id}`)).toBe(true);
  });

  it('related papers of J93-2004: 20 for every method, scores descending, with evidence', async () => {
    const methods = ['CO_CITATION', 'BIBLIOGRAPHIC_COUPLING', 'SHARED_CONCEPTS', 'ADAMIC_ADAR', 'DIRECT_CITATION', 'HYBRID'] as const;
    const results = await s().relatedPapers(methods.map((method) => ({ paperId: PENN_TREEBANK, method, first: 20 })));
    results.forEach((related, i) => {
      expect(related, methods[i]).toHaveLength(20);
      expectDescending(related.map((r) => r.score));
      expect(related.map((r) => r.paperId)).not.toContain(PENN_TREEBANK);
    });
  });

  it('venues and authors as lists and by slug; facets count all papers', async () => {
    const [venues, authors] = [
      await s().findNamed('Venue', [{ page: { first: 1 } }]),
      await s().findNamed('Author', [{ page: { first: 1 } }]),
    ];
    expect(venues[0].totalCount).toBe(c().venues.length);
    expect(authors[0].totalCount).toBe(c().authors.length);
    const sample = c().venues.slice(0, 50);
    expect(
      await s().idsBySlugs(
        'Venue',
        sample.map((v) => v.slug),
      ),
    ).toEqual(sample.map((v) => v.id));
    const [facets] = await s().paperFacets([null]);
    expect(facets.byYear.reduce((n, b) => n + b.count, 0)).toBe(c().papers.filter((p) => p.year !== null).length);
    expect(new Map(facets.byVenue.map((b) => [b.value, b.count]))).toEqual(
      countBy(
        c()
          .papers.filter((p) => p.venueId)
          .map((p) => p.venueId!),
      ),
    );
  });

  it('search finds the Penn Treebank paper by its title', async () => {
    const [hits] = await s().search([{ text: 'penn treebank annotated corpus english', kinds: ['Paper'], page: { first: 5 } }]);
    expect(hits.items.map((h) => h.node.id)).toContain(PENN_TREEBANK);
  }, 60_000);
}

// The plain-way answers and checks the contract is measured against.

function countBy<K>(keys: K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function expectDescending(values: number[]): void {
  expect(values).toEqual([...values].sort((a, b) => b - a));
}

/** Every item of a list, fetched `size` at a time from the start, following `start + items.length`. */
async function walk<T>(fetch: (page: PageRequest) => Promise<Page<T>>, size: number): Promise<T[]> {
  const items: T[] = [];
  for (let after: number | null = null; ; ) {
    const page = await fetch({ first: size, after });
    expect(page.start).toBe(after === null ? 0 : after + 1);
    items.push(...page.items);
    if (page.start + page.items.length >= page.totalCount || page.items.length === 0) return items;
    after = page.start + page.items.length - 1;
  }
}

async function yearsOf(store: GraphStore, paperIds: string[]): Promise<number[]> {
  return (await store.nodesByIds('Paper', paperIds)).map((p) => p!.year ?? -Infinity);
}

function descendantsOf(corpus: Corpus, conceptId: string): string[] {
  return closure(conceptId, (id) => corpus.concepts.filter((x) => x.broaderIds.includes(id)).map((x) => x.id));
}

function ancestorsOf(corpus: Corpus, conceptId: string): string[] {
  return closure(conceptId, (id) => corpus.concepts.find((x) => x.id === id)?.broaderIds ?? []);
}

function closure(start: string, next: (id: string) => string[]): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) for (const n of next(queue.shift()!)) if (!seen.has(n) && n !== start) seen.add(n), queue.push(n);
  return [...seen];
}

const keyText = (key: NodeKey) => `${key.kind}:${key.id}`;
const edgeText = (e: Subgraph['edges'][number]) => `${e.type}|${keyText(e.source)}|${keyText(e.target)}`;
const edgeTexts = (g: Subgraph) => g.edges.map(edgeText);

/** Every edge of a corpus, in its natural direction, as "TYPE|Kind:id|Kind:id". */
function corpusEdges(corpus: Corpus): Set<string> {
  return new Set([
    ...corpus.citations.map((x) => `CITES|Paper:${x.citingId}|Paper:${x.citedId}`),
    ...corpus.paperConcepts.map((x) => `HAS_CONCEPT|Paper:${x.paperId}|Concept:${x.conceptId}`),
    ...corpus.concepts.flatMap((x) => x.broaderIds.map((b) => `BROADER|Concept:${x.id}|Concept:${b}`)),
    ...corpus.authorships.map((x) => `AUTHORED|Author:${x.authorId}|Paper:${x.paperId}`),
    ...corpus.paperTopics.map((x) => `IN_TOPIC|Paper:${x.paperId}|Topic:${x.topicId}`),
    ...corpus.papers.filter((p) => p.venueId).map((p) => `PUBLISHED_IN|Paper:${p.id}|Venue:${p.venueId}`),
  ]);
}

/** Nodes are distinct, every edge joins two of them, and no edge is listed twice. */
function expectClosedSubgraph(g: Subgraph): void {
  const nodes = new Set(g.nodes.map(keyText));
  expect(nodes.size).toBe(g.nodes.length);
  for (const e of g.edges) expect(nodes.has(keyText(e.source)) && nodes.has(keyText(e.target)), edgeText(e)).toBe(true);
  expect(new Set(edgeTexts(g)).size).toBe(g.edges.length);
}

// One consistent schema (issue 14, item 6, first half), on the curated corpus: `facets` on every
// paper list, counted over the same papers the list pages through; `paperCount` on named nodes,
// the number PAPER_COUNT sorts by and the totalCount of their papers; one year shape (YearCount,
// earliest first) for Concept.timeline and facets.timeline; enum values in SCREAMING_CASE; a key
// for each object a normalised cache stores, or the graphcache `keys` config the README gives,
// run through @urql/exchange-graphcache with no key warning.

import { readFileSync } from 'node:fs';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { getIntrospectionQuery, type GraphQLEnumType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { curatedApp, execute, query } from '../support/app.js';
import { curationHarness, data } from '../support/curation-app.js';
import { REPO_ROOT } from '../support/datasets.js';

const app = curatedApp();

type YearCount = { year: number; count: number };
type Listed = { totalCount: number; facets: { timeline: YearCount[] }; edges: { node: { year: number | null } }[] };

/** The years of a whole list, counted from its papers (every page fits in 100 on the corpus). */
function yearsOfPapers(list: Listed): YearCount[] {
  expect(list.edges.length).toBe(list.totalCount);
  const perYear = new Map<number, number>();
  for (const { node } of list.edges) if (node.year !== null) perYear.set(node.year, (perYear.get(node.year) ?? 0) + 1);
  return [...perYear].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
}

const LIST = 'totalCount facets { timeline { year count } } edges { node { year } }';

/** Every node of a root list, 25 a page (`selection` on each), after checking the pages add up to totalCount. */
async function everyNode(list: string, args: string, selection: string): Promise<any[]> {
  const nodes: any[] = [];
  for (let after: string | null = null; ; ) {
    const data: any = await query(
      app,
      `query ($after: String) { ${list}(first: 25, after: $after${args ? `, ${args}` : ''}) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
      { after },
    );
    nodes.push(...data[list].edges.map((e: { node: unknown }) => e.node));
    if (!data[list].pageInfo.hasNextPage) {
      expect(nodes.length).toBe(data[list].totalCount);
      return nodes;
    }
    after = data[list].pageInfo.endCursor;
  }
}

describe('facets on every paper list, over the papers the list holds', () => {
  it('a concept page is one root field: its papers with their facets', async () => {
    const { concept } = await query(
      app,
      `{ concept(slug: "transformer") { paperCount papers(first: 2) { totalCount facets {
          timeline { year count } byVenue(first: 2) { value count node { ... on Venue { slug } } } byTopic(first: 1) { value count } } } } }`,
    );
    expect(concept).toEqual({
      paperCount: 15,
      papers: {
        totalCount: 15,
        facets: {
          timeline: [
            { year: 2017, count: 1 },
            { year: 2018, count: 1 },
            { year: 2019, count: 3 },
            { year: 2020, count: 10 },
          ],
          byVenue: [
            { value: 'neurips-2020', count: 7, node: { slug: 'neurips-2020' } },
            { value: 'arxiv', count: 3, node: { slug: 'arxiv' } },
          ],
          byTopic: [{ value: 'transformers-and-attention', count: 13 }],
        },
      },
    });
  });

  it('facets follow the list: its where, its includeNarrower, every page', async () => {
    const { concept } = await query(
      app,
      `{ concept(slug: "transformer") {
          y2020: papers(first: 1, where: { year: { eq: 2020 } }) { ${LIST} }
          tree: papers(first: 100, where: { includeNarrower: true }) { ${LIST} }
          own: papers(first: 100) { ${LIST} } } }`,
    );
    expect(concept.y2020.totalCount).toBe(10);
    expect(concept.y2020.facets.timeline).toEqual([{ year: 2020, count: 10 }]);
    for (const list of [concept.tree, concept.own]) expect(list.facets.timeline).toEqual(yearsOfPapers(list));
    expect(concept.tree.totalCount).toBeGreaterThanOrEqual(concept.own.totalCount);
  });

  it("author, venue, topic, a paper's references and citers, a collection's entries: facets count the listed papers", async () => {
    // Twice: the first run is graphql-js', the second graphql-jit's (plugins/use-jit.ts).
    for (let run = 0; run < 2; run++) {
      const data = await query(
        app,
        `{
          authors(first: 5, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { name papers(first: 100) { ${LIST} } } } }
          venues(first: 3, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { papers(first: 100) { ${LIST} } } } }
          topics(first: 4) { edges { node { papers(first: 100) { ${LIST} } } } }
          paper(arxivId: "2006.07733") { references(first: 100) { ${LIST} } citedBy(first: 100) { ${LIST} } }
          collection(slug: "zeta-alpha-neurips-2020") { entries(first: 100) { totalCount facets { timeline { year count } byTopic { value count } }
            edges { node { paper { year topics { slug } } } } } }
          papers(first: 100, where: { venue: "neurips-2020" }) { ${LIST} }
        }`,
      );
      const lists: Listed[] = [
        ...data.authors.edges.map((e: { node: { papers: Listed } }) => e.node.papers),
        ...data.venues.edges.map((e: { node: { papers: Listed } }) => e.node.papers),
        ...data.topics.edges.map((e: { node: { papers: Listed } }) => e.node.papers),
        data.paper.references,
        data.paper.citedBy,
        data.papers,
      ];
      for (const list of lists) expect(list.facets.timeline).toEqual(yearsOfPapers(list));
      expect(data.authors.edges[0].node).toMatchObject({ name: 'Alec Radford', papers: { totalCount: 7 } });
      expect(data.paper.references.facets.timeline).toEqual([
        { year: 2016, count: 1 },
        { year: 2018, count: 1 },
        { year: 2020, count: 4 },
      ]);
      expect(data.paper.citedBy.facets.timeline).toEqual([{ year: 2020, count: 1 }]);

      const entries = data.collection.entries;
      expect(entries.totalCount).toBe(10);
      expect(entries.facets.timeline).toEqual([{ year: 2020, count: 10 }]);
      const perTopic = new Map<string, number>();
      for (const { node } of entries.edges) for (const t of node.paper.topics) perTopic.set(t.slug, (perTopic.get(t.slug) ?? 0) + 1);
      expect(Object.fromEntries(entries.facets.byTopic.map((b: { value: string; count: number }) => [b.value, b.count]))).toEqual(
        Object.fromEntries(perTopic),
      );
      expect(entries.facets.byTopic[0].count).toBe(4);
    }
  });

  it('facets of an empty list are empty', async () => {
    const { concept } = await query(
      app,
      '{ concept(slug: "transformer") { papers(where: { year: { eq: 1900 } }) { totalCount facets { timeline { year } byConcept { value } } } } }',
    );
    expect(concept.papers).toEqual({ totalCount: 0, facets: { timeline: [], byConcept: [] } });
  });
});

describe('paperCount: the number PAPER_COUNT sorts by and the totalCount of the papers', () => {
  const KINDS = [
    ['concepts', 'papers'],
    ['authors', 'papers'],
    ['venues', 'papers'],
    ['topics', 'papers'],
    ['collections', 'entries'],
  ] as const;

  it.each(KINDS)('%s: every node, sorted by PAPER_COUNT DESC', async (list, papers) => {
    const nodes = await everyNode(
      list,
      'orderBy: [{ field: PAPER_COUNT, direction: DESC }, { field: NAME }]',
      `paperCount ${papers}(first: 1) { totalCount }`,
    );
    for (const node of nodes) expect(node.paperCount).toBe(node[papers].totalCount);
    const counts = nodes.map((n: { paperCount: number }) => n.paperCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('the figures a frontend shows', async () => {
    const data = await query(
      app,
      `{ concept(slug: "attention") { paperCount } venue(slug: "neurips-2020") { paperCount }
         topic(slug: "transformers-and-attention") { paperCount } collection(slug: "zeta-alpha-neurips-2020") { paperCount }
         authors(first: 1, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { name paperCount } } } }`,
    );
    expect(data).toEqual({
      concept: { paperCount: 12 },
      venue: { paperCount: 20 },
      topic: { paperCount: 15 },
      collection: { paperCount: 10 },
      authors: { edges: [{ node: { name: 'Alec Radford', paperCount: 7 } }] },
    });
  });
});

describe('after a write, paperCount, the PAPER_COUNT order and facets follow the new version', () => {
  it('linking a paper to "attention" counts it at once, everywhere', async () => {
    const h = await curationHarness();
    try {
      const PAGE = `{ concept(slug: "attention") { id paperCount papers { totalCount facets { timeline { year count } } } }
        concepts(first: 100, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { slug paperCount } } }
        papers(first: 100) { edges { node { id year concepts(first: 50) { edges { node { slug } } } } } } }`;
      const before = await data(h.app, PAGE);
      const unlinked = before.papers.edges
        .map((e: any) => e.node)
        .find((p: any) => p.year !== null && !p.concepts.edges.some((c: any) => c.node.slug === 'attention'));
      expect(before.concept.paperCount).toBe(12);
      const linked = await data(
        h.app,
        'mutation L($input: LinkConceptInput!) { linkConcept(input: $input) { __typename } }',
        { input: { paperId: unlinked.id, conceptId: before.concept.id, role: 'USES', score: 0.5 } },
        h.key.curate,
      );
      expect(linked.linkConcept.__typename).toBe('LinkConceptPayload');
      const after = await data(h.app, PAGE);
      expect(after.concept.paperCount).toBe(13);
      expect(after.concept.papers.totalCount).toBe(13);
      const yearOf = (page: any) => page.concept.papers.facets.timeline.find((y: YearCount) => y.year === unlinked.year)?.count ?? 0;
      expect(yearOf(after)).toBe(yearOf(before) + 1);
      const ranked = after.concepts.edges.map((e: any) => e.node);
      expect(ranked.find((c: any) => c.slug === 'attention').paperCount).toBe(13);
      const counts = ranked.map((c: any) => c.paperCount);
      expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    } finally {
      await h.close();
    }
  });
});

describe('one year shape: YearCount, earliest first', () => {
  it("every concept's timeline is its papers' facets.timeline, with and without narrower concepts", async () => {
    const nodes = await everyNode(
      'concepts',
      '',
      'slug timeline { year count } papers(first: 1) { facets { timeline { year count } } } wide: timeline(includeNarrower: true) { year count } tree: papers(first: 1, where: { includeNarrower: true }) { facets { timeline { year count } } }',
    );
    let withYears = 0;
    for (const node of nodes) {
      expect(node.timeline, node.slug).toEqual(node.papers.facets.timeline);
      expect(node.wide, node.slug).toEqual(node.tree.facets.timeline);
      const years = node.timeline.map((y: YearCount) => y.year);
      expect(years).toEqual([...years].sort((a, b) => a - b));
      if (years.length > 1) withYears++;
    }
    expect(withYears).toBeGreaterThan(5);
  });

  it('the old byYear is deprecated, and the same counts latest first', async () => {
    const { papers } = await query(app, '{ papers { facets { timeline { year count } byYear(first: 100) { value count } } } }');
    expect(papers.facets.byYear).toEqual(
      [...papers.facets.timeline].reverse().map((y: YearCount) => ({ value: String(y.year), count: y.count })),
    );
    const byYear = schema.getType('PaperFacets') as unknown as { getFields(): Record<string, { deprecationReason?: string | null }> };
    expect(byYear.getFields().byYear.deprecationReason).toMatch(/Use `timeline`/);
    expect(byYear.getFields().timeline.deprecationReason).toBeFalsy();
  });
});

describe('enum values in SCREAMING_CASE', () => {
  it('every enum value a client is offered (deprecated ones aside) is SCREAMING_CASE; SearchableType is search’s', () => {
    const offenders: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!('getValues' in type) || type.name.startsWith('__') || type.name === 'SearchableType') continue;
      for (const value of (type as GraphQLEnumType).getValues())
        if (!value.deprecationReason && !/^[A-Z][A-Z0-9_]*$/.test(value.name)) offenders.push(`${type.name}.${value.name}`);
    }
    expect(offenders).toEqual([]);
  });

  it('NodeKind: PAPER and the old Paper name the same kind', () => {
    const kind = schema.getType('NodeKind') as GraphQLEnumType;
    expect(kind.getValue('PAPER')?.value).toBe('Paper');
    expect(kind.getValue('Paper')?.value).toBe('Paper');
    expect(kind.getValue('Paper')?.deprecationReason).toMatch(/Use PAPER/);
    expect(kind.serialize('Collection')).toBe('COLLECTION');
    const document = parse('subscription { graphChanged(kinds: [PAPER, Concept, COLLECTION]) { change { seq } } }');
    expect(validate(schema, document)).toEqual([]);
  });
});

describe('a key for every object a normalised cache stores', () => {
  const KEYED = `{
    paper(arxivId: "2006.07733") { id
      provenance { id source recordId }
      related(first: 3) { id score paper { id } evidence { id sharedReferenceCount } }
      coupling: related(first: 3, method: BIBLIOGRAPHIC_COUPLING) { id paper { id } }
    }
    collection(slug: "zeta-alpha-neurips-2020") { entries(first: 3) { edges { node { id rank paper { id } } } } }
  }`;

  it('RelatedPaper, RelatedEvidence, Provenance, CollectionEntry: ids that are stable and name one thing each', async () => {
    const first = await query(app, KEYED);
    const again = await query(app, KEYED);
    expect(again).toEqual(first);
    const related = first.paper.related;
    expect(related.length).toBe(3);
    const ids = [
      ...related.map((r: { id: string }) => r.id),
      ...related.map((r: { evidence: { id: string } }) => r.evidence.id),
      ...first.paper.coupling.map((r: { id: string }) => r.id),
      ...first.paper.provenance.map((p: { id: string }) => p.id),
      ...first.collection.entries.edges.map((e: { node: { id: string } }) => e.node.id),
    ];
    expect(new Set(ids).size).toBe(ids.length); // another method, another relatedness: another id
    // The same pair under another method keeps the pair in its id, not the method's.
    const shared = first.paper.coupling.find((c: { paper: { id: string } }) =>
      related.some((r: { paper: { id: string } }) => r.paper.id === c.paper.id),
    );
    expect(shared).toBeDefined();
    const decode = (id: string) => Buffer.from(id, 'base64').toString();
    expect(decode(related[0].id)).toMatch(/^RelatedPaper:grill2020bootstrap:HYBRID:/);
    expect(decode(first.collection.entries.edges[0].node.id)).toBe('CollectionEntry:zeta-alpha-neurips-2020:grill2020bootstrap');
    expect(decode(first.paper.provenance[0].id)).toBe('Provenance:curated:papers#grill2020bootstrap');
    // A cache key, not a node id: node(id:) does not hand it out as a node.
    const node = await execute(app, 'query ($id: ID!) { node(id: $id) { id } }', { id: related[0].id });
    expect(node.data?.node ?? null).toBeNull();
  });

  it("ExternalId and ConceptMapping: their `id` (another system's) is deprecated for `value` and `conceptId`", () => {
    const fieldsOf = (name: string) =>
      (schema.getType(name) as unknown as { getFields(): Record<string, { deprecationReason?: string | null }> }).getFields();
    for (const [type, replacement] of [
      ['ExternalId', 'value'],
      ['ConceptMapping', 'conceptId'],
    ]) {
      expect(fieldsOf(type).id.deprecationReason, type).toMatch(/normalised caches/);
      expect(fieldsOf(type)[replacement].deprecationReason ?? null, type).toBeNull();
    }
  });

  /** The `keys` block of the README's "One consistent schema" section, evaluated. */
  function readmeKeys(): Record<string, () => null> {
    const readme = readFileSync(`${REPO_ROOT}/README.md`, 'utf8');
    const block = readme.match(/```js\n\s*\/\/ graphcache keys for papergraph's embedded values\n([\s\S]*?)```/);
    expect(block, 'the README gives the graphcache keys').not.toBeNull();
    return new Function(`${block![1]}; return keys;`)();
  }

  /** A page of each object type of this part of the schema, as a frontend would ask. */
  const PAGES = [
    `query ConceptPage { concept(slug: "contrastive-learning") { id name paperCount externalIds { scheme url } mappings { scheme label match }
        provenance { id source } timeline { year count } cooccurring(first: 3) { count concept { id name } }
        papers(first: 5) { totalCount facets { timeline { year count } byConcept(first: 3) { value count node { id } } byTopic { count node { id } }
          byVenue { count node { id } } } edges { role score evidence { field text } provenance { id source } node { id title } } } } }`,
    `query PaperPage { paper(arxivId: "2006.07733") { id title provenance { id recordId }
        related(first: 5) { id score paper { id title } evidence { id sharedReferenceCount sharedConcepts(first: 3) { id name } } }
        references(first: 5) { totalCount facets { timeline { year count } } edges { provenance { id source } node { id title } } }
        citedBy(first: 5) { totalCount facets { byVenue { count node { id } } } edges { node { id } } } } }`,
    `query Lists { authors(first: 3, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { id name paperCount
          papers(first: 3) { facets { timeline { year count } } edges { position node { id } } } } } }
        venues(first: 3) { edges { node { id paperCount papers(first: 2) { facets { byTopic { count node { id } } } edges { node { id } } } } } }
        topics { edges { node { id paperCount } } }
        collections { edges { node { id paperCount entries(first: 5) { facets { timeline { year count } } edges { node { id rank why paper { id } section { id } } } } } } }
        papers(first: 2) { facets { timeline { year count } byYear { value count } } edges { node { id } } } }`,
  ];

  async function warningsOf(keys: Record<string, () => null> | undefined): Promise<string[]> {
    const introspection = await query(app, getIntrospectionQuery());
    const warnings: string[] = [];
    const client = new Client({
      url: 'http://papergraph.test/graphql',
      fetch: async (input, init) => app.fetch(String(input), init ?? {}),
      exchanges: [
        cacheExchange({ schema: introspection, keys, logger: (severity, message) => severity === 'warn' && warnings.push(message) }),
        fetchExchange,
      ],
    });
    for (const page of PAGES) {
      const result = await client.query(page, {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data).toBeTruthy();
    }
    return warnings;
  }
  const typesWarnedAbout = (warnings: string[]) =>
    [...new Set(warnings.flatMap((w) => [...w.matchAll(/custom `keys` config for `(\w+)`/g)].map((m) => m[1])))].sort();

  it('graphcache with the README keys: no key warning', async () => {
    const warnings = await warningsOf(readmeKeys());
    expect(typesWarnedAbout(warnings)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('graphcache without them names exactly the embedded values (the keys above are needed, the ids are enough)', async () => {
    // graphcache warns once per message in a process; the test above emitted none, so none is held back here.
    const warnings = await warningsOf(undefined);
    // (The curated corpus has no tagger evidence, external ids or mappings: those lists are empty here.)
    expect(typesWarnedAbout(warnings)).toEqual(['ConceptCooccurrence', 'FacetBucket', 'PaperFacets', 'YearCount']);
  });
});

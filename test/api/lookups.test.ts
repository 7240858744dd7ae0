// Root lookups (issue 14, item 6): `@oneOf` inputs (`paper(by: PaperLookup)`, …) with the old
// arguments deprecated; arXiv ids and DOIs in every form a user pastes (lookups and mutation
// inputs); slugs case-insensitive in lookups and filters; authors with slugs. On the curated
// corpus, and on the NeurIPS 2020 graph (listing + citation set over the curated corpus), where
// authors of one name were told apart by ingest's disambiguation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { toGlobalId } from '../../src/api/global-id.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { arxivCitationsImporter } from '../../src/ingest/arxiv-citations.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { neuripsImporter } from '../../src/ingest/neurips.js';
import { normalizeArxivId, normalizeDoi, parseArxivId, parseDoi, type Corpus } from '../../src/model/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { curatedApp, execute, query } from '../support/app.js';
import { curationHarness, data, type CurationHarness } from '../support/curation-app.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const app = curatedApp();

const BYOL = 'Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning';
const LSTM_DOI = '10.1162/neco.1997.9.8.1735';
const badInput = (message: string, path: string[]) => ({ message, path, extensions: { code: 'BAD_USER_INPUT' } });
const withoutLocations = (errors: { message: string; locations?: unknown }[] | undefined) =>
  errors?.map(({ locations: _, ...rest }) => rest);

describe('identifiers in every form', () => {
  it('arXiv ids: bare, versioned, arXiv: prefixed, abs/ and pdf/ URLs over http and https, old-style', () => {
    for (const form of [
      '2006.07733',
      '2006.07733v2',
      'arXiv:2006.07733',
      'arxiv: 2006.07733v1',
      'https://arxiv.org/abs/2006.07733',
      'http://arxiv.org/abs/2006.07733v3',
      'https://arxiv.org/pdf/2006.07733',
      'https://arxiv.org/pdf/2006.07733v1.pdf',
      'https://www.arxiv.org/abs/2006.07733/',
      ' arxiv.org/abs/2006.07733?context=cs ',
      'http://export.arxiv.org/abs/2006.07733v2#x',
    ]) {
      expect(normalizeArxivId(form), form).toBe('2006.07733');
    }
    expect(parseArxivId('https://arxiv.org/abs/2006.07733v2')).toEqual({ id: '2006.07733', version: 'v2' });
    expect(parseArxivId('https://arxiv.org/abs/cs.CL/0102031v1')).toEqual({ id: 'cs.CL/0102031', version: 'v1' });
    expect(normalizeArxivId('arXiv:cs.CL/0102031')).toBe('cs.cl/0102031');
    for (const notOne of ['', 'BYOL', '2006.077', 'https://example.org/abs/2006.07733', 'https://arxiv.org/list/cs.LG/recent']) {
      expect(parseArxivId(notOne), notOne).toBeNull();
    }
  });

  it('DOIs: bare, doi: prefixed, doi.org URLs (dx., http, escaped), any case', () => {
    for (const form of [
      LSTM_DOI,
      '10.1162/NECO.1997.9.8.1735',
      'doi:10.1162/neco.1997.9.8.1735',
      'DOI: 10.1162/neco.1997.9.8.1735',
      'https://doi.org/10.1162/neco.1997.9.8.1735',
      'http://dx.doi.org/10.1162/NECO.1997.9.8.1735',
      'https://doi.org/10.1162%2Fneco.1997.9.8.1735',
      'doi.org/10.1162/neco.1997.9.8.1735',
    ]) {
      expect(normalizeDoi(form), form).toBe(LSTM_DOI);
    }
    expect(parseDoi('https://doi.org/10.1162/NECO.1997.9.8.1735')).toBe('10.1162/NECO.1997.9.8.1735');
    expect(parseDoi('not a doi')).toBeNull();
  });
});

describe('paper(by: PaperLookup)', () => {
  it('finds BYOL by its arXiv id in every form, and by the deprecated argument given a URL (null before)', async () => {
    const forms = ['2006.07733v2', 'arXiv:2006.07733', 'https://arxiv.org/abs/2006.07733', 'http://arxiv.org/pdf/2006.07733v1.pdf'];
    const text = `query($a: String!, $b: String!, $c: String!, $d: String!) {
      a: paper(by: { arxivId: $a }) { title arxivId }
      b: paper(by: { arxivId: $b }) { title }
      c: paper(by: { arxivId: $c }) { title }
      d: paper(by: { arxivId: $d }) { title }
      old: paper(arxivId: "https://arxiv.org/abs/2006.07733") { title }
    }`;
    // Twice: graphql-js runs the first, graphql-jit the second (plugins/use-jit.ts).
    for (let run = 0; run < 2; run++) {
      const result = await query(app, text, { a: forms[0], b: forms[1], c: forms[2], d: forms[3] });
      expect(result).toEqual({
        a: { title: BYOL, arxivId: '2006.07733' },
        b: { title: BYOL },
        c: { title: BYOL },
        d: { title: BYOL },
        old: { title: BYOL },
      });
    }
  });

  it('finds a paper by DOI as a URL, with doi:, in capitals; by global id; null for ids no paper has', async () => {
    const result = await query(
      app,
      `{
        url: paper(by: { doi: "https://doi.org/10.1162/NECO.1997.9.8.1735" }) { id doi }
        prefixed: paper(by: { doi: "doi:10.1162/neco.1997.9.8.1735" }) { id }
        byId: paper(by: { id: "${toGlobalId('Paper', 'grill2020bootstrap')}" }) { title }
        noArxiv: paper(by: { arxivId: "https://arxiv.org/abs/9912.99999" }) { id }
        noDoi: paper(by: { doi: "10.0000/none" }) { id }
      }`,
    );
    expect(result).toEqual({
      url: { id: toGlobalId('Paper', 'hochreiter1997long'), doi: '10.1162/neco.1997.9.8.1735' },
      prefixed: { id: toGlobalId('Paper', 'hochreiter1997long') },
      byId: { title: BYOL },
      noArxiv: null,
      noDoi: null,
    });
  });

  it('something that is no arXiv id or DOI is an error on that field alone', async () => {
    const result = await execute(
      app,
      `{
        bad: paper(by: { arxivId: "BYOL" }) { id }
        badDoi: paper(by: { doi: "byol" }) { id }
        good: paper(by: { arxivId: "2006.07733" }) { title }
        old: paper(arxivId: "BYOL") { id }
      }`,
    );
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ bad: null, badDoi: null, good: { title: BYOL }, old: null });
    expect(withoutLocations(result.errors)).toEqual([
      badInput(
        'paper: "BYOL" is not an arXiv id (such as 2006.07733, 2006.07733v2, arXiv:2006.07733, https://arxiv.org/abs/2006.07733 or https://arxiv.org/pdf/2006.07733v1)',
        ['bad'],
      ),
      badInput('paper: "byol" is not a DOI (such as 10.1162/neco.1997.9.8.1735 or https://doi.org/10.1162/neco.1997.9.8.1735)', ['badDoi']),
    ]);
  });

  it('@oneOf: two keys in a literal fail validation; in variables they fail on graphql-js and on graphql-jit', async () => {
    const literal = await execute(app, '{ paper(by: { arxivId: "2006.07733", doi: "10.1162/neco.1997.9.8.1735" }) { id } }');
    expect(literal.status).toBe(400);
    expect(literal.data).toBeUndefined();
    expect(literal.errors?.map((e) => e.message)).toEqual(['OneOf Input Object "PaperLookup" must specify exactly one key.']);

    const empty = await execute(app, '{ paper(by: {}) { id } }');
    expect(empty.status).toBe(400);
    expect(empty.errors?.map((e) => e.message)).toEqual(['OneOf Input Object "PaperLookup" must specify exactly one key.']);

    const text = 'query Two($by: PaperLookup!) { paper(by: $by) { id } topics { totalCount } }';
    for (let run = 0; run < 3; run++) {
      const result = await execute(app, text, { by: { arxivId: '2006.07733', doi: LSTM_DOI } });
      expect(result.data?.paper ?? null, `run ${run}`).toBeNull();
      expect(result.errors?.[0].message, `run ${run}`).toMatch(/exactly one/i);
    }
  });

  it('an undefined variable in a @oneOf input is a validation error (graphql 16.11 threw on it: plugins/use-one-of-guard.ts)', async () => {
    const undefinedVariable = await execute(app, '{ paper(by: { id: $nowhere }) { id } }');
    expect(undefinedVariable.status).toBe(400);
    expect(undefinedVariable.errors?.map((e) => e.message)).toEqual(['Variable "$nowhere" is not defined.']);
    // A fragment before the operation that defines its variable is valid: it runs.
    const text = `fragment P on Query { paper(by: { arxivId: $a }) { title } }
      query Q($a: String!) { ...P }`;
    for (let run = 0; run < 2; run++) {
      const result = await execute(app, text, { a: 'https://arxiv.org/abs/2006.07733' });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ paper: { title: BYOL } });
    }
    // The guarded rule still checks the rest: a fragment with a bad literal beside the variable.
    const bad = await execute(
      app,
      `fragment P on Query { paper(by: { arxivId: $a }) { title } concept(by: { slug: 5 }) { id } }
      query Q($a: String!) { ...P }`,
      { a: '2006.07733' },
    );
    expect(bad.status).toBe(400);
    expect(bad.errors?.map((e) => e.message)).toEqual(['String cannot represent a non string value: 5']);
  });

  it('by and a deprecated argument together, or nothing at all, is an error on the field', async () => {
    const result = await execute(
      app,
      '{ both: paper(by: { arxivId: "2006.07733" }, doi: "x") { id } none: paper { id } topics { totalCount } }',
    );
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ both: null, none: null, topics: { totalCount: 4 } });
    expect(withoutLocations(result.errors)).toEqual([
      badInput('paper: give "by" alone, not with the deprecated "doi"', ['both']),
      badInput('paper: give "by" with exactly one of "id", "arxivId", "doi"', ['none']),
    ]);
  });

  it('the old arguments are deprecated in the schema, pointing at by', async () => {
    const result = await query(
      app,
      `{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }`,
    );
    const args = (field: string) => result.__type.fields.find((f: { name: string }) => f.name === field).args;
    expect(args('paper').map((a: { name: string; isDeprecated: boolean }) => [a.name, a.isDeprecated])).toEqual([
      ['by', false],
      ['id', true],
      ['arxivId', true],
      ['doi', true],
    ]);
    for (const field of ['concept', 'topic', 'venue', 'collection']) {
      expect(args(field).map((a: { name: string; isDeprecated: boolean }) => [a.name, a.isDeprecated])).toEqual([
        ['by', false],
        ['id', true],
        ['slug', true],
      ]);
    }
    expect(args('author').map((a: { name: string; isDeprecated: boolean }) => [a.name, a.isDeprecated])).toEqual([
      ['by', false],
      ['id', true],
    ]);
    expect(args('paper')[1].deprecationReason).toBe('Use by: { id } (a @oneOf input); this argument goes in the next release.');
  });
});

describe('slugs are case-insensitive', () => {
  it('in every slugged lookup, with by and with the deprecated slug argument', async () => {
    const result = await query(
      app,
      `{
        concept(by: { slug: "Contrastive-Learning" }) { slug }
        topic(by: { slug: "TRANSFORMERS-AND-ATTENTION" }) { slug }
        venue(by: { slug: "NeurIPS-2020" }) { slug }
        collection(by: { slug: " Zeta-Alpha-NeurIPS-2020 " }) { slug }
        author(by: { slug: "Ashish-Vaswani" }) { slug name }
        old: concept(slug: "Sparse-Attention") { slug }
        none: concept(by: { slug: "No-Such-Concept" }) { slug }
      }`,
    );
    expect(result).toEqual({
      concept: { slug: 'contrastive-learning' },
      topic: { slug: 'transformers-and-attention' },
      venue: { slug: 'neurips-2020' },
      collection: { slug: 'zeta-alpha-neurips-2020' },
      author: { slug: 'ashish-vaswani', name: 'Ashish Vaswani' },
      old: { slug: 'sparse-attention' },
      none: null,
    });
  });

  it('in the filters that take slugs: the same papers whatever the case', async () => {
    const text = `query($concept: String!, $venue: String!, $topic: String!) {
      byConcept: papers(where: { concept: $concept }) { totalCount }
      byVenue: papers(where: { venue: $venue }) { totalCount }
      byTopic: papers(where: { topic: $topic }) { totalCount }
    }`;
    const lower = await query(app, text, { concept: 'sparse-attention', venue: 'neurips-2020', topic: 'semi-and-self-supervision' });
    const mixed = await query(app, text, { concept: 'Sparse-Attention', venue: 'NEURIPS-2020', topic: 'Semi-And-Self-Supervision' });
    expect(lower.byConcept.totalCount).toBe(7);
    expect(lower.byVenue.totalCount).toBeGreaterThan(5);
    expect(lower.byTopic.totalCount).toBeGreaterThan(0);
    expect(mixed).toEqual(lower);
  });
});

describe('authors have slugs', () => {
  it('every curated author has a unique slug that finds it; the name slug ("aidan-n-gomez" for Aidan N. Gomez)', async () => {
    const authors: { id: string; name: string; slug: string }[] = [];
    let after: string | null = null;
    do {
      const page: any = await query(
        app,
        'query($after: String) { authors(first: 100, after: $after) { edges { node { id name slug } } pageInfo { hasNextPage endCursor } } }',
        {
          after,
        },
      );
      authors.push(...page.authors.edges.map((e: { node: (typeof authors)[number] }) => e.node));
      after = page.authors.pageInfo.hasNextPage ? page.authors.pageInfo.endCursor : null;
    } while (after);
    expect(authors.length).toBe(247);
    expect(new Set(authors.map((a) => a.slug)).size).toBe(247);
    expect(authors.find((a) => a.name === 'Aidan N. Gomez')?.slug).toBe('aidan-n-gomez');
    for (const a of authors) expect(a.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const sample = authors.filter((_, k) => k % 20 === 0);
    const found = await query(
      app,
      `{ ${sample.map((a, k) => `a${k}: author(by: { slug: "${a.slug.toUpperCase()}" }) { id }`).join(' ')} }`,
    );
    expect(sample.map((_, k) => found[`a${k}`]?.id)).toEqual(sample.map((a) => a.id));
  });

  it('author(by: { slug }), its papers, and papers(where: { author }) by slug, global id or local id', async () => {
    const result = await query(
      app,
      `{
        author(by: { slug: "ashish-vaswani" }) { id name slug papers { totalCount } }
        bySlug: papers(where: { author: "Ashish-Vaswani" }) { totalCount edges { node { title } } }
        byLocal: papers(where: { author: "ashish-vaswani" }) { totalCount }
        old: author(id: "${toGlobalId('Author', 'ashish-vaswani')}") { slug }
      }`,
    );
    expect(result.author).toEqual({
      id: toGlobalId('Author', 'ashish-vaswani'),
      name: 'Ashish Vaswani',
      slug: 'ashish-vaswani',
      papers: { totalCount: 1 },
    });
    expect(result.bySlug.totalCount).toBe(1);
    expect(result.bySlug.edges[0].node.title).toBe('Attention Is All You Need');
    expect(result.byLocal.totalCount).toBe(1);
    expect(result.old).toEqual({ slug: 'ashish-vaswani' });
  });

  it('the error for an unknown author asks for what authors have: a slug or a global id', async () => {
    const result = await execute(app, '{ papers(where: { author: "nobody-at-all" }) { totalCount } topics { totalCount } }');
    expect(result.data).toEqual({ papers: null, topics: { totalCount: 4 } });
    expect(withoutLocations(result.errors)).toEqual([
      badInput('Unknown author "nobody-at-all": give its slug or its global id', ['papers']),
    ]);
  });
});

describe('mutation inputs take arXiv ids and DOIs in every form', () => {
  let h: CurationHarness;
  beforeAll(async () => {
    h = await curationHarness();
  });
  afterAll(() => h.close());

  it('addPaper with an arXiv abs URL and a doi.org URL stores them bare; every form finds the paper', async () => {
    const added = await data(
      h.app,
      `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename ... on AddPaperPayload { paper { id arxivId doi } } ... on UserError { message } } }`,
      {
        input: {
          title: 'A paper pasted from arXiv',
          arxivId: 'https://arxiv.org/abs/2101.00001v2',
          doi: 'https://doi.org/10.5555/Pasted.1',
        },
      },
      h.key.curate,
    );
    expect(added.addPaper).toEqual({
      __typename: 'AddPaperPayload',
      paper: { id: expect.any(String), arxivId: '2101.00001v2', doi: '10.5555/Pasted.1' },
    });
    const found = await data(
      h.app,
      `{
        a: paper(by: { arxivId: "arXiv:2101.00001" }) { id }
        b: paper(by: { arxivId: "https://arxiv.org/pdf/2101.00001v1.pdf" }) { id }
        c: paper(by: { doi: "doi:10.5555/pasted.1" }) { id }
      }`,
    );
    expect(found).toEqual({ a: { id: added.addPaper.paper.id }, b: { id: added.addPaper.paper.id }, c: { id: added.addPaper.paper.id } });

    const clash = await data(
      h.app,
      `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename ... on UserError { message } } }`,
      { input: { title: 'BYOL again', arxivId: 'https://arxiv.org/abs/2006.07733v3' } },
      h.key.curate,
    );
    expect(clash.addPaper).toEqual({
      __typename: 'ConflictError',
      message: 'paper "grill2020bootstrap" has arXiv id 2006.07733v3 already',
    });

    const bad = await data(
      h.app,
      `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename ... on UserError { message } } }`,
      { input: { title: 'Not from arXiv', arxivId: 'https://example.org/abs/2006.07733' } },
      h.key.curate,
    );
    expect(bad.addPaper.__typename).toBe('InvalidInputError');
    expect(bad.addPaper.message).toMatch(/is not an arXiv id/);
  });

  it('an author added with a paper gets a slug of its own; the authors before it keep theirs', async () => {
    const added = await data(
      h.app,
      `mutation($input: AddPaperInput!) { addPaper(input: $input) { ... on AddPaperPayload { paper { authors { edges { node { id name slug } } } } } } }`,
      { input: { title: 'Another paper by another Ashish Vaswani', authors: [{ name: 'Ashish Vaswani' }, { name: 'Zelda Newcomer' }] } },
      h.key.curate,
    );
    const [namesake, newcomer] = added.addPaper.paper.authors.edges.map((e: { node: unknown }) => e.node);
    expect(namesake).toMatchObject({ name: 'Ashish Vaswani', slug: 'ashish-vaswani-2' });
    expect(newcomer).toMatchObject({ name: 'Zelda Newcomer', slug: 'zelda-newcomer' });
    const found = await data(
      h.app,
      `{
        first: author(by: { slug: "ashish-vaswani" }) { id slug }
        second: author(by: { slug: "Ashish-Vaswani-2" }) { id }
        newcomer: author(by: { slug: "zelda-newcomer" }) { id }
      }`,
    );
    expect(found).toEqual({
      first: { id: toGlobalId('Author', 'ashish-vaswani'), slug: 'ashish-vaswani' },
      second: { id: namesake.id },
      newcomer: { id: newcomer.id },
    });
  });
});

describeDataset(
  'lookups on the NeurIPS 2020 graph',
  [
    'neurips-2020/papers.jsonl',
    'neurips-2020-abstracts/abstracts.jsonl',
    'neurips-icml-citations/papers.csv',
    'neurips-icml-citations/citations.csv',
  ],
  () => {
    let corpus: Corpus;
    let store: MemoryStore;
    let neurips: PapergraphApp;

    beforeAll(async () => {
      const listing = await neuripsImporter.read(
        [datasetPath('neurips-2020/papers.jsonl'), datasetPath('neurips-2020-abstracts/abstracts.jsonl')],
        {},
      );
      const citations = await arxivCitationsImporter.read(
        [datasetPath('neurips-icml-citations/papers.csv'), datasetPath('neurips-icml-citations/citations.csv')],
        {},
      );
      corpus = mergeBatches(loadCuratedCorpus(CURATED_DATA_DIR), [listing, citations]).corpus;
      store = new MemoryStore(new KnowledgeGraph(corpus));
      neurips = createApp({ store, graphiql: false });
    }, 180_000);

    it('every author has a unique slug that finds it; people ingest told apart get -2', async () => {
      const ids = corpus.authors.map((a) => a.id);
      expect(ids.length).toBeGreaterThan(6000);
      const slugs = (await store.authorSlugs(ids)) as string[];
      expect(new Set(slugs).size).toBe(ids.length);
      expect(await store.idsBySlugs('Author', slugs)).toEqual(ids);
      // Two people named Ye Yuan, told apart by affiliation when the listing was read.
      const yeYuan = await query(
        neurips,
        `{ a: author(by: { slug: "ye-yuan" }) { id affiliations } b: author(by: { slug: "Ye-Yuan-2" }) { id slug affiliations } }`,
      );
      expect(yeYuan.b).toEqual({
        id: toGlobalId('Author', 'neurips-2020:author:ye-yuan-2'),
        slug: 'ye-yuan-2',
        affiliations: ['Carnegie Mellon University'],
      });
      expect(yeYuan.a.id).toBe(toGlobalId('Author', 'neurips-2020:author:ye-yuan'));
      // The curated Jian Tang and the listing's (not merged: nothing said they are one) are jian-tang and jian-tang-2.
      const jianTang = await query(
        neurips,
        '{ a: author(by: { slug: "jian-tang" }) { id } b: author(by: { slug: "jian-tang-2" }) { id } }',
      );
      expect(jianTang).toEqual({
        a: { id: toGlobalId('Author', 'jian-tang') },
        b: { id: toGlobalId('Author', 'neurips-2020:author:jian-tang') },
      });
    });

    it('papers by arXiv id in URL forms: the same paper as the bare id, for every paper that has one', async () => {
      const papers = corpus.papers.filter((p) => p.arxivId);
      expect(papers.length).toBeGreaterThan(6000);
      const ids = papers.map((p) => p.id);
      expect(await store.paperIdsByArxivIds(papers.map((p) => p.arxivId!))).toEqual(ids);
      for (const form of [
        (a: string) => `https://arxiv.org/abs/${a}`,
        (a: string) => `http://arxiv.org/pdf/${a}v1.pdf`,
        (a: string) => `arXiv:${a}v2`,
      ]) {
        expect(await store.paperIdsByArxivIds(papers.map((p) => form(p.arxivId!)))).toEqual(ids);
      }
      const sample = papers.slice(0, 5);
      const result = await query(
        neurips,
        `{ ${sample.map((p, k) => `p${k}: paper(by: { arxivId: "https://arxiv.org/abs/${p.arxivId}v1" }) { id title }`).join(' ')} }`,
      );
      expect(sample.map((_, k) => result[`p${k}`])).toEqual(sample.map((p) => ({ id: toGlobalId('Paper', p.id), title: p.title })));
    });

    it('every slug the graph holds is lowercase, so lowercasing the slug asked for finds any of them', () => {
      for (const table of [corpus.venues, corpus.topics, corpus.concepts, corpus.collections]) {
        expect(table.filter((r) => r.slug !== r.slug.toLowerCase())).toEqual([]);
      }
    });
  },
);

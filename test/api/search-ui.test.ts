// Search for a UI (issue 14, item 7) on the curated corpus: exact and prefix names above partial
// matches, identifiers (arXiv id, DOI) in the search box, names from the first letter, highlights,
// counts per kind, a result type of exactly the kinds search returns, SCREAMING_CASE kinds; and a
// write through the curation seen by the next search (renamed concept → exact match).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curatedApp, execute } from '../support/app.js';
import { conceptId, curationHarness, data, paperId, type CurationHarness } from '../support/curation-app.js';
import { highlightOf } from '../../src/api/types/search.js';

const app = curatedApp();

const SEARCH = `query S($q: String!, $types: [SearchableType!], $first: Int) {
  search(query: $q, types: $types, first: $first) {
    totalCount
    countsByType { type count }
    edges {
      score match
      highlights { field snippet ranges { start end } }
      node { __typename id ... on Paper { title } ... on Concept { name paperCount: papers { totalCount } } ... on Topic { name } ... on Author { name } ... on Venue { name } } }
  }
}`;

interface Edge {
  score: number;
  match: string;
  highlights: { field: string; snippet: string; ranges: { start: number; end: number }[] }[];
  node: { __typename: string; id: string; title?: string; name?: string; paperCount?: { totalCount: number } };
}
interface Answer {
  totalCount: number;
  countsByType: { type: string; count: number }[];
  edges: Edge[];
}

async function search(q: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const result = await execute(app, SEARCH, { q, first: 20, ...variables });
  expect(result.errors).toBeUndefined();
  const ids = result.data.search.edges.map((e: Edge) => e.node.id);
  expect(new Set(ids).size, `each hit once for ${q}`).toBe(ids.length);
  return result.data.search;
}

const label = (e: Edge) => `${e.node.__typename}:${e.node.title ?? e.node.name}`;
/** The matched words of each highlight, as the snippet spells them. */
const marked = (e: Edge) => e.highlights.map((h) => [h.field, h.ranges.map((r) => h.snippet.slice(r.start, r.end))]);
const expectDescending = (xs: number[]) => xs.forEach((x, i) => i && expect(x).toBeLessThanOrEqual(xs[i - 1]));

const BIG_BIRD = paperId('zaheer2020big');
const LSTM_DOI = '10.1162/neco.1997.9.8.1735';

describe('exact and prefix names first', () => {
  it('"attention": the concept Attention, then the paper whose title starts with it, then Sparse attention and the rest', async () => {
    const { edges } = await search('attention');
    expect(edges.slice(0, 3).map((e) => [label(e), e.match])).toEqual([
      ['Concept:Attention', 'EXACT_NAME'],
      ['Paper:Attention Is All You Need', 'NAME_PREFIX'],
      ['Concept:Sparse attention', 'TEXT'],
    ]);
    expect(edges.slice(2).every((e) => e.match === 'TEXT')).toBe(true);
    expectDescending(edges.map((e) => e.score));
  });

  it('a paper titled exactly the query comes first, case and punctuation aside', async () => {
    for (const q of ['attention is all you need', 'Attention Is All You Need.', 'ATTENTION — is all you need']) {
      const [first, second] = (await search(q)).edges;
      expect([label(first), first.match], q).toEqual(['Paper:Attention Is All You Need', 'EXACT_NAME']);
      expect(second.match).toBe('TEXT');
    }
  });

  it('an alias is a name: "BigBird" is an exact name of Big Bird', async () => {
    const [first] = (await search('bigbird')).edges;
    expect([first.node.id, first.match]).toEqual([BIG_BIRD, 'EXACT_NAME']);
    expect(marked(first)).toContainEqual(['aliases', ['BigBird']]);
  });
});

describe('identifiers in the search box', () => {
  it('an arXiv id, bare, with prefix or version, or as an abs/ or pdf/ URL, finds its paper first', async () => {
    for (const q of [
      '2007.14062',
      'arXiv:2007.14062v2',
      'https://arxiv.org/abs/2007.14062',
      'http://arxiv.org/pdf/2007.14062v1.pdf',
      'arxiv.org/abs/2007.14062v2',
    ]) {
      const { edges } = await search(q);
      expect([edges[0].node.id, edges[0].match], q).toEqual([BIG_BIRD, 'IDENTIFIER']);
      expect(edges[0].highlights[0]).toEqual({ field: 'arxivId', snippet: '2007.14062', ranges: [{ start: 0, end: 10 }] });
      expectDescending(edges.map((e) => e.score));
    }
  });

  it('a DOI, bare, with doi: or as a doi.org URL, any case, finds its paper first', async () => {
    for (const q of [LSTM_DOI, `doi:${LSTM_DOI}`, `https://doi.org/${LSTM_DOI.toUpperCase()}`, `https://dx.doi.org/${LSTM_DOI}`]) {
      const [first] = (await search(q)).edges;
      expect([first.node.title, first.match], q).toEqual(['Long Short-Term Memory', 'IDENTIFIER']);
      expect(first.highlights[0]).toMatchObject({ field: 'doi', snippet: LSTM_DOI });
    }
  });

  it('an identifier of no paper is an ordinary query', async () => {
    const { edges } = await search('2999.99999');
    expect(edges.every((e) => e.match !== 'IDENTIFIER')).toBe(true);
  });
});

describe('from the first letter', () => {
  it('one letter: concepts and topics whose name or an alias starts with it, most papers first, before any text match', async () => {
    const { edges } = await search('a', { first: 100 });
    const named = edges.filter((e) => e.match === 'NAME_PREFIX' || e.match === 'EXACT_NAME');
    expect(named.length).toBeGreaterThan(3);
    expect(edges.slice(0, named.length)).toEqual(named);
    expect(named.every((e) => e.node.__typename === 'Concept' || e.node.__typename === 'Topic')).toBe(true);
    // Attention (12 papers) leads; every one of them has a name or alias word starting with "a", marked.
    expect(label(named[0])).toBe('Concept:Attention');
    for (const e of named)
      expect(
        marked(e)
          .flatMap(([, words]) => words as string[])
          .some((w) => /^a/i.test(w)),
        label(e),
      ).toBe(true);
    const concepts = named.filter((e) => e.node.paperCount).map((e) => e.node.paperCount!.totalCount);
    expect(concepts).toEqual([...concepts].sort((x, y) => y - x));
  });

  it('two letters: "sp" is Sparse attention; "at" puts Attention first', async () => {
    const sp = await search('sp');
    expect(sp.edges.map((e) => [label(e), e.match])).toEqual([['Concept:Sparse attention', 'NAME_PREFIX']]);
    expect(marked(sp.edges[0])[0]).toEqual(['name', ['Sparse']]);
    const at = await search('at');
    expect([label(at.edges[0]), at.edges[0].match]).toEqual(['Concept:Attention', 'NAME_PREFIX']);
    expect(at.edges.slice(1).every((e) => e.match === 'TEXT')).toBe(true);
  });

  it('papers match by prefix from three letters: "att" finds "Attention Is All You Need" as a name prefix', async () => {
    const { edges } = await search('att');
    expect(edges.slice(0, 2).map((e) => [label(e), e.match])).toEqual([
      ['Concept:Attention', 'NAME_PREFIX'],
      ['Paper:Attention Is All You Need', 'NAME_PREFIX'],
    ]);
  });
});

describe('highlights', () => {
  it('each matched field with its matched words, prefix and typo forms included', async () => {
    const [concept] = (await search('contrastiv lerning')).edges;
    expect(label(concept)).toBe('Concept:Contrastive learning');
    expect(marked(concept)[0]).toEqual(['name', ['Contrastive', 'learning']]);
    const byTitle = (await search('hard negative mixing')).edges[0];
    expect(label(byTitle)).toBe('Paper:Hard Negative Mixing for Contrastive Learning');
    expect(marked(byTitle)[0]).toEqual(['title', ['Hard', 'Negative', 'Mixing']]);
  });

  it('a long text is cut around its first match, with "…" where cut, ranges inside the snippet', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(10)}We study contrastive learning of views. ${'Sed do eiusmod tempor. '.repeat(10)}`;
    const h = highlightOf('abstract', text, new Set(['contrastive', 'views']))!;
    expect(h.snippet.startsWith('…')).toBe(true);
    expect(h.snippet.endsWith('…')).toBe(true);
    expect(h.snippet.length).toBeLessThanOrEqual(165);
    expect(h.ranges.map((r) => h.snippet.slice(r.start, r.end))).toEqual(['contrastive', 'views']);
    expect(highlightOf('abstract', text, new Set(['absent']))).toBeNull();
  });
});

describe('counts per kind and the kinds asked', () => {
  it('countsByType counts every kind whatever `types` asks; totalCount the kinds asked', async () => {
    const all = await search('attention');
    const concepts = await search('attention', { types: ['CONCEPT'] });
    const counts = Object.fromEntries(all.countsByType.map((c) => [c.type, c.count]));
    expect(all.countsByType.map((c) => c.type)).toEqual(['PAPER', 'CONCEPT', 'TOPIC', 'AUTHOR', 'VENUE']);
    expect(counts).toEqual({ PAPER: 12, CONCEPT: 5, TOPIC: 1, AUTHOR: 0, VENUE: 0 });
    expect(all.totalCount).toBe(18);
    expect(concepts.countsByType).toEqual(all.countsByType);
    expect(concepts.totalCount).toBe(5);
    expect(concepts.edges.map(label)).toEqual(all.edges.filter((e) => e.node.__typename === 'Concept').map(label));
  });

  it('the PascalCase kinds of before still work, deprecated', async () => {
    const old = await search('attention', { types: ['Concept', 'Topic'] });
    const now = await search('attention', { types: ['CONCEPT', 'TOPIC'] });
    expect(old).toEqual(now);
    expect(now.totalCount).toBe(6);
    const schema = await execute(app, '{ __type(name: "SearchableType") { enumValues(includeDeprecated: true) { name isDeprecated } } }');
    expect(
      schema.data.__type.enumValues.filter((v: { isDeprecated: boolean }) => !v.isDeprecated).map((v: { name: string }) => v.name),
    ).toEqual(['PAPER', 'CONCEPT', 'TOPIC', 'AUTHOR', 'VENUE']);
  });
});

describe('the result type', () => {
  it('SearchResult is implemented by exactly the five kinds search returns (no Collection); node { id } still works', async () => {
    const schema = await execute(app, '{ __type(name: "SearchResult") { kind possibleTypes { name } interfaces { name } } }');
    expect(schema.data.__type).toEqual({
      kind: 'INTERFACE',
      possibleTypes: expect.arrayContaining([
        { name: 'Paper' },
        { name: 'Concept' },
        { name: 'Topic' },
        { name: 'Author' },
        { name: 'Venue' },
      ]),
      interfaces: [{ name: 'Node' }],
    });
    expect(schema.data.__type.possibleTypes).toHaveLength(5);
    const plain = await execute(app, '{ search(query: "manzil zaheer", first: 1) { edges { node { id __typename } } } }');
    expect(plain.data.search.edges[0].node.__typename).toBe('Author');
  });
});

describe('after a write', () => {
  let h: CurationHarness;
  beforeEach(async () => {
    h = await curationHarness();
  });
  afterEach(() => h.close());

  it('a concept renamed is an exact match by its new name at once, and no longer by its old one', async () => {
    const id = conceptId('sparse-attention');
    const q = 'query S($q: String!) { search(query: $q, first: 3) { edges { match node { id } } } }';
    const renamed = await data(
      h.app,
      'mutation U($input: UpdateConceptInput!) { updateConcept(input: $input) { __typename } }',
      { input: { id, name: 'Windowed attention' } },
      h.key.curate,
    );
    expect(renamed.updateConcept.__typename).toBe('UpdateConceptPayload');
    const now = await data(h.app, q, { q: 'windowed attention' });
    expect(now.search.edges[0]).toEqual({ match: 'EXACT_NAME', node: { id } });
    const wi = await data(h.app, q, { q: 'wi' });
    expect(wi.search.edges[0]).toEqual({ match: 'NAME_PREFIX', node: { id } });
    const old = await data(h.app, q, { q: 'sparse attention' });
    expect(old.search.edges.filter((e: { match: string }) => e.match === 'EXACT_NAME')).toEqual([]);
  });
});

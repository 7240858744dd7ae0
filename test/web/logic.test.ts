// The Explorer's client logic without a browser: highlight splitting, the screens' URLs and the
// lookups they turn into, and the graphcache keys (the README's block, nothing more, nothing less).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_KEYS } from '../../web/src/client';
import { highlightParts } from '../../web/src/highlight';
import { nodeHref, paperHref, paperLookup, papersHref, searchHref } from '../../web/src/urls';

describe('highlightParts', () => {
  it('splits a snippet at the API ranges', () => {
    expect(highlightParts('Contrastive learning of visual representations', [{ start: 0, end: 11 }])).toEqual([
      { text: 'Contrastive', match: true },
      { text: ' learning of visual representations', match: false },
    ]);
  });
  it('merges overlapping ranges, sorts them and clips them to the text', () => {
    expect(
      highlightParts('abcdefghij', [
        { start: 6, end: 40 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: -5, end: 0 },
      ]),
    ).toEqual([
      { text: 'a', match: false },
      { text: 'bcd', match: true },
      { text: 'ef', match: false },
      { text: 'ghij', match: true },
    ]);
  });
  it('keeps the whole text when nothing matched', () => {
    expect(highlightParts('plain', [])).toEqual([{ text: 'plain', match: false }]);
    expect(highlightParts('', [])).toEqual([{ text: '', match: false }]);
  });
});

describe('URLs', () => {
  it('addresses a paper by arXiv id, then DOI, then id, and reads them back as paper(by:) lookups', () => {
    expect(paperHref({ id: 'UGFwZXI6MQ', arxivId: '2006.07733', doi: '10.5555/x' })).toBe('/paper/arxiv/2006.07733');
    expect(paperHref({ id: 'UGFwZXI6MQ', doi: '10.18653/v1/N19-1423' })).toBe('/paper/doi/10.18653/v1/N19-1423');
    expect(paperHref({ id: 'a/b=' })).toBe('/paper/id/a%2Fb%3D');
    expect(paperLookup('arxiv', '2006.07733')).toEqual({ arxivId: '2006.07733' });
    expect(paperLookup('doi', '10.18653/v1/N19-1423')).toEqual({ doi: '10.18653/v1/N19-1423' });
    expect(paperLookup('id', 'x')).toEqual({ id: 'x' });
    expect(paperLookup('isbn', 'x')).toBeNull();
    expect(paperLookup('arxiv', '')).toBeNull();
  });
  it('gives each kind of search hit its screen', () => {
    expect(nodeHref({ __typename: 'Concept', id: 'c', slug: 'contrastive-learning' })).toBe('/concept/contrastive-learning');
    expect(nodeHref({ __typename: 'Paper', id: 'p', arxivId: '2002.05709' })).toBe('/paper/arxiv/2002.05709');
    expect(nodeHref({ __typename: 'Topic', id: 't', slug: 'self-supervised' })).toBe('/papers?topic=self-supervised');
    expect(nodeHref({ __typename: 'Venue', id: 'v', slug: 'neurips-2020' })).toBe('/papers?venue=neurips-2020');
    expect(papersHref({ author: 'hinton', year: '' })).toBe('/papers?author=hinton');
    expect(searchHref('  contrastive learning ')).toBe('/search?q=contrastive%20learning');
    expect(searchHref('   ')).toBe('/search');
  });
});

describe('graphcache keys', () => {
  it("embed exactly the README's value types (plus page info and the graph version)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /\/\/ graphcache keys for papergraph's embedded values\n([\s\S]*?)\n {2}};/.exec(readme)?.[1] ?? '';
    const documented = [...block.matchAll(/^\s+(\w+): \(\) => null,/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(5);
    expect(Object.keys(EMBEDDED_KEYS).sort()).toEqual([...documented, 'GraphVersion', 'PageInfo'].sort());
    for (const key of Object.values(EMBEDDED_KEYS)) expect(key({} as never)).toBeNull();
  });
});

describe('what the screens derive from answers', () => {
  it('puts the related-paper evidence in words, from the API fields only', async () => {
    const { evidenceText } = await import('../../web/src/screens/PaperScreen.tsx');
    const evidence = {
      id: 'e',
      citesAnchor: false,
      citedByAnchor: true,
      sharedReferenceCount: 5,
      sharedCiterCount: 1,
      sharedConceptCount: 2,
      sharedConcepts: [
        { id: 'a', name: 'Contrastive learning', slug: 'contrastive-learning' },
        { id: 'b', name: 'ImageNet', slug: 'imagenet' },
      ],
      sharedReferences: [],
      sharedTerms: [],
    };
    expect(evidenceText({ evidence })).toBe(
      'Why: is cited by this paper; 5 shared references; cited together by 1 paper; 2 shared concepts (Contrastive learning, ImageNet).',
    );
    expect(
      evidenceText({
        evidence: {
          ...evidence,
          citedByAnchor: false,
          sharedReferenceCount: 0,
          sharedCiterCount: 0,
          sharedConceptCount: 0,
          sharedConcepts: [],
          sharedTerms: ['views'],
        },
      }),
    ).toBe('Why: shared terms: views.');
  });

  it('groups a guide into sections in the order of their best-ranked pick', async () => {
    const { sectionsOf } = await import('../../web/src/screens/CollectionScreen.tsx');
    const entry = (rank: number, section: string | null) =>
      ({ id: `e${rank}`, rank, section: section ? { id: section, name: section, slug: section } : null, paper: {} }) as never;
    const groups = sectionsOf([entry(3, 'b'), entry(1, 'a'), entry(2, 'b'), entry(4, null), entry(5, 'a')]);
    expect(groups.map((g) => [g.section?.id ?? null, g.entries.map((e) => e.rank)])).toEqual([
      ['a', [1, 5]],
      ['b', [2, 3]],
      [null, [4]],
    ]);
  });

  it("turns a concept screen's URL filters into the API's PaperWhere", async () => {
    const { whereFromParams } = await import('../../web/src/screens/ConceptScreen.tsx');
    expect(whereFromParams(new URLSearchParams('year=2020&topic=graphs&venue=neurips-2020'))).toEqual({
      year: { eq: 2020 },
      topic: 'graphs',
      venue: 'neurips-2020',
    });
    expect(whereFromParams(new URLSearchParams('year=soon'))).toBeNull();
    expect(whereFromParams(new URLSearchParams(''))).toBeNull();
  });

  it('draws a bar for every year between the first and the last, zero where the API lists none', async () => {
    const { timelineBars } = await import('../../web/src/timeline');
    expect(
      timelineBars([
        { year: 2018, count: 1 },
        { year: 2020, count: 8 },
      ]),
    ).toEqual([
      { year: 2018, count: 1 },
      { year: 2019, count: 0 },
      { year: 2020, count: 8 },
    ]);
    expect(timelineBars([])).toEqual([]);
  });
});

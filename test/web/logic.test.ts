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

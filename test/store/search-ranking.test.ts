// Search for a UI on real data: the identifiers a search box may be given (unit), then the
// NeurIPS 2020 build (proceedings hashes and URLs, arXiv URLs, exact titles, the curated concepts
// among CSO's, concept names from the first letter) and AAN (exact titles, two letters).

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { buildNeurips2020, NEURIPS_BUILD_FILES } from '../../src/ingest/neurips-build.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import type { SearchPage } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { identifierOf, nameMatch } from '../../src/store/search-ranking.js';
import { indexWords } from '../../src/store/search-index.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset, SHARED_DIR } from '../support/datasets.js';

describe('identifiers in a query', () => {
  it('arXiv ids: new and old style, arXiv: prefix, version, abs/ and pdf/ URLs', () => {
    for (const q of [
      '2007.14062',
      'arXiv:2007.14062v3',
      'https://arxiv.org/abs/2007.14062',
      'http://www.arxiv.org/pdf/2007.14062v1.pdf',
      'arxiv.org/abs/2007.14062/',
    ]) {
      expect(identifierOf(q), q).toEqual({ scheme: 'arxiv', value: '2007.14062' });
    }
    expect(identifierOf('https://arxiv.org/abs/cs/0112017v1')).toEqual({ scheme: 'arxiv', value: 'cs/0112017' });
    expect(identifierOf('hep-th/9901001')).toEqual({ scheme: 'arxiv', value: 'hep-th/9901001' });
  });

  it('DOIs bare, doi: and doi.org URLs, lower-cased; proceedings hashes bare and as page or PDF URLs', () => {
    for (const q of [
      '10.1162/NECO.1997.9.8.1735',
      'doi:10.1162/neco.1997.9.8.1735',
      'https://doi.org/10.1162/neco.1997.9.8.1735',
      'http://dx.doi.org/10.1162/neco.1997.9.8.1735',
    ]) {
      expect(identifierOf(q), q).toEqual({ scheme: 'doi', value: '10.1162/neco.1997.9.8.1735' });
    }
    const hash = 'b6d767d2f8ed5d21a44b0e5886680cb9';
    for (const q of [
      hash,
      hash.toUpperCase(),
      `https://proceedings.neurips.cc/paper/2020/hash/${hash}-Abstract.html`,
      `https://proceedings.neurips.cc/paper/2020/file/${hash}-Paper.pdf`,
      `https://papers.nips.cc/paper/2020/hash/${hash}-Abstract.html`,
    ]) {
      expect(identifierOf(q), q).toEqual({ scheme: 'neurips-proceedings', value: hash });
    }
  });

  it('words are not identifiers', () => {
    for (const q of ['attention', '2020', 'big bird 2007', 'doi', '10.1162', 'https://example.org/abs/2007.14062'])
      expect(identifierOf(q), q).toBeNull();
  });

  it('name matches: exact (case, punctuation, spacing aside), prefix with the last word unfinished, else text', () => {
    expect(nameMatch('Attention', undefined, ['attention']).match).toBe('EXACT_NAME');
    expect(nameMatch('Attention Is All You Need', undefined, ['attention', 'is', 'al'])).toEqual({
      match: 'NAME_PREFIX',
      completed: 'all',
    });
    expect(nameMatch('Sparse attention', ['local attention'], ['attention']).match).toBe('TEXT');
    expect(nameMatch('Big Bird: Transformers for Longer Sequences', ['BigBird'], ['bigbird']).match).toBe('EXACT_NAME');
    expect(nameMatch('“Self-Attention”', undefined, ['self', 'attention']).match).toBe('EXACT_NAME');
    expect(nameMatch('Über Netze', undefined, ['über']).match).toBe('NAME_PREFIX');
    expect(nameMatch('$O(n)$ Connections', undefined, ['$o', 'n', '$', 'conn'])).toEqual({
      match: 'NAME_PREFIX',
      completed: 'connections',
    });
    expect(nameMatch('Tab\tseparated', undefined, ['tab\tseparated']).match).toBe('EXACT_NAME');
  });

  it('name matches are what the words the index reads say, for every name of the curated corpus and AAN-like titles', () => {
    const corpus = loadCuratedCorpus(CURATED_DATA_DIR);
    const names = [
      ...corpus.papers.flatMap((p) => [p.title, ...p.aliases]),
      ...corpus.concepts.flatMap((c) => [c.name, ...c.aliases]),
      'Über die Sprache — “Quoted” names',
      'A  spaced   title',
      '  leading space',
      '$O(n)$ Connections are Expressive',
    ];
    let checked = 0;
    for (const name of names) {
      const words = indexWords(name);
      // Queries: each prefix of its words (the last cut short or whole), a word too many, one changed.
      const queries: string[][] = [];
      for (let k = 1; k <= words.length; k++) {
        queries.push(words.slice(0, k));
        if (words[k - 1].length > 1) queries.push([...words.slice(0, k - 1), words[k - 1].slice(0, -1)]);
      }
      queries.push([...words, 'more'], ['x', ...words.slice(1)]);
      for (const q of queries) {
        if (!q.length || !q[0]) continue;
        const normal = words.join(' '),
          query = q.join(' ');
        const expected = normal === query ? 'EXACT_NAME' : normal.startsWith(query) ? 'NAME_PREFIX' : 'TEXT';
        expect(nameMatch(name, undefined, q).match, `${name} / ${query}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

const key = (page: SearchPage, k: number) => `${page.items[k].node.kind}:${page.items[k].node.id}:${page.items[k].match}`;

describeDataset('search on the NeurIPS 2020 build', Object.values(NEURIPS_BUILD_FILES), () => {
  let store: MemoryStore;
  let graph: KnowledgeGraph;
  beforeAll(async () => {
    const build = await buildNeurips2020({ datasets: join(SHARED_DIR, 'datasets'), base: loadCuratedCorpus(CURATED_DATA_DIR) });
    graph = new KnowledgeGraph(build.corpus);
    store = new MemoryStore(graph);
    await store.prepareSearch();
  }, 180_000);

  const search = async (text: string, first = 10) => (await store.search([{ text, page: { first } }]))[0];

  it('a proceedings hash, bare or as its abstract page or PDF URL, and the arXiv URL of the same paper find it first', async () => {
    const hash = 'b6d767d2f8ed5d21a44b0e5886680cb9';
    const p = graph.papers.at(graph.byArxivId.get('2012.02780')!);
    expect(p.title).toBe('Few-shot Image Generation with Elastic Weight Consolidation');
    expect(p.externalIds).toContainEqual(expect.objectContaining({ scheme: 'neurips-proceedings', id: hash }));
    for (const q of [
      hash,
      `https://proceedings.neurips.cc/paper/2020/hash/${hash}-Abstract.html`,
      `https://proceedings.neurips.cc/paper/2020/file/${hash}-Paper.pdf`,
      'https://arxiv.org/abs/2012.02780v2',
      'arXiv:2012.02780',
    ]) {
      const page = await search(q);
      expect(key(page, 0), q).toBe(`Paper:${p.id}:IDENTIFIER`);
      expect(page.items.slice(1).every((h) => h.match !== 'IDENTIFIER')).toBe(true);
    }
  });

  it('an exact title comes first, above papers that share its words', async () => {
    const title = 'Hausdorff Dimension, Heavy Tails, and Generalization in Neural Networks';
    const p = graph.papers.at(graph.byArxivId.get('2006.09313')!);
    expect(p.title).toBe(title);
    const page = await search(title.toLowerCase());
    expect(key(page, 0)).toBe(`Paper:${p.id}:EXACT_NAME`);
    expect(page.totalCount).toBeGreaterThan(1000);
  });

  it('"attention": the curated concept first, an exact name among 11,465 concepts; then names starting with it', async () => {
    const page = await search('attention', 20);
    expect(key(page, 0)).toBe('Concept:attention:EXACT_NAME');
    const prefixes = page.items.filter((h) => h.match === 'NAME_PREFIX');
    expect(prefixes.length).toBeGreaterThan(3);
    for (const h of prefixes) {
      const [record] = await store.nodesByIds(h.node.kind, [h.node.id]);
      const names = [
        (record as { title?: string; name?: string }).title ?? (record as { name: string }).name,
        ...((record as { aliases?: string[] }).aliases ?? []),
      ];
      expect(
        names.some((n) => /^\W*attention/i.test(n)),
        h.node.id,
      ).toBe(true);
    }
    const sparse = page.items.findIndex((h) => h.node.id === 'sparse-attention');
    expect(sparse === -1 || sparse > prefixes.length).toBe(true);
  });

  it('one letter: concepts and topics named from it, most papers first, then the rest; counts per kind add up', async () => {
    const [all] = await store.search([{ text: 'g', page: { first: 100 } }]);
    const named = all.items.filter((h) => h.match === 'NAME_PREFIX' || h.match === 'EXACT_NAME');
    expect(named.length).toBe(100); // CSO has hundreds of concepts starting with "g"
    expect(named.every((h) => h.node.kind === 'Concept' || h.node.kind === 'Topic')).toBe(true);
    const papers = named.map((h) =>
      h.node.kind === 'Concept'
        ? graph.hasConcept.in.offsets[graph.concepts.indexOf(h.node.id) + 1] -
          graph.hasConcept.in.offsets[graph.concepts.indexOf(h.node.id)]
        : -1,
    );
    const concepts = papers.filter((n) => n >= 0);
    expect(concepts).toEqual([...concepts].sort((a, b) => b - a));
    expect(Object.values(all.countsByKind).reduce((a, b) => a + b, 0)).toBe(all.totalCount);
    const [concepts2] = await store.search([{ text: 'g', kinds: ['Concept'], page: { first: 1 } }]);
    expect(concepts2.totalCount).toBe(all.countsByKind.Concept);
  });
});

describeDataset('search on AAN', AAN_FILES, () => {
  let store: MemoryStore;
  beforeAll(async () => {
    store = new MemoryStore(new KnowledgeGraph(loadAanCorpus()));
    await store.prepareSearch();
  }, 120_000);

  it('the Penn Treebank paper by its exact title first; by the start of it, a name prefix', async () => {
    const [exact, prefix] = await store.search([
      { text: 'building a large annotated corpus of english: the penn treebank', page: { first: 3 } },
      { text: 'Building A Large Annotated Corp', page: { first: 3 } },
    ]);
    expect(key(exact, 0)).toBe('Paper:J93-2004:EXACT_NAME');
    expect(key(prefix, 0)).toBe('Paper:J93-2004:NAME_PREFIX');
  });

  it('two letters complete concept names, no paper title (papers from three): "pa" is the concept parsing, then text matches', async () => {
    const [pa] = await store.search([{ text: 'pa', page: { first: 50 } }]);
    expect(key(pa, 0)).toBe('Concept:parsing:NAME_PREFIX');
    expect(pa.items.slice(1).every((h) => h.match === 'TEXT')).toBe(true);
    const [par] = await store.search([{ text: 'par', page: { first: 50 } }]);
    expect(par.items.some((h) => h.match === 'NAME_PREFIX')).toBe(true);
    expect(par.countsByKind.Paper).toBeGreaterThan(1000);
  });
});

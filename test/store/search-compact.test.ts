// The compact search index (typed arrays, names read from the graph) answers exactly as
// MiniSearch's own index of the same documents: the same hits in the same order, the same scores
// to the last bit, the same matched terms (highlights), the same postings counts. A snapshot
// stores it, and a store served from that snapshot takes it instead of scanning the graph.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { readSnapshotHeader, writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { attachStoredSearch, searchBuilds, storedSearchOf } from '../../src/store/search-compact.js';
import {
  documentsOf,
  emptyIndex,
  FUZZY_OPTIONS,
  searchTerms,
  type SearchDocument,
  type SearchIndex,
} from '../../src/store/search-index.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset, REPO_ROOT } from '../support/datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-search-compact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** MiniSearch's own index of every document of the graph: what search used to hold. */
function reference(graph: KnowledgeGraph): MiniSearch<SearchDocument> {
  const index = emptyIndex();
  for (const document of documentsOf(graph)) index.add(document);
  return index;
}

/** MiniSearch's hits as the index reports them: node, score, matched terms. */
function referenceHits(index: MiniSearch<SearchDocument>, text: string) {
  return index.search(searchTerms(text).join(' ')).map((r) => ({
    // The stored fields (kind, id, name, aliasList) override MiniSearch's document id.
    node: { kind: r.kind, id: r.id },
    score: r.score,
    name: r.name,
    aliases: r.aliasList,
    terms: r.terms,
  }));
}

/** The postings a search of one word scores, read off MiniSearch's radix tree (what SearchIndex.postings counts). */
function referencePostings(index: MiniSearch<SearchDocument>, text: string): number {
  type Data = Map<number, Map<number, number>>;
  const tree = (
    index as unknown as {
      _index: Map<string, Data> & {
        atPrefix(p: string): Iterable<[string, Data]>;
        fuzzyGet(t: string, d: number): Map<string, [Data, number]>;
      };
    }
  )._index;
  let total = 0;
  for (const term of searchTerms(text)) {
    const matched = new Map<string, Data>();
    const exact = tree.get(term);
    if (exact) matched.set(term, exact);
    if (term.length >= FUZZY_OPTIONS.prefixMin) for (const [t, data] of tree.atPrefix(term)) matched.set(t, data);
    if (term.length >= FUZZY_OPTIONS.fuzzyMin) {
      const distance = Math.min(FUZZY_OPTIONS.maxFuzzy, Math.round(term.length * FUZZY_OPTIONS.fuzzy));
      for (const [t, [data]] of tree.fuzzyGet(term, distance)) matched.set(t, data);
    }
    for (const data of matched.values()) for (const docs of data.values()) total += docs.size;
  }
  return total;
}

async function expectSameAsMiniSearch(graph: KnowledgeGraph, index: SearchIndex, texts: string[]): Promise<void> {
  const mini = reference(graph);
  expect(index.documentCount).toBe(mini.documentCount);
  for (const text of texts) {
    const expected = referenceHits(mini, text);
    const actual = await index.search(text);
    expect(actual.length, text).toBe(expected.length);
    // Same order, bit-identical scores, same names and matched terms (what highlights read).
    expect(actual, text).toEqual(expected);
    expect(index.postings(text), text).toBe(referencePostings(mini, text));
  }
}

const CURATED_QUERIES = [
  'attention',
  'transformer',
  'neural machine translation',
  'graph neural network',
  'atention',
  'trasnformer',
  'convolutional',
  'bert',
  'lan',
  'reinforcement learning policy',
  'self-supervised',
  'gan',
  'zz',
];

describe('the compact index on the curated corpus', () => {
  const corpus = loadCuratedCorpus(join(REPO_ROOT, 'data'));

  it('answers as MiniSearch: hits, order, scores, terms and postings (prefixes and typos too)', async () => {
    const graph = new KnowledgeGraph(corpus);
    const store = new MemoryStore(graph);
    await expectSameAsMiniSearch(graph, await store.prepareSearch(), CURATED_QUERIES);
  });

  it('is stored in a snapshot and taken from it without scanning the graph; older snapshots build it', async () => {
    const graph = new KnowledgeGraph(corpus);
    const withIndex = join(dir, 'with-index.pgs');
    const without = join(dir, 'without-index.pgs');
    const header = writeSnapshot(withIndex, graph.toCorpus(), { searchGraph: graph });
    const plain = writeSnapshot(without, graph.toCorpus());
    const section = header.sections.find((s) => s.name === 'derived:search')!;
    expect(section.count).toBe(graph.papers.size + graph.concepts.size + graph.topics.size + graph.authors.size + graph.venues.size);
    // The index holds no document text: its only strings are the distinct terms, far fewer letters than the documents'.
    const stored = storedSearchOf(loadSnapshotGraph(withIndex).graph)!;
    let text = 0;
    for (const d of documentsOf(graph)) text += d.name.length + d.aliases.length + d.text.length + d.related.length;
    expect(stored.terms.join('').length).toBeLessThan(text * 0.25);
    expect(section.length).toBeLessThan(plain.totalBytes);
    expect(readSnapshotHeader(without).sections.some((s) => s.name === 'derived:search')).toBe(false);

    const before = { ...searchBuilds };
    const served = new MemoryStore(loadSnapshotGraph(withIndex).graph);
    const index = await served.prepareSearch();
    expect(searchBuilds).toEqual({ fromGraph: before.fromGraph, fromSnapshot: before.fromSnapshot + 1 });
    await expectSameAsMiniSearch(served.graph, index, CURATED_QUERIES);

    const old = new MemoryStore(loadSnapshotGraph(without).graph);
    await old.prepareSearch();
    expect(searchBuilds).toEqual({ fromGraph: before.fromGraph + 1, fromSnapshot: before.fromSnapshot + 1 });
    // A stored index is taken only by a graph with the same nodes in the same order.
    const reordered = new KnowledgeGraph({ ...graph.toCorpus(), papers: [...graph.toCorpus().papers].reverse() });
    expect(reordered.papers.idAt(0)).not.toBe(graph.papers.idAt(0));
    attachStoredSearch(reordered, stored);
    expect(storedSearchOf(reordered)).toBeUndefined();
    const texts = ['transformer attention', 'atention', 'graph'];
    const page = (s: MemoryStore) => s.search(texts.map((text) => ({ text, kinds: null, page: { first: 50 } })));
    expect(await page(served)).toEqual(await page(old));
  });
});

describeDataset('the compact index on AAN', AAN_FILES, () => {
  const AAN_QUERIES = [
    'statistical parsing',
    'penn treebank',
    'machine translation',
    'word sense disambiguation',
    'parsing',
    'translation',
    'semnatic',
    'trasnlation model',
    'dependency',
    'coreference resolution',
    'named entity recognition',
    'statistical machine translation phrase based',
    'discourse',
    'sentiment',
    'lexical',
    'chinese word segmentation',
    'ab',
  ];

  it('answers a fixed query set as MiniSearch does, built from the graph and read from a snapshot', async () => {
    const graph = new KnowledgeGraph(loadAanCorpus());
    const store = new MemoryStore(graph);
    await expectSameAsMiniSearch(graph, await store.prepareSearch(), AAN_QUERIES);

    const file = join(dir, 'aan.pgs');
    const header = writeSnapshot(file, graph.toCorpus(), { searchGraph: graph });
    // The stored index is a small part of the snapshot (no text, no map per term: typed arrays).
    const section = header.sections.find((s) => s.name === 'derived:search')!;
    expect(section.length).toBeLessThan((header.totalBytes - section.length) * 0.5);
    const before = searchBuilds.fromSnapshot;
    const served = new MemoryStore(loadSnapshotGraph(file).graph);
    const index = await served.prepareSearch();
    expect(searchBuilds.fromSnapshot).toBe(before + 1);
    await expectSameAsMiniSearch(served.graph, index, AAN_QUERIES);
    // Search pages (match classes, highlights) the same through the store, from either.
    const queries = AAN_QUERIES.map((text) => ({ text, kinds: null, page: { first: 30 } }));
    expect(await served.search(queries)).toEqual(await store.search(queries));
  }, 120_000);
});

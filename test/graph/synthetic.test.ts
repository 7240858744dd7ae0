// The benchmark's synthetic corpus: reproducible, the sizes the issue names, time-respecting,
// and the same graph whether built through a Corpus or straight into CSR.

import { describe, expect, it } from 'vitest';
import { ARXIV_CITATIONS, ARXIV_PAPERS, generateSyntheticTables, syntheticCorpus, syntheticTopology } from '../support/synthetic.js';
import { degree } from '../../src/graph/csr.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';

describe('synthetic corpus', () => {
  it('has the ogbn-arxiv sizes at ×1, cites only earlier papers, once each, and is skewed', () => {
    const tables = generateSyntheticTables();
    expect(tables.paperCount).toBe(ARXIV_PAPERS);
    expect(tables.citing).toHaveLength(ARXIV_CITATIONS);
    const pairs = new Set<number>();
    const citers = new Uint32Array(tables.paperCount);
    let citesLater = 0;
    for (let e = 0; e < tables.citing.length; e++) {
      if (tables.cited[e] >= tables.citing[e]) citesLater++;
      pairs.add(tables.citing[e] * ARXIV_PAPERS + tables.cited[e]);
      citers[tables.cited[e]]++;
    }
    expect(citesLater).toBe(0);
    expect(pairs.size).toBe(ARXIV_CITATIONS);
    // Preferential attachment: the most-cited paper gathers far more than the mean of ~7 citers.
    expect(citers.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(500);
    expect(tables.years[0]).toBeLessThan(tables.years[tables.paperCount - 1]);
  });

  it('is the same graph for the same seed, and another for another seed', () => {
    const a = generateSyntheticTables({ scale: 0.02 });
    const b = generateSyntheticTables({ scale: 0.02 });
    const c = generateSyntheticTables({ scale: 0.02, seed: 1 });
    expect(b.cited).toEqual(a.cited);
    expect(b.authorshipAuthor).toEqual(a.authorshipAuthor);
    expect(c.cited).not.toEqual(a.cited);
  });

  it('builds the same citation CSR through a Corpus as straight into CSR', () => {
    const corpus = syntheticCorpus({ scale: 0.02 });
    const graph = new KnowledgeGraph(corpus);
    const topology = syntheticTopology({ scale: 0.02 });
    expect(graph.cites.out.targets).toEqual(topology.cites.out.targets);
    expect(graph.cites.in.offsets).toEqual(topology.cites.in.offsets);
    expect(graph.hasConcept.in.targets).toEqual(topology.hasConcept.in.targets);
    expect(graph.broader.out.targets).toEqual(topology.broader.out.targets);
    for (let p = 0; p < graph.papers.size; p++) {
      expect(degree(graph.authored.out, p)).toBeGreaterThanOrEqual(1);
      expect(degree(graph.hasConcept.out, p)).toBeGreaterThanOrEqual(1);
    }
    expect(corpus.concepts.length).toBeGreaterThan(200);
    expect(corpus.concepts.filter((c) => c.broaderIds.length > 1).length).toBeGreaterThan(0);
  });
});

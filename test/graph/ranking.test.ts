// PageRank and related papers on small hand-built graphs, against values worked out by hand.

import { describe, expect, it } from 'vitest';
import { buildBiCsr } from '../../src/graph/csr.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { pageRank } from '../../src/graph/pagerank.js';
import { HYBRID_WEIGHTS, RELATED_METHODS, relatedPapers } from '../../src/graph/related.js';
import { emptyCorpus, newPaper, type Corpus } from '../../src/model/index.js';

function corpusOf(
  paperCount: number,
  citations: [number, number][],
  concepts: [paper: number, concept: number, score: number][] = [],
): Corpus {
  const corpus = emptyCorpus();
  for (let i = 0; i < paperCount; i++) {
    corpus.papers.push(newPaper(`P${i}`, `Paper ${i}`, { year: 2000 + i }));
  }
  for (const [citing, cited] of citations) {
    corpus.citations.push({ citingId: `P${citing}`, citedId: `P${cited}`, contexts: [], intents: [], isInfluential: null, provenance: [] });
  }
  const conceptCount = Math.max(0, ...concepts.map(([, c]) => c + 1));
  for (let c = 0; c < conceptCount; c++) {
    corpus.concepts.push({
      id: `c${c}`,
      slug: `c${c}`,
      name: `c${c}`,
      kind: 'METHOD',
      aliases: [],
      description: null,
      broaderIds: [],
      provenance: [],
      scheme: 'curated',
      externalIds: [],
      mappings: [],
    });
  }
  for (const [paper, concept, score] of concepts) {
    corpus.paperConcepts.push({ paperId: `P${paper}`, conceptId: `c${concept}`, score, role: 'USES', provenance: [], evidence: [] });
  }
  return corpus;
}

describe('pageRank', () => {
  // P1 cites P0; P2 cites P0 and P1; P0 cites nothing (dangling).
  const graph = new KnowledgeGraph(
    corpusOf(3, [
      [1, 0],
      [2, 0],
      [2, 1],
    ]),
  );

  it('matches the stationary distribution worked out by hand', () => {
    // r2 = a, r1 = a + d·r2/2, r0 = a + d·(r1 + r2/2) with a = (1-d)/3 + d·r0/3 (P0's rank spread
    // evenly); with r0 + r1 + r2 = 1 this solves to a = 1 / (3 + 2d + d²/2).
    const d = 0.85;
    const a = 1 / (3 + 2 * d + (d * d) / 2);
    const ranks = pageRank(graph, { iterations: 200, tolerance: 1e-15 });
    expect(ranks[0]).toBeCloseTo(a * (1 + 1.5 * d + 0.5 * d * d), 12);
    expect(ranks[1]).toBeCloseTo(a * (1 + d / 2), 12);
    expect(ranks[2]).toBeCloseTo(a, 12);
    expect(ranks[0] + ranks[1] + ranks[2]).toBeCloseTo(1, 14);
  });

  it('runs exactly the iterations asked: one step from uniform', () => {
    const ranks = pageRank(graph, { iterations: 1 });
    const d = 0.85,
      u = 1 / 3;
    const base = (1 - d) / 3 + (d * u) / 3;
    expect([...ranks]).toEqual([base + d * (u + u / 2), base + d * (u / 2), base].map((x) => expect.closeTo(x, 15)));
  });

  it('accepts the citation CSR pair alone, and an empty graph', () => {
    const cites = buildBiCsr(3, 3, [1, 2, 2], [0, 0, 1]);
    expect([...pageRank(cites)]).toEqual([...pageRank(graph)]);
    expect(pageRank(buildBiCsr(0, 0, [], []))).toHaveLength(0);
    expect(() => pageRank(graph, { damping: 1.5 })).toThrow(/damping/);
  });
});

describe('relatedPapers', () => {
  // P4 cites P0 P1 P2, P5 cites P0 P1, P6 cites P0 P2 P3. Concept c0 on P0 (0.8) and P1 (0.5);
  // c1 on P0 (0.4), P2 (0.9), P3 (1.0); c2 on every paper, so it carries no information.
  const citations: [number, number][] = [
    [4, 0],
    [4, 1],
    [4, 2],
    [5, 0],
    [5, 1],
    [6, 0],
    [6, 2],
    [6, 3],
  ];
  const concepts: [number, number, number][] = [
    [0, 0, 0.8],
    [1, 0, 0.5],
    [0, 1, 0.4],
    [2, 1, 0.9],
    [3, 1, 1.0],
  ];
  for (let p = 0; p < 7; p++) concepts.push([p, 2, 0.7]);
  const graph = new KnowledgeGraph(corpusOf(7, citations, concepts));
  const scored = (method: Parameters<typeof relatedPapers>[2], paper: number, first = 10) =>
    relatedPapers(graph, paper, method, first).map((r) => [r.index, r.score]);

  it('CO_CITATION counts shared citers, ties broken by index', () => {
    expect(scored('CO_CITATION', 0)).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
  });

  it('BIBLIOGRAPHIC_COUPLING counts shared references', () => {
    expect(scored('BIBLIOGRAPHIC_COUPLING', 4)).toEqual([
      [5, 2],
      [6, 2],
    ]);
    expect(scored('BIBLIOGRAPHIC_COUPLING', 0)).toEqual([]);
  });

  it('SHARED_CONCEPTS sums min(score) × IDF, ignoring a concept every paper has', () => {
    const result = scored('SHARED_CONCEPTS', 0);
    expect(result.map(([i]) => i)).toEqual([1, 2, 3]);
    expect(result[0][1]).toBeCloseTo(0.5 * Math.log(7 / 2), 12);
    expect(result[1][1]).toBeCloseTo(0.4 * Math.log(7 / 3), 12);
    expect(result[2][1]).toBe(result[1][1]);
  });

  it('ADAMIC_ADAR weighs each common neighbour by 1 / log(its degree)', () => {
    const result = scored('ADAMIC_ADAR', 0);
    expect(result.map(([i]) => i)).toEqual([1, 2, 3]);
    expect(result[0][1]).toBeCloseTo(1 / Math.log(3) + 1 / Math.log(2), 12);
    expect(result[1][1]).toBeCloseTo(2 / Math.log(3), 12);
    expect(result[2][1]).toBeCloseTo(1 / Math.log(3), 12);
  });

  it('DIRECT_CITATION counts a citation each way', () => {
    expect(scored('DIRECT_CITATION', 4)).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(scored('DIRECT_CITATION', 0)).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    const [top] = relatedPapers(graph, 4, 'DIRECT_CITATION', 1);
    expect([top.citedByAnchor, top.citesAnchor]).toEqual([true, false]);
  });

  it('HYBRID blends the components, each divided by its largest value', () => {
    const concept = [0.5 * Math.log(7 / 2), 0.4 * Math.log(7 / 3), 0.4 * Math.log(7 / 3)];
    const adamicAdar = [1 / Math.log(3) + 1 / Math.log(2), 2 / Math.log(3), 1 / Math.log(3)];
    const coCitation = [2, 2, 1];
    // Paper 0 is cited by 4, 5 and 6 (direct citations), which share nothing else with it here.
    const expected = [0, 1, 2].map(
      (k) =>
        HYBRID_WEIGHTS.CO_CITATION * (coCitation[k] / 2) +
        HYBRID_WEIGHTS.SHARED_CONCEPTS * (concept[k] / concept[0]) +
        HYBRID_WEIGHTS.ADAMIC_ADAR * (adamicAdar[k] / adamicAdar[0]),
    );
    expected.push(...Array(3).fill(HYBRID_WEIGHTS.DIRECT_CITATION));
    const result = scored('HYBRID', 0);
    expect(result.map(([i]) => i)).toEqual([1, 2, 3, 4, 5, 6]);
    result.forEach(([, score], k) => expect(score).toBeCloseTo(expected[k], 12));
    expect(Object.values(HYBRID_WEIGHTS).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('fills all the evidence whatever the method, sorted, and never relates a paper to itself', () => {
    const [top] = relatedPapers(graph, 0, 'CO_CITATION', 1);
    expect(top).toEqual({
      index: 1,
      score: 2,
      sharedReferences: [],
      sharedCiters: [4, 5],
      sharedConcepts: [0, 2],
      citedByAnchor: false,
      citesAnchor: false,
    });
    const coupled = relatedPapers(graph, 6, 'ADAMIC_ADAR', 10).find((r) => r.index === 4)!;
    expect(coupled.sharedReferences).toEqual([0, 2]);
    for (const method of RELATED_METHODS) {
      for (let p = 0; p < 7; p++) expect(relatedPapers(graph, p, method, 10).map((r) => r.index)).not.toContain(p);
    }
    expect(relatedPapers(graph, 0, 'HYBRID', 0)).toEqual([]);
  });

  it('rejects a missing paper or an unknown method', () => {
    expect(() => relatedPapers(graph, 7, 'HYBRID', 5)).toThrow(/index 7/);
    expect(() => relatedPapers(graph, 0, 'MAGIC' as never, 5)).toThrow(/MAGIC/);
  });
});

// Concept lineage and the papers behind a concept, on a small hierarchy with a DAG join and a cycle.

import { describe, expect, it } from 'vitest';
import { ancestors, conceptCooccurrence, conceptTimeline, descendants, papersOfConceptTree } from '../../src/graph/concepts.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { emptyCorpus, newPaper } from '../../src/model/index.js';

// c0 machine learning ← c1 deep learning ← c2 attention ← c3 transformers (c3 also directly under
// c1); c4 and c5 are each other's broader concept, as imported data sometimes has it.
const corpus = emptyCorpus();
const broader: string[][] = [[], ['c0'], ['c1'], ['c2', 'c1'], ['c5'], ['c4']];
broader.forEach((broaderIds, i) => {
  corpus.concepts.push({
    id: `c${i}`,
    slug: `c${i}`,
    name: `c${i}`,
    kind: 'METHOD',
    aliases: [],
    description: null,
    broaderIds,
    provenance: [],
    scheme: 'curated',
    externalIds: [],
    mappings: [],
  });
});
const papers: [year: number | null, concepts: number[]][] = [
  [2019, [2, 0]],
  [2020, [3, 2]],
  [2020, [3]],
  [null, [2, 3]],
  [2018, [1]],
];
papers.forEach(([year, concepts], i) => {
  corpus.papers.push(newPaper(`p${i}`, `p${i}`, { year }));
  for (const c of concepts)
    corpus.paperConcepts.push({ paperId: `p${i}`, conceptId: `c${c}`, score: 1, role: 'USES', provenance: [], evidence: [] });
});
const graph = new KnowledgeGraph(corpus);

describe('concept lineage', () => {
  it('lists ancestors and descendants nearest first, each once', () => {
    expect(ancestors(graph, 3)).toEqual([2, 1, 0]);
    expect(ancestors(graph, 0)).toEqual([]);
    expect(descendants(graph, 0)).toEqual([1, 2, 3]);
    expect(descendants(graph, 2)).toEqual([3]);
  });

  it('terminates on a cycle and leaves the concept itself out', () => {
    expect(ancestors(graph, 4)).toEqual([5]);
    expect(descendants(graph, 5)).toEqual([4]);
  });

  it('rejects a missing concept', () => {
    expect(() => ancestors(graph, 6)).toThrow(/index 6/);
  });
});

describe('papers of a concept', () => {
  it('collects distinct papers of the concept, or of its whole subtree', () => {
    expect([...papersOfConceptTree(graph, 1, false)]).toEqual([4]);
    expect([...papersOfConceptTree(graph, 1, true)]).toEqual([0, 1, 2, 3, 4]);
    expect([...papersOfConceptTree(graph, 5, true)]).toEqual([]);
  });

  it('counts co-occurring concepts by shared papers', () => {
    expect(conceptCooccurrence(graph, 2)).toEqual([
      { index: 3, count: 2 },
      { index: 0, count: 1 },
    ]);
    expect(conceptCooccurrence(graph, 1)).toEqual([]);
  });

  it('counts papers per year, ascending, skipping undated papers', () => {
    expect(conceptTimeline(graph, 2, { includeNarrower: false })).toEqual([
      { year: 2019, count: 1 },
      { year: 2020, count: 1 },
    ]);
    expect(conceptTimeline(graph, 2, { includeNarrower: true })).toEqual([
      { year: 2019, count: 1 },
      { year: 2020, count: 2 },
    ]);
  });
});

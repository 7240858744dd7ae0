// Text-similarity related papers (TEXT, and HYBRID where citations are thin): the blend on a
// hand-built graph against values worked out by hand, then the store's TEXT over the curated
// corpus (named papers, the words they share), HYBRID for a paper without citations, HYBRID
// unchanged for a well-cited paper, and a curation version seeing its own text.

import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { citationNeighbourCount, HYBRID_TEXT, HYBRID_WEIGHTS, relatedPapers, usesText } from '../../src/graph/related.js';
import { targetsOf, type Change } from '../../src/model/change.js';
import { emptyCorpus, newPaper } from '../../src/model/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { textQuery } from '../../src/store/text-related.js';
import { curatedStore } from '../support/app.js';
import { paperWithAuthors } from '../store/versions-changes.js';

describe('TEXT in the related-papers blend (graph layer)', () => {
  // P0 cites P1 (its only citation neighbour); P2 cites P3…P7 (five neighbours).
  const corpus = emptyCorpus();
  for (let i = 0; i < 8; i++) corpus.papers.push(newPaper(`P${i}`, `Paper ${i}`));
  const cite = (a: number, b: number) =>
    corpus.citations.push({ citingId: `P${a}`, citedId: `P${b}`, contexts: [], intents: [], isInfluential: null, provenance: [] });
  cite(0, 1);
  for (let b = 3; b <= 7; b++) cite(2, b);
  const graph = new KnowledgeGraph(corpus);
  const scored = (p: number, method: 'TEXT' | 'HYBRID', text: { indexes: number[]; scores: number[] } | null) =>
    relatedPapers(graph, p, method, 10, text).map((r) => [r.index, +r.score.toFixed(12)]);

  it('counts citation neighbours and says which queries read text', () => {
    expect([0, 1, 2, 3].map((p) => citationNeighbourCount(graph, p))).toEqual([1, 1, 5, 1]);
    expect(usesText(graph, 0, 'HYBRID')).toBe(true);
    expect(usesText(graph, 2, 'HYBRID')).toBe(false);
    expect(usesText(graph, 2, 'TEXT')).toBe(true);
    expect(usesText(graph, 0, 'CO_CITATION')).toBe(false);
  });

  it('TEXT ranks the text scores given, never the anchor; nothing without them', () => {
    expect(scored(0, 'TEXT', { indexes: [3, 1, 0, 5], scores: [10, 5, 99, 0] })).toEqual([
      [3, 10],
      [1, 5],
    ]);
    expect(scored(0, 'TEXT', null)).toEqual([]);
  });

  it('HYBRID of a thinly cited paper blends TEXT at 0.4 and the graph methods × 0.6', () => {
    expect(HYBRID_TEXT).toEqual({ citationNeighbours: 5, weight: 0.4 });
    // P1: direct citation (best of its component) 0.2 × 0.6 + text 5/10 × 0.4; P3: text alone, the best.
    expect(scored(0, 'HYBRID', { indexes: [3, 1], scores: [10, 5] })).toEqual([
      [3, 0.4],
      [1, +(HYBRID_WEIGHTS.DIRECT_CITATION * 0.6 + 0.2).toFixed(12)],
    ]);
    // Without text scores HYBRID is the graph-only blend.
    expect(scored(0, 'HYBRID', null)).toEqual([[1, HYBRID_WEIGHTS.DIRECT_CITATION]]);
  });

  it('HYBRID of a paper with 5 citation neighbours ignores text scores', () => {
    expect(scored(2, 'HYBRID', { indexes: [0, 1], scores: [10, 5] })).toEqual(scored(2, 'HYBRID', null));
    expect(scored(2, 'HYBRID', null).map(([q]) => q)).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('TEXT and HYBRID over the curated corpus', () => {
  const store = curatedStore();
  const titleOf = (id: string) => store.graph.papers.get(id)!.title;
  const related = async (paperId: string, method: 'TEXT' | 'HYBRID', first = 5) =>
    (await store.relatedPapers([{ paperId, method, first }]))[0];

  it("BYOL's text neighbours are the self-supervised and contrastive papers, with the words they share", async () => {
    const byol = await related('grill2020bootstrap', 'TEXT', 6);
    expect(byol.map((r) => titleOf(r.paperId))).toEqual(
      expect.arrayContaining([
        'Self-Supervised Relational Reasoning for Representation Learning',
        'What Makes for Good Views for Contrastive Learning?',
        'Hard Negative Mixing for Contrastive Learning',
        'Momentum Contrast for Unsupervised Visual Representation Learning',
      ]),
    );
    expect(byol.map((r) => r.paperId)).not.toContain('grill2020bootstrap');
    const scores = byol.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const relational = byol.find((r) => r.paperId === 'patacchiola2020self')!;
    expect(relational.sharedTerms).toEqual(expect.arrayContaining(['self', 'supervised', 'representations']));
    // Shared terms are the anchor's query words, in its order, and really in both papers.
    const query = [
      ...textQuery(await store.prepareSearch(), store.graph, store.graph.papers.indexOf('grill2020bootstrap')).labels.values(),
    ];
    for (const r of byol) {
      expect(r.sharedTerms.length).toBeGreaterThan(0);
      expect(r.sharedTerms).toEqual(query.filter((w) => r.sharedTerms.includes(w)));
    }
  });

  it("GPT-3's closest text is GPT-2, then GPT-1, sharing 'gpt', 'language', 'models'", async () => {
    const gpt3 = await related('brown2020language', 'TEXT', 3);
    expect(gpt3.slice(0, 2).map((r) => r.paperId)).toEqual(['radford2019language', 'radford2018improving']);
    expect(gpt3[0].sharedTerms).toEqual(expect.arrayContaining(['gpt', 'language', 'models', 'shot']));
  });

  it('HYBRID of a paper without citations reads its text: Factor Graph Neural Networks for "Can GNNs Count Substructures?"', async () => {
    expect(citationNeighbourCount(store.graph, store.graph.papers.indexOf('chen2020can'))).toBe(0);
    const [top] = await related('chen2020can', 'HYBRID', 3);
    expect(titleOf(top.paperId)).toBe('Factor Graph Neural Networks');
    expect(top.sharedTerms).toEqual(expect.arrayContaining(['graph', 'neural', 'networks']));
  });

  it('HYBRID of a well-cited paper is the graph-only blend, without shared terms', async () => {
    const index = store.graph.papers.indexOf('tian2020makes');
    expect(citationNeighbourCount(store.graph, index)).toBeGreaterThanOrEqual(5);
    const hybrid = await related('tian2020makes', 'HYBRID', 10);
    expect(hybrid.map((r) => [r.paperId, r.score])).toEqual(
      relatedPapers(store.graph, index, 'HYBRID', 10).map((r) => [store.graph.papers.idAt(r.index), r.score]),
    );
    for (const r of hybrid) expect(r.sharedTerms).toEqual([]);
  });

  it('a curation version sees its own text; the version before keeps its answer', async () => {
    const before = await related('chen2020can', 'TEXT', 3);
    const p = store.graph.papers.indexOf('chen2020can');
    const paper = paperWithAuthors(store.graph, p);
    const operation = {
      op: 'paper.update' as const,
      before: paper,
      after: { ...paper, title: 'Bootstrap latent contrastive views', summary: 'Momentum encoder, negative pairs and augmented views.' },
    };
    const change = {
      ...operation,
      seq: 1,
      actor: 'test',
      reason: null,
      at: new Date(0).toISOString(),
      reverts: null,
      targets: targetsOf(operation),
    };
    const next = store.next(applyChanges(store.graph, [change as Change]), 1);
    const [after] = await next.relatedPapers([{ paperId: 'chen2020can', method: 'TEXT', first: 3 }]);
    expect(after.map((r) => r.paperId)).not.toEqual(before.map((r) => r.paperId));
    expect(after.map((r) => r.paperId)).toContain('kalantidis2020hard');
    expect(after.find((r) => r.paperId === 'kalantidis2020hard')!.sharedTerms).toEqual(expect.arrayContaining(['negative']));
    expect(await related('chen2020can', 'TEXT', 3)).toEqual(before);
    expect(next).toBeInstanceOf(MemoryStore);
  });
});

describe('TEXT on a small hand-made corpus', () => {
  const corpus = emptyCorpus();
  corpus.papers.push(
    newPaper('anchor', 'Sparse attention for long sequences', { abstract: 'Sparse attention makes transformers cheap on long sequences.' }),
    newPaper('near', 'Long sequence transformers', { abstract: 'A transformer with sparse attention over a long sequence.' }),
    newPaper('stub', 'Sparse attention long sequences transformers', { stub: true }),
    newPaper('far', 'Protein folding with graph networks', { abstract: 'Graphs of residues.' }),
    newPaper('other', 'Convex optimization', { abstract: 'Gradient methods converge.' }),
  );
  const store = new MemoryStore(new KnowledgeGraph(corpus));

  it('finds the paper sharing words in other forms (singular/plural), never a stub, nothing for no shared word', async () => {
    const [text] = await store.relatedPapers([{ paperId: 'anchor', method: 'TEXT', first: 5 }]);
    expect(text.map((r) => r.paperId)).toEqual(['near']);
    // The anchor's own forms label the shared words: "sequences" for the near paper's "sequence".
    expect(text[0].sharedTerms).toEqual(expect.arrayContaining(['sparse', 'attention', 'sequences', 'transformers']));
    const [none] = await store.relatedPapers([{ paperId: 'other', method: 'TEXT', first: 5 }]);
    expect(none).toEqual([]);
  });
});

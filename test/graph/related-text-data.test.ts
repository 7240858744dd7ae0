// TEXT related papers on real data: NeurIPS 2020 with the authors' abstracts (the listing joined
// to its abstracts, no citations: HYBRID there is text-led), and the ACL Anthology Network
// (titles only, 18,041 papers). Named neighbours of guide papers, shared words, and the figures:
// index build time and query time.

import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import type { RelatedMethod } from '../../src/store/graph-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { datasetPath, describeDataset } from '../support/datasets.js';
import { NEURIPS_ABSTRACT_FILES, neuripsAbstractsGraph } from '../support/neurips-abstracts.js';

/** Mean milliseconds of one related-papers list over `ids`, after one untimed query (warm-up). */
async function meanQueryMs(store: MemoryStore, ids: string[], method: RelatedMethod): Promise<number> {
  await store.relatedPapers([{ paperId: ids[0], method, first: 10 }]);
  const started = performance.now();
  for (const paperId of ids) await store.relatedPapers([{ paperId, method, first: 10 }]);
  return (performance.now() - started) / ids.length;
}

/** Every `step`-th paper id: a spread sample. */
const sampleIds = (graph: KnowledgeGraph, count: number) =>
  Array.from({ length: count }, (_, i) => graph.papers.idAt(Math.floor((i * graph.papers.size) / count)));

describeDataset('TEXT related papers on NeurIPS 2020 with abstracts', NEURIPS_ABSTRACT_FILES, () => {
  let store: MemoryStore;
  const byTitle = (title: string) => store.graph.papers.records.find((p) => p.title === title)!.id;
  const titlesOf = (ids: string[]) => ids.map((id) => store.graph.papers.get(id)!.title);
  const related = async (title: string, method: RelatedMethod, first: number) =>
    (await store.relatedPapers([{ paperId: byTitle(title), method, first }]))[0];

  beforeAll(async () => {
    store = new MemoryStore(await neuripsAbstractsGraph());
    const started = performance.now();
    await store.prepareSearch();
    console.log(
      `[neurips-abstracts] ${store.graph.papers.size} papers, search index built in ${Math.round(performance.now() - started)} ms`,
    );
  }, 120_000);

  it('BYOL: self-supervised representation papers, sharing "self", "supervised", "representation"', async () => {
    const byol = await related('Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning', 'TEXT', 8);
    expect(titlesOf(byol.map((r) => r.paperId))).toEqual(
      expect.arrayContaining([
        'Self-Supervised Relational Reasoning for Representation Learning',
        'Big Self-Supervised Models are Strong Semi-Supervised Learners',
        'Hard Negative Mixing for Contrastive Learning',
        'Self-Supervised Visual Representation Learning from Hierarchical Grouping',
        'What Makes for Good Views for Contrastive Learning?',
        'Self-Supervised MultiModal Versatile Networks',
      ]),
    );
    const relational = byol.find((r) => titlesOf([r.paperId])[0].startsWith('Self-Supervised Relational'))!;
    expect(relational.sharedTerms).toEqual(expect.arrayContaining(['bootstrap', 'self', 'supervised', 'representation']));
  });

  it('Big Bird: efficient and sparse attention for long sequences, first two named', async () => {
    const bigBird = await related('Big Bird: Transformers for Longer Sequences', 'TEXT', 5);
    expect(titlesOf(bigBird.slice(0, 2).map((r) => r.paperId))).toEqual([
      'O(n) Connections are Expressive Enough: Universal Approximability of Sparse Transformers',
      'Fast Transformers with Clustered Attention',
    ]);
    expect(bigBird[1].sharedTerms).toEqual(expect.arrayContaining(['transformers', 'sequences', 'quadratic', 'attention']));
    // HYBRID on a graph without citations is TEXT's order (concepts are absent too).
    const hybrid = await related('Big Bird: Transformers for Longer Sequences', 'HYBRID', 5);
    expect(hybrid.map((r) => r.paperId)).toEqual(bigBird.map((r) => r.paperId));
  });

  it('GPT-3: few-shot papers and RAG; InfoMin: contrastive learning papers', async () => {
    const gpt3 = titlesOf((await related('Language Models are Few-Shot Learners', 'TEXT', 10)).map((r) => r.paperId));
    expect(gpt3).toEqual(
      expect.arrayContaining([
        'Uncertainty-aware Self-training for Few-shot Text Classification',
        'Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks',
      ]),
    );
    const infoMin = titlesOf((await related('What Makes for Good Views for Contrastive Learning?', 'TEXT', 10)).map((r) => r.paperId));
    expect(infoMin).toEqual(
      expect.arrayContaining([
        'Supervised Contrastive Learning',
        'Unsupervised Learning of Visual Features by Contrasting Cluster Assignments',
        'Graph Contrastive Learning with Augmentations',
      ]),
    );
  });

  it('answers TEXT and HYBRID for 100 papers quickly', async () => {
    const ids = sampleIds(store.graph, 100);
    const [text, hybrid] = [await meanQueryMs(store, ids, 'TEXT'), await meanQueryMs(store, ids, 'HYBRID')];
    console.log(`[neurips-abstracts] TEXT ${text.toFixed(1)} ms, HYBRID ${hybrid.toFixed(1)} ms per list of 10 (mean of 100)`);
    expect(text).toBeLessThan(200);
  });
});

describeDataset('TEXT related papers on the ACL Anthology Network (titles)', ['aan/papers.jsonl', 'aan/citations.csv'], () => {
  let store: MemoryStore;
  const titleOf = (id: string) => store.graph.papers.get(id)!.title;

  beforeAll(async () => {
    const batch = await tabularImporter.read([datasetPath('aan/papers.jsonl'), datasetPath('aan/citations.csv')], {});
    store = new MemoryStore(new KnowledgeGraph(mergeBatches(null, [batch]).corpus));
    const started = performance.now();
    await store.prepareSearch();
    console.log(`[aan] ${store.graph.papers.size} papers, search index built in ${Math.round(performance.now() - started)} ms`);
  }, 120_000);

  it('the Penn Treebank paper: large annotated corpora and Penn Treebank papers by their titles', async () => {
    const [text] = await store.relatedPapers([{ paperId: 'aan:J93-2004', method: 'TEXT', first: 10 }]);
    const titles = text.map((r) => titleOf(r.paperId));
    expect(titles).toEqual(
      expect.arrayContaining([
        'Building A Large-Scale Annotated Chinese Corpus',
        'Creating a Systemic Functional Grammar Corpus from the Penn Treebank',
      ]),
    );
    for (const r of text) expect(r.sharedTerms.length).toBeGreaterThan(0);
    // J93-2004 has 770 citers: HYBRID stays the graph blend, without shared words.
    const [hybrid] = await store.relatedPapers([{ paperId: 'aan:J93-2004', method: 'HYBRID', first: 10 }]);
    for (const r of hybrid) expect(r.sharedTerms).toEqual([]);
  });

  it('BLEU: machine translation evaluation papers', async () => {
    const [text] = await store.relatedPapers([{ paperId: 'aan:P02-1040', method: 'TEXT', first: 5 }]);
    expect(titleOf(text[0].paperId)).toBe('Re-Evaluation The Role Of Bleu In Machine Translation Research');
    expect(text[0].sharedTerms).toEqual(expect.arrayContaining(['bleu', 'evaluation', 'machine', 'translation']));
  });

  it('answers TEXT and HYBRID for 200 papers quickly', async () => {
    const ids = sampleIds(store.graph, 200);
    const [text, hybrid] = [await meanQueryMs(store, ids, 'TEXT'), await meanQueryMs(store, ids, 'HYBRID')];
    console.log(`[aan] TEXT ${text.toFixed(1)} ms, HYBRID ${hybrid.toFixed(1)} ms per list of 10 (mean of 200)`);
    expect(text).toBeLessThan(200);
  });
});

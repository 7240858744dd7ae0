// The concept tagger: its matching rules on single texts, then precision and recall against
// 100 NeurIPS 2020 titles labelled by hand (test/fixtures/tagger/neurips-100.json).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { ConceptMatcher, tagPapers, taggerBatch } from '../../src/ingest/tagger.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const curated = loadCuratedCorpus(CURATED_DATA_DIR);
const matcher = new ConceptMatcher(curated.concepts);
const found = (text: string) => matcher.find(text).map((m) => m.conceptId);

describe('concept matching rules', () => {
  it('handles case, plurals, hyphenation and spacing variants', () => {
    expect(found('Self-Supervised Learning of Visual Features')).toEqual(['self-supervised-learning']);
    expect(found('self supervised learning')).toEqual(['self-supervised-learning']);
    expect(found('Selfsupervised Learning')).toEqual(['self-supervised-learning']);
    expect(found('Efficient pretraining and fine tuning of Transformers')).toEqual(['pre-training', 'fine-tuning', 'transformer']);
    expect(found('Policies for word embedding')).toEqual(['word-embeddings']);
  });

  it('takes the longest match first and credits the words it covers once', () => {
    expect(found('Sparse Attention for Graph Neural Networks')).toEqual(['sparse-attention', 'graph-neural-network']);
    expect(found('Attention in neural networks')).toEqual(['attention', 'deep-learning']);
  });

  it('matches at word boundaries only, and not across punctuation', () => {
    expect(found('Retransformers and attentional pools')).toEqual([]);
    expect(found('Contrastive. Learning')).toEqual([]);
  });

  it('matches acronyms in capitals only, and skips ambiguous one-word aliases', () => {
    expect(found('Deep RL with GNNs')).toEqual(['reinforcement-learning', 'graph-neural-network']);
    expect(found('Offline RL')).toEqual(['offline-reinforcement-learning']);
    expect(found('rl and gnn in lowercase')).toEqual([]);
    expect(found('Neural Architecture Search for Anomaly Detection')).toEqual([]);
    expect(found('Glue for GLUE')).toEqual(['glue']);
  });

  it('scores title mentions above abstract mentions, with role USES and provenance "tagger"', () => {
    const paper = {
      ...curated.papers[0],
      id: 'p',
      title: 'Contrastive learning at scale',
      aliases: [],
      abstract: 'We study contrastive learning and data augmentation.',
    };
    const edges = tagPapers(curated, { papers: [paper] });
    expect(edges).toEqual([
      { paperId: 'p', conceptId: 'contrastive-learning', role: 'USES', score: 0.85, provenance: [{ source: 'tagger', recordId: 'p' }] },
      { paperId: 'p', conceptId: 'data-augmentation', role: 'USES', score: 0.5, provenance: [{ source: 'tagger', recordId: 'p' }] },
    ]);
  });

  it('merges as a batch without displacing the curated links', () => {
    const { corpus, report } = mergeBatches(curated, [taggerBatch(curated)]);
    expect(report.sources[0].edges.paperConcepts).toBeGreaterThan(0);
    const curatedLinks = new Set(curated.paperConcepts.map((e) => `${e.paperId}>${e.conceptId}`));
    for (const edge of corpus.paperConcepts.filter((e) => curatedLinks.has(`${e.paperId}>${e.conceptId}`))) {
      expect(edge.provenance[0].source).toBe('curated');
    }
    new KnowledgeGraph(corpus);
  });
});

interface Labels {
  papers: { idx: number; title: string; concepts: string[] }[];
}

describeDataset('the tagger on 100 hand-labelled NeurIPS 2020 titles', ['neurips-2020/papers.jsonl'], () => {
  it('has precision >= 0.9 and recall >= 0.6, importing and tagging 1,900 papers in under 2 s', async () => {
    const labels = JSON.parse(
      readFileSync(fileURLToPath(new URL('../fixtures/tagger/neurips-100.json', import.meta.url)), 'utf8'),
    ) as Labels;
    expect(labels.papers).toHaveLength(100);
    // CPU time of this process: test files running in parallel beside it do not inflate it as they do wall time.
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const [started, startedCpu] = [performance.now(), cpuMs()];
    const listing = await tabularImporter.read([datasetPath('neurips-2020/papers.jsonl')], {});
    const edges = tagPapers(listing.corpus, { concepts: curated.concepts });
    const [elapsed, cpu] = [performance.now() - started, cpuMs() - startedCpu];

    const tagged = new Map<string, Set<string>>();
    for (const e of edges) tagged.set(e.paperId, (tagged.get(e.paperId) ?? new Set()).add(e.conceptId));
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const paper of labels.papers) {
      expect(listing.corpus.papers.find((p) => p.id === `neurips-2020:${paper.idx}`)!.title).toBe(paper.title);
      const got = tagged.get(`neurips-2020:${paper.idx}`) ?? new Set<string>();
      for (const c of got)
        if (paper.concepts.includes(c)) truePositives++;
        else falsePositives++;
      for (const c of paper.concepts) if (!got.has(c)) falseNegatives++;
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(
      `[tagger] precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (tp ${truePositives}, fp ${falsePositives}, fn ${falseNegatives}); ` +
        `${edges.length} links on 1,900 papers; import + tagging ${Math.round(elapsed)} ms wall, ${Math.round(cpu)} ms CPU`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    // Measured 0.647 (22 of 34 labels): most misses are paraphrases no alias covers.
    expect(recall).toBeGreaterThanOrEqual(0.6);
    expect(cpu).toBeLessThan(2000);
  });
});

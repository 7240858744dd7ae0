// The concept tagger: its matching rules on single texts, the rules for several schemes at once
// (on small made-up schemes beside the curated one), then precision and recall against 100
// NeurIPS 2020 titles labelled by hand (test/fixtures/tagger/neurips-100.json). The run over
// titles + abstracts with the CSO is test/ingest/tagger-neurips.test.ts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { ConceptMatcher, tagPapers, taggerBatch } from '../../src/ingest/tagger.js';
import { type Concept, newConcept, newPaper } from '../../src/model/index.js';
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
      {
        paperId: 'p',
        conceptId: 'contrastive-learning',
        role: 'USES',
        score: 0.85,
        provenance: [{ source: 'tagger', recordId: 'p' }],
        evidence: [
          { field: 'TITLE', text: 'Contrastive learning' },
          { field: 'ABSTRACT', text: 'contrastive learning' },
        ],
      },
      {
        paperId: 'p',
        conceptId: 'data-augmentation',
        role: 'USES',
        score: 0.5,
        provenance: [{ source: 'tagger', recordId: 'p' }],
        evidence: [{ field: 'ABSTRACT', text: 'data augmentation' }],
      },
    ]);
  });

  it('reads an acronym as the paper defines it, and skips the idiom "received much attention"', () => {
    expect(found('We bound the Ranking Loss (RL) of the learner; RL is hard')).toEqual([]);
    expect(found('semi-supervised learning (SSL): SSL methods')).toEqual([
      'semi-supervised-learning',
      'semi-supervised-learning',
      'semi-supervised-learning',
    ]);
    expect(found('Graph models have received much attention lately.')).toEqual([]);
    expect(found('little attention is drawn to this; we use attention-based pooling')).toEqual(['attention']);
    expect(found('We capture long-range context with attention and focus on attention in graphs.')).toEqual(['attention', 'attention']);
  });

  it('credits "contrastive <concept> learning" to contrastive learning as well', () => {
    expect(found('contrastive self-supervised learning')).toEqual(['contrastive-learning', 'self-supervised-learning']);
    expect(found('self-supervised contrastive feature learning')).toEqual(['contrastive-learning', 'representation-learning']);
  });

  it('spells a text word like the schemes when one letter differs inside it ("optimisation"), not at its end', () => {
    // (Under a broader concept: a top-level concept of an imported scheme never tags.)
    const x = (id: string, name: string) => newConcept(`x:${id}`, { slug: id, name, kind: 'METHOD', scheme: 'x', broaderIds: ['x:top'] });
    const m = new ConceptMatcher([
      newConcept('x:top', { slug: 'top', name: 'Top', kind: 'FIELD', scheme: 'x' }),
      x('reg', 'Regularization methods'),
      x('cls', 'Binary classifier'),
    ]);
    expect(m.find('regularisation methods').map((c) => c.conceptId)).toEqual(['x:reg']);
    expect(m.find('binary classified').map((c) => c.conceptId)).toEqual([]);
  });
});

describe('several schemes at once', () => {
  const cso = (topic: string, name: string, broader: string[] = [], extra: Partial<Concept> = {}) =>
    newConcept(`cso:${topic}`, { slug: topic, name, kind: 'FIELD', scheme: 'cso', broaderIds: broader.map((b) => `cso:${b}`), ...extra });
  const scheme: Concept[] = [
    ...curated.concepts,
    cso('computer_science', 'computer science'),
    cso('optimization', 'optimization'),
    cso('nonconvex_optimization', 'nonconvex optimization', ['optimization'], {
      externalIds: [{ scheme: 'wikidata', id: 'Q1', url: null }],
    }),
    cso('transformer_topic', 'Transformer', ['computer_science']),
    cso('semiconducting_gallium', 'semiconducting gallium', ['computer_science']),
    cso('gan', 'gan', ['semiconducting_gallium']),
    cso('markov_decision_process', 'markov decision process', ['computer_science']),
    cso('mdp', 'mdp', ['markov_decision_process']),
    cso('inas', 'inas', ['semiconducting_gallium']),
    cso('target_tracking', 'target tracking'),
    cso('target_model', 'target model', ['target_tracking']),
    newConcept('acm:networks', { slug: 'networks', name: 'Networks', kind: 'FIELD', scheme: 'acm-ccs' }),
  ];
  const m = new ConceptMatcher(scheme);
  const ids = (text: string) => m.find(text).map((x) => x.conceptId);

  it('gives a label two concepts share to the curated one; generic one-word labels do not tag', () => {
    expect(ids('Transformers for vision')).toEqual(['transformer']);
    expect(ids('Networks of agents in optimization')).toEqual([]);
    expect(ids('computer science')).toEqual([]);
    expect(ids('nonconvex optimization')).toEqual(['cso:nonconvex_optimization']);
  });

  it('reads a short imported label as an acronym only when a broader label spells it out', () => {
    expect(ids('MDPs with GANs')).toEqual(['cso:mdp']);
    expect(ids('mdp')).toEqual([]);
    expect(ids('believed in as much')).toEqual([]);
  });

  it('keeps an imported concept that nothing near it supports out, unless it is all the paper has', () => {
    const paper = (id: string, abstract: string) => ({ ...newPaper(id, 'A study'), abstract });
    const edges = tagPapers(
      { ...curated, concepts: scheme },
      {
        papers: [
          // An encyclopedic concept named twice stands on its own; "target model" (of target tracking) does not.
          paper('a', 'We attack the target model with contrastive learning and nonconvex optimization. Nonconvex optimization is hard.'),
          paper('b', 'We attack the target model.'),
        ],
      },
    );
    expect(edges.filter((e) => e.paperId === 'a').map((e) => e.conceptId)).toEqual(['contrastive-learning', 'cso:nonconvex_optimization']);
    expect(edges.filter((e) => e.paperId === 'b').map((e) => e.conceptId)).toEqual(['cso:target_model']);
  });
});

describe('batches', () => {
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

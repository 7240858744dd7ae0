// Scheme alignment: CSO and the ACM CCS merged onto the curated corpus absorb into the curated
// concepts they name (with mappings) instead of duplicating them; small schemes for each rule.

import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { ConceptAligner, labelKey } from '../../src/ingest/concept-alignment.js';
import { csoImporter } from '../../src/ingest/cso.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import type { ImportBatch } from '../../src/ingest/importer.js';
import { mergeBatches, type ImportReport } from '../../src/ingest/merge.js';
import { skosImporter } from '../../src/ingest/skos.js';
import { type Concept, type Corpus, emptyCorpus, newConcept, newPaper } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('CSO and the ACM CCS aligned to the curated concepts', ['cso/CSO.3.5.csv.gz', 'acm-ccs-2012/acm_ccs2012.skos.xml'], () => {
  const curated = loadCuratedCorpus(CURATED_DATA_DIR);
  let corpus: Corpus;
  let report: ImportReport;
  let byId: Map<string, Concept>;
  let mergeMs = 0;
  beforeAll(async () => {
    const cso = await csoImporter.read([datasetPath('cso/CSO.3.5.csv.gz')], {});
    const acm = await skosImporter.read([datasetPath('acm-ccs-2012/acm_ccs2012.skos.xml')], {});
    const started = performance.now();
    ({ corpus, report } = mergeBatches(curated, [cso, acm]));
    mergeMs = performance.now() - started;
    byId = new Map(corpus.concepts.map((c) => [c.id, c]));
    console.log(`[alignment] merge of curated + CSO + ACM: ${Math.round(mergeMs)} ms, ${corpus.concepts.length} concepts`);
  });

  it('absorbs CSO topics into the curated concepts they name, and reports them as merged', () => {
    const [cso, acm] = report.sources;
    // 52 CSO concepts name a curated one, 53 while the curated few-shot learning still has the
    // wrong alias "zero-shot learning" (issue #13 removes it).
    const absorbed = 52 + (curated.concepts.some((c) => c.aliases.includes('zero-shot learning')) ? 1 : 0);
    expect(cso).toMatchObject({ source: 'cso', created: { concepts: 11_440 - absorbed }, merged: { concepts: absorbed } });
    expect(acm.source).toBe('acm-ccs2012');
    expect(acm.created.concepts + acm.merged.concepts).toBe(2113);
    expect(corpus.concepts).toHaveLength(curated.concepts.length + 11_440 - absorbed + acm.created.concepts);
    // One slug per concept across the three schemes; the graph builds.
    expect(new Set(corpus.concepts.map((c) => c.slug)).size).toBe(corpus.concepts.length);
    expect(new KnowledgeGraph(corpus).concepts.get('contrastive-learning')).toBeDefined();
  });

  it('never duplicates a curated concept: no other concept is named like one', () => {
    const curatedKeys = new Map<string, string>();
    for (const c of curated.concepts) curatedKeys.set(labelKey(c.name), c.id);
    const duplicates = corpus.concepts.filter((c) => c.scheme !== 'curated' && curatedKeys.has(labelKey(c.name))).map((c) => c.id);
    expect(duplicates).toEqual([]);
    // Every curated concept is still there, under its own id, slug, name, kind and description.
    for (const c of curated.concepts) {
      expect(byId.get(c.id)).toMatchObject({ slug: c.slug, name: c.name, kind: c.kind, description: c.description, scheme: 'curated' });
    }
  });

  it('gives contrastive learning its CSO mapping, external ids and broader topic', () => {
    const cl = byId.get('contrastive-learning')!;
    expect(byId.has('cso:contrastive_learning')).toBe(false);
    expect(cl.mappings).toEqual([
      {
        scheme: 'cso',
        id: 'contrastive_learning',
        label: 'contrastive learning',
        uri: 'https://cso.kmi.open.ac.uk/topics/contrastive_learning',
        match: 'EXACT',
      },
    ]);
    expect(cl.externalIds.map((e) => `${e.scheme}:${e.id}`)).toEqual([
      'cso:contrastive_learning',
      'cso:contrastive_representation_learning',
    ]);
    // CSO's broader topic (machine learning, itself aligned to the curated one) joins the curated ones.
    expect(cl.broaderIds).toEqual(['self-supervised-learning', 'representation-learning', 'machine-learning']);
    expect(cl.provenance.map((p) => p.source)).toEqual(['curated', 'cso']);
  });

  it('aligns attention, transformers and machine learning, with Wikidata ids carried over', () => {
    expect(byId.get('attention')!.mappings).toEqual([
      {
        scheme: 'cso',
        id: 'attention_mechanism',
        label: 'attention mechanism',
        uri: 'https://cso.kmi.open.ac.uk/topics/attention_mechanism',
        match: 'EXACT',
      },
    ]);
    const transformer = byId.get('transformer')!;
    expect(transformer.mappings.map((m) => [m.scheme, m.id, m.match])).toEqual([['cso', 'transformers', 'EXACT']]);
    // CSO's wrong equivalence is not followed: encoder-decoder goes to sequence-to-sequence, not to the Transformer.
    expect(byId.get('sequence-to-sequence')!.mappings.map((m) => m.id)).toEqual(['encoder-decoder']);
    const ml = byId.get('machine-learning')!;
    expect(ml.externalIds).toContainEqual({ scheme: 'wikidata', id: 'Q2539', url: 'https://www.wikidata.org/entity/Q2539' });
    expect(ml.mappings).toContainEqual({
      scheme: 'acm-ccs',
      id: '10010147.10010257',
      label: 'Machine learning',
      uri: null,
      match: 'EXACT',
    });
    // Near matches are CLOSE: "word embedding" (CSO) for "Word embeddings", an LSTM group named by its acronym.
    expect(byId.get('word-embeddings')!.mappings.map((m) => [m.id, m.match])).toEqual([['word_embedding', 'CLOSE']]);
    expect(byId.get('lstm')!.mappings.map((m) => [m.id, m.match])).toEqual([['long_short_term_memory_neural_networks', 'CLOSE']]);
  });

  it('keeps a CSO topic that is not curated as its own concept under the aligned broader concept', () => {
    expect(byId.get('cso:visual_attention_models')).toMatchObject({ scheme: 'cso', broaderIds: ['attention'] });
    expect(byId.get('cso:sparse_transformer_models')!.broaderIds.sort()).toEqual(['sequence-to-sequence', 'transformer']);
    // A topic absorbed through a curated alias keeps its hierarchy to itself: CSO's "knowledge
    // transfer" (under knowledge management) does not move transfer learning.
    const transfer = byId.get('transfer-learning')!;
    expect(transfer.mappings.filter((m) => m.scheme === 'cso').map((m) => m.id)).toEqual(['knowledge_transfer', 'transfer_learning']);
    expect(transfer.broaderIds).toContain('machine-learning');
    expect(transfer.broaderIds).not.toContain('cso:knowledge_management');
    // CSO's machine-learning children that are curated keep pointing at the curated concept.
    expect(byId.get('reinforcement-learning')!.broaderIds).toContain('machine-learning');
  });

  it('absorbs the ACM "Neural networks" into the curated concept whose alias it is, not beside it', () => {
    const deep = byId.get('deep-learning')!;
    const acmNeural = deep.mappings.filter((m) => m.scheme === 'acm-ccs');
    expect(acmNeural.map((m) => m.label)).toEqual(['Neural networks', 'Neural networks']);
    expect(corpus.concepts.filter((c) => c.name === 'Neural networks')).toEqual([]);
    // Alignment cycles are warnings, kept as stated.
    expect(report.sources[1].warningCount).toBeGreaterThan(0);
    expect(report.sources[1].warnings[0].reason).toMatch(/^broader cycle after alignment: /);
  });
});

describe('alignment rules', () => {
  const curated = (id: string, name: string, aliases: string[] = [], broaderIds: string[] = []) =>
    newConcept(id, { slug: id, name, kind: 'METHOD', scheme: 'curated', aliases, broaderIds, description: `${name}.` });
  const other = (id: string, name: string, aliases: string[] = [], broaderIds: string[] = []) =>
    newConcept(`x:${id}`, {
      slug: id,
      name,
      kind: 'FIELD',
      scheme: 'x',
      aliases,
      broaderIds: broaderIds.map((b) => `x:${b}`),
      externalIds: [{ scheme: 'x', id, url: `https://x.org/${id}` }],
      provenance: [{ source: 'x', recordId: id }],
    });
  const base = (...concepts: Concept[]) => ({ ...emptyCorpus(), concepts });
  const batch = (...concepts: Concept[]): ImportBatch => ({
    source: 'x',
    corpus: { ...emptyCorpus(), concepts },
    read: concepts.length,
    skipped: [],
    unresolvedReferences: new Map(),
  });

  it('normalises case, hyphens, spaces and plurals', () => {
    expect(labelKey('Pre-Training')).toBe(labelKey('pretraining'));
    expect(labelKey('Graph Neural Networks')).toBe(labelKey('graph neural network'));
    expect(labelKey('Transformers')).toBe(labelKey('transformer'));
    expect(labelKey('self-supervised learning')).not.toBe(labelKey('semi-supervised learning'));
  });

  it('matches names exactly, aliases and near names closely, and not across different prefixes', () => {
    const aligner = new ConceptAligner([
      curated('ssl', 'Self-supervised learning'),
      curated('cnn', 'Convolutional neural network', ['CNN']),
      curated('mi', 'Mutual information', ['MI']),
      curated('rlhf', 'Reinforcement learning from human feedback'),
    ]);
    const match = (c: Concept) => {
      const a = aligner.align(c);
      return a && [a.target.id, a.match];
    };
    expect(match(other('a', 'self supervised learning'))).toEqual(['ssl', 'EXACT']);
    expect(match(other('b', 'semi-supervised learning'))).toBeNull();
    expect(match(other('c', 'convolution neural network'))).toEqual(['cnn', 'CLOSE']);
    expect(match(other('d', 'deep cnn models', ['convolutional neural networks']))).toEqual(['cnn', 'CLOSE']);
    // Two- and three-letter acronyms match only as written: CSO's lowercase "mi" is not mutual information.
    expect(match(other('e', 'mi'))).toBeNull();
    expect(match(other('f', 'reinforcement learning with human feedback'))).toEqual(['rlhf', 'CLOSE']);
    expect(match(other('g', 'unsupervised learning'))).toBeNull();
  });

  it('keeps curated fields, drops aliases that name another curated concept, and warns about cycles', () => {
    const { corpus, report } = mergeBatches(
      base(
        curated('ml', 'Machine learning'),
        curated('cl', 'Contrastive learning', [], ['ml']),
        curated('ssl', 'Self-supervised learning', [], ['ml']),
      ),
      [
        batch(
          other(
            'contrastive',
            'contrastive learning',
            ['self-supervised learning', 'contrastive methods'],
            ['machine_learning', 'cl_child'],
          ),
          other('machine_learning', 'machine learning', [], ['contrastive']),
          other('cl_child', 'supervised contrastive learning', ['supcon'], ['contrastive']),
        ),
      ],
    );
    const byId = new Map(corpus.concepts.map((c) => [c.id, c]));
    expect(corpus.concepts.map((c) => c.id)).toEqual(['ml', 'cl', 'ssl', 'x:cl_child']);
    const cl = byId.get('cl')!;
    expect(cl).toMatchObject({ name: 'Contrastive learning', slug: 'cl', kind: 'METHOD', description: 'Contrastive learning.' });
    expect(cl.aliases).toEqual(['contrastive methods']);
    expect(cl.mappings).toEqual([
      { scheme: 'x', id: 'contrastive', label: 'contrastive learning', uri: 'https://x.org/contrastive', match: 'EXACT' },
    ]);
    expect(cl.broaderIds).toEqual(['ml', 'x:cl_child']);
    expect(byId.get('x:cl_child')!.aliases).toEqual(['supcon']);
    expect(byId.get('x:cl_child')!.broaderIds).toEqual(['cl']);
    // ml → cl (from x's machine learning → contrastive) closes ml → cl → ml.
    expect(byId.get('ml')!.broaderIds).toEqual(['cl']);
    expect(report.sources[0]).toMatchObject({ created: { concepts: 1 }, merged: { concepts: 2 } });
    expect(report.sources[0].warnings.map((w) => w.reason)).toContain('broader cycle after alignment: ml → cl → ml');
  });

  it("lands a later batch's link to an absorbed concept on the concept that absorbed it", () => {
    const links: ImportBatch = {
      ...batch(),
      source: 'y',
      corpus: {
        ...emptyCorpus(),
        papers: [newPaper('p1', 'A paper')],
        paperConcepts: [{ paperId: 'p1', conceptId: 'x:contrastive', role: 'USES', score: 0.5, provenance: [], evidence: [] }],
      },
    };
    const { corpus } = mergeBatches(base(curated('cl', 'Contrastive learning')), [
      batch(other('contrastive', 'contrastive learning')),
      links,
    ]);
    expect(corpus.paperConcepts.map((pc) => [pc.paperId, pc.conceptId])).toEqual([['p1', 'cl']]);
  });

  it('does not absorb a concept whose aliases name two different curated concepts', () => {
    const { corpus } = mergeBatches(base(curated('ssl', 'Self-supervised learning'), curated('cl', 'Contrastive learning')), [
      batch(other('group', 'representation pretext tasks', ['self-supervised learning', 'contrastive learning'])),
    ]);
    expect(corpus.concepts.map((c) => [c.id, c.aliases])).toEqual([
      ['ssl', []],
      ['cl', []],
      ['x:group', []],
    ]);
  });

  it('gives a new concept whose slug is taken another slug', () => {
    const { corpus } = mergeBatches(base(curated('attention', 'Attention')), [batch(other('attention', 'attention economy'))]);
    expect(corpus.concepts.map((c) => c.slug)).toEqual(['attention', 'attention-2']);
  });
});

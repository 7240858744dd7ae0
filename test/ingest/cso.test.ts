// The Computer Science Ontology 3.5 as published (the CSV dump), and small files for the CSV
// shapes and bad input.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Concept } from '../../src/model/index.js';
import { csoImporter } from '../../src/ingest/cso.js';
import { importerFor } from '../../src/ingest/formats.js';
import type { ImportBatch } from '../../src/ingest/importer.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('CSO import of CSO 3.5', ['cso/CSO.3.5.csv.gz'], () => {
  let batch: ImportBatch;
  let byId: Map<string, Concept>;
  let importMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    batch = await importerFor('cso').read([datasetPath('cso/CSO.3.5.csv.gz')], {});
    importMs = performance.now() - started;
    byId = new Map(batch.corpus.concepts.map((c) => [c.id, c]));
    console.log(`[cso] import ${Math.round(importMs)} ms, ${batch.corpus.concepts.length} concepts`);
  });

  it('reads every row, and collapses 14,636 topics into 11,440 concepts', () => {
    expect(batch.source).toBe('cso');
    expect(batch.read).toBe(166_519);
    expect(batch.skipped).toEqual([]);
    // Equivalence groups: 11,438 as CSO states them; self-supervised learning and transformers split off (+2).
    expect(batch.corpus.concepts).toHaveLength(11_440);
    const topics = batch.corpus.concepts.reduce((n, c) => n + c.externalIds.filter((e) => e.scheme === 'cso').length, 0);
    expect(topics).toBe(14_636);
    expect(new Set(batch.corpus.concepts.map((c) => c.slug)).size).toBe(11_440);
    expect(batch.corpus.concepts.every((c) => c.scheme === 'cso' && c.kind === 'FIELD')).toBe(true);
    // The 12 roots of the README.
    const roots = batch.corpus.concepts.filter((c) => c.broaderIds.length === 0).map((c) => c.id);
    expect(roots.sort()).toEqual(
      [
        'communication',
        'computer_science',
        'economics',
        'education',
        'engineering',
        'geology',
        'geometry',
        'linguistics',
        'mathematics',
        'semantics',
        'sociology',
        'topology',
      ].map((t) => `cso:${t}`),
    );
  });

  it('gives contrastive learning the collapsed machine learning as broader topic', () => {
    const cl = byId.get('cso:contrastive_learning')!;
    expect(cl).toMatchObject({
      name: 'contrastive learning',
      slug: 'contrastive-learning',
      aliases: ['contrastive representation learning'],
    });
    // Six machine-learning topics are super-topics of it in the file; they are one concept.
    expect(cl.broaderIds).toEqual(['cso:machine_learning']);
    expect(byId.get('cso:machine_learning')!.broaderIds).toEqual(['cso:artificial_intelligence']);
    expect(byId.has('cso:machine-learning')).toBe(false);
  });

  it('collapses an equivalence group into one concept named after the preferred topic', () => {
    const ml = byId.get('cso:machine_learning')!;
    expect(ml.name).toBe('machine learning');
    expect([...ml.aliases].sort()).toEqual([
      'machine learning algorithms',
      'machine learning methods',
      'machine learning techniques',
      'machine learnings',
      'machine-learning',
    ]);
    expect(ml.externalIds.filter((e) => e.scheme === 'cso').map((e) => e.id)[0]).toBe('machine_learning');
    expect(ml.externalIds).toContainEqual({
      scheme: 'cso',
      id: 'machine-learning',
      url: 'https://cso.kmi.open.ac.uk/topics/machine-learning',
    });
    // CSO's own preferred topic names the group, even where a plainer label exists.
    const pso = byId.get('cso:particle_swarm_optimization_%28pso%29')!;
    expect(pso.name).toBe('particle swarm optimization (pso)');
    expect(pso.aliases).toHaveLength(11);
    expect(pso.aliases).toContain('particle swarm optimization');
    expect(byId.has('cso:particle_swarm_optimization')).toBe(false);
  });

  it('exposes sameAs Wikidata and DBpedia links as external ids', () => {
    const ml = byId.get('cso:machine_learning')!;
    expect(ml.externalIds).toContainEqual({ scheme: 'wikidata', id: 'Q2539', url: 'https://www.wikidata.org/entity/Q2539' });
    expect(ml.externalIds).toContainEqual({
      scheme: 'dbpedia',
      id: 'Machine_learning',
      url: 'http://dbpedia.org/resource/Machine_learning',
    });
    const wikidata = batch.corpus.concepts.filter((c) => c.externalIds.some((e) => e.scheme === 'wikidata')).length;
    expect(wikidata).toBeGreaterThan(3000);
  });

  it('keeps self-supervised learning apart from contrastive learning, and transformers from encoder-decoder', () => {
    expect(byId.get('cso:self-supervised_learning')).toMatchObject({ name: 'self-supervised learning', aliases: [] });
    expect(byId.get('cso:contrastive_learning')!.aliases).not.toContain('self-supervised learning');
    expect(byId.get('cso:transformers')).toMatchObject({
      name: 'transformers',
      aliases: ['transformer-based'],
      broaderIds: ['cso:deep_learning'],
    });
    expect(byId.get('cso:encoder-decoder')!.aliases).toEqual(['encoder-decoder transformers']);
  });

  it('keeps percent-encoded ids as published and decodes nothing in labels', () => {
    expect(byId.get('cso:%28100%29_silicon')).toMatchObject({ name: '(100) silicon', slug: '100-silicon' });
  });
});

describe('CSO CSV shapes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-cso-'));
  const T = 'https://cso.kmi.open.ac.uk/topics/';
  const row = (s: string, p: string, o: string) => `"<${T}${s}>","<${p}>","${o}"`;
  const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
  const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
  const CSO = 'http://cso.kmi.open.ac.uk/schema/cso#';
  const topic = (id: string, label: string) => [row(id, TYPE, `<${CSO}Topic>`), `"<${T}${id}>","<${LABEL}>","${label}"@en .`];

  it('reads labels with commas, drops self-loops, and warns about a superTopicOf cycle', async () => {
    const file = join(dir, 'tiny.csv');
    writeFileSync(
      file,
      [
        ...topic('a', 'vision, binocular'),
        ...topic('b', 'b topic'),
        ...topic('c', 'c topic'),
        row('a', `${CSO}superTopicOf`, `<${T}b>`),
        row('b', `${CSO}superTopicOf`, `<${T}a>`),
        row('c', `${CSO}superTopicOf`, `<${T}c>`),
        row('c', 'http://www.w3.org/2002/07/owl#sameAs', '<http://www.wikidata.org/entity/Q1>'),
        '"only two","columns"',
        '',
      ].join('\n'),
    );
    const batch = await csoImporter.read([file], {});
    expect(batch.read).toBe(11);
    expect(batch.corpus.concepts.map((c) => [c.id, c.name, c.broaderIds])).toEqual([
      ['cso:a', 'vision, binocular', ['cso:b']],
      ['cso:b', 'b topic', ['cso:a']],
      ['cso:c', 'c topic', []],
    ]);
    expect(batch.corpus.concepts[2].externalIds).toContainEqual({
      scheme: 'wikidata',
      id: 'Q1',
      url: 'https://www.wikidata.org/entity/Q1',
    });
    expect(batch.skipped).toEqual([{ file, line: 11, reason: expect.stringMatching(/expected 3 columns/) }]);
    expect(batch.warnings).toEqual([{ file, line: 1, reason: 'superTopicOf cycle: cso:a → cso:b → cso:a' }]);
    await expect(csoImporter.read([file], { strict: true })).rejects.toThrow(/tiny.csv:11: expected 3 columns/);
  });
});

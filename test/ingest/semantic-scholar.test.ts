// Semantic Scholar Academic Graph datasets: the published sample as it is, and small gzipped
// shards for what the sample cannot show (its abstracts and papers do not overlap).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { semanticScholarImporter } from '../../src/ingest/semantic-scholar.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const SAMPLE = ['papers.jsonl', 'citations.jsonl', 'authors.jsonl', 'abstracts.jsonl'].map((f) => `semantic-scholar-sample/${f}`);

describeDataset('Semantic Scholar sample', SAMPLE, () => {
  it('reads the 100 papers, 100 authors and the 83 citations with both ends, from the folder', async () => {
    const batch = await semanticScholarImporter.read([datasetPath('semantic-scholar-sample')], {});
    const { corpus } = batch;
    expect(batch.read).toBe(400);
    expect(batch.skipped).toEqual([]);
    const described = corpus.papers.filter((p) => !p.title.startsWith('S2 CorpusId:'));
    expect(described).toHaveLength(100);
    expect(corpus.citations).toHaveLength(83);
    // Each citation end outside the papers file is a stub that keeps the edge.
    expect(corpus.papers.length - described.length).toBe(166);
    expect(corpus.papers.find((p) => p.id === 's2:231810694')).toMatchObject({
      title: 'BEQ volume 20 issue 4 Back matter',
      year: 2010,
      doi: '10.1017/s1052150x00004760',
      venueId: 's2:venue:business-ethics-quarterly',
    });
    expect(corpus.authors.find((a) => a.id === 's2:author:102908023')).toMatchObject({ name: 'Sung-A Jung' });
    new KnowledgeGraph(mergeBatches(null, [batch]).corpus);
  });

  it('carries citation contexts, intents and isinfluential', async () => {
    const { corpus } = await semanticScholarImporter.read(SAMPLE.map(datasetPath), {});
    expect(corpus.citations.filter((c) => c.contexts.length > 0)).toHaveLength(32);
    expect(corpus.citations.filter((c) => c.intents.length > 0)).toHaveLength(31);
    expect(corpus.citations.filter((c) => c.isInfluential === true)).toHaveLength(7);
    const darboux = corpus.citations.find((c) => c.citingId === 's2:15701949' && c.citedId === 's2:15150587')!;
    expect(darboux.intents).toEqual(['METHOD', 'BACKGROUND']);
    expect(darboux.isInfluential).toBe(true);
    expect(darboux.contexts[1]).toBe('Ambainis et al. use the approach due to Chen and Ismail [7], which employs the Darboux method.');
    expect(darboux.provenance).toEqual([{ source: 'semantic-scholar', recordId: 'citations:83' }]);
  });

  it('counts a citation with no cited paper as dangling, without inventing a paper for it', async () => {
    const batch = await semanticScholarImporter.read([datasetPath('semantic-scholar-sample/citations.jsonl')], {});
    expect(batch.unresolvedReferences.get('s2:74265463')).toBe(1);
    const { corpus, report } = mergeBatches(null, [batch]);
    expect(report.sources[0].danglingReferences).toBe(17);
    expect(corpus.papers.some((p) => p.id === 's2:74265463')).toBe(false);
  });
});

describe('Semantic Scholar shards, gzipped and malformed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-s2-'));
  const paper = (corpusid: number, title: string, refs: number) =>
    JSON.stringify({
      corpusid,
      externalids: { ArXiv: '2007.14062', DOI: null, CorpusId: String(corpusid) },
      url: null,
      title,
      authors: [{ authorId: '1771551', name: 'M. Zaheer' }],
      venue: 'Neural Information Processing Systems',
      year: 2020,
      referencecount: refs,
      publicationtypes: ['Conference'],
      journal: null,
    });
  // Shards carry no telling names: what each holds is read from its first record.
  writeFileSync(
    join(dir, 'part-0001.gz'),
    gzipSync([paper(220831004, 'Big Bird: Transformers for Longer Sequences', 3), paper(215737171, 'Longformer', 0)].join('\n')),
  );
  writeFileSync(
    join(dir, 'part-0002.gz'),
    gzipSync(
      [
        JSON.stringify({
          citingcorpusid: '220831004',
          citedcorpusid: '215737171',
          isinfluential: true,
          contexts: ['like Longformer'],
          intents: ['methodology'],
        }),
        '{"citingcorpusid": "220831004", "citedcorpusid": ',
      ].join('\n'),
    ),
  );
  writeFileSync(
    join(dir, 'part-0003.jsonl'),
    JSON.stringify({ corpusid: 220831004, abstract: 'Transformers-based models, such as BERT, ...' }),
  );

  it('detects gzip by content, what a shard holds by its records, and joins abstracts to papers', async () => {
    const batch = await semanticScholarImporter.read([dir], {});
    const bigBird = batch.corpus.papers.find((p) => p.id === 's2:220831004')!;
    expect(bigBird).toMatchObject({ arxivId: '2007.14062', abstract: 'Transformers-based models, such as BERT, ...' });
    expect(batch.corpus.citations).toMatchObject([{ citedId: 's2:215737171', intents: ['METHOD'], isInfluential: true }]);
    // Three references counted by S2, one of them in the batch: two are dangling.
    expect(batch.unresolvedReferences.get('s2:220831004')).toBe(2);
    const merged = mergeBatches(null, [batch]).corpus.papers.find((p) => p.id === 's2:220831004')!;
    expect(merged.unresolvedReferenceCount).toBe(2);
    expect(batch.skipped).toEqual([{ file: join(dir, 'part-0002.gz'), line: 2, reason: expect.stringMatching(/^malformed JSON/) }]);
  });

  it('aborts under strict on the malformed line, naming the file and line', async () => {
    await expect(semanticScholarImporter.read([dir], { strict: true })).rejects.toThrow(`${join(dir, 'part-0002.gz')}:2: malformed JSON`);
  });
});

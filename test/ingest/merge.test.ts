// Merging imports into one graph: the NeurIPS 2020 listing into the curated corpus, and small
// batches for each identity rule.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { BatchBuilder } from '../../src/ingest/batch-builder.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { normalizePersonName, normalizeTitle } from '../../src/ingest/identity.js';
import { ImportError, type ImportBatch } from '../../src/ingest/importer.js';
import { formatReport, mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('the NeurIPS 2020 listing merged into the curated corpus', ['neurips-2020/papers.jsonl'], () => {
  it('merges all ten guide papers with the curated ones, listing titles or not, and duplicates nothing', async () => {
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const listing = await tabularImporter.read([datasetPath('neurips-2020/papers.jsonl')], {});
    const seeds = readFileSync(datasetPath('neurips-2020/papers.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { idx: number; title: string; seed: boolean })
      .filter((r) => r.seed);
    expect(seeds).toHaveLength(10);

    const { corpus, report } = mergeBatches(curated, [listing]);
    console.log(`[neurips] ${formatReport(report).split('\n')[1]}`);
    for (const seed of seeds) {
      const holders = corpus.papers.filter((p) =>
        p.provenance.some((s) => s.source === 'neurips-2020' && s.recordId.endsWith(`#${seed.idx}`)),
      );
      expect(holders, seed.title).toHaveLength(1);
      expect(holders[0].provenance[0].source, seed.title).toBe('curated');
      const sameTitle = corpus.papers.filter(
        (p) => p.year === 2020 && [p.title, ...p.aliases].some((t) => normalizeTitle(t) === normalizeTitle(seed.title)),
      );
      expect(sameTitle, seed.title).toHaveLength(1);
    }
    // The listing's "Big Bird: Bert for Longer Sequences" is the curated Big Bird (matched on its alias).
    expect(corpus.papers.find((p) => p.id === 'zaheer2020big')!.aliases).toContain('Big Bird: Bert for Longer Sequences');
    // Other NeurIPS 2020 papers the curated corpus holds (Bongard-LOGO, RL Unplugged, …) merge too: 20 today.
    const merged = report.sources[0].merged.papers;
    expect(merged).toBeGreaterThanOrEqual(20);
    expect(corpus.papers).toHaveLength(curated.papers.length + 1900 - merged);
    expect(report.sources[0].merged.venues).toBe(1);
    expect(new Set(corpus.papers.filter((p) => p.provenance.some((s) => s.source === 'neurips-2020')).map((p) => p.venueId))).toEqual(
      new Set(['neurips-2020']),
    );
    new KnowledgeGraph(corpus);
  });

  it("keeps the curated author list of a merged paper and adds the listing's affiliations to it", async () => {
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const { corpus } = mergeBatches(curated, [await tabularImporter.read([datasetPath('neurips-2020/papers.jsonl')], {})]);
    const byol = corpus.authorships.filter((a) => a.paperId === 'grill2020bootstrap').sort((a, b) => a.position - b.position);
    expect(byol).toHaveLength(curated.authorships.filter((a) => a.paperId === 'grill2020bootstrap').length);
    expect(byol[4].affiliations).toEqual(['Imperial College']);
    const grill = corpus.authors.find((a) => a.id === byol[0].authorId)!;
    expect(grill.name).toBe('Jean-Bastien Grill');
    expect(grill.affiliations).toContain('DeepMind');
    expect(corpus.authors.filter((a) => normalizePersonName(a.name) === 'jean bastien grill')).toHaveLength(1);
  });
});

/** A batch built by hand: papers as [id, title, year, extra fields], authors by name. */
function batchOf(
  source: string,
  papers: [string, string, number, Record<string, unknown>?, string[]?][],
  cites: [string, string][] = [],
): ImportBatch {
  const b = new BatchBuilder(source);
  for (const [id, title, year, extra = {}, authors = []] of papers) {
    b.addPaper({ id, title, year, venueId: null, abstract: null, url: null, doi: null, arxivId: null, ...extra }, id);
    authors.forEach((name, i) => b.authorship(id, b.author(`${source}:${normalizePersonName(name)}`, name, [], id), i, []));
  }
  for (const [from, to] of cites) b.cite(from, to, `${from}>${to}`);
  return b.finish(papers.length + cites.length, []);
}

describe('identity rules', () => {
  it('matches papers by DOI, then arXiv id, then title + year; the first keeps its id and gains the rest', () => {
    const first = batchOf('a', [
      ['a:1', 'Long Short-Term Memory', 1997, { doi: '10.1162/neco.1997.9.8.1735' }],
      ['a:2', 'Attention Is All You Need', 2017],
      ['a:3', 'Deep Residual Learning for Image Recognition', 2016],
    ]);
    const second = batchOf('b', [
      ['b:1', 'LSTM', 1997, { doi: 'https://doi.org/10.1162/NECO.1997.9.8.1735', abstract: 'Learning to store information…' }],
      ['b:2', 'Attention is all you need!', 2017, { arxivId: 'arXiv:1706.03762v5' }],
      ['b:3', 'Deep Residual Learning for Image Recognition', 2015],
    ]);
    const { corpus, report } = mergeBatches(null, [first, second]);
    expect(report.sources[1].merged.papers).toBe(2);
    const lstm = corpus.papers.find((p) => p.id === 'a:1')!;
    expect(lstm).toMatchObject({ abstract: 'Learning to store information…', aliases: ['LSTM'] });
    expect(lstm.provenance).toEqual([
      { source: 'a', recordId: 'a:1' },
      { source: 'b', recordId: 'b:1' },
    ]);
    expect(corpus.papers.find((p) => p.id === 'a:2')).toMatchObject({ arxivId: '1706.03762', aliases: [] });
    // Same title, another year: another paper.
    expect(corpus.papers.map((p) => p.id)).toContain('b:3');
  });

  it("trusts a source's own ids: two records of one source with one title stay two papers", () => {
    const { corpus } = mergeBatches(null, [
      batchOf('aan', [
        ['aan:1', 'Commentary on Kaplan and Kay', 1994],
        ['aan:2', 'Commentary on Kaplan and Kay', 1994],
      ]),
    ]);
    expect(corpus.papers).toHaveLength(2);
  });

  it('matches authors by normalised name across sources, accents and name order folded', () => {
    expect(normalizePersonName('Rush, Alexander M.')).toBe('alexander m rush');
    expect(normalizePersonName('Alexander M. Rush')).toBe('alexander m rush');
    expect(normalizePersonName('alexander m rush')).toBe('alexander m rush');
    expect(normalizePersonName('Schmidhuber, J{\\"u}rgen')).not.toBe(normalizePersonName('Jürgen Schmidhuber'));
    expect(normalizePersonName('Jürgen Schmidhuber')).toBe('jurgen schmidhuber');
    const { corpus } = mergeBatches(null, [
      batchOf('aan', [['aan:1', 'A Neural Attention Model for Sentence Summarization', 2015, {}, ['Rush, Alexander M.']]]),
      batchOf('bib', [['bib:1', 'Sequence-Level Knowledge Distillation', 2016, {}, ['Yoon Kim', 'Alexander M. Rush']]]),
    ]);
    expect(corpus.authors.map((a) => a.name)).toEqual(['Rush, Alexander M.', 'Yoon Kim']);
    expect(corpus.authorships.filter((a) => a.authorId === corpus.authors[0].id)).toHaveLength(2);
  });

  it('re-points citations to the kept papers, folds repeats with their provenance, and sums dangling references', () => {
    const first = batchOf(
      'a',
      [
        ['a:1', 'Attention Is All You Need', 2017],
        ['a:2', 'Long Short-Term Memory', 1997],
      ],
      [
        ['a:1', 'a:2'],
        ['a:1', 'a:ghost'],
      ],
    );
    const second = batchOf(
      'b',
      [
        ['b:1', 'Attention Is All You Need', 2017],
        ['b:2', 'Long Short-Term Memory', 1997],
      ],
      [
        ['b:1', 'b:2'],
        ['b:1', 'b:other'],
      ],
    );
    const { corpus, report } = mergeBatches(null, [first, second]);
    expect(corpus.citations).toHaveLength(1);
    expect(corpus.citations[0]).toMatchObject({ citingId: 'a:1', citedId: 'a:2' });
    expect(corpus.citations[0].provenance.map((p) => p.source)).toEqual(['a', 'b']);
    expect(report.sources.map((s) => s.danglingReferences)).toEqual([1, 1]);
    // Both sources describe one reference list: the larger count stands, not the sum.
    expect(corpus.papers.find((p) => p.id === 'a:1')!.unresolvedReferenceCount).toBe(1);
  });

  it('matches concepts by slug or name, keeps the first id, and re-points broader links', () => {
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const acm = new BatchBuilder('acm');
    acm.concept({ id: 'acm:1', name: 'Computing methodologies', kind: 'FIELD', aliases: [], description: null, broaderIds: [] }, '1');
    acm.concept({ id: 'acm:2', name: 'Machine learning', kind: 'FIELD', aliases: [], description: null, broaderIds: ['acm:1'] }, '2');
    acm.concept({ id: 'acm:3', name: 'Learning paradigms', kind: 'FIELD', aliases: [], description: null, broaderIds: ['acm:2'] }, '3');
    const { corpus, report } = mergeBatches(curated, [acm.finish(3, [])]);
    expect(report.sources[0]).toMatchObject({ created: { concepts: 2 }, merged: { concepts: 1 } });
    expect(corpus.concepts.find((c) => c.id === 'acm:3')!.broaderIds).toEqual(['machine-learning']);
    expect(corpus.concepts.find((c) => c.id === 'machine-learning')!.broaderIds).toEqual(['artificial-intelligence', 'acm:1']);
  });

  it('leaves the base corpus as it was', () => {
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const before = JSON.stringify(curated);
    mergeBatches(curated, [batchOf('b', [['b:1', 'Attention is all you need', 2017, { abstract: 'New abstract' }]], [['b:1', 'b:2']])]);
    expect(JSON.stringify(curated)).toBe(before);
  });

  it('under strict, refuses a batch that skipped records before merging anything', () => {
    const bad = {
      ...batchOf('x', [['x:1', 'A paper title here', 2020]]),
      skipped: [{ file: 'x.jsonl', line: 7, reason: 'malformed JSON' }],
    };
    expect(() => mergeBatches(null, [batchOf('ok', [['ok:1', 'Another paper title', 2020]]), bad], { strict: true })).toThrow(
      new ImportError('x.jsonl:7: malformed JSON'),
    );
  });

  it('prints a report per source: read, created, merged, skipped with their lines, dangling references', () => {
    const bad = {
      ...batchOf('x', [['x:1', 'Attention Is All You Need', 2017]], [['x:1', 'x:9']]),
      skipped: [{ file: 'x.jsonl', line: 7, reason: 'malformed JSON' }],
    };
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const { report } = mergeBatches(curated, [bad]);
    expect(formatReport(report).split('\n')).toEqual([
      'x: read 2, skipped 1, dangling references 1',
      '  created/merged: papers 0 new, 1 merged',
      '  skipped x.jsonl:7: malformed JSON',
      `graph: ${curated.papers.length} papers, ${curated.authors.length} authors, ${curated.venues.length} venues, ${curated.concepts.length} concepts, ` +
        `${curated.topics.length} topics, ${curated.citations.length} citations, ${curated.paperConcepts.length} paper-concept links`,
    ]);
  });
});

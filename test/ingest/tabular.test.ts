// Tabular papers + edges: the ACL Anthology Network and the NeurIPS 2020 listing as they are,
// and small CSV files for the column mapping and the bad-input paths.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { ImportError, type ImportBatch } from '../../src/ingest/importer.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

describeDataset('tabular import of the ACL Anthology Network', ['aan/papers.jsonl', 'aan/citations.csv'], () => {
  it('imports 18,041 papers and 82,898 citations, and J93-2004 has 770 citers, in under 5 s', async () => {
    // CPU time of this process: test files running in parallel beside it do not inflate it as they do wall time.
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const [started, startedCpu] = [performance.now(), cpuMs()];
    const batch = await tabularImporter.read([datasetPath('aan/papers.jsonl'), datasetPath('aan/citations.csv')], {});
    const imported = performance.now();
    const { corpus, report } = mergeBatches(null, [batch]);
    const graph = new KnowledgeGraph(corpus);
    const [built, cpu] = [performance.now(), cpuMs() - startedCpu];
    console.log(
      `[aan] import ${Math.round(imported - started)} ms, merge + graph ${Math.round(built - imported)} ms (wall); ${Math.round(cpu)} ms CPU`,
    );

    expect(batch.source).toBe('aan');
    expect(batch.skipped).toEqual([]);
    expect(corpus.papers).toHaveLength(18_041);
    expect(corpus.citations).toHaveLength(82_898);
    expect(report.sources[0]).toMatchObject({ source: 'aan', read: 18_041 + 82_898, danglingReferences: 0 });
    const j93 = graph.papers.indexOf('aan:J93-2004');
    expect(graph.cites.in.offsets[j93 + 1] - graph.cites.in.offsets[j93]).toBe(770);
    expect(cpu).toBeLessThan(5000);
  });

  it('turns "Rush, Alexander M." into one author "Alexander M. Rush", in order, with the venue of the year', async () => {
    const batch = await tabularImporter.read([datasetPath('aan/papers.jsonl')], {});
    const paper = batch.corpus.papers.find((p) => p.id === 'aan:D10-1001')!;
    expect(paper).toMatchObject({ year: 2010, venueId: 'aan:venue:emnlp-2010' });
    const names = batch.corpus.authorships
      .filter((a) => a.paperId === paper.id)
      .sort((a, b) => a.position - b.position)
      .map((a) => batch.corpus.authors.find((x) => x.id === a.authorId)!.name);
    expect(names).toEqual(['Alexander M. Rush', 'David Sontag', 'Michael John Collins', 'Tommi Jaakkola']);
    expect(batch.corpus.venues.find((v) => v.id === 'aan:venue:emnlp-2010')).toMatchObject({
      name: 'EMNLP 2010',
      slug: 'emnlp-2010',
      year: 2010,
    });
    expect(paper.provenance).toEqual([{ source: 'aan', recordId: 'papers.jsonl:1#D10-1001' }]);
  });
});

describeDataset('tabular import of the NeurIPS 2020 listing', ['neurips-2020/papers.jsonl'], () => {
  it('lists 1,900 papers whose authors carry their per-author affiliations', async () => {
    const batch = await tabularImporter.read([datasetPath('neurips-2020/papers.jsonl')], {});
    expect(batch.source).toBe('neurips-2020');
    expect(batch.corpus.papers).toHaveLength(1900);
    expect(batch.corpus.venues).toHaveLength(1);
    expect(batch.corpus.venues[0]).toMatchObject({ slug: 'neurips-2020', name: 'NeurIPS 2020', kind: 'CONFERENCE' });
    const first = batch.corpus.authorships.filter((a) => a.paperId === 'neurips-2020:0').sort((a, b) => a.position - b.position);
    expect(first).toHaveLength(6);
    expect(first[5]).toMatchObject({
      authorId: 'neurips-2020:author:andrea-vedaldi',
      affiliations: ['University of Oxford', 'Facebook AI Research'],
    });
    const vedaldi = batch.corpus.authors.find((a) => a.id === 'neurips-2020:author:andrea-vedaldi')!;
    expect(vedaldi.affiliations).toEqual(expect.arrayContaining(['University of Oxford', 'Facebook AI Research']));
  });
});

describe('tabular import of CSV files with a column mapping', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-tabular-'));
  const papers = join(dir, 'my-papers.csv');
  const edges = join(dir, 'links.csv');
  writeFileSync(
    papers,
    [
      'key,name,published,where,people,arxiv',
      'p1,"Attention, with commas",2017,NeurIPS,"Vaswani, Ashish; Shazeer, Noam",arXiv:1706.03762v5',
      'p2,Second paper,2018,ICLR,Jane Doe,',
      'p3,Broken year,twenty,ICLR,Jane Doe,',
      'p4,"Unclosed quote,2019,ICLR,Jane Doe,',
    ].join('\n'),
  );
  writeFileSync(edges, 'from_id,to_id\np2,p1\np2,ghost\n');
  const mapping = {
    source: 'mine',
    id: 'key',
    title: 'name',
    year: 'published',
    venue: 'where',
    authors: 'people',
    citing: 'from_id',
    cited: 'to_id',
  };

  it('reads papers and edges by the mapped columns, counting an edge to an unknown paper as dangling', async () => {
    const batch: ImportBatch = await tabularImporter.read([papers, edges], { mapping });
    expect(batch.corpus.papers.map((p) => p.id)).toEqual(['mine:p1', 'mine:p2']);
    expect(batch.corpus.papers[0]).toMatchObject({ title: 'Attention, with commas', arxivId: '1706.03762', year: 2017 });
    expect(batch.corpus.authors.map((a) => a.name)).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Jane Doe']);
    expect(batch.corpus.citations).toMatchObject([{ citingId: 'mine:p2', citedId: 'mine:p1' }]);
    expect(batch.unresolvedReferences.get('mine:p2')).toBe(1);
  });

  it('reports malformed rows with file, line and reason, and aborts on the first under strict', async () => {
    const batch = await tabularImporter.read([papers, edges], { mapping });
    expect(batch.skipped[0]).toEqual({ file: papers, line: 4, reason: 'paper "p3": year "twenty" is not a whole number' });
    expect(batch.skipped.some((i) => i.line === 5 && /malformed CSV row/.test(i.reason))).toBe(true);
    await expect(tabularImporter.read([papers, edges], { mapping, strict: true })).rejects.toThrow(
      new ImportError(`${papers}:4: paper "p3": year "twenty" is not a whole number`),
    );
  });

  it('names a missing file in one line', async () => {
    await expect(tabularImporter.read([join(dir, 'nope.csv')], {})).rejects.toThrow(
      /^tabular: cannot read ".*nope\.csv": no such file or directory$/,
    );
  });
});

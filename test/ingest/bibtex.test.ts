// BibTeX through citation-js, on a file of real references as Google Scholar, the ACL Anthology
// and DBLP export them, with two broken entries.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitEntries, bibtexImporter } from '../../src/ingest/bibtex.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';

const SAMPLE = fileURLToPath(new URL('../fixtures/bibtex/sample.bib', import.meta.url));

describe('BibTeX import', () => {
  it('turns entries into papers with title, year, venue, DOI and arXiv id', async () => {
    const { corpus } = await bibtexImporter.read([SAMPLE], {});
    expect(corpus.papers.map((p) => p.id)).toEqual([
      'bibtex:vaswani2017attention',
      'bibtex:devlin-etal-2019-bert',
      'bibtex:grill2020bootstrap',
      'bibtex:hochreiter1997long',
      'bibtex:DBLP:journals/corr/abs-1907-11692',
      'bibtex:rush2015neural',
    ]);
    const byId = new Map(corpus.papers.map((p) => [p.id, p]));
    expect(byId.get('bibtex:vaswani2017attention')).toMatchObject({
      title: 'Attention is All you Need',
      year: 2017,
      arxivId: '1706.03762',
    });
    expect(byId.get('bibtex:devlin-etal-2019-bert')).toMatchObject({
      title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
      doi: '10.18653/v1/n19-1423',
      url: 'https://aclanthology.org/N19-1423',
    });
    expect(byId.get('bibtex:DBLP:journals/corr/abs-1907-11692')).toMatchObject({ arxivId: '1907.11692', venueId: 'bibtex:venue:arxiv' });
    expect(byId.get('bibtex:rush2015neural')).toMatchObject({ arxivId: '1509.00685', venueId: 'bibtex:venue:arxiv' });
    // @string macros are expanded: the venue is the NeurIPS proceedings, not "neurips".
    expect(corpus.venues.find((v) => v.id === byId.get('bibtex:vaswani2017attention')!.venueId)).toMatchObject({
      name: 'Advances in Neural Information Processing Systems',
      kind: 'CONFERENCE',
    });
  });

  it('normalises author names, LaTeX accents included', async () => {
    const { corpus } = await bibtexImporter.read([SAMPLE], {});
    const names = (paperId: string) =>
      corpus.authorships
        .filter((a) => a.paperId === paperId)
        .sort((a, b) => a.position - b.position)
        .map((a) => corpus.authors.find((x) => x.id === a.authorId)!.name);
    expect(names('bibtex:rush2015neural')).toEqual(['Alexander M. Rush', 'Sumit Chopra', 'Jason Weston']);
    expect(names('bibtex:hochreiter1997long')).toEqual(['Sepp Hochreiter', 'Jürgen Schmidhuber']);
    expect(names('bibtex:grill2020bootstrap')[2]).toBe('Florent Altché');
    expect(names('bibtex:grill2020bootstrap')[12]).toBe('Rémi Munos');
    expect(names('bibtex:vaswani2017attention')[6]).toBe('Łukasz Kaiser');
  });

  it('reports an entry without a title and an unclosed one with their lines, keeping the entry after it', async () => {
    const batch = await bibtexImporter.read([SAMPLE], {});
    expect(batch.read).toBe(8);
    expect(batch.skipped).toEqual([
      { file: SAMPLE, line: 63, reason: 'entry "untitled2021": missing title' },
      { file: SAMPLE, line: 68, reason: '@inproceedings entry is not closed (unbalanced braces)' },
    ]);
    await expect(bibtexImporter.read([SAMPLE], { strict: true })).rejects.toThrow(`${SAMPLE}:63: entry "untitled2021": missing title`);
  });

  it('merges with the curated papers by arXiv id, DOI or title and year', async () => {
    const { report, corpus } = mergeBatches(loadCuratedCorpus(CURATED_DATA_DIR), [await bibtexImporter.read([SAMPLE], {})]);
    expect(report.sources[0].merged.papers).toBe(4);
    expect(report.sources[0].created.papers).toBe(2);
    const byol = corpus.papers.find((p) => p.id === 'grill2020bootstrap')!;
    expect(byol.provenance).toContainEqual({ source: 'bibtex', recordId: 'grill2020bootstrap' });
    // Curated authors are matched by name, accents folded: no second Florent Altché.
    expect(corpus.authors.filter((a) => a.name.startsWith('Florent Altch'))).toHaveLength(1);
  });

  it('splits a file into entries by brace depth, with the lines they start on', () => {
    const chunks = splitEntries('% comment\n@string{a = "x"}\n@article{k1,\n title={A {B} C}}\n\n@misc(k2, title={D})\n');
    expect(chunks.map((c) => [c.type, c.line, c.closed])).toEqual([
      ['string', 2, true],
      ['article', 3, true],
      ['misc', 6, true],
    ]);
  });
});

// OpenAlex works, on fixtures written from the documented Work schema: five real papers (two
// of them, Longformer and Big Bird, cite each other), a line cut off mid-write and a work
// without a title.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { ImportError } from '../../src/ingest/importer.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { abstractFromInvertedIndex, openAlexImporter } from '../../src/ingest/openalex.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';

const WORKS = fileURLToPath(new URL('../fixtures/openalex/works.jsonl', import.meta.url));

describe('OpenAlex works import', () => {
  it('reads works with ids, DOI, arXiv id, venue, authors with institutions and abstracts', async () => {
    const batch = await openAlexImporter.read([WORKS], {});
    expect(batch.read).toBe(7);
    expect(batch.corpus.papers.map((p) => p.id)).toEqual([
      'openalex:W2963403868',
      'openalex:W2064675550',
      'openalex:W2896457183',
      'openalex:W3015468748',
      'openalex:W3045733172',
    ]);
    const attention = batch.corpus.papers[0];
    expect(attention).toMatchObject({
      title: 'Attention Is All You Need',
      year: 2017,
      arxivId: '1706.03762',
      doi: null,
      venueId: 'openalex:S4306420609',
    });
    expect(attention.abstract).toMatch(
      /^The dominant sequence transduction models are based on complex recurrent .* dispensing with recurrence and convolutions entirely\.$/,
    );
    expect(batch.corpus.papers[2]).toMatchObject({ doi: '10.18653/v1/n19-1423', arxivId: '1810.04805' });
    expect(batch.corpus.venues.find((v) => v.id === 'openalex:S4306400194')).toMatchObject({
      name: 'arXiv (Cornell University)',
      kind: 'PREPRINT',
    });
    const authors = batch.corpus.authorships.filter((a) => a.paperId === attention.id).sort((a, b) => a.position - b.position);
    expect(authors).toHaveLength(8);
    expect(authors[5]).toMatchObject({ authorId: 'openalex:A5047226925', affiliations: ['University of Toronto'] });
    expect(batch.corpus.authors.find((a) => a.id === 'openalex:A5066874937')).toMatchObject({
      name: 'Łukasz Kaiser',
      affiliations: ['Google (United States)'],
    });
  });

  it('keeps references between works of the file, both ways, and counts the others as dangling', async () => {
    const batch = await openAlexImporter.read([WORKS], {});
    const pairs = batch.corpus.citations.map((c) => `${c.citingId.slice(9)}>${c.citedId.slice(9)}`);
    expect(pairs).toHaveLength(8);
    expect(pairs).toContain('W3015468748>W3045733172');
    expect(pairs).toContain('W3045733172>W3015468748');
    expect(Object.fromEntries(batch.unresolvedReferences)).toEqual({ 'openalex:W2963403868': 1, 'openalex:W2896457183': 1 });
    const graph = new KnowledgeGraph(mergeBatches(null, [batch]).corpus);
    expect(graph.papers.get('openalex:W2963403868')!.unresolvedReferenceCount).toBe(1);
  });

  it('links concepts (with their scores) and topics', async () => {
    const batch = await openAlexImporter.read([WORKS], {});
    expect(batch.corpus.concepts.find((c) => c.id === 'openalex:C203005215')).toMatchObject({
      name: 'Machine translation',
      slug: 'machine-translation',
      kind: 'FIELD',
    });
    expect(
      batch.corpus.paperConcepts.find((e) => e.paperId === 'openalex:W2963403868' && e.conceptId === 'openalex:C203005215'),
    ).toMatchObject({ score: 0.61, role: 'STUDIES', provenance: [{ source: 'openalex', recordId: 'W2963403868#C203005215' }] });
    expect(batch.corpus.topics.map((t) => t.name)).toEqual([
      'Natural Language Processing Techniques',
      'Topic Modeling',
      'Neural Networks and Applications',
    ]);
    expect(batch.corpus.paperTopics.filter((t) => t.paperId === 'openalex:W2963403868')).toHaveLength(2);
  });

  it('reports the malformed line and the work without a title, and aborts on the first under strict', async () => {
    const batch = await openAlexImporter.read([WORKS], {});
    expect(batch.skipped).toEqual([
      { file: WORKS, line: 6, reason: expect.stringMatching(/^malformed JSON: /) },
      { file: WORKS, line: 7, reason: 'work W3000000001: missing "title"' },
    ]);
    const strict = openAlexImporter.read([WORKS], { strict: true });
    await expect(strict).rejects.toBeInstanceOf(ImportError);
    await expect(openAlexImporter.read([WORKS], { strict: true })).rejects.toThrow(`${WORKS}:6: malformed JSON`);
  });

  it('merges into the curated corpus by DOI and arXiv id, re-pointing citations to the curated ids', async () => {
    const { corpus, report } = mergeBatches(loadCuratedCorpus(CURATED_DATA_DIR), [await openAlexImporter.read([WORKS], {})]);
    expect(report.sources[0].created.papers).toBe(0);
    expect(report.sources[0].merged.papers).toBe(5);
    const longformerToBigBird = corpus.citations.find((c) => c.citingId === 'beltagy2020longformer' && c.citedId === 'zaheer2020big')!;
    expect(longformerToBigBird.provenance).toEqual([{ source: 'openalex', recordId: 'W3015468748>W3045733172' }]);
    const bigBirdToLongformer = corpus.citations.find((c) => c.citingId === 'zaheer2020big' && c.citedId === 'beltagy2020longformer')!;
    expect(bigBirdToLongformer.provenance.map((p) => p.source)).toEqual(['curated', 'openalex']);
    expect(corpus.papers.find((p) => p.id === 'vaswani2017attention')!.provenance.map((p) => p.source)).toEqual(['curated', 'openalex']);
    new KnowledgeGraph(corpus);
  });

  it('rebuilds an abstract from its inverted index', () => {
    expect(abstractFromInvertedIndex({ Despite: [0], growing: [1], interest: [2], in: [3, 5], OA: [4], science: [6] })).toBe(
      'Despite growing interest in OA in science',
    );
    expect(abstractFromInvertedIndex(null)).toBeNull();
  });
});

// The format registry: every importer by name, clear one-line errors for an unknown format or
// a missing file, and the curated format read back through it.

import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { IMPORTERS, importerFor } from '../../src/ingest/formats.js';
import { ImportError } from '../../src/ingest/importer.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';

describe('import formats', () => {
  it('knows the nine formats, each with a description and an example', () => {
    expect(IMPORTERS.map((i) => i.format)).toEqual([
      'curated',
      'semantic-scholar',
      'openalex',
      'skos',
      'cso',
      'tabular',
      'bibtex',
      'neurips',
      'arxiv-citations',
    ]);
    for (const importer of IMPORTERS) {
      expect(importer.description.length).toBeGreaterThan(20);
      expect(importer.example).toMatch(new RegExp(`^papergraph import --format ${importer.format} `));
    }
    expect(importerFor('OpenAlex').format).toBe('openalex');
  });

  it('refuses an unknown format in one line that lists the known ones', () => {
    expect(() => importerFor('endnote')).toThrow(
      new ImportError(
        'unknown format "endnote": use one of curated, semantic-scholar, openalex, skos, cso, tabular, bibtex, neurips, arxiv-citations',
      ),
    );
  });

  it('refuses a missing file in one line, whatever the format', async () => {
    for (const importer of IMPORTERS) {
      const error = await importer.read(['/no/such/file.jsonl'], {}).catch((e: unknown) => e);
      expect(error, importer.format).toBeInstanceOf(ImportError);
      expect((error as Error).message, importer.format).toMatch(/"\/no\/such\/file\.jsonl"/);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads the curated corpus as a batch that merges into the same graph', async () => {
    const batch = await importerFor('curated').read([CURATED_DATA_DIR], {});
    const curated = loadCuratedCorpus(CURATED_DATA_DIR);
    const { corpus, report } = mergeBatches(null, [batch]);
    expect(report.sources[0].created.papers).toBe(curated.papers.length);
    expect(corpus.citations).toHaveLength(curated.citations.length);
    expect(corpus.paperConcepts).toHaveLength(curated.paperConcepts.length);
    expect(new KnowledgeGraph(corpus).papers.size).toBe(curated.papers.length);
  });
});

// The curated format round-trips: export a graph to curated files, load them back, and it is the
// same graph; exporting that again gives the same bytes. What the format cannot hold is refused.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { allRows } from '../../src/graph/rows.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { exportFiles, selectPapers } from '../../src/ingest/export/index.js';
import type { Corpus } from '../../src/model/index.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';

function exportAndLoad(graph: KnowledgeGraph, paperIds?: string[]) {
  const files = exportFiles(graph, 'curated', { paperIds });
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-curated-export-'));
  for (const file of files) writeFileSync(join(dir, file.name), file.content);
  return { files, graph: new KnowledgeGraph(loadCuratedCorpus(dir)) };
}

/** Citation provenance record ids are positions in citations.json, which graph order changes: compared without them. */
function comparable(corpus: Corpus) {
  return { ...corpus, citations: corpus.citations.map((c) => ({ ...c, provenance: c.provenance.map((p) => p.source) })) };
}

describe('curated export', () => {
  const original = new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR));

  it('loads back as the same graph, and exports again to the same bytes', () => {
    const once = exportAndLoad(original);
    expect(once.files.map((f) => f.name)).toEqual([
      'venues.json',
      'authors.json',
      'topics.json',
      'concepts.json',
      'papers.json',
      'paper-concepts.json',
      'citations.json',
      'collections.json',
    ]);
    expect(comparable(once.graph.toCorpus())).toEqual(comparable(original.toCorpus()));
    expect(once.graph.papers.size).toBe(43);
    expect(allRows(once.graph.citations)).toHaveLength(92);
    expect(exportAndLoad(once.graph).files).toEqual(once.files);
  });

  it("keeps the #13 fields: summary and authors' abstract, links, presentation, external ids, stubs, mappings, evidence", () => {
    const corpus = loadCuratedCorpus(CURATED_DATA_DIR);
    const byol = corpus.papers.find((p) => p.id === 'grill2020bootstrap')!;
    expect(byol.summary).toMatch(/^Learns image representations from two augmented views/);
    expect(byol.abstract).toBeNull();
    Object.assign(byol, {
      abstract: 'We introduce Bootstrap Your Own Latent (BYOL), a new approach to self-supervised image representation learning.',
      pdfUrl: 'https://proceedings.neurips.cc/paper/2020/file/f3ada80d5c4ee70142b17b8192b2958e-Paper.pdf',
      codeUrl: 'https://github.com/deepmind/deepmind-research/tree/master/byol',
      presentation: 'ORAL',
      externalIds: [{ scheme: 'neurips-proceedings', id: 'f3ada80d5c4ee70142b17b8192b2958e', url: null }],
      stub: true,
    });
    const concept = corpus.concepts.find((c) => c.id === 'contrastive-learning')!;
    concept.mappings = [{ scheme: 'cso', id: 'contrastive_learning', label: 'contrastive learning', uri: null, match: 'EXACT' }];
    concept.externalIds = [{ scheme: 'wikidata', id: 'Q1', url: 'https://www.wikidata.org/entity/Q1' }];
    corpus.paperConcepts[0].evidence = [{ field: 'ABSTRACT', text: 'contrastive losses' }];
    const { graph } = exportAndLoad(new KnowledgeGraph(corpus));
    const back = graph.papers.at(graph.papers.indexOf('grill2020bootstrap'));
    expect({ ...back, provenance: [], abstractProvenance: null }).toEqual({ ...byol, provenance: [], abstractProvenance: null });
    expect(back.abstractProvenance).toEqual({ source: 'curated', recordId: 'papers#grill2020bootstrap' });
    const c = graph.concepts.at(graph.concepts.indexOf('contrastive-learning'));
    expect([c.scheme, c.mappings, c.externalIds]).toEqual(['curated', concept.mappings, concept.externalIds]);
    expect(allRows(graph.paperConcepts)[0].evidence).toEqual([{ field: 'ABSTRACT', text: 'contrastive losses' }]);
  });

  it('a selection keeps its papers and only what they refer to, and loads', () => {
    const indexes = selectPapers(original, { conceptSlug: 'contrastive-learning' })!;
    const ids = indexes.map((i) => original.papers.idAt(i));
    const { graph } = exportAndLoad(original, ids);
    expect(graph.papers.records.map((p) => p.id)).toEqual(ids);
    expect(graph.authors.size).toBeLessThan(original.authors.size);
    for (const c of allRows(graph.citations)) expect(ids).toContain(c.citingId);
  });

  it('refuses a graph the format cannot hold, naming the record and field', () => {
    // An AAN-style id, renamed everywhere the corpus refers to the paper.
    const renamed = JSON.parse(
      JSON.stringify(loadCuratedCorpus(CURATED_DATA_DIR)).replaceAll('"grill2020bootstrap"', '"J93-2004"'),
    ) as Corpus;
    expect(() => exportFiles(new KnowledgeGraph(renamed), 'curated')).toThrow(
      'cannot export to the curated format: papers.json: record "J93-2004": field "id": lowercase letters, digits and . _ : - only',
    );
    const twoContexts = loadCuratedCorpus(CURATED_DATA_DIR);
    twoContexts.citations[0].contexts.push('a second context');
    expect(() => exportFiles(new KnowledgeGraph(twoContexts), 'curated')).toThrow(/the citation \S+ → \S+ has 2 contexts and 1 intents/);
  });
});

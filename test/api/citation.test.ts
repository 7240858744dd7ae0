// A paper as a citation (BibTeX, CSL-JSON) and its reference coverage, through the API: what it
// gives, that it is formatted once per paper in a request, and what it is charged.

import { describe, expect, it } from 'vitest';
import { CITATION_COST } from '../../src/api/complexity.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { paperBibtex } from '../../src/ingest/export/index.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { work } from '../../src/model/work.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { curatedApp, execute, query } from '../support/app.js';

describe('Paper.citation and referenceCoverage', () => {
  const app = curatedApp();

  it('gives BibTeX and CSL-JSON with every author in order', async () => {
    const { paper } = await query(
      app,
      '{ paper(arxivId: "2005.14165") { bibtex: citation csl: citation(format: CSL_JSON) referenceCoverage } }',
    );
    expect(paper.bibtex).toMatch(/^@inproceedings\{brown2020language,/);
    expect(paper.bibtex).toContain('\ttitle = {Language {Models} are {Few}-{Shot} {Learners}},');
    expect(paper.bibtex).toMatch(/year = \{2020\}/);
    const csl = JSON.parse(paper.csl);
    expect(csl.author).toHaveLength(31);
    expect(csl.author[0]).toEqual({ given: 'Tom B', family: 'Brown' });
    expect(csl.author.at(-1)).toEqual({ given: 'Dario', family: 'Amodei' });
    expect(csl.issued).toEqual({ 'date-parts': [[2020]] });
    expect(paper.referenceCoverage).toBe(1); // the curated corpus lists only references it holds
  });
});

describe('citation formatting: shared by the API and the exporters, once per paper in a request', () => {
  const app = curatedApp();

  it("gives the exporter's BibTeX for the same paper (one formatter in model/citation.ts)", async () => {
    const { paper } = await query(app, '{ paper(arxivId: "1706.03762") { citation } }');
    const graph = new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR));
    expect(paper.citation).toBe(paperBibtex(graph, 'vaswani2017attention'));
  });

  it('formats each paper once per request, however often the query asks for it', async () => {
    const text = `{ ${Array.from({ length: 6 }, (_, i) => `p${i}: papers(first: 10) { ...F }`).join(' ')} } fragment F on PaperConnection { edges { node { id citation } } }`;
    const { result, counts } = await work.measure(() => query(app, text));
    expect(counts.citationsFormatted).toBe(10);
    expect(new Set(Object.values(result).map((p: any) => p.edges.map((e: any) => e.node.citation).join('\n'))).size).toBe(1);
    expect(result.p0.edges.every((e: any) => e.node.citation.startsWith('@'))).toBe(true);
  });

  it('is charged per item: a BibTeX entry more than a CSL-JSON item, both more than a plain field', async () => {
    const costOf = async (field: string) => {
      const result = await execute(app, `{ papers(first: 10) { edges { node { ${field} } } } }`);
      expect(result.errors).toBeUndefined();
      return (result.extensions!.cost as { requested: number }).requested;
    };
    const [plain, bibtex, csl] = [await costOf('title'), await costOf('citation'), await costOf('citation(format: CSL_JSON)')];
    expect(bibtex - plain).toBe(10 * (CITATION_COST.BIBTEX - 1));
    expect(csl - plain).toBe(10 * (CITATION_COST.CSL_JSON - 1));
  });
});

// A paper as a citation (BibTeX, CSL-JSON) and its reference coverage, through the API.

import { describe, expect, it } from 'vitest';
import { curatedApp, query } from '../support/app.js';

describe('Paper.citation and referenceCoverage', () => {
  const app = curatedApp();

  it('gives BibTeX and CSL-JSON with every author in order', async () => {
    const { paper } = await query(app, '{ paper(arxivId: "2005.14165") { bibtex: citation csl: citation(format: CSL_JSON) referenceCoverage } }');
    expect(paper.bibtex).toMatch(/^@inproceedings\{brown2020language,/);
    expect(paper.bibtex).toContain("\ttitle = {Language {Models} are {Few}-{Shot} {Learners}},");
    expect(paper.bibtex).toMatch(/year = \{2020\}/);
    const csl = JSON.parse(paper.csl);
    expect(csl.author).toHaveLength(31);
    expect(csl.author[0]).toEqual({ given: 'Tom B', family: 'Brown' });
    expect(csl.author.at(-1)).toEqual({ given: 'Dario', family: 'Amodei' });
    expect(csl.issued).toEqual({ 'date-parts': [[2020]] });
    expect(paper.referenceCoverage).toBe(1); // the curated corpus lists only references it holds
  });
});

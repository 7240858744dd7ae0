// The fields #13 added, through the API: the authors' abstract with its provenance beside the
// curators' summary, proceedings links, presentation, external ids and stubs on papers; scheme,
// external ids and mappings on concepts; evidence and status on paper↔concept links — on the
// curated corpus, and on a corpus carrying BYOL's proceedings record served from a snapshot.

import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import { TAGGER_SOURCE } from '../../src/model/change.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { curatedApp, query } from '../support/app.js';
import { conceptId, curationHarness, data, paperId, type CurationHarness } from '../support/curation-app.js';
import { datasetPath, describeDataset } from '../support/datasets.js';

const PAPER_FIELDS = `title abstract abstractProvenance { source recordId } summary pdfUrl codeUrl presentation
  externalIds { scheme id url } isStub`;

describe('new fields on the curated corpus', () => {
  const app = curatedApp();

  it("BYOL has the curators' summary and no abstract: the curated data holds no authors' text", async () => {
    const { paper } = await query(app, `{ paper(arxivId: "2006.07733") { ${PAPER_FIELDS} } }`);
    expect(paper.summary).toMatch(/^Learns image representations from two augmented views without any negative pairs/);
    expect(paper).toMatchObject({
      abstract: null,
      abstractProvenance: null,
      pdfUrl: null,
      presentation: null,
      externalIds: [],
      isStub: false,
    });
  });

  it('every curated paper has a summary; none has an abstract', async () => {
    const { papers } = await query(app, '{ papers(first: 100) { totalCount edges { node { summary abstract } } } }');
    expect(papers.totalCount).toBe(43);
    for (const { node } of papers.edges) {
      expect(node.summary?.length).toBeGreaterThan(40);
      expect(node.abstract).toBeNull();
    }
  });

  it('search finds a paper by words only its summary has', async () => {
    // "repulsion" is in BYOL's summary, not in any title or alias.
    const { search } = await query(
      app,
      '{ search(query: "repulsion", types: [Paper], first: 3) { edges { node { ... on Paper { arxivId } } } } }',
    );
    expect(search.edges.map((e: any) => e.node.arxivId)).toEqual(['2006.07733']);
  });

  it('curated concepts are of scheme "curated", their links CONFIRMED with no evidence', async () => {
    const { concept } = await query(
      app,
      `{ concept(slug: "contrastive-learning") { scheme externalIds { id } mappings { id }
         papers(first: 10) { edges { status evidence { text } provenance { source } node { title } } } } }`,
    );
    expect(concept).toMatchObject({ scheme: 'curated', externalIds: [], mappings: [] });
    expect(concept.papers.edges.length).toBeGreaterThanOrEqual(2);
    for (const e of concept.papers.edges)
      expect(e).toMatchObject({ status: 'CONFIRMED', evidence: [], provenance: [{ source: 'curated' }] });
    const { paper } = await query(app, '{ paper(arxivId: "2006.07733") { concepts(first: 20) { edges { status evidence { text } } } } }');
    expect(paper.concepts.edges.every((e: any) => e.status === 'CONFIRMED')).toBe(true);
  });
});

const ABSTRACTS = 'neurips-2020-abstracts/abstracts.jsonl';

describeDataset("BYOL's proceedings record, a tagger link and a CSO mapping, served from a snapshot", [ABSTRACTS], () => {
  let app: PapergraphApp;
  let record: Record<string, any>;
  beforeAll(() => {
    record = readFileSync(datasetPath(ABSTRACTS), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((r) => r.arxiv_id === '2006.07733');
    const corpus = loadCuratedCorpus(CURATED_DATA_DIR);
    const byol = corpus.papers.find((p) => p.arxivId === '2006.07733')!;
    Object.assign(byol, {
      abstract: record.abstract,
      abstractProvenance: { source: 'neurips-2020-abstracts', recordId: String(record.idx) },
      pdfUrl: record.pdf_url,
      codeUrl: record.code_url,
      presentation: record.presentation.toUpperCase(),
      externalIds: [
        { scheme: 'neurips-proceedings', id: record.hash, url: record.url },
        { scheme: 'semantic-scholar', id: record.s2_paper_id, url: `https://www.semanticscholar.org/paper/${record.s2_paper_id}` },
      ],
    });
    const contrastive = corpus.concepts.find((c) => c.id === 'contrastive-learning')!;
    contrastive.mappings.push({
      scheme: 'cso',
      id: 'contrastive_learning',
      label: 'contrastive learning',
      uri: 'https://cso.kmi.open.ac.uk/topics/contrastive_learning',
      match: 'EXACT',
    });
    const attention = corpus.concepts.find((c) => c.id === 'attention')!;
    // The tagger read "target network" ... "online network" in BYOL's abstract: a suggestion, not a curated fact.
    corpus.paperConcepts.push({
      paperId: byol.id,
      conceptId: attention.id,
      role: 'USES',
      score: 0.4,
      provenance: [{ source: TAGGER_SOURCE, recordId: byol.id }],
      evidence: [{ field: 'ABSTRACT', text: 'online and target networks' }],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'papergraph-fields-')), 'fields.pgs');
    writeSnapshot(file, corpus);
    const { graph } = loadSnapshotGraph(file);
    app = createApp({ store: new MemoryStore(graph), graphiql: false });
  });

  it("serves the authors' abstract with its provenance, the PDF, the presentation and the proceedings hash", async () => {
    const { paper } = await query(app, `{ paper(arxivId: "2006.07733") { ${PAPER_FIELDS} } }`);
    expect(paper.abstract).toMatch(/^We introduce Bootstrap Your Own Latent \(BYOL\), a new approach to self-supervised/);
    expect(paper.abstractProvenance).toEqual({ source: 'neurips-2020-abstracts', recordId: '1471' });
    expect(paper.summary).toMatch(/^Learns image representations/);
    expect(paper.pdfUrl).toBe('https://proceedings.neurips.cc/paper/2020/file/f3ada80d5c4ee70142b17b8192b2958e-Paper.pdf');
    expect(paper.presentation).toBe('ORAL');
    expect(paper.externalIds).toEqual([
      {
        scheme: 'neurips-proceedings',
        id: 'f3ada80d5c4ee70142b17b8192b2958e',
        url: 'https://proceedings.neurips.cc/paper/2020/hash/f3ada80d5c4ee70142b17b8192b2958e-Abstract.html',
      },
      {
        scheme: 'semantic-scholar',
        id: '38f93092ece8eee9771e61c1edaf11b1293cae1b',
        url: 'https://www.semanticscholar.org/paper/38f93092ece8eee9771e61c1edaf11b1293cae1b',
      },
    ]);
  });

  it('a tagger link is SUGGESTED with its evidence, on both sides of the link', async () => {
    const { paper } = await query(
      app,
      '{ paper(arxivId: "2006.07733") { concepts(first: 20) { edges { status evidence { field text } node { slug } } } } }',
    );
    const attention = paper.concepts.edges.find((e: any) => e.node.slug === 'attention');
    expect(attention).toEqual({
      status: 'SUGGESTED',
      evidence: [{ field: 'ABSTRACT', text: 'online and target networks' }],
      node: { slug: 'attention' },
    });
    expect(paper.concepts.edges.filter((e: any) => e.status === 'CONFIRMED').length).toBeGreaterThan(0);
    const { concept } = await query(
      app,
      '{ concept(slug: "attention") { papers(first: 50) { edges { status evidence { field } node { arxivId } } } } }',
    );
    const byol = concept.papers.edges.find((e: any) => e.node.arxivId === '2006.07733');
    expect(byol).toMatchObject({ status: 'SUGGESTED', evidence: [{ field: 'ABSTRACT' }] });
  });

  it('a concept shows the CSO topic it was aligned to', async () => {
    const { concept } = await query(app, '{ concept(slug: "contrastive-learning") { scheme mappings { scheme id label uri match } } }');
    expect(concept).toEqual({
      scheme: 'curated',
      mappings: [
        {
          scheme: 'cso',
          id: 'contrastive_learning',
          label: 'contrastive learning',
          uri: 'https://cso.kmi.open.ac.uk/topics/contrastive_learning',
          match: 'EXACT',
        },
      ],
    });
  });
});

describe('a curator edits the summary and the abstract', () => {
  let h: CurationHarness;
  beforeEach(async () => {
    h = await curationHarness();
  });
  afterEach(() => h.close());

  it('sets the summary without touching the abstract; a pasted abstract has the curator as its source', async () => {
    const id = paperId('zaheer2020big');
    const UPDATE = `mutation U($input: UpdatePaperInput!) { updatePaper(input: $input) { __typename
      ... on UpdatePaperPayload { paper { summary summaryProvenance { source recordId curator } abstract abstractProvenance { source recordId curator } } }
      ... on UserError { message } } }`;
    const before = await data(h.app, `{ paper(id: "${id}") { summaryProvenance { source recordId curator } } }`);
    expect(before.paper.summaryProvenance).toEqual({ source: 'curated', recordId: 'papers#zaheer2020big', curator: null });
    const summary = await data(h.app, UPDATE, { input: { id, summary: 'Sparse attention in linear memory.' } }, h.key.curate);
    expect(summary.updatePaper.paper).toEqual({
      summary: 'Sparse attention in linear memory.',
      summaryProvenance: { source: 'curation', recordId: '1', curator: 'curator' },
      abstract: null,
      abstractProvenance: null,
    });
    const abstract = await data(
      h.app,
      UPDATE,
      {
        input: {
          id,
          abstract: 'Transformers-based models, such as BERT, have been one of the most successful deep learning models for NLP.',
        },
      },
      h.key.curate,
    );
    // The summary keeps the change that set it; the abstract names the change that pasted it in.
    expect(abstract.updatePaper.paper).toMatchObject({
      summary: 'Sparse attention in linear memory.',
      summaryProvenance: { source: 'curation', recordId: '1' },
      abstractProvenance: { source: 'curation', recordId: '2', curator: 'curator' },
    });
    const cleared = await data(h.app, UPDATE, { input: { id, abstract: null } }, h.key.curate);
    expect(cleared.updatePaper.paper).toMatchObject({ abstract: null, abstractProvenance: null });
  });

  it('a suggestion accepted is CONFIRMED, and SUGGESTED again once the acceptance is reverted', async () => {
    const id = paperId('zaheer2020big');
    const STATUS = `{ paper(id: "${id}") { concepts(first: 20) { edges { status evidence { text } node { slug } } } } }`;
    const statusOf = async () =>
      (await data(h.app, STATUS)).paper.concepts.edges.find((e: any) => e.node.slug === 'expressive-power').status;
    expect(await statusOf()).toBe('SUGGESTED');
    const ACCEPT = `mutation { acceptSuggestion(input: { paperId: "${id}", conceptId: "${conceptId('expressive-power')}" }) {
      ... on AcceptSuggestionPayload { change { seq } } } }`;
    const { acceptSuggestion } = await data(h.app, ACCEPT, {}, h.key.curate);
    expect(await statusOf()).toBe('CONFIRMED');
    const REVERT = `mutation R($seq: Int!) { revertChange(input: { seq: $seq }) { __typename } }`;
    expect((await data(h.app, REVERT, { seq: acceptSuggestion.change.seq }, h.key.admin)).revertChange.__typename).toBe(
      'RevertChangePayload',
    );
    expect(await statusOf()).toBe('SUGGESTED');
  });
});

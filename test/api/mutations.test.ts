// Curation writes through the API on the curated corpus: each write is seen by the next request
// (and by its own payload), typed errors change nothing, history and provenance name the curator.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../src/api/context.js';
import { schema } from '../../src/api/schema.js';
import { graphql } from 'graphql';
import { conceptId, curationHarness, data, paperId, send, type CurationHarness } from '../support/curation-app.js';

const ADD_PAPER = `mutation Add($input: AddPaperInput!) {
  addPaper(input: $input) {
    __typename
    ... on AddPaperPayload { clientMutationId paper { id title year version } change { seq op actor reason targetIds } }
    ... on UserError { message }
  }
}`;

const ADD_CITATION = `mutation Cite($input: AddCitationInput!) {
  addCitation(input: $input) {
    __typename
    ... on AddCitationPayload { clientMutationId citing { id referenceCount } cited { id citationCount } change { seq op } }
    ... on InvalidInputError { message field }
    ... on UserError { message }
  }
}`;

const CITED_BY = `query CitedBy($id: ID!) {
  paper(id: $id) {
    citationCount
    version
    citedBy(first: 100) { totalCount edges { intents contexts node { id title } provenance { source recordId curator reason at } } }
  }
}`;

let h: CurationHarness;
beforeEach(async () => {
  h = await curationHarness();
});
afterEach(() => h.close());

async function addPaper(input: Record<string, unknown>, key = h.key.curate) {
  const result = await data(h.app, ADD_PAPER, { input }, key);
  expect(result.addPaper.__typename).toBe('AddPaperPayload');
  return result.addPaper;
}

describe('writes are seen at once', () => {
  it('a paper added that cites Big Bird is in Big Bird’s citedBy in the next request, with the curator in its provenance', async () => {
    const bigBird = paperId('zaheer2020big');
    const before = await data(h.app, CITED_BY, { id: bigBird });

    const added = await addPaper({
      title: 'Sparse attention for very long genomes',
      year: 2021,
      clientMutationId: 'add-1',
      reason: 'follow-up',
    });
    expect(added.clientMutationId).toBe('add-1');
    expect(added.paper).toMatchObject({ title: 'Sparse attention for very long genomes', year: 2021, version: 1 });
    expect(added.change).toMatchObject({ seq: 1, op: 'PAPER_ADD', actor: 'curator', reason: 'follow-up', targetIds: [added.paper.id] });

    const cited = await data(
      h.app,
      ADD_CITATION,
      {
        input: {
          citingId: added.paper.id,
          citedId: bigBird,
          intents: ['METHOD'],
          contexts: ['We extend BigBird.'],
          clientMutationId: 'cite-1',
          reason: 'read the paper',
        },
      },
      h.key.curate,
    );
    // The payload reads the version holding the change.
    expect(cited.addCitation).toMatchObject({
      __typename: 'AddCitationPayload',
      clientMutationId: 'cite-1',
      citing: { id: added.paper.id, referenceCount: 1 },
      cited: { id: bigBird, citationCount: before.paper.citationCount + 1 },
      change: { seq: 2, op: 'CITATION_ADD' },
    });

    const after = await data(h.app, CITED_BY, { id: bigBird });
    expect(after.paper.citationCount).toBe(before.paper.citationCount + 1);
    expect(after.paper.version).toBe(2);
    const edge = after.paper.citedBy.edges.find((e: any) => e.node.id === added.paper.id);
    expect(edge).toMatchObject({
      intents: ['METHOD'],
      contexts: ['We extend BigBird.'],
      node: { title: 'Sparse attention for very long genomes' },
    });
    expect(edge.provenance).toContainEqual(
      expect.objectContaining({ source: 'curation', recordId: '2', curator: 'curator', reason: 'read the paper' }),
    );
    expect(Date.parse(edge.provenance.find((p: any) => p.source === 'curation').at)).not.toBeNaN();
    // The other citers are still there.
    expect(after.paper.citedBy.totalCount).toBe(before.paper.citedBy.totalCount + 1);
  });

  it('a concept linked to a new paper shows in Concept.papers, facets, search and the timeline', async () => {
    const slug = 'contrastive-learning';
    const READ = `query C($slug: String!) {
      concept(slug: $slug) { id version papers(first: 100) { totalCount edges { role score node { id } } } timeline { year count } }
      papers(where: { concept: $slug }) { totalCount facets { byYear(first: 100) { value count } } }
      search(query: "Quokkanet", types: [Paper]) { edges { node { id } } }
    }`;
    const before = await data(h.app, READ, { slug });
    expect(before.search.edges).toEqual([]);
    const yearCount = (r: any, year: number) => r.concept.timeline.find((y: any) => y.year === year)?.count ?? 0;
    const facetCount = (r: any, year: number) => r.papers.facets.byYear.find((b: any) => b.value === String(year))?.count ?? 0;

    const added = await addPaper({ title: 'Quokkanet: contrastive pretraining of small marsupials', year: 2019 });
    const linked = await data(
      h.app,
      `mutation L($input: LinkConceptInput!) { linkConcept(input: $input) { __typename ... on LinkConceptPayload { paper { id version } concept { id version } change { op targetIds } } } }`,
      { input: { paperId: added.paper.id, conceptId: before.concept.id, role: 'USES', score: 0.8, note: 'abstract says so' } },
      h.key.curate,
    );
    expect(linked.linkConcept).toMatchObject({
      __typename: 'LinkConceptPayload',
      paper: { id: added.paper.id, version: 2 },
      concept: { id: before.concept.id, version: 2 },
      change: { op: 'CONCEPT_LINK', targetIds: [added.paper.id, before.concept.id] },
    });

    const after = await data(h.app, READ, { slug });
    expect(after.concept.papers.totalCount).toBe(before.concept.papers.totalCount + 1);
    expect(after.concept.papers.edges).toContainEqual({ role: 'USES', score: 0.8, node: { id: added.paper.id } });
    expect(after.papers.totalCount).toBe(before.papers.totalCount + 1);
    expect(facetCount(after, 2019)).toBe(facetCount(before, 2019) + 1);
    expect(yearCount(after, 2019)).toBe(yearCount(before, 2019) + 1);
    expect(after.search.edges.map((e: any) => e.node.id)).toEqual([added.paper.id]);
  });

  it('mergePapers combines the citations of both papers, and the merged id resolves to the kept paper', async () => {
    const READ = `query P($id: ID!) { paper(id: $id) { id title citationCount citedBy(first: 100) { edges { node { id } } } references(first: 100) { edges { node { id } } } } }`;
    const ids = (r: any, field: string) => new Set<string>(r.paper[field].edges.map((e: any) => e.node.id));
    const kept = paperId('zaheer2020big'),
      merged = paperId('child2019generating');
    const [k, m] = await Promise.all([data(h.app, READ, { id: kept }), data(h.app, READ, { id: merged })]);
    const expectedCitedBy = new Set([...ids(k, 'citedBy'), ...ids(m, 'citedBy')].filter((id) => id !== kept && id !== merged));
    const expectedReferences = new Set([...ids(k, 'references'), ...ids(m, 'references')].filter((id) => id !== kept && id !== merged));
    // The merged paper brings edges the kept one lacks (else the test would show nothing).
    const brought = [...ids(m, 'citedBy')].filter((id) => id !== kept && !ids(k, 'citedBy').has(id));
    brought.push(...[...ids(m, 'references')].filter((id) => id !== kept && !ids(k, 'references').has(id)));
    expect(brought.length).toBeGreaterThan(0);

    const MERGE = `mutation M($input: MergePapersInput!) { mergePapers(input: $input) { __typename ... on MergePapersPayload { mergedId paper { id citationCount } change { op } } ... on ForbiddenError { message requiredScope } } }`;
    const refused = await data(h.app, MERGE, { input: { keptId: kept, mergedId: merged } }, h.key.curate);
    expect(refused.mergePapers).toMatchObject({ __typename: 'ForbiddenError', requiredScope: 'admin' });
    expect(refused.mergePapers.message).toContain('the key "curator" has scope curate');

    const result = await data(h.app, MERGE, { input: { keptId: kept, mergedId: merged } }, h.key.admin);
    expect(result.mergePapers).toMatchObject({
      __typename: 'MergePapersPayload',
      mergedId: merged,
      paper: { id: kept },
      change: { op: 'PAPER_MERGE' },
    });

    const after = await data(h.app, READ, { id: kept });
    expect(ids(after, 'citedBy')).toEqual(expectedCitedBy);
    expect(ids(after, 'references')).toEqual(expectedReferences);
    // The old id: paper(id:), node(id:) give the kept paper.
    const old = await data(h.app, `query O($id: ID!) { paper(id: $id) { id title } node(id: $id) { id ... on Paper { title } } }`, {
      id: merged,
    });
    expect(old.paper).toEqual({ id: kept, title: k.paper.title });
    expect(old.node).toEqual({ id: kept, title: k.paper.title });
  });

  it('a payload and the later mutations of one operation read the version the earlier ones wrote (graphql-jit too)', async () => {
    const id = paperId('zaheer2020big');
    const TWO = `mutation Two($id: ID!) {
      first: updatePaper(input: { id: $id, title: "Big Bird (edited once)", expectedVersion: 0 }) { ... on UpdatePaperPayload { paper { title version } } ... on UserError { message } }
      second: updatePaper(input: { id: $id, year: 2021 }) { ... on UpdatePaperPayload { paper { title year version } } ... on UserError { message } }
    }`;
    const first = await data(h.app, TWO, { id }, h.key.curate);
    expect(first.first.paper).toEqual({ title: 'Big Bird (edited once)', version: 1 });
    expect(first.second.paper).toEqual({ title: 'Big Bird (edited once)', year: 2021, version: 2 });
    // Again (compiled by graphql-jit on its second run): expectedVersion 0 is stale now.
    const again = await data(h.app, TWO, { id }, h.key.curate);
    expect(again.first.message).toMatch(/version 2/);
    expect(again.second.paper).toEqual({ title: 'Big Bird (edited once)', year: 2021, version: 3 });
  });

  it('a request keeps the version it started on while another commits', async () => {
    const pinned = createContext(h.curation.current(), {}, { curation: h.curation });
    await addPaper({ title: 'Written after the reader started' });
    const QUERY = `{ papers(where: { titleContains: "Written after the reader" }) { totalCount } graphVersion { seq } }`;
    const old = await graphql({ schema, source: QUERY, contextValue: pinned });
    expect(old.data).toEqual({ papers: { totalCount: 0 }, graphVersion: { seq: 0 } });
    const fresh = await data(h.app, QUERY);
    expect(fresh).toEqual({ papers: { totalCount: 1 }, graphVersion: { seq: 1 } });
    // PageRank is not recomputed per change: graphVersion says which change it saw last.
    const influence = await data(h.app, `{ graphVersion { influenceSeq influenceComputedAt } }`);
    expect(influence.graphVersion.influenceSeq).toBe(0);
    expect(Date.parse(influence.graphVersion.influenceComputedAt)).not.toBeNaN();
  });
});

describe('refusals change nothing', () => {
  const STATE = `{ graphVersion { seq } changes { totalCount } paper(id: "${paperId('zaheer2020big')}") { title citationCount version } }`;

  it('a stale expectedVersion is a ConflictError naming the current version', async () => {
    const id = paperId('zaheer2020big');
    const UPDATE = `mutation U($input: UpdatePaperInput!) { updatePaper(input: $input) { __typename ... on UpdatePaperPayload { paper { version title } } ... on ConflictError { message currentVersion } } }`;
    const ok = await data(h.app, UPDATE, { input: { id, title: 'Big Bird v2', expectedVersion: 0 } }, h.key.curate);
    expect(ok.updatePaper).toEqual({ __typename: 'UpdatePaperPayload', paper: { version: 1, title: 'Big Bird v2' } });
    const before = await data(h.app, STATE);
    const stale = await data(h.app, UPDATE, { input: { id, title: 'Big Bird v3', expectedVersion: 0 } }, h.key.curate);
    expect(stale.updatePaper).toMatchObject({ __typename: 'ConflictError', currentVersion: 1 });
    expect(await data(h.app, STATE)).toEqual(before);
  });

  it('no key, an unknown key or a read key: ForbiddenError, and nothing changed', async () => {
    const before = await data(h.app, STATE);
    const input = { citingId: paperId('devlin2019bert'), citedId: paperId('zaheer2020big') };
    const none = await send(h.app, ADD_CITATION, { input });
    expect(none.status).toBe(200);
    expect(none.data.addCitation.__typename).toBe('ForbiddenError');
    expect(none.data.addCitation.message).toContain('needs an API key with scope curate');
    const unknown = await send(h.app, ADD_CITATION, { input }, `pgk_000000000000_${'A'.repeat(43)}`);
    expect(unknown.data.addCitation.message).toContain('not valid (unknown or revoked)');
    const reader = await send(h.app, ADD_CITATION, { input }, h.key.read);
    expect(reader.data.addCitation).toMatchObject({ __typename: 'ForbiddenError' });
    expect(reader.data.addCitation.message).toContain('the key "reader" has scope read');
    expect(await data(h.app, STATE)).toEqual(before);
  });

  it('a revoked key stops writing', async () => {
    const fresh = await curationHarness();
    try {
      const { key } = fresh.keys.create('temp', 'curate');
      fresh.keys.revoke('temp');
      const result = await data(fresh.app, ADD_PAPER, { input: { title: 'x' } }, key);
      expect(result.addPaper.__typename).toBe('ForbiddenError');
    } finally {
      await fresh.close();
    }
  });

  it('a malformed Authorization header is a 401 that says what is wrong', async () => {
    const basic = await send(h.app, ADD_PAPER, { input: { title: 'x' } }, 'Basic YWxpY2U6c2VjcmV0');
    expect(basic.status).toBe(401);
    expect(basic.errors?.[0]).toMatchObject({
      message: expect.stringContaining('"Bearer <key>"'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const notAKey = await send(h.app, `{ graphVersion { seq } }`, {}, 'Bearer hunter2');
    expect(notAKey.status).toBe(401);
    expect(notAKey.errors?.[0].message).toContain('pgk_');
    expect(await data(h.app, STATE)).toMatchObject({ graphVersion: { seq: 0 } });
  });

  it('global ids of the wrong kind or that are not ids: InvalidInputError naming the field', async () => {
    const wrongKind = await data(
      h.app,
      ADD_CITATION,
      { input: { citingId: paperId('devlin2019bert'), citedId: conceptId('contrastive-learning') } },
      h.key.curate,
    );
    expect(wrongKind.addCitation).toMatchObject({ __typename: 'InvalidInputError', field: 'citedId' });
    expect(wrongKind.addCitation.message).toContain('a Concept, not of a Paper');
    const garbage = await data(
      h.app,
      ADD_CITATION,
      { input: { citingId: 'not an id!', citedId: paperId('devlin2019bert') } },
      h.key.curate,
    );
    expect(garbage.addCitation).toMatchObject({ __typename: 'InvalidInputError', field: 'citingId' });
    const author = await data(
      h.app,
      ADD_PAPER,
      { input: { title: 'x', authors: [{ name: 'A' }, { id: paperId('devlin2019bert'), name: 'B' }] } },
      h.key.curate,
    );
    expect(author.addPaper).toMatchObject({ __typename: 'InvalidInputError' });
    expect(await data(h.app, `{ changes { totalCount } }`)).toEqual({ changes: { totalCount: 0 } });
  });

  it('a missing node is a NotFoundError with its id', async () => {
    const missing = paperId('no-such-paper');
    const result = await data(
      h.app,
      `mutation { removeCitation(input: { citingId: "${missing}", citedId: "${paperId('devlin2019bert')}" }) { __typename ... on NotFoundError { message id } } }`,
      {},
      h.key.curate,
    );
    expect(result.removeCitation.__typename).toBe('NotFoundError');
  });

  it('a log that cannot write: a WRITE_UNAVAILABLE error (not masked), nothing changed, reads go on', async () => {
    h.failWrites(true);
    const result = await send(h.app, ADD_PAPER, { input: { title: 'lost' } }, h.key.curate);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringContaining('change log cannot write'),
      extensions: { code: 'WRITE_UNAVAILABLE' },
    });
    expect(result.data?.addPaper ?? null).toBeNull();
    expect(await data(h.app, STATE)).toMatchObject({ graphVersion: { seq: 0 }, changes: { totalCount: 0 } });
  });

  it('a mutation over GET is refused (405) and changes nothing', async () => {
    const url = `http://papergraph.test/graphql?query=${encodeURIComponent(`mutation { addPaper(input: { title: "via GET" }) { __typename } }`)}`;
    const response = await h.app.fetch(url, { method: 'GET', headers: { authorization: `Bearer ${h.key.curate}` } });
    expect(response.status).toBe(405);
    expect(await data(h.app, `{ changes { totalCount } }`)).toEqual({ changes: { totalCount: 0 } });
  });
});

describe('history, changes and revert', () => {
  it('Node.history is newest first and pages; Query.changes pages from since; revertChange undoes a citation', async () => {
    const bigBird = paperId('zaheer2020big');
    const a = await addPaper({ title: 'History A' });
    const b = await addPaper({ title: 'History B' });
    for (const citing of [a, b]) await data(h.app, ADD_CITATION, { input: { citingId: citing.paper.id, citedId: bigBird } }, h.key.curate);

    const history = await data(
      h.app,
      `query H($id: ID!, $after: String) { paper(id: $id) { version history(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { seq op targets { id } } } } } }`,
      { id: bigBird },
    );
    expect(history.paper.version).toBe(4);
    expect(history.paper.history.totalCount).toBe(2);
    expect(history.paper.history.edges[0].node).toEqual({ seq: 4, op: 'CITATION_ADD', targets: [{ id: b.paper.id }, { id: bigBird }] });
    const next = await data(
      h.app,
      `query H($id: ID!, $after: String) { paper(id: $id) { history(first: 5, after: $after) { pageInfo { hasNextPage } edges { node { seq } } } } }`,
      { id: bigBird, after: history.paper.history.pageInfo.endCursor },
    );
    expect(next.paper.history).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { seq: 3 } }] });

    const changes = await data(
      h.app,
      `{ changes(since: 1, first: 2) { totalCount pageInfo { hasNextPage } edges { node { seq actor at } } } }`,
    );
    expect(changes.changes.totalCount).toBe(3);
    expect(changes.changes.pageInfo.hasNextPage).toBe(true);
    expect(changes.changes.edges.map((e: any) => e.node.seq)).toEqual([2, 3]);

    const REVERT = `mutation R($input: RevertChangeInput!) { revertChange(input: $input) { __typename ... on RevertChangePayload { clientMutationId change { seq op reverts } reverted { seq op } } ... on UserError { message } } }`;
    const refused = await data(h.app, REVERT, { input: { seq: 4 } }, h.key.curate);
    expect(refused.revertChange.__typename).toBe('ForbiddenError');
    const reverted = await data(h.app, REVERT, { input: { seq: 4, clientMutationId: 'r' } }, h.key.admin);
    expect(reverted.revertChange).toEqual({
      __typename: 'RevertChangePayload',
      clientMutationId: 'r',
      change: { seq: 5, op: 'CITATION_REMOVE', reverts: 4 },
      reverted: { seq: 4, op: 'CITATION_ADD' },
    });
    const citers = await data(h.app, CITED_BY, { id: bigBird });
    const citerIds = citers.paper.citedBy.edges.map((e: any) => e.node.id);
    expect(citerIds).toContain(a.paper.id);
    expect(citerIds).not.toContain(b.paper.id);
  });
});

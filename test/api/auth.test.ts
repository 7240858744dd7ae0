// Who may read and write: reads open by default or closed to keys (reads: 'key'), writes need a
// key's scope, a read-only server answers writes with a typed ReadOnlyError, and the existing
// request protections (CSRF) still hold for mutations.

import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { curatedStore } from '../support/app.js';
import { curationHarness, data, paperId, send, type CurationHarness } from '../support/curation-app.js';

const READ = `{ paper(id: "${paperId('zaheer2020big')}") { title } }`;
let h: CurationHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('reads closed to keys (reads: "key")', () => {
  it('a query needs a valid key of any scope; without one every root field is FORBIDDEN', async () => {
    h = await curationHarness({ reads: 'key' });
    const none = await send(h.app, READ);
    expect(none.data?.paper ?? null).toBeNull();
    expect(none.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['paper'] });
    expect(none.errors?.[0].message).toContain('"paper" needs an API key with scope read');
    const invalid = await send(h.app, READ, {}, `pgk_0123456789ab_${'x'.repeat(43)}`);
    expect(invalid.errors?.[0].message).toContain('not valid');
    const viaNode = await send(h.app, `{ node(id: "${paperId('zaheer2020big')}") { id } }`);
    expect(viaNode.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    for (const key of [h.key.read, h.key.curate, h.key.admin])
      expect(await data(h.app, READ, {}, key)).toEqual({ paper: { title: 'Big Bird: Transformers for Longer Sequences' } });
  });

  it('reads are open by default', async () => {
    h = await curationHarness();
    expect(await data(h.app, READ)).toEqual({ paper: { title: 'Big Bird: Transformers for Longer Sequences' } });
  });
});

describe('a read-only server (a plain store, no CuratedGraph)', () => {
  const app = createApp({ store: curatedStore(), graphiql: false });

  it('answers every mutation with the typed ReadOnlyError, key or not', async () => {
    const result = await data(
      app,
      `mutation { addPaper(input: { title: "x", clientMutationId: "m" }) { __typename ... on UserError { message } } }`,
    );
    expect(result.addPaper).toEqual({
      __typename: 'ReadOnlyError',
      message: 'this server is read-only: start it with --data-dir (or PAPERGRAPH_DATA_DIR) to take writes',
    });
  });

  it('has version 0, no history, no changes, and a graph version 0', async () => {
    const result = await data(
      app,
      `{ paper(id: "${paperId('zaheer2020big')}") { version history { totalCount edges { cursor } } provenance { source curator } }
         changes { totalCount edges { cursor } } graphVersion { seq influenceComputedAt influenceSeq } }`,
    );
    expect(result.paper.version).toBe(0);
    expect(result.paper.history).toEqual({ totalCount: 0, edges: [] });
    expect(result.paper.provenance.every((p: any) => p.curator === null)).toBe(true);
    expect(result.changes).toEqual({ totalCount: 0, edges: [] });
    expect(result.graphVersion.seq).toBe(0);
    // A plain store may or may not say when its PageRank was computed; if it does, it is of seq 0.
    expect([null, 0]).toContain(result.graphVersion.influenceSeq);
  });

  it('refuses a subscription with a clear error', async () => {
    const response = await app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: 'subscription { graphChanged { change { seq } } }' }),
    });
    const body = await response.json();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'READ_ONLY' } });
  });
});

describe('request protections hold for mutations', () => {
  it('a cross-site form POST (not JSON, no CSRF header) cannot run a mutation', async () => {
    h = await curationHarness();
    const response = await h.app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${h.key.curate}` },
      body: `query=${encodeURIComponent('mutation { addPaper(input: { title: "csrf" }) { __typename } }')}`,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await data(h.app, '{ changes { totalCount } }')).toEqual({ changes: { totalCount: 0 } });
  });

  it('a mutation costs like a query: its payload selection is bounded by the budget', async () => {
    h = await curationHarness({ security: { costBudget: 1000 } });
    const result = await send(
      h.app,
      `mutation { addPaper(input: { title: "costly" }) { ... on AddPaperPayload { paper { citedBy(first: 100) { edges { node { references(first: 100) { edges { node { title } } } } } } } } } }`,
      {},
      h.key.curate,
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(await data(h.app, '{ changes { totalCount } }')).toEqual({ changes: { totalCount: 0 } });
  });
});

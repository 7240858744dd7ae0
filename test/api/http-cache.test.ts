// HTTP caching and compression over a real HTTP server (server/http.ts) on the curated corpus with
// a data directory: GET queries carry an ETag and a Cache-Control and answer 304 to If-None-Match;
// private when a key is involved; mutations and errors never cached; the response cache answers
// a repeated query without executing it, and a write through a mutation is seen by the next read
// (new answer, new ETag, the old ETag no longer a 304); gzip and brotli as Accept-Encoding asks.

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../src/api/context.js';
import { curationHarness, paperId, type CurationHarness } from '../support/curation-app.js';
import { json, serveOverHttp, type RawResponse, type Served } from '../support/http-client.js';
import { encodingFor } from '../../src/server/http.js';

const BIG_BIRD = paperId('zaheer2020big');
const CITED_BY = `query CitedBy($id: ID!) {
  paper(id: $id) { title citationCount citedBy(first: 100) { totalCount edges { node { id title } } } }
}`;
const ADD_PAPER = `mutation Add($input: AddPaperInput!) { addPaper(input: $input) { ... on AddPaperPayload { paper { id } } } }`;
const ADD_CITATION = `mutation Cite($input: AddCitationInput!) { addCitation(input: $input) { __typename } }`;
/** The largest answer the curated corpus gives: every node within 4 hops of Big Bird and their edges. */
const NEIGHBOURHOOD = `query Around($id: ID!) {
  neighborhood(id: $id, depth: 4, limit: 2000) { truncated nodes { id ... on Paper { title year abstract } } edges { source target type } }
}`;

let h: CurationHarness;
let http: Served;
/** Executions that reached the executor (a response-cache hit does not; a fast 304 does not even parse). */
let executions: number;
const countExecutions: Plugin<Context> = { onExecute: () => void executions++ };

async function start(options: Parameters<typeof curationHarness>[0] = {}) {
  executions = 0;
  h = await curationHarness({ plugins: [countExecutions], ...options });
  http = await serveOverHttp(h.app);
}
afterEach(async () => {
  await http.close();
  await h.close();
});

const vary = (r: RawResponse) =>
  String(r.headers.vary ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase());

describe('ETag, Cache-Control and 304 on GET queries', () => {
  beforeEach(() => start());

  it('a GET query has a weak ETag and a public Cache-Control; If-None-Match with it is a 304 with no body', async () => {
    const first = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(first.status).toBe(200);
    expect(json(first).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(first.headers.etag).toMatch(/^W\/"[\w-]{32}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=0');
    expect(vary(first)).toEqual(expect.arrayContaining(['accept', 'authorization']));

    const again = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=0');

    // Another tag (or a list without this one) gets the answer.
    const other = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { 'if-none-match': 'W/"something-else", "x"' });
    expect(other.status).toBe(200);
    expect(json(other)).toEqual(json(first));
    // Equal answers, equal tags; another paper, another tag.
    expect(other.headers.etag).toBe(first.headers.etag);
    const otherPaper = await http.get({ query: CITED_BY, variables: { id: paperId('grill2020bootstrap') } });
    expect(json(otherPaper).data.paper.title).toContain('Bootstrap Your Own Latent');
    expect(otherPaper.headers.etag).not.toBe(first.headers.etag);
  });

  it('a revalidation of an unchanged answer is a 304 without executing the query', async () => {
    const first = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    const ran = executions;
    const again = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(executions).toBe(ran);
  });

  it('a repeated query is answered from the response cache, identical and with the same ETag', async () => {
    const first = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(first.headers['x-response-cache']).toBeUndefined();
    const second = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(second.headers['x-response-cache']).toBe('hit');
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.etag).toBe(first.headers.etag);
    // Variables in another key order are the same request.
    const reordered = await http.post({ query: '{ a: paper(arxivId: "2007.14062") { title } }' });
    const reorderedAgain = await http.post({ query: '{ a: paper(arxivId: "2007.14062") { title } }' });
    expect(reordered.headers['x-response-cache']).toBeUndefined();
    expect(reorderedAgain.headers['x-response-cache']).toBe('hit');
  });

  it('with a key the answer is private, and a key never gets an answer cached for another key', async () => {
    const withKey = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { authorization: `Bearer ${h.key.read}` });
    expect(withKey.status).toBe(200);
    expect(withKey.headers['cache-control']).toBe('private, max-age=0');
    expect(withKey.headers.etag).toMatch(/^W\//);
    const otherKey = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { authorization: `Bearer ${h.key.curate}` });
    expect(otherKey.headers['x-response-cache']).toBeUndefined();
    const sameKey = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { authorization: `Bearer ${h.key.read}` });
    expect(sameKey.headers['x-response-cache']).toBe('hit');
  });

  it('mutations, answers with errors and POSTs are never cached', async () => {
    const mutation = await http.post(
      { query: ADD_PAPER, variables: { input: { title: 'Never cached', year: 2021 } } },
      { authorization: `Bearer ${h.key.curate}` },
    );
    expect(json(mutation).data.addPaper.paper.id).toBeTruthy();
    expect(mutation.headers['cache-control']).toBe('no-store');
    expect(mutation.headers.etag).toBeUndefined();

    // A field error (partial answer): no ETag, not kept by the response cache.
    const partial = { query: '{ nodes(ids: ["garbage"]) { id } paper(arxivId: "2007.14062") { title } }' };
    const withError = await http.get(partial);
    expect(json(withError).errors.length).toBeGreaterThan(0);
    expect(json(withError).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(withError.headers['cache-control']).toBe('no-store');
    expect(withError.headers.etag).toBeUndefined();
    expect((await http.get(partial)).headers['x-response-cache']).toBeUndefined();

    // A validation error.
    const invalid = await http.get({ query: '{ paper(arxivId: "2007.14062") { noSuchField } }' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['cache-control']).toBe('no-store');
    expect(invalid.headers.etag).toBeUndefined();

    // A POST query: answered, cached server-side, but no ETag (HTTP caches do not keep POSTs).
    const post = await http.post({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(json(post).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(post.headers['cache-control']).toBe('no-store');
    expect(post.headers.etag).toBeUndefined();
  });
});

describe('a write never leaves a stale answer', () => {
  beforeEach(() => start());

  it('read, write through mutations, read again: the new answer, a new ETag, and the old ETag is no longer a 304', async () => {
    const before = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    const cached = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(cached.headers['x-response-cache']).toBe('hit');
    const count = json(before).data.paper.citationCount as number;
    expect(count).toBeGreaterThan(0);

    const curator = { authorization: `Bearer ${h.key.curate}` };
    const added = json(
      await http.post({ query: ADD_PAPER, variables: { input: { title: 'Sparse attention for genomes', year: 2021 } } }, curator),
    );
    const cite = await http.post(
      { query: ADD_CITATION, variables: { input: { citingId: added.data.addPaper.paper.id, citedId: BIG_BIRD, reason: 'read it' } } },
      curator,
    );
    expect(json(cite).data.addCitation.__typename).toBe('AddCitationPayload');

    const after = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } });
    expect(after.headers['x-response-cache']).toBeUndefined();
    expect(json(after).data.paper.citationCount).toBe(count + 1);
    expect(json(after).data.paper.citedBy.edges.map((e: any) => e.node.title)).toContain('Sparse attention for genomes');
    expect(after.headers.etag).not.toBe(before.headers.etag);

    const revalidated = await http.get(
      { query: CITED_BY, variables: { id: BIG_BIRD } },
      { 'if-none-match': before.headers.etag as string },
    );
    expect(revalidated.status).toBe(200);
    expect(json(revalidated).data.paper.citationCount).toBe(count + 1);
    const current = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { 'if-none-match': after.headers.etag as string });
    expect(current.status).toBe(304);
  });
});

describe('reads closed to keys (PAPERGRAPH_READS=key)', () => {
  beforeEach(() => start({ reads: 'key' }));

  it('answers are private, a request without a key gets no cached answer and no 304', async () => {
    const withKey = await http.get({ query: CITED_BY, variables: { id: BIG_BIRD } }, { authorization: `Bearer ${h.key.read}` });
    expect(withKey.status).toBe(200);
    expect(withKey.headers['cache-control']).toBe('private, max-age=0');
    const withoutKey = await http.get(
      { query: CITED_BY, variables: { id: BIG_BIRD } },
      { 'if-none-match': withKey.headers.etag as string },
    );
    expect(withoutKey.status).not.toBe(304);
    expect(json(withoutKey).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(withoutKey.headers.etag).toBeUndefined();
    expect(withoutKey.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(json(withoutKey))).not.toContain('Big Bird');
  });
});

describe('compression', () => {
  beforeEach(() => start());

  it('a large answer comes gzip- or brotli-encoded as Accept-Encoding asks, and decodes to the same JSON', async () => {
    const params = { query: NEIGHBOURHOOD, variables: { id: BIG_BIRD } };
    const plain = await http.get(params);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const answer = json(plain);
    expect(answer.data.neighborhood.nodes.length).toBeGreaterThan(100);
    expect(plain.body.length).toBeGreaterThan(20_000);
    expect(vary(plain)).toContain('accept-encoding');

    const gzipped = await http.get(params, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(JSON.parse(gunzipSync(gzipped.body).toString())).toEqual(answer);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);

    const brotli = await http.get(params, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(brotli.body).toString())).toEqual(answer);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 4);
    // The ETag is the answer's, whatever the encoding: a 304 works for each.
    expect(brotli.headers.etag).toBe(plain.headers.etag);
    const revalidated = await http.get(params, { 'accept-encoding': 'br', 'if-none-match': plain.headers.etag as string });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);

    // POST answers (mutations' too) are compressed as well.
    const posted = await http.post(params, { 'accept-encoding': 'gzip' });
    expect(posted.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(posted.body).toString())).toEqual(answer);
  });

  it('small answers, refused codings and other content go as they are', async () => {
    const small = await http.get({ query: '{ paper(arxivId: "2007.14062") { title } }' }, { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(json(small).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    const refused = await http.get({ query: NEIGHBOURHOOD, variables: { id: BIG_BIRD } }, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(json(refused).data.neighborhood.nodes.length).toBeGreaterThan(100);
  });

  it('picks the coding the client prefers', () => {
    expect(encodingFor('gzip, deflate, br')).toBe('br');
    expect(encodingFor('gzip')).toBe('gzip');
    expect(encodingFor('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(encodingFor('br;q=0, gzip;q=0')).toBeNull();
    expect(encodingFor('identity')).toBeNull();
    expect(encodingFor('*')).toBe('br');
    expect(encodingFor(undefined)).toBeNull();
  });
});

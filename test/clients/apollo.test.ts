// Apollo Client 4 (core, no React) with its defaults against the real server: HttpLink (queries
// and mutations as JSON POSTs, no CSRF header), InMemoryCache normalising by `__typename` and
// `id`. Then its persisted-queries link: the APQ handshake by POST (its default) and by GET
// (useGETForHashedQueries), and Apollo's own GET queries (HttpLink's useGETForQueries).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/datasets.js';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_PAPER,
  BYOL,
  BYOL_ID,
  CONCEPT_PAGE,
  CONTRASTIVE,
  EXPLORER_STEP,
  KEYSTROKES,
  LINK_CONCEPT,
  PAPER_PAGE,
  SEARCH,
  expectConceptPage,
  expectExplorerStep,
  expectPaperPage,
  expectSearch,
  linkInput,
  newPaperInput,
  referenceSearch,
  startClientServer,
  type ClientServer,
} from './support.js';

let server: ClientServer;
beforeAll(async () => {
  server = await startClientServer();
});
afterAll(() => server?.close());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function read(client: ApolloClient, query: string, variables: Record<string, unknown>, fetchPolicy?: 'network-only') {
  const result = await client.query({ query: gql(query), variables, ...(fetchPolicy ? { fetchPolicy } : {}) });
  expect(result.error).toBeUndefined();
  return result.data as any;
}

describe('Apollo Client with its defaults (HttpLink, InMemoryCache)', () => {
  let client: ApolloClient;
  beforeAll(() => {
    client = new ApolloClient({
      link: new HttpLink({ uri: server.url, headers: { authorization: server.authorization } }),
      cache: new InMemoryCache(),
    });
  });

  it('runs the concept page, the paper page, an explorer step and search as you type (JSON POSTs)', async () => {
    const before = server.requests.length;
    expectConceptPage(await read(client, CONCEPT_PAGE, { slug: CONTRASTIVE }));
    expectPaperPage(await read(client, PAPER_PAGE, { arxivId: BYOL }));
    expectExplorerStep(await read(client, EXPLORER_STEP, { id: BYOL_ID }));
    const typed = new Map<string, any>();
    for (const text of KEYSTROKES) typed.set(text, await read(client, SEARCH, { query: text }));
    expectSearch(typed, await referenceSearch(server.url));
    const sent = server.requests.slice(before, before + 3 + KEYSTROKES.length);
    expect(sent.every((r) => r.method === 'POST' && r.contentType === 'application/json' && !r.csrfHeader)).toBe(true);
    // Asked again: from the normalised cache.
    const cached = server.requests.length;
    expectPaperPage(await read(client, PAPER_PAGE, { arxivId: BYOL }));
    expect(server.requests.length).toBe(cached);
  });

  it('writes with a key over POST; the concept page read again (cache-first) has the new paper', async () => {
    const added = await client.mutate({ mutation: gql(ADD_PAPER), variables: { input: newPaperInput('apollo') } });
    const paper = (added.data as any).addPaper.paper;
    expect(paper).toMatchObject({ title: newPaperInput('apollo').title, year: 2021 });
    const linked = await client.mutate({ mutation: gql(LINK_CONCEPT), variables: { input: linkInput(paper.id) } });
    expect((linked.data as any).linkConcept.concept.papers.totalCount).toBe(10);
    expect(server.requests.slice(-2).map((r) => [r.method, r.authorization])).toEqual([
      ['POST', true],
      ['POST', true],
    ]);
    // The mutation's answer replaced Concept:<id>.papers({"first":5}) with an object holding
    // totalCount alone (a connection is an unkeyed object, replaced whole): the page is no longer
    // complete in the cache, so the default cache-first read asks the server, which has the write.
    const before = server.requests.length;
    expectConceptPage(await read(client, CONCEPT_PAGE, { slug: CONTRASTIVE }), 10);
    expect(server.requests.length).toBe(before + 1);
  });

  it('a refused write: the typed error and its message reach the caller', async () => {
    const added = await client.mutate({ mutation: gql(ADD_PAPER), variables: { input: newPaperInput('apollo-twice') } });
    const paper = (added.data as any).addPaper.paper;
    await client.mutate({ mutation: gql(LINK_CONCEPT), variables: { input: linkInput(paper.id) } });
    const again = await client.mutate({ mutation: gql(LINK_CONCEPT), variables: { input: linkInput(paper.id) } });
    // Without possibleTypes, Apollo cannot tell that ConflictError is a UserError: it keeps the
    // type name and drops the fragment's fields (it warns "Data might be lost").
    expect((again.data as any).linkConcept).toEqual({ __typename: 'ConflictError' });
    // With schema/possible-types.json (printed with the schema), the message comes through.
    const typed = new ApolloClient({
      link: new HttpLink({ uri: server.url, headers: { authorization: server.authorization } }),
      cache: new InMemoryCache({ possibleTypes: JSON.parse(readFileSync(join(REPO_ROOT, 'schema/possible-types.json'), 'utf8')) }),
    });
    const refused = await typed.mutate({ mutation: gql(LINK_CONCEPT), variables: { input: linkInput(paper.id) } });
    expect((refused.data as any).linkConcept).toEqual({
      __typename: 'ConflictError',
      message: expect.stringContaining('already'),
    });
  });
});

describe('Apollo Client with the persisted-queries link', () => {
  const make = (useGETForHashedQueries: boolean) =>
    new ApolloClient({
      link: new PersistedQueryLink({ sha256, useGETForHashedQueries }).concat(new HttpLink({ uri: server.url })),
      cache: new InMemoryCache(),
    });

  it.each([
    ['POST (its default)', false, 'POST'],
    ['GET (useGETForHashedQueries)', true, 'GET'],
  ])('%s: the hash alone, PERSISTED_QUERY_NOT_FOUND, the document, then the hash alone', async (_name, useGet, method) => {
    // A document of its own per case, so each starts unknown to the server.
    const query = `${PAPER_PAGE.replace('query PaperPage', `query PaperPage${method}`)}`;
    const before = server.requests.length;
    expectPaperPage(await read(make(useGet), query, { arxivId: BYOL }));
    const first = server.requests.slice(before);
    // The document goes with its hash as a POST, whichever way the hash alone went.
    expect(first.map((r) => r.method)).toEqual([method, 'POST']);
    if (method === 'GET') expect(first[0].path).not.toMatch(/query=/);
    const again = server.requests.length;
    expectPaperPage(await read(make(useGet), query, { arxivId: BYOL }));
    expect(server.requests.slice(again).map((r) => r.method)).toEqual([method]);
    if (method === 'GET') expect(server.requests.at(-1)!.path).not.toMatch(/query=/);
  });

  it('Apollo’s GET queries (HttpLink useGETForQueries) need no CSRF header', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: server.url, useGETForQueries: true }), cache: new InMemoryCache() });
    const before = server.requests.length;
    expectExplorerStep(await read(client, EXPLORER_STEP, { id: BYOL_ID }));
    expect(server.requests.slice(before).map((r) => [r.method, r.csrfHeader])).toEqual([['GET', false]]);
  });
});

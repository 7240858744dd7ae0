// Errors that keep the rest of the answer (issue 14, item 5), on the curated corpus: a bad argument
// nulls its own root field (with a precise message and a code) while the other fields answer;
// `nodes` answers null and an error for a malformed id and the good ids' nodes beside it; an empty
// search is an empty list; each refusal has one HTTP status whatever the Accept header.

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { curatedApp, curatedStore, execute } from '../support/app.js';

const app = curatedApp();

const BIG_BIRD = { id: 'UGFwZXI6emFoZWVyMjAyMGJpZw==', title: 'Big Bird: Transformers for Longer Sequences' };
const SPARSE_ATTENTION = { id: 'Q29uY2VwdDpzcGFyc2UtYXR0ZW50aW9u', name: 'Sparse attention' };
const badInput = (message: string, path: (string | number)[]) => ({ message, path, extensions: { code: 'BAD_USER_INPUT' } });
/** The errors without their locations, in the order of their paths (they come in the order the resolvers failed). */
const errorsOf = (result: { errors?: { locations?: unknown; path?: unknown }[] }) =>
  result.errors?.map(({ locations: _, ...rest }) => rest).sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));

describe('a bad argument is an error on its field; the other root fields are answered', () => {
  it('an unknown concept slug in papers(where:) nulls that field alone', async () => {
    const result = await execute(
      app,
      `{
        bad: papers(where: { concept: "no-such-concept" }) { totalCount }
        good: papers(where: { concept: "sparse-attention" }) { totalCount }
        concept(slug: "sparse-attention") { id name }
        paper(arxivId: "2007.14062") { id title }
      }`,
    );
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ bad: null, good: { totalCount: 7 }, concept: SPARSE_ATTENTION, paper: BIG_BIRD });
    expect(errorsOf(result)).toEqual([badInput('Unknown concept "no-such-concept": give its slug or its global id', ['bad'])]);
  });

  it('each root list keeps its own errors: a page size, a cursor, an id', async () => {
    const text = `{
      concepts(first: 1000) { totalCount }
      topics { totalCount }
      search(query: "attention", after: "garbage") { totalCount }
      relatedPapers(id: "garbage") { score }
      venues(first: 1) { totalCount }
      graphVersion { seq }
    }`;
    // Twice: the first run is graphql-js', the second graphql-jit's (plugins/use-jit.ts).
    for (let run = 0; run < 2; run++) {
      const result = await execute(app, text);
      expect(result.status).toBe(200);
      expect(result.data).toEqual({
        concepts: null,
        topics: { totalCount: 4 },
        search: null,
        relatedPapers: null,
        venues: { totalCount: expect.any(Number) },
        graphVersion: { seq: 0 },
      });
      expect(result.data.venues.totalCount).toBeGreaterThan(0);
      expect(errorsOf(result)).toEqual([
        badInput('"first" must be between 1 and 100, got 1000', ['concepts']),
        badInput('Invalid global id "garbage": not an id issued by this API', ['relatedPapers']),
        badInput('Invalid cursor in "after": "garbage" is not a cursor of this list', ['search']),
      ]);
    }
  });

  it('a malformed id in node(id:) nulls node alone', async () => {
    const result = await execute(app, '{ node(id: "not-an-id!") { id } paper(arxivId: "2007.14062") { id title } }');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ node: null, paper: BIG_BIRD });
    expect(errorsOf(result)).toEqual([badInput('Invalid global id "not-an-id!": not an id issued by this API', ['node'])]);
  });
});

describe('nodes(ids:) answers the good ids beside a bad one', () => {
  const ids = [BIG_BIRD.id, 'garbage', SPARSE_ATTENTION.id, 'UGFwZXI6bm9wZQ==' /* Paper:nope, well formed, no such paper */];
  const text = `query($ids: [ID!]!) {
    nodes(ids: $ids) { id ... on Paper { title } ... on Concept { name } }
    topics { totalCount }
  }`;

  it('null and an error (its path the index) for the malformed id, null for the unknown one, the nodes for the rest', async () => {
    for (let run = 0; run < 2; run++) {
      const result = await execute(app, text, { ids });
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ nodes: [BIG_BIRD, null, SPARSE_ATTENTION, null], topics: { totalCount: 4 } });
      expect(errorsOf(result)).toEqual([badInput('Invalid global id "garbage": not an id issued by this API', ['nodes', 1])]);
    }
  });

  it('each malformed id gets its own error, with ids written in the document as well', async () => {
    const result = await execute(app, `{ nodes(ids: ["x", "${BIG_BIRD.id}", "Rm9vOmJhcg=="]) { id } }`);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ nodes: [null, { id: BIG_BIRD.id }, null] });
    expect(errorsOf(result)).toEqual([
      badInput('Invalid global id "x": not an id issued by this API', ['nodes', 0]),
      // "Foo:bar": base64 of a type this API has no node of
      badInput('Invalid global id "Rm9vOmJhcg==": not an id issued by this API', ['nodes', 2]),
    ]);
  });
});

describe('an empty search is an empty list', () => {
  const empty = { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

  for (const text of ['', '   ', '!!! ?']) {
    it(`search(query: ${JSON.stringify(text)}) answers totalCount 0, no error`, async () => {
      const result = await execute(
        app,
        'query($q: String!) { search(query: $q) { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
        { q: text },
      );
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ search: empty });
    });
  }

  it('its arguments are still checked', async () => {
    const result = await execute(
      app,
      '{ search(query: "", first: 500) { totalCount } s: search(query: "sparse attention", first: 1) { totalCount } }',
    );
    expect(result.data.search).toBeNull();
    expect(result.data.s.totalCount).toBeGreaterThan(0);
    expect(errorsOf(result)).toEqual([badInput('"first" must be between 1 and 100, got 500', ['search'])]);
  });
});

describe('one HTTP status per refusal, whatever the Accept header', () => {
  const production = createApp({ store: curatedStore(), graphiql: false, security: { introspection: false } });
  const ACCEPTS = ['application/graphql-response+json', 'application/json', '*/*'];
  const post = async (accept: string, query: string) => {
    const response = await production.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as { errors: { message: string; extensions: { code: string } }[] } };
  };
  const refusals: [string, string, string][] = [
    [
      'too many fields',
      `{ ${Array.from({ length: 160 }, (_, k) => `f${k}: graphVersion { seq }`).join(' ')} }`,
      'QUERY_TOO_BROAD: Query selects too many fields: 320, the most is 150',
    ],
    [
      'too expensive',
      '{ papers(first: 100) { edges { node { references(first: 100) { edges { node { citedBy(first: 100) { totalCount } } } } } } } }',
      'QUERY_TOO_EXPENSIVE: Query is too expensive',
    ],
    [
      'too many aliases',
      `{ ${Array.from({ length: 31 }, (_, k) => `a${k}: __typename`).join(' ')} }`,
      'QUERY_TOO_MANY_ALIASES: Aliases limit',
    ],
  ];
  for (const [name, query, expected] of refusals) {
    it(`${name}: 400 under ${ACCEPTS.join(', ')}`, async () => {
      for (const accept of ACCEPTS) {
        const { status, body } = await post(accept, query);
        const [error] = body.errors;
        expect(`${accept} ${status} ${error.extensions.code}: ${error.message}`).toContain(`${accept} 400 ${expected}`);
      }
    });
  }

  it('a request that is not a GraphQL request (no query, params of the wrong shape) is a 400 under every Accept, as a browser opening /graphql gets', async () => {
    const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    for (const accept of [...ACCEPTS, BROWSER]) {
      const get = await production.fetch('http://papergraph.test/graphql', { headers: { accept } });
      expect(`${accept} ${get.status}`).toBe(`${accept} 400`);
      expect(((await get.json()) as { errors: { message: string }[] }).errors[0].message).toBe('Must provide query string.');
      const shapeless = await production.fetch('http://papergraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: '{ graphVersion { seq } }', variables: 'not an object', extra: 1 }),
      });
      expect(`${accept} ${shapeless.status}`).toBe(`${accept} 400`);
    }
  });

  it('a document that does not validate follows the GraphQL-over-HTTP spec: a 200 when the client asks for application/json', async () => {
    // Introspection refused is a validation rule's error too: the spec's audits (test/security/audits.test.ts)
    // ask a 200 for it under application/json.
    for (const query of ['{ paperz }', '{ __schema { queryType { name } } }']) {
      const statuses = [];
      for (const accept of ACCEPTS) statuses.push((await post(accept, query)).status);
      expect(statuses).toEqual([400, 200, 200]);
    }
  });
});

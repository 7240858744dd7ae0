// Persisted operations both ways, as standard clients send them: the automatic persisted query
// handshake (Apollo Client, urql's persistedExchange) over POST and GET, trusted documents by id
// with or without the `sha256:` prefix, and urql's default GET queries with no CSRF header in
// both profiles (mutations never over GET).

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { useAPQ } from '../../src/api/plugins/use-apq.js';
import { configFromEnv } from '../../src/server/config.js';
import { curatedStore } from '../support/app.js';

const ENDPOINT = 'http://papergraph.test/graphql';
/** What urql's fetchExchange sends as Accept, GET or POST. */
const URQL_ACCEPT = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

const BIG_BIRD = '{ paper(arxivId: "2007.14062") { title year } }';
const BIG_BIRD_HASH = 'b31ca2a2f6c976d3f729dd3061ef22b432b4874cf842b914db8cc7b0d90a4fbb';
const NAMED = 'query BigBird { paper(arxivId: "2007.14062") { title } }';
const NAMED_HASH = 'cba7905db0bba1bb4a6cc2d63cde754637c45dac20e8d9ef48f7f07c6ba06db8';
const MUTATION = 'mutation { __typename }';
const MUTATION_HASH = '22c9efff0269bd71ee0875759c0ae2b966100d019474f3e91a2b73d3dada7f8f';
const TITLE = 'Big Bird: Transformers for Longer Sequences';

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

async function post(app: PapergraphApp, body: Record<string, unknown>, accept = URQL_ACCEPT): Promise<Answer> {
  const response = await app.fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A GET as urql and Apollo send it: the parameters in the URL, no content-type, no CSRF header. */
async function get(app: PapergraphApp, params: Record<string, unknown>, accept = URQL_ACCEPT): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await app.fetch(`${ENDPOINT}?${search}`, { method: 'GET', headers: { accept } });
  return { status: response.status, body: await response.json() };
}

const freshApp = () => createApp({ store: curatedStore(), graphiql: false });

function expectData(answer: Answer, data: unknown): void {
  expect(answer.body.errors, JSON.stringify(answer.body)).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data).toEqual(data);
}

function expectError(answer: Answer, status: number, code: string, message: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code } });
  expect(answer.body.errors![0].message).toMatch(message);
}

describe('the hashes in this file are the SHA-256 of the query texts', () => {
  it.each([
    [BIG_BIRD, BIG_BIRD_HASH],
    [NAMED, NAMED_HASH],
    [MUTATION, MUTATION_HASH],
  ])('%s', (text, hash) => {
    expect(createHash('sha256').update(text).digest('hex')).toBe(hash);
  });
});

describe('automatic persisted queries', () => {
  it('POST: an unknown hash is PERSISTED_QUERY_NOT_FOUND, the text registers it, then the hash alone runs it', async () => {
    const app = freshApp();
    const notFound = await post(app, { extensions: persisted(BIG_BIRD_HASH) });
    expectError(notFound, 404, 'PERSISTED_QUERY_NOT_FOUND', /^PersistedQueryNotFound$/);
    const registered = await post(app, { query: BIG_BIRD, extensions: persisted(BIG_BIRD_HASH) });
    expectData(registered, { paper: { title: TITLE, year: 2020 } });
    const byHash = await post(app, { extensions: persisted(BIG_BIRD_HASH), variables: {} });
    expectData(byHash, { paper: { title: TITLE, year: 2020 } });
  });

  it('GET (urql and Apollo with useGETForHashedQueries): the same handshake, no CSRF header needed', async () => {
    const app = freshApp();
    const notFound = await get(app, { operationName: 'BigBird', variables: {}, extensions: persisted(NAMED_HASH) });
    expectError(notFound, 404, 'PERSISTED_QUERY_NOT_FOUND', /^PersistedQueryNotFound$/);
    const registered = await get(app, { query: NAMED, operationName: 'BigBird', variables: {}, extensions: persisted(NAMED_HASH) });
    expectData(registered, { paper: { title: TITLE } });
    const byHash = await get(app, { operationName: 'BigBird', variables: {}, extensions: persisted(NAMED_HASH) });
    expectData(byHash, { paper: { title: TITLE } });
    // Registered over GET, asked by POST: one store.
    expect((await post(app, { extensions: persisted(NAMED_HASH) })).body.data.paper.title).toBe(TITLE);
  });

  it('answers PERSISTED_QUERY_NOT_FOUND with the same 404 whatever the Accept header', async () => {
    const app = freshApp();
    expectError(
      await post(app, { extensions: persisted(BIG_BIRD_HASH) }, 'application/json'),
      404,
      'PERSISTED_QUERY_NOT_FOUND',
      /^PersistedQueryNotFound$/,
    );
  });

  it('hashes in upper case are the same hash', async () => {
    const app = freshApp();
    await post(app, { query: BIG_BIRD, extensions: persisted(BIG_BIRD_HASH.toUpperCase()) });
    expect((await post(app, { extensions: persisted(BIG_BIRD_HASH) })).body.data.paper.year).toBe(2020);
  });

  it('refuses a text whose hash is not the one given (400 PERSISTED_QUERY_MISMATCH) and keeps nothing', async () => {
    const app = freshApp();
    expectError(
      await post(app, { query: BIG_BIRD, extensions: persisted(NAMED_HASH) }),
      400,
      'PERSISTED_QUERY_MISMATCH',
      /^PersistedQueryMismatch/,
    );
    expectError(await post(app, { extensions: persisted(NAMED_HASH) }), 404, 'PERSISTED_QUERY_NOT_FOUND', /^PersistedQueryNotFound$/);
  });

  it('refuses an extension of another version (400 PERSISTED_QUERY_NOT_SUPPORTED)', async () => {
    const app = freshApp();
    expectError(
      await post(app, { extensions: { persistedQuery: { version: 2, sha256Hash: BIG_BIRD_HASH } } }),
      400,
      'PERSISTED_QUERY_NOT_SUPPORTED',
      /^Unsupported persisted query/,
    );
  });

  it('a mutation registered over POST is still a 405 when asked by hash over GET', async () => {
    const app = freshApp();
    expectData(await post(app, { query: MUTATION, extensions: persisted(MUTATION_HASH) }), { __typename: 'Mutation' });
    const overGet = await get(app, { extensions: persisted(MUTATION_HASH) });
    expect(overGet.status).toBe(405);
    expect(overGet.body.errors![0].message).toMatch(/^Can only perform a mutation operation from a POST request/);
    expect(overGet.body.data ?? null).toBeNull();
  });

  it('keeps a bounded store: the least recently used documents go first, long texts are run but not kept', () => {
    const plugin = useAPQ({ maxEntries: 2, maxChars: 1000 });
    const onParams = plugin.onParams! as (payload: unknown) => void;
    const ask = (hash: string, query?: string): string | undefined => {
      let set: string | undefined;
      onParams({ params: { query, extensions: persisted(hash) }, setParams: (p: { query: string }) => (set = p.query) });
      return set;
    };
    const texts = ['{ a }', '{ b }', '{ c }'];
    const hashes = texts.map((t) => createHash('sha256').update(t).digest('hex'));
    ask(hashes[0], texts[0]);
    ask(hashes[1], texts[1]);
    expect(ask(hashes[0])).toBe('{ a }'); // now the most recently used
    ask(hashes[2], texts[2]); // evicts { b }
    expect(ask(hashes[0])).toBe('{ a }');
    expect(ask(hashes[2])).toBe('{ c }');
    expect(() => ask(hashes[1])).toThrow('PersistedQueryNotFound');
    const long = `{ ${'x '.repeat(60)}}`; // over a tenth of maxChars
    const longHash = createHash('sha256').update(long).digest('hex');
    ask(longHash, long);
    expect(() => ask(longHash)).toThrow('PersistedQueryNotFound');
    expect(ask(hashes[0])).toBe('{ a }');
  });
});

describe('trusted documents by id', () => {
  const operations = new Map([
    ['guide-v1', BIG_BIRD],
    [`sha256:${NAMED_HASH}`, NAMED],
  ]);
  const trusted = createApp({ store: curatedStore(), graphiql: false, security: { trustedOperations: operations } });

  it.each([
    ['its manifest id', 'guide-v1'],
    ['its hash with the sha256: prefix', `sha256:${BIG_BIRD_HASH}`],
    ['its bare hash', BIG_BIRD_HASH],
    ['its hash in upper case', `SHA256:${BIG_BIRD_HASH.toUpperCase()}`],
  ])('runs a document asked by %s', async (_how, documentId) => {
    expectData(await post(trusted, { documentId }), { paper: { title: TITLE, year: 2020 } });
  });

  it('a manifest keyed "sha256:<hash>" (as some clients write it) is asked with or without the prefix', async () => {
    for (const documentId of [`sha256:${NAMED_HASH}`, NAMED_HASH]) {
      expectData(await post(trusted, { documentId }), { paper: { title: TITLE } });
    }
  });

  it('an APQ client asking by the real hash runs the trusted document, over POST and GET', async () => {
    expect((await post(trusted, { extensions: persisted(BIG_BIRD_HASH) })).body.data.paper.year).toBe(2020);
    expect((await get(trusted, { extensions: persisted(NAMED_HASH) })).body.data.paper.title).toBe(TITLE);
  });

  it('an unknown id or text is still refused (400 TRUSTED_OPERATION_REQUIRED), and APQ cannot register one', async () => {
    const other = 'c'.repeat(64);
    expectError(await post(trusted, { documentId: `sha256:${other}` }), 400, 'TRUSTED_OPERATION_REQUIRED', /^Unknown operation id/);
    const text = '{ __typename }';
    const hash = createHash('sha256').update(text).digest('hex');
    expectError(
      await post(trusted, { query: text, extensions: persisted(hash) }),
      400,
      'TRUSTED_OPERATION_REQUIRED',
      /not a trusted operation/,
    );
    expectError(await post(trusted, { extensions: persisted(hash) }), 400, 'TRUSTED_OPERATION_REQUIRED', /^Unknown operation id/);
  });
});

describe("urql's default GET queries need no CSRF header; mutations never run over GET", () => {
  const production = configFromEnv({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_LOG: 'off' }).security;
  const profiles: [string, PapergraphApp][] = [
    ['development', freshApp()],
    ['production', createApp({ store: curatedStore(), graphiql: false, security: production })],
  ];

  it.each(profiles)('%s: a GET query with no CSRF header and no content-type is answered', async (_profile, app) => {
    expectData(await get(app, { query: NAMED, operationName: 'BigBird', variables: {} }), { paper: { title: TITLE } });
  });

  it.each(profiles)('%s: a mutation over GET is 405, with or without the CSRF header', async (_profile, app) => {
    for (const headers of [{}, { 'x-graphql-yoga-csrf': '1' }]) {
      const response = await app.fetch(`${ENDPOINT}?query=${encodeURIComponent(MUTATION)}`, {
        method: 'GET',
        headers: { accept: URQL_ACCEPT, ...headers },
      });
      expect(response.status).toBe(405);
      expect((await response.json()).errors[0].message).toMatch(/^Can only perform a mutation operation from a POST request/);
    }
  });

  it.each(profiles)('%s: a cross-site form POST (text/plain) is still refused with 403', async (_profile, app) => {
    const response = await app.fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].message).toMatch(/CSRF/);
  });
});

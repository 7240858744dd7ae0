// The production switches, each on a fresh app: introspection off (and no field suggestions),
// trusted operations only, a per-client rate limit, an execution time limit; and the
// environment that configures them, validated with errors that name the variable.

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { ConfigError, configFromEnv } from '../../src/server/config.js';
import { countingStore, curatedStore, query } from '../support/app.js';
import type { GraphStore } from '../../src/store/graph-store.js';
import { expectRefused, expectSpecShaped, post, send } from './support.js';

/** A store whose every call answers `ms` later. */
function slowStore(inner: GraphStore, ms: number): GraphStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return value.apply(target, args);
      };
    },
  });
}

const BIG_BIRD = '{ paper(arxivId: "2007.14062") { title } }';
const TITLE = 'Big Bird: Transformers for Longer Sequences';

describe('introspection switched off', () => {
  const closed = createApp({ store: curatedStore(), graphiql: false, security: { introspection: false } });

  it('refuses __schema and __type', async () => {
    expectRefused(await send(closed, post('{ __schema { types { name } } }')), 400, /introspection has been disabled.*"__schema"/);
    expectRefused(
      await send(closed, post('{ paper(arxivId: "x") { __type(name: "Paper") { fields { name } } } }')),
      400,
      /Cannot query field "__type"|introspection has been disabled/,
    );
    expectRefused(await send(closed, post('{ __type(name: "Paper") { name } }')), 400, /introspection has been disabled.*"__type"/);
  });

  it('hides field and argument suggestions ("Did you mean") from errors', async () => {
    for (const text of ['{ paperz { id } }', '{ paper(arxivId: "x") { titel } }', '{ papers(wher: {}) { totalCount } }']) {
      const answer = await send(closed, post(text));
      expectRefused(answer, 400, /^(Cannot query field|Unknown argument)/);
      expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
    }
  });

  it('still answers queries, and __typename', async () => {
    expect((await query(closed, BIG_BIRD)).paper.title).toBe(TITLE);
    expect(await query(closed, '{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('(with introspection on, the suggestions help)', async () => {
    const open = createApp({ store: curatedStore(), graphiql: false });
    expect((await send(open, post('{ paperz { id } }'))).body.errors![0].message).toMatch(/Did you mean "paper" or "papers"\?/);
  });
});

describe('trusted operations only', () => {
  const GUIDE = 'query Guide { collection(slug: "zeta-alpha-neurips-2020") { title } }';
  const trusted = createApp({ store: curatedStore(), graphiql: false, security: { trustedOperations: new Map([['guide-v1', GUIDE]]) } });
  const guideTitle = { collection: { title: "The Zeta Alpha guide to NeurIPS 2020 - 10 essentials you shouldn't miss" } };

  it('runs a known operation asked by id, by persisted-query hash or by its exact text', async () => {
    for (const body of [
      { documentId: 'guide-v1' },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'guide-v1' } } },
      { query: GUIDE },
    ]) {
      const answer = await send(trusted, { body: JSON.stringify(body) });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual(guideTitle);
    }
  });

  it('refuses an unknown operation, an unknown id and a request that names none', async () => {
    expectRefused(
      await send(trusted, post(BIG_BIRD)),
      400,
      /^This document is not a trusted operation: this server accepts only its trusted operations/,
    );
    expectRefused(await send(trusted, post(`${GUIDE} `)), 400, /not a trusted operation/);
    expectRefused(await send(trusted, { body: JSON.stringify({ documentId: 'guide-v2' }) }), 400, /^Unknown operation id "guide-v2"/);
    expectRefused(await send(trusted, { body: JSON.stringify({ variables: {} }) }), 400, /^No operation id \(documentId\) in the request/);
  });
});

describe('per-client rate limit', () => {
  it('answers 5 requests in the window, then 429 with retry-after', async () => {
    const limited = createApp({ store: curatedStore(), graphiql: false, security: { rateLimit: { requests: 5, windowMs: 60_000 } } });
    for (let i = 0; i < 5; i++) expect((await send(limited, post(BIG_BIRD))).status).toBe(200);
    const answer = await send(limited, post(BIG_BIRD));
    expectRefused(answer, 429, /^Rate limit: 5 requests per 60 s; retry in \d+ s/);
    expect(answer.body.errors![0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts each operation of a batch', async () => {
    const limited = createApp({ store: curatedStore(), graphiql: false, security: { rateLimit: { requests: 5, windowMs: 60_000 } } });
    const batch = (n: number) => ({ body: JSON.stringify(Array.from({ length: n }, () => ({ query: BIG_BIRD }))) });
    const three = await limited.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: batch(3).body,
    });
    expect((await three.json()).map((r: { data: { paper: { title: string } } }) => r.data.paper.title)).toHaveLength(3);
    const answer = await send(limited, batch(3)); // 6 of 5
    expectRefused(answer, 429, /^Rate limit: 5 requests per 60 s; retry in \d+ s \(a batch counts each of its 3 operations\)/);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('execution time limit', () => {
  const HEAVY =
    '{ papers(first: 50) { edges { node { related(first: 50) { paper { title references(first: 20) { edges { node { title } } } } ' +
    'evidence { sharedCiters(first: 20) { title } sharedConcepts(first: 20) { name } } } } } } }';

  it('cuts an execution past its limit short with a GraphQL error in a 200, not a 5xx', async () => {
    const hasty = createApp({ store: curatedStore(), graphiql: false, security: { timeoutMs: 1 } });
    const answer = await send(hasty, post(HEAVY));
    expectRefused(answer, 200, /^Execution exceeded the time limit of 1 ms and was cancelled/);
    expect(answer.body.errors).toHaveLength(1); // one error, not one per field cut short
    expect(answer.body.errors![0].extensions?.code).toBe('EXECUTION_TIMEOUT');
    expect(answer.body.data).toBeNull();
  });

  it('lets the same query finish under the default limit, and the cut-short app keeps answering', async () => {
    const patient = createApp({ store: curatedStore(), graphiql: false });
    const answer = await send(patient, post(HEAVY));
    expect(answer.body.errors).toBeUndefined();
    expectSpecShaped(answer);
    const hasty = createApp({ store: curatedStore(), graphiql: false, security: { timeoutMs: 1 } });
    await send(hasty, post(HEAVY));
    const small = await send(hasty, post('{ __typename }'));
    expect(small.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('execution time limit under graphql-jit', () => {
  const HEAVY =
    '{ papers(first: 50) { edges { node { related(first: 50) { paper { title references(first: 20) { edges { node { title } } } } } } } } }';

  it('cuts a compiled execution short too, and stops calling the store', async () => {
    // Each store call takes a few milliseconds, so the 1 ms limit passes during the first one
    // however fast the machine is (in memory, the whole query can finish within a millisecond).
    const counted = countingStore(slowStore(curatedStore(), 3));
    const compiled: (string | null)[] = [];
    const hasty = createApp({
      store: counted.store,
      graphiql: false,
      security: { timeoutMs: 1 },
      jit: { runsBeforeCompile: 0, onCompile: (name) => compiled.push(name) },
    });
    const answer = await send(hasty, post(HEAVY));
    expect(compiled).toEqual([null]);
    expectRefused(answer, 200, /^Execution exceeded the time limit of 1 ms and was cancelled/);
    expect(answer.body.errors).toHaveLength(1);
    // The abandoned execution asks the store for nothing more.
    const calls = () => [...counted.calls.values()].reduce((a, b) => a + b, 0);
    const after = calls();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls()).toBe(after);
    // Unlimited, the same query needs many more store calls than the cut-short one made.
    const patient = countingStore(curatedStore());
    expect((await send(createApp({ store: patient.store, graphiql: false }), post(HEAVY))).body.errors).toBeUndefined();
    expect([...patient.calls.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(after);
  });
});

describe('configuration from the environment', () => {
  const bad: [string, string, RegExp][] = [
    ['PAPERGRAPH_PROFILE', 'staging', /^PAPERGRAPH_PROFILE="staging" is not valid/],
    ['PAPERGRAPH_COST_BUDGET', 'lots', /^PAPERGRAPH_COST_BUDGET="lots" is not valid/],
    ['PAPERGRAPH_COST_BUDGET', '0', /^PAPERGRAPH_COST_BUDGET="0" is not valid/],
    ['PAPERGRAPH_MAX_DEPTH', '1.5', /^PAPERGRAPH_MAX_DEPTH="1.5" is not valid/],
    ['PAPERGRAPH_MAX_FIELDS', '-1', /^PAPERGRAPH_MAX_FIELDS="-1" is not valid/],
    ['PAPERGRAPH_MAX_BODY_BYTES', '10', /^PAPERGRAPH_MAX_BODY_BYTES="10" is not valid/],
    ['PAPERGRAPH_INTROSPECTION', 'yes', /^PAPERGRAPH_INTROSPECTION="yes" is not valid/],
    ['PAPERGRAPH_TIMEOUT_MS', '1e9', /^PAPERGRAPH_TIMEOUT_MS="1e9" is not valid/],
    ['PAPERGRAPH_CORS_ORIGINS', 'evil.example', /^PAPERGRAPH_CORS_ORIGINS="evil.example" is not valid: a comma-separated list of origins/],
    ['PAPERGRAPH_RATE_LIMIT', '10 per minute', /^PAPERGRAPH_RATE_LIMIT="10 per minute" is not valid: requests\/window such as 600\/60s/],
    [
      'PAPERGRAPH_TRUSTED_OPERATIONS',
      '/nonexistent/operations.json',
      /^PAPERGRAPH_TRUSTED_OPERATIONS: cannot read \/nonexistent\/operations.json/,
    ],
    ['PAPERGRAPH_LOG', 'verbose', /^PAPERGRAPH_LOG="verbose" is not valid/],
    ['PAPERGRAPH_SHUTDOWN_GRACE_MS', 'soon', /^PAPERGRAPH_SHUTDOWN_GRACE_MS="soon" is not valid/],
  ];
  for (const [name, value, message] of bad) {
    it(`${name}=${value} stops the start with a ConfigError naming it`, () => {
      expect(() => configFromEnv({ [name]: value })).toThrow(ConfigError);
      expect(() => configFromEnv({ [name]: value })).toThrow(message);
    });
  }

  it('the production profile turns introspection off and limits on; variables override it', () => {
    const { security, shutdownGraceMs } = configFromEnv({
      PAPERGRAPH_PROFILE: 'production',
      PAPERGRAPH_MAX_FIELDS: '200',
      PAPERGRAPH_RATE_LIMIT: '100/10s',
    });
    expect(security).toMatchObject({
      introspection: false,
      corsOrigins: [],
      maxFields: 200,
      rateLimit: { requests: 100, windowMs: 10_000 },
      costBudget: 500_000,
    });
    expect(typeof security.log).toBe('function');
    expect(shutdownGraceMs).toBe(10_000);
    expect(configFromEnv({}).security).toMatchObject({ introspection: true, maxFields: 150, rateLimit: { requests: 0 } });
  });
});

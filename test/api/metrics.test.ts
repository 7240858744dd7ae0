// Prometheus metrics at /metrics (plugins/use-metrics.ts): after a few queries over the curated
// corpus, one of them failing, the text has the request counter by operation name, the error
// count, the latency histograms and the computed cost; each app keeps its own registry; no key
// or query text leaks; operation names are bounded; PAPERGRAPH_METRICS=off turns it off.

import { describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { configFromEnv } from '../../src/server/config.js';
import { curatedStore, execute } from '../support/app.js';

const PAPER = `query PaperPage($arxivId: String!) { paper(arxivId: $arxivId) { title year } }`;
const BROKEN = `query BrokenPage { paper(arxivId: "2007.14062") { noSuchField } }`;

async function metrics(app: PapergraphApp, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
  const response = await app.fetch('http://papergraph.test/metrics', { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The value of the series `name{labels}` whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return null;
}

describe('/metrics', () => {
  it('counts requests, errors, latency and cost by operation name, with real values', async () => {
    const app = createApp({ store: curatedStore(), graphiql: false });
    const answers = [];
    for (const arxivId of ['2007.14062', '2005.14165', '2007.14062']) answers.push(await execute(app, PAPER, { arxivId }, 'PaperPage'));
    expect(answers[0].data?.paper).toEqual({ title: 'Big Bird: Transformers for Longer Sequences', year: 2020 });
    const cost = (answers[0].extensions?.cost as { requested: number }).requested;
    expect(cost).toBeGreaterThan(0);
    const broken = await execute(app, BROKEN, {}, 'BrokenPage');
    expect(broken.errors?.[0].message).toContain('noSuchField');

    const { status, type, text } = await metrics(app);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    const op = { operationName: 'PaperPage', operationType: 'query' };
    expect(sample(text, 'graphql_envelop_request', op)).toBe(3);
    // The failing one was refused at validation: an error, and never executed.
    expect(sample(text, 'graphql_envelop_error_result', { operationName: 'BrokenPage', phase: 'validate' })).toBe(1);
    expect(sample(text, 'graphql_envelop_error_result', { operationName: 'PaperPage' })).toBeNull();
    expect(sample(text, 'graphql_envelop_request', { operationName: 'BrokenPage' })).toBeNull();
    // Latency: a histogram per operation, three observations with a positive sum, all under 10 s.
    expect(sample(text, 'graphql_envelop_request_duration_count', op)).toBe(3);
    expect(sample(text, 'graphql_envelop_request_duration_sum', op)).toBeGreaterThan(0);
    expect(sample(text, 'graphql_envelop_request_duration_bucket', { ...op, le: '10' })).toBe(3);
    expect(sample(text, 'graphql_envelop_phase_execute_count', op)).toBe(3);
    expect(sample(text, 'graphql_yoga_http_duration_count', { ...op, method: 'POST', statusCode: '200' })).toBe(3);
    expect(sample(text, 'graphql_yoga_http_duration_count', { operationName: 'BrokenPage' })).toBe(1);
    // Cost: what extensions.cost said, once per execution.
    expect(sample(text, 'papergraph_query_cost_count', op)).toBe(3);
    expect(sample(text, 'papergraph_query_cost_sum', op)).toBe(3 * cost);
  });

  it('gives each app its own registry', async () => {
    const a = createApp({ store: curatedStore(), graphiql: false });
    const b = createApp({ store: curatedStore(), graphiql: false });
    await execute(a, PAPER, { arxivId: '2007.14062' }, 'PaperPage');
    expect(sample((await metrics(a)).text, 'graphql_envelop_request', { operationName: 'PaperPage' })).toBe(1);
    expect(sample((await metrics(b)).text, 'graphql_envelop_request', { operationName: 'PaperPage' })).toBeNull();
  });

  it('never shows a key, a query text or a variable, and bounds operation names', async () => {
    const app = createApp({ store: curatedStore(), graphiql: false });
    const key = `pgk_0123456789ab_${'s'.repeat(43)}`;
    await app.fetch(`http://papergraph.test/graphql?query=${encodeURIComponent('query Leak { paper(arxivId: "2007.14062") { title } }')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    for (let i = 0; i < 250; i++) await execute(app, `query Op${i} { __typename }`, {}, `Op${i}`);
    await execute(app, '{ __typename }', {}, 'not a name; "injected"');
    const { text } = await metrics(app, { authorization: `Bearer ${key}` });
    expect(text).not.toContain(key);
    expect(text).not.toContain('pgk_');
    expect(text).not.toContain('2007.14062');
    expect(text).not.toContain('injected');
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Leak' })).toBe(1);
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Op0' })).toBe(1);
    // 200 names at most get their own series (Leak and Op0..Op198); the rest share "other".
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Op199' })).toBeNull();
    expect(sample(text, 'graphql_envelop_request', { operationName: 'other' })).toBe(51);
  });

  it('answers after the request guard: a scraper counts against the rate limit, and needs no CSRF header or key', async () => {
    const app = createApp({
      store: curatedStore(),
      graphiql: false,
      reads: 'key',
      security: { rateLimit: { requests: 2, windowMs: 60_000 } },
    });
    expect((await metrics(app)).status).toBe(200);
    expect((await metrics(app)).status).toBe(200);
    expect((await metrics(app)).status).toBe(429);
  });

  it('is on in both profiles and off with PAPERGRAPH_METRICS=off', async () => {
    expect(configFromEnv({}).security.metrics).toBe(true);
    expect(configFromEnv({ PAPERGRAPH_PROFILE: 'production' }).security.metrics).toBe(true);
    const off = configFromEnv({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_METRICS: 'off' }).security;
    expect(off.metrics).toBe(false);
    const app = createApp({ store: curatedStore(), graphiql: false, security: { metrics: false } });
    expect((await metrics(app)).status).toBe(404);
  });
});

// @defer and @stream over a real HTTP server (server/http.ts) on the curated corpus: related
// papers deferred on a paper page, a neighbourhood's nodes and a long list streamed, delivered
// as multipart/mixed and as server-sent events; the parts merged equal the plain answer; such
// operations run on graphql-js' incremental executor (never compiled by graphql-jit, even after
// many runs); the cost limit still refuses an expensive one.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curationHarness, paperId, type CurationHarness } from '../support/curation-app.js';
import { json, serveOverHttp, type RawResponse, type Served } from '../support/http-client.js';
import { curatedStore } from '../support/app.js';
import { createApp } from '../../src/api/yoga.js';

const BIG_BIRD = paperId('zaheer2020big');
const MULTIPART = 'multipart/mixed';

const PAPER_PAGE = `query PaperPage($id: ID!) {
  paper(id: $id) {
    title
    year
    ... @defer(label: "related") { related(first: 3) { score paper { title } } }
  }
}`;
const NEIGHBOURHOOD = `query Around($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 60) { truncated nodes @stream(initialCount: 3) { id } edges { source target type } }
}`;
const LONG_LIST = `query Papers {
  papers(first: 40) { totalCount edges @stream(initialCount: 5) { node { id title } } }
}`;

let h: CurationHarness;
let http: Served;
let compiled: (string | null)[];
beforeEach(async () => {
  compiled = [];
  h = await curationHarness({ jit: { runsBeforeCompile: 0, onCompile: (name) => compiled.push(name) } });
  http = await serveOverHttp(h.app);
});
afterEach(async () => {
  await http.close();
  await h.close();
});

type Part = Record<string, any>;

/** The JSON parts of a multipart/mixed answer (yoga's boundary is "-"). */
function multipartParts(response: RawResponse): Part[] {
  expect(response.headers['content-type']).toMatch(/^multipart\/mixed; boundary="-"/);
  return response.body
    .toString('utf8')
    .split('\r\n---')
    .map((chunk) => {
      const at = chunk.indexOf('\r\n\r\n');
      return at < 0 ? '' : chunk.slice(at + 4).trim();
    })
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text));
}

/** The `next` events of a text/event-stream answer. */
function eventParts(response: RawResponse): Part[] {
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  return response.body
    .toString('utf8')
    .split('\n\n')
    .filter((event) => event.startsWith('event: next'))
    .map((event) =>
      JSON.parse(
        event
          .split('\n')
          .find((line) => line.startsWith('data: '))!
          .slice(6),
      ),
    );
}

/** The parts applied one after another: deferred data merged at its path, streamed items appended to their list. */
function merged(parts: Part[]): Part {
  const result = structuredClone(parts[0].data);
  for (const part of parts.slice(1)) {
    for (const patch of part.incremental ?? []) {
      if (patch.items) {
        const list = patch.path.slice(0, -1).reduce((at: any, key: string | number) => at[key], result);
        list.splice(patch.path.at(-1), 0, ...patch.items);
      } else {
        const target = patch.path.reduce((at: any, key: string | number) => at[key], result);
        Object.assign(target, patch.data);
      }
    }
  }
  return result;
}

/** The same operation without @defer/@stream, as a plain POST. */
async function plain(query: string, variables: Record<string, unknown> = {}): Promise<Part> {
  const stripped = query.replace(/\.\.\. @defer\([^)]*\) \{([^]*?)\} \}\n\s*\}\n\}$/, '$1} }\n}').replace(/ @stream\([^)]*\)/g, '');
  const answer = json(await http.post({ query: stripped, variables }));
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

describe('@defer', () => {
  it('a paper page comes first, its related papers after, over multipart/mixed', async () => {
    const response = await http.post({ query: PAPER_PAGE, variables: { id: BIG_BIRD } }, { accept: MULTIPART });
    expect(response.status).toBe(200);
    const parts = multipartParts(response);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts[0]).toEqual({ data: { paper: { title: 'Big Bird: Transformers for Longer Sequences', year: 2020 } }, hasNext: true });
    expect(parts.at(-1)!.hasNext).toBe(false);
    const deferred = parts.flatMap((p) => p.incremental ?? []);
    expect(deferred).toHaveLength(1);
    expect(deferred[0]).toMatchObject({ label: 'related', path: ['paper'] });
    expect(deferred[0].data.related.map((r: Part) => r.paper.title)).toEqual([
      'Longformer: The Long-Document Transformer',
      'Efficient Transformers: A Survey',
      'Generating Long Sequences with Sparse Transformers',
    ]);
    expect(merged(parts)).toEqual(await plain(PAPER_PAGE, { id: BIG_BIRD }));
  });

  it('over server-sent events too, and as GET', async () => {
    const response = await http.get({ query: PAPER_PAGE, variables: { id: BIG_BIRD } }, { accept: 'text/event-stream' });
    expect(response.status).toBe(200);
    const parts = eventParts(response);
    expect(parts[0].data.paper.related).toBeUndefined();
    expect(merged(parts).paper.related[0].paper.title).toBe('Longformer: The Long-Document Transformer');
    // An incremental answer is not kept by HTTP caches.
    expect(response.headers.etag).toBeUndefined();
  });

  it('runs on graphql-js every time (graphql-jit has no incremental delivery); plain operations are still compiled', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await http.post(
        { query: PAPER_PAGE, variables: { id: BIG_BIRD }, operationName: 'PaperPage' },
        { accept: MULTIPART },
      );
      const parts = multipartParts(response);
      expect(parts[0].hasNext).toBe(true);
      expect(parts.flatMap((p) => p.incremental ?? [])).toHaveLength(1);
    }
    expect(compiled).not.toContain('PaperPage');
    await http.post({ query: 'query Plain { paper(arxivId: "2007.14062") { title } }', operationName: 'Plain' });
    expect(compiled).toContain('Plain');
  });

  it('a client that accepts only JSON is told to accept an incremental type (406), not given a broken answer', async () => {
    const response = await http.post({ query: PAPER_PAGE, variables: { id: BIG_BIRD } }, { accept: 'application/json' });
    expect(response.status).toBe(406);
  });
});

describe('@stream', () => {
  it("a neighbourhood's first nodes come at once and the rest after; merged, the plain answer", async () => {
    const parts = multipartParts(await http.post({ query: NEIGHBOURHOOD, variables: { id: BIG_BIRD } }, { accept: MULTIPART }));
    expect(parts[0].data.neighborhood.nodes).toHaveLength(3);
    expect(parts[0].data.neighborhood.nodes[0].id).toBe(BIG_BIRD);
    expect(parts[0].hasNext).toBe(true);
    const whole = merged(parts);
    const expected = await plain(NEIGHBOURHOOD, { id: BIG_BIRD });
    expect(expected.neighborhood.nodes.length).toBeGreaterThan(10);
    expect(whole).toEqual(expected);
  });

  it('a long list streams its edges after the first five', async () => {
    const parts = multipartParts(await http.post({ query: LONG_LIST }, { accept: MULTIPART }));
    expect(parts[0].data.papers.edges).toHaveLength(5);
    expect(parts[0].data.papers.totalCount).toBeGreaterThanOrEqual(40);
    const whole = merged(parts);
    expect(whole.papers.edges).toHaveLength(40);
    expect(whole).toEqual(await plain(LONG_LIST));
  });
});

describe('limits', () => {
  it('the cost limit refuses an expensive deferred or streamed operation, whatever the Accept', async () => {
    const costly = `{ papers(first: 100) { edges @stream(initialCount: 1) { node { ... @defer { references(first: 100) { edges { node { citedBy(first: 100) { totalCount } } } } } } } } }`;
    for (const accept of [MULTIPART, 'text/event-stream', 'application/json']) {
      const response = await http.post({ query: costly }, { accept });
      expect(response.status, accept).toBe(400);
      expect(response.body.toString()).toContain('QUERY_TOO_EXPENSIVE');
    }
  });

  it('the time limit covers the later parts: past it the stream ends with EXECUTION_TIMEOUT instead of hanging', async () => {
    await http.close();
    await h.close();
    // A store whose arXiv lookup answers after 200 ms, under a limit of 50 ms: the first part
    // needs no store call and comes; the deferred lookup is still waiting at the deadline.
    const store = curatedStore();
    const slow = new Proxy(store, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (name !== 'paperIdsByArxivIds') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          return value.apply(target, args);
        };
      },
    });
    h = { app: createApp({ store: slow, security: { timeoutMs: 50 } }), close: async () => {} } as unknown as CurationHarness;
    http = await serveOverHttp(h.app);
    const response = await http.post(
      { query: '{ __typename ... @defer { paper(by: { arxivId: "2007.14062" }) { title } } }' },
      { accept: MULTIPART },
    );
    const parts = multipartParts(response);
    expect(parts[0]).toEqual({ data: { __typename: 'Query' }, hasNext: true });
    expect(parts.at(-1)).toMatchObject({ hasNext: false, errors: [{ extensions: { code: 'EXECUTION_TIMEOUT' } }] });
  });

  it('@stream on a field that is not a list is refused at validation', async () => {
    const onScalar = json(await http.post({ query: '{ paper(arxivId: "2007.14062") { title @stream(initialCount: 1) } }' }));
    expect(onScalar.errors[0].message).toMatch(/Stream directive cannot be used on non-list/);
  });
});

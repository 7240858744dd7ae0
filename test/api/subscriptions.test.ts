// Subscriptions to changes, over server-sent events (yoga) and over WebSocket (graphql-ws on the
// same HTTP server): a write is delivered as an event with the change and the node after it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { endSubscriptions } from '../../src/api/types/subscriptions.js';
import { attachWebSockets, type WebSocketHandle } from '../../src/api/ws.js';
import { curationHarness, data, paperId, type CurationHarness } from '../support/curation-app.js';

const BIG_BIRD = paperId('zaheer2020big');
const NODE_CHANGED = `subscription S($id: ID!) { nodeChanged(id: $id) { change { seq op actor targetIds } node { id ... on Paper { citationCount version citedBy(first: 50) { edges { node { title } } } } } } }`;
const ADD_PAPER = `mutation A($input: AddPaperInput!) { addPaper(input: $input) { ... on AddPaperPayload { paper { id } } } }`;
const ADD_CITATION = `mutation C($input: AddCitationInput!) { addCitation(input: $input) { __typename } }`;

let h: CurationHarness;
beforeEach(async () => {
  h = await curationHarness();
});
afterEach(() => h.close());

/** Adds a paper citing Big Bird: two changes (seq 1 touches only the new paper, seq 2 both). */
async function citeBigBird(title: string): Promise<string> {
  const added = await data(h.app, ADD_PAPER, { input: { title } }, h.key.curate);
  const id = added.addPaper.paper.id;
  const cited = await data(h.app, ADD_CITATION, { input: { citingId: id, citedId: BIG_BIRD } }, h.key.curate);
  expect(cited.addCitation.__typename).toBe('AddCitationPayload');
  return id;
}

/** Reads `data:` events of a text/event-stream response until `count` have come. */
async function readEvents(response: Response, count: number): Promise<any[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: any[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const line = block.split('\n').find((l) => l.startsWith('data:'));
      if (line && line.length > 5) events.push(JSON.parse(line.slice(5)));
    }
  }
  await reader.cancel();
  return events;
}

describe('over server-sent events', () => {
  it('nodeChanged delivers the change and the node as the change left it', async () => {
    const before = await data(h.app, `query { paper(id: "${BIG_BIRD}") { citationCount } }`);
    const response = await h.app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: NODE_CHANGED, variables: { id: BIG_BIRD } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(response, 1);
    const citing = await citeBigBird('A paper that cites Big Bird, over SSE');
    const [event] = await events;
    // seq 1 (the paper added) does not touch Big Bird: the first event is the citation.
    expect(event.data.nodeChanged.change).toEqual({ seq: 2, op: 'CITATION_ADD', actor: 'curator', targetIds: [citing, BIG_BIRD] });
    expect(event.data.nodeChanged.node).toMatchObject({ id: BIG_BIRD, citationCount: before.paper.citationCount + 1, version: 2 });
    expect(event.data.nodeChanged.node.citedBy.edges).toContainEqual({ node: { title: 'A paper that cites Big Bird, over SSE' } });
  });

  it('endSubscriptions (for shutdown) completes the open streams', async () => {
    const response = await h.app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { graphChanged { change { seq } } }' }),
    });
    const reader = response.body!.getReader();
    await reader.read(); // the stream is open (yoga sends a first keep-alive chunk)
    await waitFor(async () => endSubscriptions(h.curation) === 1);
    let text = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(text).toContain('event: complete');
    expect(endSubscriptions(h.curation)).toBe(0);
  });

  it('graphChanged(kinds) filters by node kind; a GET subscription works too', async () => {
    const query = `subscription { graphChanged(kinds: [Concept]) { change { seq op } node { id } } }`;
    const response = await h.app.fetch(`http://papergraph.test/graphql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    const events = readEvents(response, 1);
    const paper = await citeBigBird('Not a concept change'); // seq 1, 2: papers only
    const concept = await data(h.app, `{ concept(slug: "contrastive-learning") { id } }`);
    await data(
      h.app,
      `mutation { linkConcept(input: { paperId: "${paper}", conceptId: "${concept.concept.id}", role: USES, score: 0.5 }) { __typename } }`,
      {},
      h.key.curate,
    );
    const [event] = await events;
    expect(event.data.graphChanged).toEqual({ change: { seq: 3, op: 'CONCEPT_LINK' }, node: { id: concept.concept.id } });
  });

  it('with reads closed, a subscription without a key is refused and one with a read key runs', async () => {
    const closed = await curationHarness({ reads: 'key' });
    try {
      const open = (authorization?: string) =>
        closed.app.fetch('http://papergraph.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: NODE_CHANGED, variables: { id: BIG_BIRD } }),
        });
      const [refused] = await readEvents(await open(), 1);
      expect(refused.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(refused.errors[0].message).toContain('needs an API key with scope read');
      const events = readEvents(await open(`Bearer ${closed.key.read}`), 1);
      const added = await data(closed.app, ADD_PAPER, { input: { title: 'closed reads' } }, closed.key.curate);
      await data(closed.app, ADD_CITATION, { input: { citingId: added.addPaper.paper.id, citedId: BIG_BIRD } }, closed.key.curate);
      expect((await events)[0].data.nodeChanged.change.seq).toBe(2);
    } finally {
      await closed.close();
    }
  });
});

describe('over WebSocket (graphql-ws)', () => {
  let server: Server;
  let ws: WebSocketHandle;
  let url: string;
  const clients: Client[] = [];

  beforeEach(async () => {
    server = createServer(h.app);
    ws = attachWebSockets(server, h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await ws.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (connectionParams?: Record<string, unknown>) => {
    const c = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(c);
    return c;
  };

  it('nodeChanged receives the event; queries run over the socket too', async () => {
    const c = client();
    const received = new Promise<any>((resolve, reject) => {
      const events: any[] = [];
      const stop = c.subscribe(
        { query: NODE_CHANGED, variables: { id: BIG_BIRD } },
        {
          next: (value) => {
            events.push(value);
            stop();
            resolve(events[0]);
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    // Wait until the subscription is registered before writing.
    await waitFor(async () => (await c.iterate({ query: '{ graphVersion { seq } }' }).next()).value?.data?.graphVersion.seq === 0);
    const citing = await citeBigBird('A paper that cites Big Bird, over WebSocket');
    const event = await received;
    expect(event.data.nodeChanged.change).toEqual({ seq: 2, op: 'CITATION_ADD', actor: 'curator', targetIds: [citing, BIG_BIRD] });
    expect(event.data.nodeChanged.node.citedBy.edges).toContainEqual({ node: { title: 'A paper that cites Big Bird, over WebSocket' } });
  });

  it('with reads closed, the key goes in connectionParams.authorization', async () => {
    const closed = await curationHarness({ reads: 'key' });
    const closedServer = createServer(closed.app);
    const closedWs = attachWebSockets(closedServer, closed.app);
    await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
    const closedUrl = `ws://127.0.0.1:${(closedServer.address() as AddressInfo).port}/graphql`;
    const ask = async (connectionParams?: Record<string, unknown>) => {
      const c = createClient({ url: closedUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
      clients.push(c);
      return c
        .iterate({ query: '{ graphVersion { seq } }' })
        .next()
        .then(
          (r) => r.value,
          (e) => e,
        );
    };
    try {
      const refused = await ask();
      expect(refused.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(await ask({ authorization: `Bearer ${closed.key.read}` })).toMatchObject({ data: { graphVersion: { seq: 0 } } });
    } finally {
      await closedWs.close();
      await new Promise<void>((resolve) => closedServer.close(() => resolve()));
      await closed.close();
    }
  });

  it('a malformed key in connectionParams closes the connection (4403); a query over the socket is costed like one over HTTP', async () => {
    const bad = client({ authorization: 'Basic xyz' });
    const closed = await new Promise<any>((resolve) => {
      bad.subscribe({ query: '{ graphVersion { seq } }' }, { next: () => undefined, error: resolve, complete: () => undefined });
    });
    expect(closed.code).toBe(4403);
    const c = client();
    const deep = `{ papers(first: 100) { edges { node { citedBy(first: 100) { edges { node { references(first: 100) { edges { node { title } } } } } } } } } }`;
    const outcome = await c
      .iterate({ query: deep })
      .next()
      .then(
        (r) => r.value,
        (e) => e,
      );
    expect(JSON.stringify(outcome)).toContain('QUERY_TOO_EXPENSIVE');
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

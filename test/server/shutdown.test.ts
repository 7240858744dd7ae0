// SIGTERM drains: every request already sent is answered (with Connection: close), connections
// opened afterwards get a 503 or are refused, none is reset, and the process exits 0.

import { Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { post, spawnServer, tally, type Outcome, type Spawned } from './spawn.js';

/** An execution of some 100 ms on the curated corpus (43 BibTeX entries): 20 of them keep the event loop busy. */
const HEAVY = JSON.stringify({ query: '{ papers(first: 100) { edges { node { title citation(format: BIBTEX) } } } }' });
const SMALL = JSON.stringify({ query: '{ paper(arxivId: "2007.14062") { title } }' });

let server: Spawned | null = null;
afterEach(() => server?.kill());

describe('SIGTERM', () => {
  it('with 20 requests in flight: 20 answers, none reset, exit 0', async () => {
    server = await spawnServer({ PAPERGRAPH_SHUTDOWN_GRACE_MS: '20000' });
    const s = server;
    let connected = 0;
    let allConnected!: () => void;
    const ready = new Promise<void>((resolve) => (allConnected = resolve));
    // Each on its own connection; every fourth sends the rest of its body after the signal.
    const answers = Array.from({ length: 20 }, (_, i) =>
      post(s.port, HEAVY, { slow: i % 4 === 3, onConnect: () => ++connected === 20 && allConnected() }),
    );
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 10));
    s.child.kill('SIGTERM');
    const outcomes = await Promise.all(answers);
    expect(tally(outcomes)).toEqual({ 200: 20 });
    for (const o of outcomes) {
      expect(JSON.parse(o.body!).data.papers.edges.length).toBeGreaterThan(40);
      expect(o.connection).toBe('close');
    }
    expect((await s.exited).code).toBe(0);
    expect(s.stderr.join('')).toMatch(/SIGTERM: closing, in-flight requests have 20000 ms to finish/);
    expect(s.stderr.join('')).not.toMatch(/grace period over/);
  });

  it('under keep-alive load: requests after the signal are answered or refused, never reset', async () => {
    server = await spawnServer({ PAPERGRAPH_SHUTDOWN_GRACE_MS: '20000' });
    const s = server;
    const agent = new Agent({ keepAlive: true, maxSockets: 10 });
    let signalledAt = 0;
    let stop = false;
    const afterSignal: Outcome[] = [];
    // Ten clients in a loop, as a client library does: the next request at once, a 503's Retry-After
    // honoured, stopping once connections are refused.
    const client = async () => {
      while (!stop) {
        const sentAt = performance.now();
        const outcome = await post(s.port, SMALL, { agent });
        if (signalledAt && sentAt >= signalledAt) afterSignal.push(outcome);
        if (outcome.error === 'ECONNREFUSED') return;
        if (outcome.status === 503) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    const clients = Array.from({ length: 10 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    signalledAt = performance.now();
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    expect(exit.code).toBe(0);
    const counts = tally(afterSignal);
    console.log(
      `[shutdown] keep-alive: requests sent after the signal: ${JSON.stringify(counts)}; exit after ${((exit.at - signalledAt) / 1000).toFixed(2)} s`,
    );
    expect(afterSignal.length).toBeGreaterThan(10);
    expect(Object.keys(counts).filter((k) => !['200', '503', 'ECONNREFUSED'].includes(k))).toEqual([]);
    for (const o of afterSignal.filter((a) => a.status === 200))
      expect(JSON.parse(o.body!).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
  });
});

// Runs in a fresh process (forked by bench/startup.ts), so start-up time and peak RSS are a
// server's own, not the bench's:
//   write <scale> <file>   generate the synthetic corpus at <scale> and write its snapshot
//   start <file>           cold start: read the snapshot, build graph and store, listen, answer one query

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/api/yoga.js';
import { toGlobalId } from '../src/api/global-id.js';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { readSnapshot, writeSnapshot } from '../src/ingest/snapshot.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { QUERIES, responseProblem } from './queries.js';
import { syntheticCorpus } from './synthetic.js';

export interface StartupReport {
  /** From process start (before Node, tsx and the modules load) to the first query answered. */
  processToFirstAnswerMs: number;
  /** From the snapshot read starting to the server listening. */
  snapshotToListeningMs: number;
  readMs: number;
  graphMs: number;
  storeMs: number;
  firstQueryMs: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  papers: number;
  citations: number;
}

export interface WriteReport {
  generateMs: number;
  writeMs: number;
  bytes: number;
  peakRssBytes: number;
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function start(file: string): Promise<StartupReport> {
  const t0 = performance.now();
  const corpus = readSnapshot(file);
  const t1 = performance.now();
  const graph = new KnowledgeGraph(corpus);
  const t2 = performance.now();
  const store = new MemoryStore(graph);
  const t3 = performance.now();
  const server = createServer(createApp({ store, graphiql: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listening = performance.now();
  const id = toGlobalId('Paper', graph.papers.records[Math.floor(graph.papers.size / 2)].id);
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: QUERIES.Q1.document, variables: { id } }),
  });
  const text = await response.text();
  const answered = performance.now();
  const problem = responseProblem('Q1', response.status, text, QUERIES.Q1.sizeOf(JSON.parse(text).data));
  if (problem || !JSON.parse(text).data?.paper) throw new Error(`first query after start-up failed: ${problem ?? 'no paper'}`);
  server.close();
  return {
    processToFirstAnswerMs: answered, snapshotToListeningMs: listening - t0,
    readMs: t1 - t0, graphMs: t2 - t1, storeMs: t3 - t2, firstQueryMs: answered - listening,
    peakRssBytes: peakRss(), heapUsedBytes: process.memoryUsage().heapUsed,
    papers: graph.papers.size, citations: graph.citations.length,
  };
}

function write(scale: number, file: string): WriteReport {
  const t0 = performance.now();
  const corpus = syntheticCorpus({ scale });
  const t1 = performance.now();
  const header = writeSnapshot(file, corpus);
  return { generateMs: t1 - t0, writeMs: performance.now() - t1, bytes: header.totalBytes, peakRssBytes: peakRss() };
}

const [mode, ...args] = process.argv.slice(2);
try {
  const report = mode === 'start' ? await start(args[0]) : write(Number(args[0]), args[1]);
  process.send!({ report });
  process.exit(0);
} catch (error) {
  process.send!({ error: (error as Error).stack ?? String(error) });
  process.exit(1);
}

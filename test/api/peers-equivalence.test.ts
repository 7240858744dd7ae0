// The peers of the bench's comparison (issue 15: Apollo Server 4, plain graphql-yoga, Mercurius
// with jit; test/support/peers/) answer the measured questions exactly as papergraph does, over
// the curated corpus and over AAN: otherwise the bench would time different work.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { mergeBatches } from '../../src/ingest/merge.js';
import { tabularImporter } from '../../src/ingest/tabular.js';
import { loadCuratedStore } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { datasetPath, describeDataset } from '../support/datasets.js';
import { firstDifference } from '../support/peers/compare.js';
import { PEER_NAMES, peerDataFromStore, toGlobalId, type PeerData, type PeerName, type RunningPeer } from '../support/peers/graph-data.js';
import { PEER_QUERIES, peerCases, QB_PAPER, type PeerQueryName } from '../support/peers/queries.js';
import { startPeer } from '../support/peers/start.js';

type Answer = { data?: any; errors?: { message: string }[] };

async function askPapergraph(app: PapergraphApp, query: PeerQueryName, variables: Record<string, unknown>): Promise<Answer> {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: PEER_QUERIES[query].document, variables }),
  });
  return response.json() as Promise<Answer>;
}

async function askPeer(peer: RunningPeer, query: PeerQueryName, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(peer.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: PEER_QUERIES[query].document, variables }),
  });
  expect(response.status).toBe(200);
  return response.json() as Promise<Answer>;
}

/** papergraph and every peer over one store: each peer's answer to each question must equal papergraph's data. */
function equivalence(load: () => Promise<MemoryStore>, questions: (data: PeerData) => [PeerQueryName, Record<string, unknown>][]) {
  const state: {
    app?: PapergraphApp;
    data?: PeerData;
    peers: Partial<Record<PeerName, RunningPeer>>;
    asked: [PeerQueryName, Record<string, unknown>, Answer][];
  } = { peers: {}, asked: [] };
  beforeAll(async () => {
    const store = await load();
    state.app = createApp({ store, graphiql: false, responseCache: false });
    state.data = await peerDataFromStore(store);
    const started = Promise.all(PEER_NAMES.map(async (name) => (state.peers[name] = await startPeer(name, state.data!))));
    // papergraph's own answers, asked once for all three peers.
    for (const [query, variables] of questions(state.data))
      state.asked.push([query, variables, await askPapergraph(state.app, query, variables)]);
    await started;
  });
  afterAll(async () => {
    for (const peer of Object.values(state.peers)) await peer.close();
  });
  for (const name of PEER_NAMES)
    it(`${name} answers QA, QB, QC, Q1, Q2 and Q7 as papergraph does`, async () => {
      const asked = state.asked;
      for (const [query, variables, want] of asked) {
        expect(want.errors, `papergraph ${query}`).toBeUndefined();
        const got = await askPeer(state.peers[name]!, query, variables);
        expect(got.errors, `${name} ${query}`).toBeUndefined();
        expect(firstDifference(got.data, want.data), `${name} ${query} ${JSON.stringify(variables)}`).toBeNull();
      }
      expect(new Set(asked.map(([q]) => q))).toEqual(new Set(['QA', 'QB', 'QC', 'Q1', 'Q2', 'Q7']));
    });
  return state;
}

const flatten = (cases: ReturnType<typeof peerCases>, limit: number) =>
  (Object.entries(cases) as [PeerQueryName, Record<string, unknown>[]][]).flatMap(([q, list]) =>
    list.slice(0, limit).map((v) => [q, v] as [PeerQueryName, Record<string, unknown>]),
  );

describe('peers over the curated corpus', () => {
  const state = equivalence(
    async () => loadCuratedStore(),
    // QB on the curated corpus's most cited paper.
    (data) => flatten(peerCases(data, 6, data.byCitationCount[0]), 6),
  );

  it('copies the graph as papergraph orders it', () => {
    const data = state.data!;
    expect(data.byCitationCount).toHaveLength(data.papers.length);
    const counts = data.byCitationCount.map((id) => data.papers.find((p) => p.id === id)!.citationCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(Object.values(data.references).flat().length).toBeGreaterThan(0);
  });
});

describeDataset('peers over AAN', ['aan/papers.jsonl', 'aan/citations.csv'], () => {
  const citers = new Set<string>();
  const state = equivalence(
    async () => {
      // As bench/datasets.ts reads it: the tabular importer, no base.
      const batch = await tabularImporter.read([datasetPath('aan/papers.jsonl'), datasetPath('aan/citations.csv')], {});
      return new MemoryStore(new KnowledgeGraph(mergeBatches(null, [batch]).corpus));
    },
    (data) => flatten(peerCases(data, 8, QB_PAPER), 8),
  );

  beforeAll(() => {
    // The citers of J93-2004 read from the file itself, not through papergraph.
    for (const line of readFileSync(datasetPath('aan/citations.csv'), 'utf8').split('\n').slice(1)) {
      const [citing, cited] = line.trim().split(',');
      if (cited === 'J93-2004' && citing !== 'J93-2004') citers.add(citing);
    }
  });

  it('QB: J93-2004, the Penn Treebank paper, has its 770 citers in every server', async () => {
    expect(citers.size).toBe(770);
    const id = toGlobalId('Paper', QB_PAPER);
    for (const name of PEER_NAMES) {
      const { data } = await askPeer(state.peers[name]!, 'QB', { id });
      expect(data.paper.title).toBe('Building A Large Annotated Corpus Of English: The Penn Treebank');
      expect(data.paper.citedBy.totalCount).toBe(citers.size);
      expect(data.paper.citedBy.edges).toHaveLength(50);
      for (const edge of data.paper.citedBy.edges) {
        expect(citers.has(Buffer.from(edge.node.id, 'base64').toString().replace('Paper:aan:', ''))).toBe(true);
        expect(edge.node.references.edges.length).toBeLessThanOrEqual(5);
      }
    }
  });

  it('QC: the 50 most cited papers, J93-2004 first, with their counts', async () => {
    const { data } = await askPeer(state.peers.mercurius!, 'QC', {});
    expect(data.papers.totalCount).toBe(18041);
    expect(data.papers.edges).toHaveLength(50);
    expect(data.papers.edges[0].node).toMatchObject({ id: toGlobalId('Paper', QB_PAPER), citedBy: { totalCount: 770 } });
    const counts = data.papers.edges.map((e: any) => e.node.citedBy.totalCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('a peer serving different data is caught', async () => {
    const data = state.data!;
    const tampered: PeerData = { ...data, papers: data.papers.map((p) => (p.id === QB_PAPER ? { ...p, title: 'Another title' } : p)) };
    const peer = await startPeer('yoga', tampered);
    try {
      const variables = { id: toGlobalId('Paper', QB_PAPER) };
      const want = await askPapergraph(state.app!, 'QA', variables);
      const got = await askPeer(peer, 'QA', variables);
      expect(firstDifference(got.data, want.data)).toMatch(/^\$\.paper\.title: "Another title" ≠ "Building A Large/);
    } finally {
      await peer.close();
    }
  });
});

// Only what a query selects is built (issue 15): a connection with only totalCount selected costs
// a count (no page, no papers, no citation records); edges' citation records are decoded only
// when an edge field reads them; node ids resolve synchronously; and the answers to the issue's
// QA/QB/QC on AAN are byte for byte those of before the change (their SHA-256, recorded from
// the code before it with bench/lean-queries.ts --answers).

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toGlobalId } from '../../src/api/global-id.js';
import { schema } from '../../src/api/schema.js';
import { createApp, type AppOptions, type PapergraphApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { ColumnTable } from '../../src/ingest/snapshot-columns.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { countingStore, curatedStore, query } from '../support/app.js';
import { datasetPath, describeWithShared } from '../support/datasets.js';
import { aanSnapshotStore, LEAN_QUERIES, variablesOf, type LeanQuery } from '../support/lean-queries.js';

afterEach(() => vi.restoreAllMocks());

describe.each([
  ['graphql-js', false],
  ['graphql-jit', { runsBeforeCompile: 0 }],
] as [string, AppOptions['jit']][])('connections build what is selected, on %s', (_executor, jit) => {
  const counted = countingStore(curatedStore());
  const app = createApp({ store: counted.store, graphiql: false, jit, responseCache: false });

  it('totalCount alone on 50 papers makes no page, loads no paper and decodes no citation', async () => {
    const citationAt = vi.spyOn(KnowledgeGraph.prototype, 'citationAt');
    counted.reset();
    const data = await query(
      app,
      `{ papers(first: 50, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node {
        references { totalCount } citedBy { totalCount } refs: references(includeStubs: true) { ... on CitationConnection { totalCount } }
        referenceCount citationCount refsWithStubs: referenceCount(includeStubs: true) } } } }`,
    );
    expect(counted.calls.get('referencesOf')).toBeUndefined();
    expect(counted.calls.get('citedByOf')).toBeUndefined();
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(1); // the 50 papers of the list
    expect(counted.calls.get('paperStats')).toBe(1); // every count, at once
    expect(citationAt).not.toHaveBeenCalled();
    const nodes = data.papers.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(20); // the curated corpus has fewer than 50
    expect(nodes[0].citedBy.totalCount).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.references.totalCount).toBe(n.referenceCount);
      expect(n.citedBy.totalCount).toBe(n.citationCount);
      expect(n.refs.totalCount).toBe(n.refsWithStubs);
    }
  });

  it('a count equals the page total whatever else is selected, stubs or not', async () => {
    const data = await query(
      app,
      `{ papers(first: 40, includeStubs: true) { edges { node {
        a: references { totalCount } b: references { totalCount pageInfo { hasNextPage } }
        c: citedBy(includeStubs: true) { totalCount } d: citedBy(includeStubs: true, first: 1) { totalCount edges { cursor } }
        e: references(includeStubs: true) { totalCount } f: references(includeStubs: true) { ...Page } } } } }
      fragment Page on CitationConnection { totalCount edges { node { id } } }`,
    );
    for (const { node } of data.papers.edges) {
      expect(node.a.totalCount).toBe(node.b.totalCount);
      expect(node.c.totalCount).toBe(node.d.totalCount);
      expect(node.e.totalCount).toBe(node.f.totalCount);
      expect(node.f.edges.length).toBe(Math.min(20, node.f.totalCount));
    }
  });

  it('edges, in a fragment or not, load the page and its papers; citation records only when an edge field reads them', async () => {
    const citationAt = vi.spyOn(KnowledgeGraph.prototype, 'citationAt');
    counted.reset();
    const data = await query(
      app,
      `{ papers(first: 10, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node {
        citedBy(first: 3) { ...Citers } } } } }
      fragment Citers on CitationConnection { ... on CitationConnection { edges { cursor node { title } } } }`,
    );
    expect(counted.calls.get('citedByOf')).toBe(1);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(2);
    expect(citationAt).not.toHaveBeenCalled();
    const edges = data.papers.edges.flatMap((e: any) => e.node.citedBy.edges);
    expect(edges.length).toBeGreaterThan(10);
    expect(edges.every((e: any) => typeof e.cursor === 'string' && typeof e.node.title === 'string')).toBe(true);

    const citationField = vi.spyOn(KnowledgeGraph.prototype, 'citationField');
    const withIntents = await query(
      app,
      `{ papers(first: 10, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node {
        citedBy(first: 3) { edges { intents provenance { source } } } } } } }`,
    );
    const citations = withIntents.papers.edges.flatMap((e: any) => e.node.citedBy.edges);
    // Field by field: no whole record.
    expect(citationAt).not.toHaveBeenCalled();
    expect(citationField).toHaveBeenCalledTimes(2 * citations.length);
    expect(citations.every((c: any) => Array.isArray(c.intents) && c.provenance.length > 0)).toBe(true);
  });

  it('pageInfo alone loads the page but no paper', async () => {
    counted.reset();
    const data = await query(
      app,
      `{ papers(first: 5) { edges { node { references(first: 1) { pageInfo { hasNextPage startCursor endCursor } } } } } }`,
    );
    expect(counted.calls.get('referencesOf')).toBe(1);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(1);
    const infos = data.papers.edges.map((e: any) => e.node.references.pageInfo);
    expect(infos.some((i: any) => i.startCursor !== null && i.startCursor === i.endCursor)).toBe(true);
  });
});

describe('citation records from snapshot columns', () => {
  it('an edge field reads its column alone; the whole record only where asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-lean-'));
    try {
      const corpus = curatedStore().graph.toCorpus();
      writeSnapshot(join(dir, 'g.snapshot'), corpus);
      const { graph } = loadSnapshotGraph(join(dir, 'g.snapshot'));
      const app = createApp({ store: new MemoryStore(graph), graphiql: false, responseCache: false });
      const built = vi.spyOn(ColumnTable.prototype, 'at');
      const answer = (fields: string) =>
        query(app, `{ papers(first: 20) { edges { node { id references(first: 5) { edges { ${fields} } } } } } }`);
      const fields = await answer('intents isInfluential contexts provenance { source recordId }');
      expect(built.mock.contexts.filter((table) => (table as ColumnTable).name === 'citations')).toHaveLength(0);
      // The same values as the records of the corpus.
      const byPair = new Map(corpus.citations.map((c) => [`${c.citingId} ${c.citedId}`, c]));
      const ids = await answer('node { id }');
      let edges = 0;
      fields.papers.edges.forEach((e: any, i: number) => {
        const citing = Buffer.from(e.node.id, 'base64').toString().slice('Paper:'.length);
        e.node.references.edges.forEach((edge: any, k: number) => {
          const cited = Buffer.from(ids.papers.edges[i].node.references.edges[k].node.id, 'base64').toString().slice('Paper:'.length);
          const record = byPair.get(`${citing} ${cited}`)!;
          expect(edge).toEqual({
            intents: record.intents,
            isInfluential: record.isInfluential,
            contexts: record.contexts,
            provenance: record.provenance.map((p) => ({ source: p.source, recordId: p.recordId ?? null })),
          });
          edges++;
        });
      });
      expect(edges).toBeGreaterThan(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('node ids', () => {
  it('resolve synchronously, to the relay plugin’s encoding', () => {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
      const id = type.getFields().id.resolve!({ id: 'some:local/id' }, {}, {}, {} as never);
      expect(typeof id, type.name).toBe('string');
      expect(id).toBe(encodeGlobalID(type.name, 'some:local/id'));
      expect(id).toBe(toGlobalId(type.name, 'some:local/id'));
    }
  });

  it('answer as before', async () => {
    const app = createApp({ store: curatedStore(), graphiql: false });
    const data = await query(app, `{ papers(first: 3) { edges { node { id authors(first: 1) { edges { node { id } } } } } } }`);
    for (const { node } of data.papers.edges) {
      expect(Buffer.from(node.id, 'base64').toString()).toMatch(/^Paper:/);
      for (const a of node.authors.edges) expect(Buffer.from(a.node.id, 'base64').toString()).toMatch(/^Author:/);
    }
  });
});

/** SHA-256 of each answer before the change (bench/lean-queries.ts --answers, on commit 3d67b59). */
const ANSWERS_BEFORE: Record<LeanQuery, string> = {
  QA: 'b3c15bb6be8e6c17fb2422609374a028a07c9a8fb1d287b1a8ae8a47ff96404d',
  QB: 'cb692b4a15db08116114a66b0597da5a3233b53aef3753274aee028313e58264',
  QC: '26f5f94b7c765315f0c254089354f132d771b9c1f763fe048bc18d8ed81872de',
};

describeWithShared(
  'QA, QB and QC on AAN answer byte for byte as before',
  ['datasets/aan/papers.jsonl', 'datasets/aan/citations.csv'],
  () => {
    let app: PapergraphApp;
    beforeAll(async () => {
      const store = await aanSnapshotStore([datasetPath('aan/papers.jsonl'), datasetPath('aan/citations.csv')]);
      app = createApp({ store, responseCache: false, graphiql: false });
    }, 180_000);

    it.each(Object.keys(LEAN_QUERIES) as LeanQuery[])('%s, on graphql-js then compiled', async (name) => {
      // The first execution runs on graphql-js, the next ones compiled by graphql-jit.
      for (let run = 0; run < 3; run++) {
        const response = await app.fetch('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: LEAN_QUERIES[name].document, variables: variablesOf(name) }),
        });
        const text = await response.text();
        expect(createHash('sha256').update(text).digest('hex'), `${name} run ${run}: ${text.slice(0, 200)}`).toBe(ANSWERS_BEFORE[name]);
      }
    });
  },
);

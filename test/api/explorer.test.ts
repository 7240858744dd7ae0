// The explorer-ready subgraph (#14 item 8) on the curated corpus, each answer checked against
// the paper's own fields: nodes with label and degree without fragments, edges with stable ids
// and their attributes, fan-out, node kinds, exclude for step-by-step expansion; and on the
// NeurIPS 2020 build, where the venue hub flooded depth-2 neighbourhoods.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/api/global-id.js';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { buildNeurips2020, NEURIPS_BUILD_FILES } from '../../src/ingest/neurips-build.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { curatedApp, execute, query } from '../support/app.js';
import { describeDataset, SHARED_DIR } from '../support/datasets.js';

interface Node {
  id: string;
  __typename: string;
  nodeKind: string;
  label: string;
  degree: number;
}
interface Edge {
  id: string;
  type: string;
  source: string;
  target: string;
  role: string | null;
  score: number | null;
  position: number | null;
  provenance: { source: string }[];
}
interface Neighborhood {
  truncated: boolean;
  hubs: string[];
  nodes: Node[];
  edges: Edge[];
}

const SUBGRAPH = `truncated hubs nodes { id __typename nodeKind label degree(edgeTypes: $types) }
  edges { id type source target role score position provenance { source } }`;
const NEIGHBORHOOD = `query($id: ID!, $types: [EdgeType!], $depth: Int, $limit: Int, $fanOut: Int, $kinds: [GraphNodeKind!], $exclude: [ID!], $hub: Int = 100) {
  neighborhood(id: $id, edgeTypes: $types, depth: $depth, limit: $limit, fanOut: $fanOut, nodeKinds: $kinds, exclude: $exclude, hubDegree: $hub) { ${SUBGRAPH} } }`;

describe('explorer-ready subgraph on the curated corpus', () => {
  const app = curatedApp();
  const around = async (variables: Record<string, unknown>) =>
    (await query<{ neighborhood: Neighborhood }>(app, NEIGHBORHOOD, variables)).neighborhood;
  let bigBird: string;
  let paper: any;
  beforeAll(async () => {
    bigBird = (await query(app, '{ paper(arxivId: "2007.14062") { id } }')).paper.id;
    paper = (
      await query(
        app,
        `query($id: ID!) { node(id: $id) { ... on Paper { title
          references(first: 100, includeStubs: true) { totalCount edges { node { id } provenance { source } } }
          citedBy(first: 100, includeStubs: true) { totalCount }
          concepts(first: 100) { totalCount edges { node { id } role score } }
          authors(first: 100) { totalCount edges { node { id } position } }
          topics { id } venue { id } } } }`,
        { id: bigBird },
      )
    ).node;
  });

  it('gives every node its kind, label and degree without a fragment per type, the degree counted from the paper itself', async () => {
    const n = await around({ id: bigBird, hub: null });
    const start = n.nodes[0];
    expect(start).toMatchObject({ id: bigBird, __typename: 'Paper', label: 'Big Bird: Transformers for Longer Sequences' });
    const ownEdges =
      paper.references.totalCount +
      paper.citedBy.totalCount +
      paper.concepts.totalCount +
      paper.authors.totalCount +
      paper.topics.length +
      (paper.venue ? 1 : 0);
    expect(start.degree).toBe(ownEdges);
    // Depth 1 with no limit in the way: every edge of the start is in the answer.
    expect(n.edges.filter((e) => e.source === bigBird || e.target === bigBird)).toHaveLength(ownEdges);
    // nodeKind is the kind as an enum, the same as __typename.
    for (const x of n.nodes) expect(x.nodeKind).toBe(x.__typename.toUpperCase());
    const kinds = new Set(n.nodes.map((x) => x.__typename));
    expect([...kinds].sort()).toEqual(['Author', 'Concept', 'Paper', 'Topic', 'Venue'].filter((k) => kinds.has(k)));
    expect(kinds.has('Concept') && kinds.has('Author')).toBe(true);
    const concept = n.nodes.find((x) => x.__typename === 'Concept')!;
    const named = await query(app, 'query($id: ID!) { node(id: $id) { ... on Concept { name papers(first: 1) { totalCount } } } }', {
      id: concept.id,
    });
    expect(concept.label).toBe(named.node.name);
    // A concept's edges over HAS_CONCEPT are its papers.
    const byType = await query(app, 'query($id: ID!) { node(id: $id) { ... on GraphNode { degree(edgeTypes: [HAS_CONCEPT]) } } }', {
      id: concept.id,
    });
    expect(byType.node.degree).toBe(named.node.papers.totalCount);
  });

  it('gives every edge a stable id and the attributes of its record: role and score, author position, citation provenance', async () => {
    const n = await around({ id: bigBird, hub: null });
    expect(new Set(n.edges.map((e) => e.id)).size).toBe(n.edges.length);
    for (const link of paper.concepts.edges) {
      const edge = n.edges.find((e) => e.type === 'HAS_CONCEPT' && e.source === bigBird && e.target === link.node.id)!;
      expect(edge).toMatchObject({ role: link.role, score: link.score, position: null });
    }
    for (const a of paper.authors.edges) {
      const edge = n.edges.find((e) => e.type === 'AUTHORED' && e.source === a.node.id && e.target === bigBird)!;
      expect(edge).toMatchObject({ position: a.position, role: null, score: null });
    }
    for (const r of paper.references.edges) {
      const edge = n.edges.find((e) => e.type === 'CITES' && e.source === bigBird && e.target === r.node.id)!;
      expect(edge.provenance).toEqual(r.provenance);
      expect(edge.provenance.length).toBeGreaterThan(0);
    }
    expect(n.edges.filter((e) => e.type === 'PUBLISHED_IN' || e.type === 'IN_TOPIC').every((e) => e.provenance.length === 0)).toBe(true);
    // The same edge has the same id in another answer (deeper, other limit) and on a path.
    const deeper = await around({ id: bigBird, depth: 2, limit: 400 });
    const ids = new Map(deeper.edges.map((e) => [`${e.type} ${e.source} ${e.target}`, e.id]));
    const shared = n.edges.filter((e) => ids.has(`${e.type} ${e.source} ${e.target}`));
    expect(shared.length).toBeGreaterThan(10);
    for (const e of shared) expect(ids.get(`${e.type} ${e.source} ${e.target}`)).toBe(e.id);
    const ref = paper.references.edges[0].node.id;
    const { path } = await query(
      app,
      'query($a: ID!, $b: ID!) { path(from: $a, to: $b) { nodes { id label } edges { id type source target } } }',
      {
        a: bigBird,
        b: ref,
      },
    );
    expect(path.nodes.map((x: any) => x.id)).toEqual([bigBird, ref]);
    expect(path.nodes[0].label).toBe(paper.title);
    expect(path.edges[0].id).toBe(n.edges.find((e) => e.type === 'CITES' && e.target === ref)!.id);
  });

  it('fanOut keeps the most connected new neighbours of each node', async () => {
    const whole = await around({ id: bigBird, types: ['CITES'], hub: null });
    const capped = await around({ id: bigBird, types: ['CITES'], fanOut: 3, hub: null });
    expect(capped.nodes).toHaveLength(4);
    expect(capped.truncated).toBe(true);
    const kept = capped.nodes.slice(1).map((x) => x.degree);
    const left = whole.nodes.slice(1).filter((x) => !capped.nodes.some((c) => c.id === x.id));
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...left.map((x) => x.degree)));
    expect(kept).toEqual([...kept].sort((a, b) => b - a));
  });

  it('nodeKinds keeps only those kinds, walking through them alone', async () => {
    const n = await around({ id: bigBird, depth: 2, kinds: ['PAPER', 'CONCEPT'], hub: null, limit: 500 });
    expect(new Set(n.nodes.map((x) => x.__typename))).toEqual(new Set(['Paper', 'Concept']));
    expect(n.edges.every((e) => ['CITES', 'HAS_CONCEPT', 'BROADER'].includes(e.type))).toBe(true);
    // Through papers and concepts only, the authors' other papers are not reached unless cited or sharing a concept.
    const all = await around({ id: bigBird, depth: 2, hub: null, limit: 500 });
    const fromAll = new Set(all.nodes.filter((x) => x.__typename === 'Paper' || x.__typename === 'Concept').map((x) => x.id));
    expect(n.nodes.every((x) => fromAll.has(x.id))).toBe(true);
    expect(n.nodes.length).toBeLessThan(fromAll.size);
  });

  it('exclude expands one node step by step: new nodes only, attached to those already drawn', async () => {
    const first = await around({ id: bigBird, limit: 12, hub: null });
    const drawn = first.nodes.map((x) => x.id);
    const next = first.nodes.find((x) => x.__typename === 'Paper' && x.id !== bigBird)!;
    const step = await around({ id: next.id, exclude: drawn, hub: null, limit: 500 });
    expect(step.nodes[0].id).toBe(next.id);
    const fresh = step.nodes.slice(1).map((x) => x.id);
    expect(fresh.some((id) => drawn.includes(id))).toBe(false);
    // Everything the node touches is either new or drawn already, and each of its edges is there.
    const full = await around({ id: next.id, hub: null, limit: 500 });
    expect(
      new Set([
        ...fresh,
        ...full.nodes
          .slice(1)
          .map((x) => x.id)
          .filter((id) => drawn.includes(id)),
      ]),
    ).toEqual(new Set(full.nodes.slice(1).map((x) => x.id)));
    const touches = (edges: Edge[]) => new Set(edges.filter((e) => e.source === next.id || e.target === next.id).map((e) => e.id));
    expect(touches(step.edges)).toEqual(touches(full.edges));
    // Edges between new nodes and drawn ones come along; none joins two drawn nodes.
    const known = new Set([...drawn, ...step.nodes.map((x) => x.id)]);
    for (const e of step.edges) {
      expect(known.has(e.source) && known.has(e.target)).toBe(true);
      expect(drawn.includes(e.source) && drawn.includes(e.target) && e.source !== next.id && e.target !== next.id).toBe(false);
    }
  });

  it('a hub is a leaf: listed in hubs, not expanded, only its edges towards the start', async () => {
    const damped = await around({ id: bigBird, depth: 2, limit: 500, hub: 20 });
    const whole = await around({ id: bigBird, depth: 2, limit: 500, hub: null });
    expect(damped.hubs.length).toBeGreaterThan(0);
    const byId = new Map(damped.nodes.map((x) => [x.id, x]));
    const allTypes = await query(app, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on GraphNode { degree } } }`, {
      ids: damped.nodes.map((x) => x.id),
    });
    const degree = new Map(allTypes.nodes.map((x: any) => [x.id, x.degree]));
    for (const h of damped.hubs) expect(degree.get(h)).toBeGreaterThan(20);
    for (const x of damped.nodes.slice(1)) if (!damped.hubs.includes(x.id)) expect(degree.get(x.id)).toBeLessThanOrEqual(20);
    expect(byId.has(bigBird)).toBe(true);
    expect(damped.nodes.length).toBeLessThan(whole.nodes.length);
    expect(whole.hubs).toEqual([]);
    // A hub's edges lead towards the start: from the start itself, or from a node listed before it.
    const position = new Map(damped.nodes.map((x, i) => [x.id, i]));
    for (const e of damped.edges) {
      const [a, b] = [position.get(e.source)!, position.get(e.target)!];
      if (damped.hubs.includes(e.source)) expect(b).toBeLessThan(a);
      if (damped.hubs.includes(e.target)) expect(a).toBeLessThan(b);
    }
  });

  it('refuses a fanOut, hubDegree or exclude it cannot honour, with the field answered null and a code', async () => {
    for (const args of ['fanOut: 0', 'hubDegree: -1', 'exclude: ["not-an-id"]']) {
      const r = await execute(app, `query($id: ID!) { neighborhood(id: $id, ${args}) { truncated } paper(arxivId: "2007.14062") { id } }`, {
        id: bigBird,
      });
      expect(r.data?.neighborhood).toBeNull();
      expect(r.data?.paper.id).toBe(bigBird);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describeDataset('explorer-ready subgraph on the NeurIPS 2020 build: the venue no longer floods', Object.values(NEURIPS_BUILD_FILES), () => {
  let app: PapergraphApp;
  let graph: KnowledgeGraph;
  beforeAll(async () => {
    const build = await buildNeurips2020({ datasets: join(SHARED_DIR, 'datasets'), base: loadCuratedCorpus(CURATED_DATA_DIR) });
    graph = new KnowledgeGraph(build.corpus);
    app = createApp({ store: new MemoryStore(graph), graphiql: false });
  }, 180_000);

  it('a depth-2 neighbourhood of a listing paper keeps the venue as a leaf with one edge; without damping it floods', async () => {
    // Every 100th listing paper of NeurIPS 2020.
    const starts = graph.papers.records.filter((p) => p.id.startsWith('neurips-2020:')).filter((_, i) => i % 100 === 0);
    expect(starts.length).toBeGreaterThanOrEqual(19);
    let flooded = 0;
    for (const p of starts) {
      const ask = async (hub: number | null) =>
        (await query<{ neighborhood: Neighborhood }>(app, NEIGHBORHOOD, { id: toGlobalId('Paper', p.id), depth: 2, hub })).neighborhood;
      const damped = await ask(100);
      const venue = toGlobalId('Venue', p.venueId!);
      expect(damped.hubs).toContain(venue);
      expect(damped.edges.filter((e) => e.type === 'PUBLISHED_IN')).toEqual([
        expect.objectContaining({ source: toGlobalId('Paper', p.id), target: venue }),
      ]);
      const whole = await ask(null);
      const published = whole.edges.filter((e) => e.type === 'PUBLISHED_IN').length;
      if (published > whole.edges.length / 4) flooded++;
    }
    // Undamped, the venue's 1,900 papers fill many of these neighbourhoods.
    expect(flooded).toBeGreaterThanOrEqual(3);
  });
});

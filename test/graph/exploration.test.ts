// The unified node space, neighbourhoods and shortest paths on a small hand-built graph whose
// answers can be worked out on paper.

import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { forEachNeighbour, nodeSpaceOf, type NodeRef, type TypedEdge } from '../../src/graph/hetero.js';
import { EDGE_TYPES, GRAPH_NODE_KINDS } from '../../src/model/index.js';
import { neighborhood } from '../../src/graph/neighborhood.js';
import { shortestPath } from '../../src/graph/path.js';
import { emptyCorpus, newPaper, type Corpus } from '../../src/model/index.js';

// Papers A(2017) … E(2020) cite earlier ones; F stands alone. Y "transformers" is narrower than
// X "attention"; Z is unrelated. alice wrote A and B, bob C, carol D and E.
function smallCorpus(): Corpus {
  const corpus = emptyCorpus();
  const venueOf: Record<string, string> = { A: 'V1', C: 'V1', D: 'V2' };
  for (const [id, year] of [
    ['A', 2017],
    ['B', 2018],
    ['C', 2019],
    ['D', 2020],
    ['E', 2020],
    ['F', 2015],
  ] as const) {
    corpus.papers.push(newPaper(id, `Paper ${id}`, { year, venueId: venueOf[id] ?? null }));
  }
  for (const [citingId, citedId] of [
    ['B', 'A'],
    ['C', 'A'],
    ['C', 'B'],
    ['D', 'C'],
    ['E', 'C'],
    ['E', 'A'],
  ]) {
    corpus.citations.push({ citingId, citedId, contexts: [], intents: [], isInfluential: null, provenance: [] });
  }
  for (const [id, broaderIds] of [
    ['X', []],
    ['Y', ['X']],
    ['Z', []],
  ] as const) {
    corpus.concepts.push({
      id,
      slug: id.toLowerCase(),
      name: id,
      kind: 'METHOD',
      aliases: [],
      description: null,
      broaderIds: [...broaderIds],
      provenance: [],
      scheme: 'curated',
      externalIds: [],
      mappings: [],
    });
  }
  for (const [paperId, conceptId, score] of [
    ['A', 'X', 0.9],
    ['C', 'Y', 0.5],
    ['D', 'Y', 0.8],
    ['F', 'Z', 1],
  ] as const) {
    corpus.paperConcepts.push({ paperId, conceptId, score, role: 'USES', provenance: [], evidence: [] });
  }
  for (const id of ['alice', 'bob', 'carol']) corpus.authors.push({ id, name: id, affiliations: [], provenance: [] });
  for (const [paperId, authorId] of [
    ['A', 'alice'],
    ['B', 'alice'],
    ['C', 'bob'],
    ['D', 'carol'],
    ['E', 'carol'],
  ]) {
    corpus.authorships.push({ paperId, authorId, position: 0, affiliations: [] });
  }
  for (const id of ['T1', 'T2']) corpus.topics.push({ id, slug: id.toLowerCase(), name: id, description: null, provenance: [] });
  corpus.paperTopics.push({ paperId: 'A', topicId: 'T1' }, { paperId: 'B', topicId: 'T1' }, { paperId: 'E', topicId: 'T2' });
  for (const id of ['V1', 'V2'])
    corpus.venues.push({ id, slug: id.toLowerCase(), name: id, fullName: null, kind: 'CONFERENCE', year: null, provenance: [] });
  return corpus;
}

const graph = new KnowledgeGraph(smallCorpus());
const tables = { Paper: graph.papers, Concept: graph.concepts, Author: graph.authors, Topic: graph.topics, Venue: graph.venues };
const ref = (id: string): NodeRef => {
  for (const kind of GRAPH_NODE_KINDS) if (tables[kind].indexOf(id) >= 0) return { kind, index: tables[kind].indexOf(id) };
  throw new Error(`no node ${id}`);
};
const idOf = (node: NodeRef) => tables[node.kind].records[node.index].id;
const ids = (nodes: NodeRef[]) => nodes.map(idOf);
const describeEdges = (edges: TypedEdge[]) => edges.map((e) => `${idOf(e.source)} ${e.type} ${idOf(e.target)}`);

describe('node space', () => {
  it('packs every kind after the previous one and unpacks back', () => {
    const space = nodeSpaceOf(graph);
    expect(space.nodeCount).toBe(6 + 3 + 3 + 2 + 2);
    expect(space.pack(ref('C'))).toBe(2);
    expect(space.pack(ref('X'))).toBe(6);
    expect(space.unpack(space.pack(ref('carol')))).toEqual({ kind: 'Author', index: 2 });
    expect(space.unpack(space.nodeCount - 1)).toEqual({ kind: 'Venue', index: 1 });
    expect(EDGE_TYPES).toHaveLength(6);
  });

  it('lists neighbours over chosen types and directions', () => {
    const space = nodeSpaceOf(graph);
    const around = (id: string, types: (typeof EDGE_TYPES)[number][], direction: 'OUT' | 'IN' | 'BOTH') => {
      const found: string[] = [];
      forEachNeighbour(space.adjacency(types, direction), space.pack(ref(id)), (n) => found.push(idOf(space.unpack(n))));
      return found;
    };
    expect(around('C', ['CITES'], 'BOTH')).toEqual(['A', 'B', 'D', 'E']);
    expect(around('C', ['CITES'], 'IN')).toEqual(['D', 'E']);
    expect(around('alice', ['AUTHORED'], 'OUT')).toEqual(['A', 'B']);
    expect(around('alice', ['AUTHORED'], 'IN')).toEqual([]);
    expect(around('A', ['AUTHORED', 'PUBLISHED_IN', 'IN_TOPIC'], 'BOTH')).toEqual(['alice', 'T1', 'V1']);
    expect(around('V1', ['PUBLISHED_IN'], 'IN')).toEqual(['A', 'C']);
  });

  it('rejects unknown edge types and missing nodes with the bad value in the message', () => {
    const space = nodeSpaceOf(graph);
    expect(() => space.adjacency(['LIKES' as never], 'BOTH')).toThrow(/LIKES/);
    expect(() => space.pack({ kind: 'Paper', index: 6 })).toThrow(/index 6/);
  });
});

describe('neighborhood', () => {
  const options = { depth: 1, edgeTypes: ['CITES'] as const, direction: 'BOTH' as const, limit: 100 };

  it('holds the start, its neighbours breadth-first, and every citation among them once', () => {
    const result = neighborhood(graph, ref('C'), options);
    expect(ids(result.nodes)).toEqual(['C', 'A', 'B', 'D', 'E']);
    expect(describeEdges(result.edges).sort()).toEqual(['B CITES A', 'C CITES A', 'C CITES B', 'D CITES C', 'E CITES A', 'E CITES C']);
    expect(result.truncated).toBe(false);
  });

  it('stops exactly at the limit and says so; a limit that fits everything does not truncate', () => {
    const cut = neighborhood(graph, ref('C'), { ...options, limit: 3 });
    expect(ids(cut.nodes)).toEqual(['C', 'A', 'B']);
    expect(describeEdges(cut.edges).sort()).toEqual(['B CITES A', 'C CITES A', 'C CITES B']);
    expect(cut.truncated).toBe(true);
    expect(neighborhood(graph, ref('C'), { ...options, limit: 5 }).truncated).toBe(false);
  });

  it('follows one direction only, and finds edges between frontier nodes', () => {
    const result = neighborhood(graph, ref('E'), { ...options, depth: 2, direction: 'OUT' });
    expect(ids(result.nodes)).toEqual(['E', 'A', 'C', 'B']); // reference lists are in paper order
    expect(describeEdges(result.edges)).toEqual(['E CITES A', 'E CITES C', 'C CITES A', 'C CITES B', 'B CITES A']);
  });

  it('depth 0 is the start alone, and is never truncated', () => {
    expect(neighborhood(graph, ref('C'), { ...options, depth: 0 })).toEqual({ nodes: [ref('C')], edges: [], truncated: false, hubs: [] });
  });

  it('crosses node kinds: a concept, its papers and its broader concept', () => {
    const result = neighborhood(graph, ref('Y'), { depth: 1, edgeTypes: ['HAS_CONCEPT', 'BROADER'], direction: 'BOTH', limit: 10 });
    expect(ids(result.nodes)).toEqual(['Y', 'C', 'D', 'X']);
    expect(describeEdges(result.edges).sort()).toEqual(['C HAS_CONCEPT Y', 'D HAS_CONCEPT Y', 'Y BROADER X']);
    const authored = neighborhood(graph, ref('alice'), { depth: 1, edgeTypes: ['AUTHORED'], direction: 'BOTH', limit: 10 });
    expect(describeEdges(authored.edges)).toEqual(['alice AUTHORED A', 'alice AUTHORED B']);
  });

  it('lists a self-citation once when both directions are followed', () => {
    const corpus = smallCorpus();
    corpus.citations.push({ citingId: 'F', citedId: 'F', contexts: [], intents: [], isInfluential: null, provenance: [] });
    const looped = new KnowledgeGraph(corpus);
    const result = neighborhood(looped, { kind: 'Paper', index: 5 }, options);
    expect(result.nodes).toEqual([{ kind: 'Paper', index: 5 }]);
    expect(result.edges).toHaveLength(1);
  });

  it('rejects a depth or limit it cannot honour', () => {
    expect(() => neighborhood(graph, ref('C'), { ...options, limit: 0 })).toThrow(/limit/);
    expect(() => neighborhood(graph, ref('C'), { ...options, depth: -1 })).toThrow(/depth/);
  });
});

describe('shortestPath', () => {
  const cites = { edgeTypes: ['CITES'] as const, maxDepth: 6 };

  it('finds a shortest path either way along citations, edges in their own direction', () => {
    const path = shortestPath(graph, ref('E'), ref('B'), cites)!;
    expect(ids(path.nodes)).toEqual(['E', 'A', 'B']);
    expect(describeEdges(path.edges)).toEqual(['E CITES A', 'B CITES A']);
  });

  it('follows citations forward only with OUT, backward with IN', () => {
    const out = shortestPath(graph, ref('E'), ref('B'), { ...cites, direction: 'OUT' })!;
    expect(ids(out.nodes)).toEqual(['E', 'C', 'B']);
    expect(describeEdges(out.edges)).toEqual(['E CITES C', 'C CITES B']);
    expect(shortestPath(graph, ref('B'), ref('E'), { ...cites, direction: 'OUT' })).toBeNull();
    const back = shortestPath(graph, ref('B'), ref('E'), { ...cites, direction: 'IN' })!;
    expect(describeEdges(back.edges)).toEqual(['C CITES B', 'E CITES C']);
  });

  it('is null beyond maxDepth or without connection, and empty from a node to itself', () => {
    expect(shortestPath(graph, ref('E'), ref('B'), { ...cites, maxDepth: 1 })).toBeNull();
    expect(shortestPath(graph, ref('F'), ref('A'), cites)).toBeNull();
    expect(shortestPath(graph, ref('C'), ref('C'), cites)).toEqual({ nodes: [ref('C')], edges: [] });
  });

  it('goes from a paper to a concept through the hierarchy, and from an author to a venue', () => {
    const toConcept = shortestPath(graph, ref('D'), ref('X'), { edgeTypes: ['CITES', 'HAS_CONCEPT', 'BROADER'], maxDepth: 4 })!;
    expect(describeEdges(toConcept.edges)).toEqual(['D HAS_CONCEPT Y', 'Y BROADER X']);
    const toVenue = shortestPath(graph, ref('alice'), ref('V2'), { edgeTypes: ['AUTHORED', 'CITES', 'PUBLISHED_IN'], maxDepth: 4 })!;
    expect(toVenue.edges).toHaveLength(4);
    expect(idOf(toVenue.nodes[0])).toBe('alice');
    expect(idOf(toVenue.nodes[4])).toBe('V2');
    expect(shortestPath(graph, ref('alice'), ref('V2'), { edgeTypes: ['AUTHORED', 'CITES', 'PUBLISHED_IN'], maxDepth: 3 })).toBeNull();
  });
});

describe('neighborhood edge cap', () => {
  it('stops at maxEdges and says the result was truncated', () => {
    const graph = new KnowledgeGraph(smallCorpus());
    const start = { kind: 'Paper' as const, index: graph.papers.indexOf('E') };
    const options = { depth: 2, edgeTypes: ['CITES'] as const, direction: 'OUT' as const, limit: 10 };
    const whole = neighborhood(graph, start, options);
    expect(whole.truncated).toBe(false);
    const capped = neighborhood(graph, start, { ...options, maxEdges: 2 });
    expect(capped.edges).toEqual(whole.edges.slice(0, 2));
    expect(capped.nodes).toEqual(whole.nodes);
    expect(capped.truncated).toBe(true);
  });
});

describe('neighborhood for an explorer: fan-out, node kinds, exclude, hubs', () => {
  const cites = { depth: 1, edgeTypes: ['CITES'] as const, direction: 'BOTH' as const, limit: 100 };

  it('fanOut keeps the most connected new neighbours of each node, ties in node order', () => {
    // C's citation neighbours and their degrees: A 3, B 2, D 1, E 2.
    const result = neighborhood(graph, ref('C'), { ...cites, fanOut: 2 });
    expect(ids(result.nodes)).toEqual(['C', 'A', 'B']);
    expect(describeEdges(result.edges).sort()).toEqual(['B CITES A', 'C CITES A', 'C CITES B']);
    expect(result.truncated).toBe(true);
    expect(neighborhood(graph, ref('C'), { ...cites, fanOut: 4 }).truncated).toBe(false);
    expect(() => neighborhood(graph, ref('C'), { ...cites, fanOut: 0 })).toThrow(/fanOut/);
  });

  it('nodeKinds keeps and walks only those kinds; the others neither show nor count as left out', () => {
    const result = neighborhood(graph, ref('C'), { ...cites, edgeTypes: EDGE_TYPES, nodeKinds: ['Paper', 'Concept'] });
    expect(ids(result.nodes)).toEqual(['C', 'A', 'B', 'D', 'E', 'Y']);
    expect(describeEdges(result.edges).every((e) => /CITES|HAS_CONCEPT/.test(e))).toBe(true);
    expect(result.truncated).toBe(false);
    // Through papers only, alice's papers are out of reach: the start is kept whatever its kind.
    expect(ids(neighborhood(graph, ref('alice'), { ...cites, edgeTypes: EDGE_TYPES, depth: 2, nodeKinds: ['Author'] }).nodes)).toEqual([
      'alice',
    ]);
  });

  it('exclude leaves out nodes already shown but lists their edges to the new ones, either direction', () => {
    // E cites C and A: E is the source of both edges, so they are listed from C's and A's side.
    const result = neighborhood(graph, ref('C'), { ...cites, exclude: [ref('E')] });
    expect(ids(result.nodes)).toEqual(['C', 'A', 'B', 'D']);
    expect(describeEdges(result.edges).sort()).toEqual(['B CITES A', 'C CITES A', 'C CITES B', 'D CITES C', 'E CITES A', 'E CITES C']);
    expect(result.truncated).toBe(false);
    // An excluded node is not walked through: D reaches the rest only through C.
    const step = neighborhood(graph, ref('D'), { ...cites, depth: 2, exclude: [ref('C')] });
    expect(ids(step.nodes)).toEqual(['D']);
    expect(describeEdges(step.edges)).toEqual(['D CITES C']);
    expect(step.truncated).toBe(false);
    // The start is never excluded.
    expect(ids(neighborhood(graph, ref('D'), { ...cites, exclude: [ref('D')] }).nodes)).toEqual(['D', 'C']);
  });

  it('a hub is a leaf: not expanded, only its edges towards the start, and listed', () => {
    // From E: A (degree 3) and C (degree 4) at depth 1; with hubDegree 3, C is a hub.
    const damped = neighborhood(graph, ref('E'), { ...cites, depth: 2, hubDegree: 3 });
    expect(ids(damped.nodes)).toEqual(['E', 'A', 'C', 'B']); // D is reached only through C
    expect(ids(damped.hubs)).toEqual(['C']);
    // C CITES A (same depth) and C CITES B (deeper) are left out; E CITES C reached it.
    expect(describeEdges(damped.edges).sort()).toEqual(['B CITES A', 'E CITES A', 'E CITES C']);
    expect(damped.truncated).toBe(true);
    const whole = neighborhood(graph, ref('E'), { ...cites, depth: 2 });
    expect(ids(whole.nodes)).toEqual(['E', 'A', 'C', 'B', 'D']);
    expect(whole.hubs).toEqual([]);
    // The start is never a hub.
    expect(neighborhood(graph, ref('C'), { ...cites, hubDegree: 0 }).nodes).toHaveLength(5);
  });
});

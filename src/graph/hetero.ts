// One node space over every kind of node in the graph: each node gets a packed integer id
// (its kind's base offset + its index), and each edge type a CSR in both of its directions, so
// exploration algorithms (neighbourhood, path) run over typed arrays whatever the node kinds.

import { EDGE_KINDS, EDGE_TYPES, GRAPH_NODE_KINDS, NODE_KIND, TRAVERSAL_DIRECTIONS } from '../model/index.js';
import type { CollectionOf, EdgeType, GraphNodeKind, TraversalDirection } from '../model/index.js';
import { buildCsr, csrByteSize, type BiCsr, type Csr } from './csr.js';

export interface NodeRef {
  kind: GraphNodeKind;
  index: number;
}

/** An edge in its natural direction: CITES citing→cited, AUTHORED author→paper, BROADER narrower→broader, ... */
export interface TypedEdge {
  type: EdgeType;
  source: NodeRef;
  target: NodeRef;
}

/** The adjacency exploration needs: a size per node table, the CSR of each edge. KnowledgeGraph satisfies it; the ×10 bench builds one without records. */
export type GraphTopology = { readonly [K in GraphNodeKind as CollectionOf<K>]: { readonly size: number } } & {
  readonly cites: BiCsr;
  readonly hasConcept: BiCsr;
  readonly authored: BiCsr;
  readonly inTopic: BiCsr;
  readonly broader: BiCsr;
  readonly paperVenue: Int32Array;
};

/** Where each edge type lives in a graph: how many edges it has and the bytes of its adjacency (`papergraph stats`). */
export const EDGE_STORAGE: { [T in EdgeType]: { count(graph: GraphTopology): number; bytes(graph: GraphTopology): number } } = {
  CITES: { count: (g) => g.cites.out.targets.length, bytes: (g) => biCsrBytes(g.cites) },
  HAS_CONCEPT: { count: (g) => g.hasConcept.out.targets.length, bytes: (g) => biCsrBytes(g.hasConcept) },
  BROADER: { count: (g) => g.broader.out.targets.length, bytes: (g) => biCsrBytes(g.broader) },
  AUTHORED: { count: (g) => g.authored.out.targets.length, bytes: (g) => biCsrBytes(g.authored) },
  IN_TOPIC: { count: (g) => g.inTopic.out.targets.length, bytes: (g) => biCsrBytes(g.inTopic) },
  PUBLISHED_IN: { count: (g) => g.paperVenue.reduce((n, v) => (v >= 0 ? n + 1 : n), 0), bytes: (g) => g.paperVenue.byteLength },
};

function biCsrBytes(csr: BiCsr): number {
  return csrByteSize(csr.out) + csrByteSize(csr.in);
}

/** One edge type as CSRs in its natural direction (`forward`: source → targets) and reversed. */
interface Relation {
  sourceKind: number;
  targetKind: number;
  forward: Csr;
  backward: Csr;
}

/**
 * The neighbour lists to scan from a node of each kind for one (edge types, direction) choice.
 * Step s of kind k is stepsByKind[k][s]; its code is typeOrdinal * 2 + (1 when it follows the
 * edge forward), which is all a path needs to rebuild the typed edge.
 */
export interface Adjacency {
  readonly space: NodeSpace;
  readonly offsets: Uint32Array[][];
  readonly targets: Uint32Array[][];
  readonly targetBase: number[][];
  readonly codes: number[][];
}

export class NodeSpace {
  /** bases[k] is the first packed id of kind k (GRAPH_NODE_KINDS order); bases[GRAPH_NODE_KINDS.length] is the node count. */
  readonly bases: Uint32Array;
  readonly nodeCount: number;
  private readonly relations: Relation[];
  private readonly adjacencies = new Map<number, Adjacency>();

  constructor(readonly graph: GraphTopology) {
    const sizes = GRAPH_NODE_KINDS.map((kind) => graph[NODE_KIND[kind].collection].size);
    this.bases = new Uint32Array(sizes.length + 1);
    sizes.forEach((size, k) => (this.bases[k + 1] = this.bases[k] + size));
    this.nodeCount = this.bases[sizes.length];
    let withVenue = 0;
    for (const venue of graph.paperVenue) if (venue >= 0) withVenue++;
    const venued = new Uint32Array(withVenue);
    const venues = new Uint32Array(withVenue);
    for (let paper = 0, k = 0; paper < graph.paperVenue.length; paper++) {
      if (graph.paperVenue[paper] >= 0) (venued[k] = paper), (venues[k++] = graph.paperVenue[paper]);
    }
    // The CSRs of each edge type in its natural direction; AUTHORED is stored paper → author, so its forward is `in`.
    const csrs: Record<EdgeType, { forward: Csr; backward: Csr }> = {
      CITES: { forward: graph.cites.out, backward: graph.cites.in },
      HAS_CONCEPT: { forward: graph.hasConcept.out, backward: graph.hasConcept.in },
      BROADER: { forward: graph.broader.out, backward: graph.broader.in },
      AUTHORED: { forward: graph.authored.in, backward: graph.authored.out },
      IN_TOPIC: { forward: graph.inTopic.out, backward: graph.inTopic.in },
      PUBLISHED_IN: { forward: buildCsr(graph.papers.size, venued, venues), backward: buildCsr(graph.venues.size, venues, venued) },
    };
    // Indexed by EDGE_TYPES order.
    this.relations = EDGE_KINDS.map((e) => ({
      sourceKind: GRAPH_NODE_KINDS.indexOf(e.source),
      targetKind: GRAPH_NODE_KINDS.indexOf(e.target),
      ...csrs[e.type],
    }));
  }

  /** Each node of `kind` → the papers the first edge type between papers and that kind joins it to; null when none does. */
  papersOf(kind: GraphNodeKind): Csr | null {
    const k = GRAPH_NODE_KINDS.indexOf(kind),
      paper = GRAPH_NODE_KINDS.indexOf('Paper');
    for (const r of this.relations) {
      if (r.sourceKind === paper && r.targetKind === k) return r.backward;
      if (r.sourceKind === k && r.targetKind === paper) return r.forward;
    }
    return null;
  }

  /** The packed id of a node; throws a RangeError naming the bad reference when it does not exist. */
  pack(ref: NodeRef): number {
    const kind = GRAPH_NODE_KINDS.indexOf(ref.kind);
    if (kind < 0) throw new RangeError(`unknown node kind "${ref.kind}"`);
    const size = this.bases[kind + 1] - this.bases[kind];
    if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index >= size) {
      throw new RangeError(`no ${ref.kind} with index ${ref.index} (there are ${size})`);
    }
    return this.bases[kind] + ref.index;
  }

  /** The kind ordinal (index into GRAPH_NODE_KINDS) of a packed id. */
  kindOf(packed: number): number {
    // Papers come first and are most nodes: one comparison for them.
    if (packed < this.bases[1]) return 0;
    let kind = GRAPH_NODE_KINDS.length - 1;
    while (packed < this.bases[kind]) kind--;
    return kind;
  }

  unpack(packed: number): NodeRef {
    const kind = this.kindOf(packed);
    return { kind: GRAPH_NODE_KINDS[kind], index: packed - this.bases[kind] };
  }

  /** The neighbour lists for these edge types and direction, built once per choice. */
  adjacency(edgeTypes: readonly EdgeType[], direction: TraversalDirection): Adjacency {
    let mask = 0;
    for (const type of edgeTypes) {
      const ordinal = EDGE_TYPES.indexOf(type);
      if (ordinal < 0) throw new RangeError(`unknown edge type "${type}"`);
      mask |= 1 << ordinal;
    }
    const directionOrdinal = TRAVERSAL_DIRECTIONS.indexOf(direction);
    if (directionOrdinal < 0) throw new RangeError(`unknown direction "${direction}"`);
    const key = mask * TRAVERSAL_DIRECTIONS.length + directionOrdinal;
    let adjacency = this.adjacencies.get(key);
    if (!adjacency) {
      adjacency = this.buildAdjacency(mask, direction);
      this.adjacencies.set(key, adjacency);
    }
    return adjacency;
  }

  private buildAdjacency(mask: number, direction: TraversalDirection): Adjacency {
    const empty = () => GRAPH_NODE_KINDS.map(() => [] as never[]);
    const adjacency: Adjacency = { space: this, offsets: empty(), targets: empty(), targetBase: empty(), codes: empty() };
    const addStep = (kind: number, csr: Csr, neighbourKind: number, code: number) => {
      adjacency.offsets[kind].push(csr.offsets);
      adjacency.targets[kind].push(csr.targets);
      adjacency.targetBase[kind].push(this.bases[neighbourKind]);
      adjacency.codes[kind].push(code);
    };
    this.relations.forEach((relation, ordinal) => {
      if ((mask & (1 << ordinal)) === 0) return;
      if (direction !== 'IN') addStep(relation.sourceKind, relation.forward, relation.targetKind, ordinal * 2 + 1);
      if (direction !== 'OUT') addStep(relation.targetKind, relation.backward, relation.sourceKind, ordinal * 2);
    });
    return adjacency;
  }
}

const spaces = new WeakMap<GraphTopology, NodeSpace>();

/** The node space of a graph, built on first use (the graph is immutable, so it stays valid). */
export function nodeSpaceOf(graph: GraphTopology): NodeSpace {
  let space = spaces.get(graph);
  if (!space) {
    space = new NodeSpace(graph);
    spaces.set(graph, space);
  }
  return space;
}

/** Calls visit(neighbour, stepCode) for every neighbour of a packed node, duplicates included. */
export function forEachNeighbour(adjacency: Adjacency, packed: number, visit: (neighbour: number, stepCode: number) => void): void {
  const kind = adjacency.space.kindOf(packed);
  const local = packed - adjacency.space.bases[kind];
  const offsetsOfKind = adjacency.offsets[kind];
  for (let s = 0; s < offsetsOfKind.length; s++) {
    const offsets = offsetsOfKind[s];
    const targets = adjacency.targets[kind][s];
    const base = adjacency.targetBase[kind][s];
    const code = adjacency.codes[kind][s];
    for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) visit(base + targets[k], code);
  }
}

/** The typed edge behind a step taken from `from` to `to` (code from an Adjacency), in its natural direction. */
export function edgeOfStep(from: NodeRef, to: NodeRef, stepCode: number): TypedEdge {
  const type = EDGE_TYPES[stepCode >> 1];
  return (stepCode & 1) === 1 ? { type, source: from, target: to } : { type, source: to, target: from };
}

/** A set of ids below a fixed size, emptied in O(1): members carry the current generation. */
export class StampSet {
  private readonly stamps: Uint32Array;
  private generation = 1;

  constructor(size: number) {
    this.stamps = new Uint32Array(size);
  }

  clear(): void {
    // On wrap-around old stamps could collide with new generations: wipe them once.
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  has(id: number): boolean {
    return this.stamps[id] === this.generation;
  }

  add(id: number): void {
    this.stamps[id] = this.generation;
  }

  delete(id: number): void {
    this.stamps[id] = 0;
  }
}

// One node space over every kind of node in the graph: each node gets a packed integer id
// (its kind's base offset + its index), and each edge type a CSR in both of its directions, so
// exploration algorithms (neighbourhood, path) run over typed arrays whatever the node kinds.

import { buildCsr, type BiCsr, type Csr } from './csr.js';

export const NODE_KINDS = ['PAPER', 'CONCEPT', 'AUTHOR', 'TOPIC', 'VENUE'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_TYPES = ['CITES', 'HAS_CONCEPT', 'BROADER', 'AUTHORED', 'IN_TOPIC', 'PUBLISHED_IN'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** OUT follows edges in their natural direction, IN against it, BOTH either way. */
export const DIRECTIONS = ['OUT', 'IN', 'BOTH'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface NodeRef {
  kind: NodeKind;
  index: number;
}

/** An edge in its natural direction: CITES citing→cited, AUTHORED author→paper, BROADER narrower→broader, ... */
export interface TypedEdge {
  type: EdgeType;
  source: NodeRef;
  target: NodeRef;
}

/** The adjacency exploration needs. KnowledgeGraph satisfies it; the ×10 bench builds one without records. */
export interface GraphTopology {
  readonly papers: { readonly size: number };
  readonly concepts: { readonly size: number };
  readonly authors: { readonly size: number };
  readonly topics: { readonly size: number };
  readonly venues: { readonly size: number };
  readonly cites: BiCsr;
  readonly hasConcept: BiCsr;
  readonly authored: BiCsr;
  readonly inTopic: BiCsr;
  readonly broader: BiCsr;
  readonly paperVenue: Int32Array;
}

const PAPER = 0, CONCEPT = 1, AUTHOR = 2, TOPIC = 3, VENUE = 4;

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
  /** bases[k] is the first packed id of kind k; bases[NODE_KINDS.length] is the node count. */
  readonly bases: Uint32Array;
  readonly nodeCount: number;
  private readonly relations: Relation[];
  private readonly adjacencies = new Map<number, Adjacency>();

  constructor(readonly graph: GraphTopology) {
    const sizes = [graph.papers.size, graph.concepts.size, graph.authors.size, graph.topics.size, graph.venues.size];
    this.bases = new Uint32Array(sizes.length + 1);
    sizes.forEach((size, k) => (this.bases[k + 1] = this.bases[k] + size));
    this.nodeCount = this.bases[sizes.length];
    let withVenue = 0;
    for (const venue of graph.paperVenue) if (venue >= 0) withVenue++;
    const venued = new Uint32Array(withVenue);
    const venues = new Uint32Array(withVenue);
    for (let paper = 0, k = 0; paper < graph.paperVenue.length; paper++) {
      if (graph.paperVenue[paper] >= 0) (venued[k] = paper, venues[k++] = graph.paperVenue[paper]);
    }
    // Indexed by EDGE_TYPES order; AUTHORED is stored paper → author, so its natural forward is `in`.
    this.relations = [
      { sourceKind: PAPER, targetKind: PAPER, forward: graph.cites.out, backward: graph.cites.in },
      { sourceKind: PAPER, targetKind: CONCEPT, forward: graph.hasConcept.out, backward: graph.hasConcept.in },
      { sourceKind: CONCEPT, targetKind: CONCEPT, forward: graph.broader.out, backward: graph.broader.in },
      { sourceKind: AUTHOR, targetKind: PAPER, forward: graph.authored.in, backward: graph.authored.out },
      { sourceKind: PAPER, targetKind: TOPIC, forward: graph.inTopic.out, backward: graph.inTopic.in },
      {
        sourceKind: PAPER, targetKind: VENUE,
        forward: buildCsr(graph.papers.size, venued, venues),
        backward: buildCsr(graph.venues.size, venues, venued),
      },
    ];
  }

  /** The packed id of a node; throws a RangeError naming the bad reference when it does not exist. */
  pack(ref: NodeRef): number {
    const kind = NODE_KINDS.indexOf(ref.kind);
    if (kind < 0) throw new RangeError(`unknown node kind "${ref.kind}"`);
    const size = this.bases[kind + 1] - this.bases[kind];
    if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index >= size) {
      throw new RangeError(`no ${ref.kind} with index ${ref.index} (there are ${size})`);
    }
    return this.bases[kind] + ref.index;
  }

  /** The kind ordinal (index into NODE_KINDS) of a packed id. */
  kindOf(packed: number): number {
    // Papers come first and are most nodes: one comparison for them.
    if (packed < this.bases[1]) return 0;
    let kind = NODE_KINDS.length - 1;
    while (packed < this.bases[kind]) kind--;
    return kind;
  }

  unpack(packed: number): NodeRef {
    const kind = this.kindOf(packed);
    return { kind: NODE_KINDS[kind], index: packed - this.bases[kind] };
  }

  /** The neighbour lists for these edge types and direction, built once per choice. */
  adjacency(edgeTypes: readonly EdgeType[], direction: Direction): Adjacency {
    let mask = 0;
    for (const type of edgeTypes) {
      const ordinal = EDGE_TYPES.indexOf(type);
      if (ordinal < 0) throw new RangeError(`unknown edge type "${type}"`);
      mask |= 1 << ordinal;
    }
    const directionOrdinal = DIRECTIONS.indexOf(direction);
    if (directionOrdinal < 0) throw new RangeError(`unknown direction "${direction}"`);
    const key = mask * DIRECTIONS.length + directionOrdinal;
    let adjacency = this.adjacencies.get(key);
    if (!adjacency) {
      adjacency = this.buildAdjacency(mask, direction);
      this.adjacencies.set(key, adjacency);
    }
    return adjacency;
  }

  private buildAdjacency(mask: number, direction: Direction): Adjacency {
    const empty = () => NODE_KINDS.map(() => [] as never[]);
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

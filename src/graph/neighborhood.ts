// The subgraph around a node, breadth-first, for a force-directed view: at most `limit` nodes,
// every edge between kept nodes over the chosen types (each once), and whether anything was cut.

import {
  nodeSpaceOf, StampSet, edgeOfStep,
  type Direction, type EdgeType, type GraphTopology, type NodeRef, type NodeSpace, type TypedEdge,
} from './hetero.js';

export interface NeighborhoodOptions {
  /** Hops from the start node; 0 keeps only the start. */
  depth: number;
  edgeTypes: readonly EdgeType[];
  direction: Direction;
  /** The most nodes returned, the start included (≥ 1). */
  limit: number;
}

export interface Neighborhood {
  /** Breadth-first order, the start node first. */
  nodes: NodeRef[];
  edges: TypedEdge[];
  /** True iff some node within `depth` hops was left out because of `limit`. */
  truncated: boolean;
}

/** Buffers reused across calls: a neighbourhood touches few nodes of a big graph. */
class NeighborhoodScratch {
  readonly kept: StampSet;
  /** BFS position of each kept node, valid while it is in `kept`. */
  readonly position: Uint32Array;
  order = new Uint32Array(64);
  depthAt = new Uint32Array(64);

  constructor(nodeCount: number) {
    this.kept = new StampSet(nodeCount);
    this.position = new Uint32Array(nodeCount);
  }

  reserve(count: number): void {
    if (this.order.length >= count) return;
    this.order = new Uint32Array(count);
    this.depthAt = new Uint32Array(count);
  }
}

const scratches = new WeakMap<NodeSpace, NeighborhoodScratch>();

export function neighborhood(graph: GraphTopology, start: NodeRef, options: NeighborhoodOptions): Neighborhood {
  const { depth, edgeTypes, direction, limit } = options;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a non-negative integer, got ${depth}`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const space = nodeSpaceOf(graph);
  const origin = space.pack(start);
  const adjacency = space.adjacency(edgeTypes, direction);
  let scratch = scratches.get(space);
  if (!scratch) scratches.set(space, (scratch = new NeighborhoodScratch(space.nodeCount)));
  const maxNodes = Math.min(limit, space.nodeCount);
  scratch.reserve(maxNodes);
  const { kept, position, order, depthAt } = scratch;
  const { bases } = space;

  // Phase 1: discover nodes breadth-first until the limit; edges are gathered afterwards.
  kept.clear();
  kept.add(origin);
  position[origin] = 0;
  order[0] = origin;
  depthAt[0] = 0;
  let count = 1;
  discover: for (let head = 0; head < count && count < maxNodes; head++) {
    const nodeDepth = depthAt[head];
    if (nodeDepth >= depth) break;
    const v = order[head];
    const kind = space.kindOf(v);
    const local = v - bases[kind];
    const offsetsOfKind = adjacency.offsets[kind];
    for (let s = 0; s < offsetsOfKind.length; s++) {
      const offsets = offsetsOfKind[s];
      const targets = adjacency.targets[kind][s];
      const base = adjacency.targetBase[kind][s];
      for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
        const u = base + targets[k];
        if (kept.has(u)) continue;
        kept.add(u);
        position[u] = count;
        order[count] = u;
        depthAt[count] = nodeDepth + 1;
        if (++count === maxNodes) break discover;
      }
    }
  }

  // Phase 2: every edge of a kept node to a kept node. With BOTH an edge is seen from each end,
  // so it is kept from the end that comes first (a self-loop from its forward step).
  // A kept node short of `depth` with a neighbour left out proves the result was truncated.
  const nodes: NodeRef[] = new Array(count);
  for (let i = 0; i < count; i++) nodes[i] = space.unpack(order[i]);
  const edges: TypedEdge[] = [];
  const bothWays = direction === 'BOTH';
  let truncated = false;
  for (let i = 0; i < count; i++) {
    const v = order[i];
    const canReachFurther = depthAt[i] < depth;
    const kind = space.kindOf(v);
    const local = v - bases[kind];
    const offsetsOfKind = adjacency.offsets[kind];
    for (let s = 0; s < offsetsOfKind.length; s++) {
      const offsets = offsetsOfKind[s];
      const targets = adjacency.targets[kind][s];
      const base = adjacency.targetBase[kind][s];
      const code = adjacency.codes[kind][s];
      for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
        const u = base + targets[k];
        if (!kept.has(u)) {
          if (canReachFurther) truncated = true;
          continue;
        }
        const at = position[u];
        if (bothWays && (at < i || (at === i && (code & 1) === 0))) continue;
        edges.push(edgeOfStep(nodes[i], nodes[at], code));
      }
    }
  }
  return { nodes, edges, truncated };
}

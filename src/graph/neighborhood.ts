// The subgraph around a node, breadth-first, for a force-directed view: at most `limit` nodes,
// every edge between kept nodes over the chosen types (each once), and whether anything was cut.

import { nodeSpaceOf, edgeOfStep, type GraphTopology, type NodeRef, type NodeSpace, type TypedEdge } from './hetero.js';
import type { EdgeType, TraversalDirection } from '../model/index.js';

export interface NeighborhoodOptions {
  /** Hops from the start node; 0 keeps only the start. */
  depth: number;
  edgeTypes: readonly EdgeType[];
  direction: TraversalDirection;
  /** The most nodes returned, the start included (≥ 1). */
  limit: number;
  /** The most edges returned; past it the result is truncated (default: no bound). */
  maxEdges?: number;
}

export interface Neighborhood {
  /** Breadth-first order, the start node first. */
  nodes: NodeRef[];
  edges: TypedEdge[];
  /** True iff some node within `depth` hops was left out because of `limit`, or edges because of `maxEdges`. */
  truncated: boolean;
}

/** Buffers reused across calls: a neighbourhood touches few nodes of a big graph. */
class NeighborhoodScratch {
  /**
   * slot[u] - base is u's BFS position when slot[u] >= base, so one read says whether u is kept
   * and where. Each call moves base past every slot the previous call wrote: no clearing.
   */
  readonly slot: Uint32Array;
  base = 1;
  order = new Uint32Array(64);
  depthAt = new Uint32Array(64);
  /** listedBy[u] === token once u was listed from the neighbour list `token` stands for. */
  readonly listedBy: Uint32Array;
  private token = 0;

  constructor(nodeCount: number) {
    this.slot = new Uint32Array(nodeCount);
    this.listedBy = new Uint32Array(nodeCount);
  }

  /** Starts a call that keeps at most maxNodes nodes; `previousCount` is what the last call kept. */
  begin(maxNodes: number, previousCount: number): void {
    this.base += previousCount;
    // Near wrap-around old slots could read as kept: wipe them once.
    if (this.base + maxNodes >= 0xffffffff) this.slot.fill(0), (this.base = 1);
    if (this.order.length < maxNodes) (this.order = new Uint32Array(maxNodes)), (this.depthAt = new Uint32Array(maxNodes));
  }

  nextToken(): number {
    // On wrap-around stale tokens could match new ones: wipe them once.
    if (++this.token === 0xffffffff) this.listedBy.fill(0), (this.token = 1);
    return this.token;
  }
}

const scratches = new WeakMap<NodeSpace, { scratch: NeighborhoodScratch; lastCount: number }>();

export function neighborhood(graph: GraphTopology, start: NodeRef, options: NeighborhoodOptions): Neighborhood {
  const { depth, edgeTypes, direction, limit, maxEdges = Infinity } = options;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a non-negative integer, got ${depth}`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const space = nodeSpaceOf(graph);
  const origin = space.pack(start);
  const adjacency = space.adjacency(edgeTypes, direction);
  let state = scratches.get(space);
  if (!state) scratches.set(space, (state = { scratch: new NeighborhoodScratch(space.nodeCount), lastCount: 0 }));
  const { scratch } = state;
  const maxNodes = Math.min(limit, space.nodeCount);
  scratch.begin(maxNodes, state.lastCount);
  const { slot, base: keptFrom, order, depthAt, listedBy } = scratch;
  const { bases } = space;

  // Phase 1: discover nodes breadth-first until the limit; edges are gathered afterwards.
  slot[origin] = keptFrom;
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
        if (slot[u] >= keptFrom) continue;
        slot[u] = keptFrom + count;
        order[count] = u;
        depthAt[count] = nodeDepth + 1;
        if (++count === maxNodes) break discover;
      }
    }
  }
  state.lastCount = count;

  // Phase 2: every edge of a kept node to a kept node. With BOTH each edge is listed from its
  // source only (forward steps), so it shows once and the long in-lists of hubs are not walked
  // for edges; parallel records of one edge (an author listed twice) show once too.
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
      if (bothWays && (code & 1) === 0) {
        // A backward step lists no edge; it only matters as evidence of truncation.
        if (truncated || !canReachFurther) continue;
        for (let k = offsets[local], end = offsets[local + 1]; k < end && !truncated; k++) truncated = slot[base + targets[k]] < keptFrom;
        continue;
      }
      const token = scratch.nextToken();
      for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
        const u = base + targets[k];
        const at = slot[u] - keptFrom;
        if (at < 0) {
          if (canReachFurther) truncated = true;
          continue;
        }
        if (listedBy[u] === token) continue;
        listedBy[u] = token;
        if (edges.length === maxEdges) return { nodes, edges, truncated: true };
        edges.push(edgeOfStep(nodes[i], nodes[at], code));
      }
    }
  }
  return { nodes, edges, truncated };
}

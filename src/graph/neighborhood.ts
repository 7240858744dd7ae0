// The subgraph around a node, breadth-first, for a force-directed view: at most `limit` nodes,
// every edge between kept nodes over the chosen types (each once), and whether anything was cut.

import { nodeSpaceOf, edgeOfStep, type Adjacency, type GraphTopology, type NodeRef, type NodeSpace, type TypedEdge } from './hetero.js';
import { GRAPH_NODE_KINDS, type EdgeType, type GraphNodeKind, type TraversalDirection } from '../model/index.js';

export interface NeighborhoodOptions {
  /** Hops from the start node; 0 keeps only the start. */
  depth: number;
  edgeTypes: readonly EdgeType[];
  direction: TraversalDirection;
  /** The most nodes returned, the start included (≥ 1). */
  limit: number;
  /** The most edges returned; past it the result is truncated (default: no bound). */
  maxEdges?: number;
  /** Only nodes of these kinds are kept and walked through (the start is kept whatever its kind); all by default. */
  nodeKinds?: readonly GraphNodeKind[] | null;
  /**
   * Each node adds at most this many new nodes, its most connected neighbours first (degree over
   * the followed edges, ties by node order); no cap by default.
   */
  fanOut?: number | null;
  /**
   * Nodes the caller has already: neither kept nor walked through, but the edges between them and
   * kept nodes are listed (their ends not in `nodes`), so new nodes can be attached to them.
   */
  exclude?: readonly NodeRef[] | null;
  /**
   * A node other than the start with more neighbours than this over the followed edges is a hub:
   * kept, but a leaf: not expanded (its neighbours come in only by other ways), and only its edges
   * to nodes nearer the start are listed. None by default.
   */
  hubDegree?: number | null;
}

export interface Neighborhood {
  /** Breadth-first order, the start node first. */
  nodes: NodeRef[];
  edges: TypedEdge[];
  /**
   * True iff some node within `depth` hops (of the kinds asked for, not excluded) was left out
   * because of `limit`, `fanOut` or a hub, or edges because of `maxEdges`.
   */
  truncated: boolean;
  /** Nodes other than the start with more neighbours than `hubDegree`: not expanded, edges only towards the start; in `nodes` order. */
  hubs: NodeRef[];
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
  /** excludedBy[u] === a call's exclusion token when that call was told to leave u out. */
  readonly excludedBy: Uint32Array;
  /** Neighbours competing for a node's fan-out, and their sort keys. */
  candidates = new Uint32Array(64);
  ranks = new Float64Array(64);
  private token = 0;

  constructor(nodeCount: number) {
    this.slot = new Uint32Array(nodeCount);
    this.listedBy = new Uint32Array(nodeCount);
    this.excludedBy = new Uint32Array(nodeCount);
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
    if (++this.token === 0xffffffff) this.listedBy.fill(0), this.excludedBy.fill(0), (this.token = 1);
    return this.token;
  }

  /** Room for n candidates. */
  reserve(n: number): void {
    if (this.candidates.length < n) {
      const size = Math.max(n, this.candidates.length * 2);
      this.candidates = new Uint32Array(size);
      this.ranks = new Float64Array(size);
    }
  }
}

const scratches = new WeakMap<NodeSpace, { scratch: NeighborhoodScratch; lastCount: number }>();
/** Sort keys of fan-out candidates: (MAX_RANKED_DEGREE - degree) * 2^32 + packed id, exact in a double. */
const MAX_RANKED_DEGREE = 2 ** 20;
const TWO_TO_32 = 2 ** 32;

/** Edges of a packed node over an adjacency, counted over the steps `allowed` admits (all when null). */
function degreeIn(adjacency: Adjacency, packed: number, allowed: boolean[][] | null): number {
  const space = adjacency.space;
  const kind = space.kindOf(packed);
  const local = packed - space.bases[kind];
  const offsetsOfKind = adjacency.offsets[kind];
  let degree = 0;
  for (let s = 0; s < offsetsOfKind.length; s++) {
    if (allowed && !allowed[kind][s]) continue;
    degree += offsetsOfKind[s][local + 1] - offsetsOfKind[s][local];
  }
  return degree;
}

/** The edges of a node over these edge types and direction (each edge once per end it has here). */
export function degreeOf(graph: GraphTopology, node: NodeRef, edgeTypes: readonly EdgeType[], direction: TraversalDirection): number {
  const space = nodeSpaceOf(graph);
  return degreeIn(space.adjacency(edgeTypes, direction), space.pack(node), null);
}

/** allowed[kind][step]: whether a step of `adjacency` leads to a node of the kinds kept; null when every kind is. */
function allowedSteps(adjacency: Adjacency, nodeKinds: readonly GraphNodeKind[] | null | undefined): boolean[][] | null {
  if (!nodeKinds || GRAPH_NODE_KINDS.every((k) => nodeKinds.includes(k))) return null;
  const space = adjacency.space;
  // An empty kind has no targets, so whatever kindOf says of its base does not matter.
  return adjacency.targetBase.map((bases) => bases.map((base) => nodeKinds.includes(GRAPH_NODE_KINDS[space.kindOf(base)])));
}

export function neighborhood(graph: GraphTopology, start: NodeRef, options: NeighborhoodOptions): Neighborhood {
  const { depth, edgeTypes, direction, limit, maxEdges = Infinity } = options;
  const fanOut = options.fanOut ?? null,
    hubDegree = options.hubDegree ?? null;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`depth must be a non-negative integer, got ${depth}`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (fanOut !== null && (!Number.isInteger(fanOut) || fanOut < 1))
    throw new RangeError(`fanOut must be a positive integer, got ${fanOut}`);
  if (hubDegree !== null && (!Number.isInteger(hubDegree) || hubDegree < 0))
    throw new RangeError(`hubDegree must be a non-negative integer, got ${hubDegree}`);
  const space = nodeSpaceOf(graph);
  const origin = space.pack(start);
  const adjacency = space.adjacency(edgeTypes, direction);
  const allowed = allowedSteps(adjacency, options.nodeKinds);
  let state = scratches.get(space);
  if (!state) scratches.set(space, (state = { scratch: new NeighborhoodScratch(space.nodeCount), lastCount: 0 }));
  const { scratch } = state;
  const maxNodes = Math.min(limit, space.nodeCount);
  scratch.begin(maxNodes, state.lastCount);
  const { slot, base: keptFrom, order, depthAt, listedBy, excludedBy } = scratch;
  const { bases } = space;
  // Excluded nodes carry this call's token (-1, which no node carries, when none are).
  let excludeToken = -1;
  if (options.exclude?.length) {
    excludeToken = scratch.nextToken();
    for (const ref of options.exclude) {
      const packed = space.pack(ref);
      if (packed !== origin) excludedBy[packed] = excludeToken;
    }
  }

  // Phase 1: discover nodes breadth-first until the limit; edges are gathered afterwards.
  slot[origin] = keptFrom;
  order[0] = origin;
  depthAt[0] = 0;
  let count = 1;
  discover: for (let head = 0; head < count && count < maxNodes; head++) {
    const nodeDepth = depthAt[head];
    if (nodeDepth >= depth) break;
    const v = order[head];
    if (head > 0 && hubDegree !== null && degreeIn(adjacency, v, allowed) > hubDegree) continue;
    const kind = space.kindOf(v);
    const local = v - bases[kind];
    const offsetsOfKind = adjacency.offsets[kind];
    if (fanOut === null) {
      for (let s = 0; s < offsetsOfKind.length; s++) {
        if (allowed && !allowed[kind][s]) continue;
        const offsets = offsetsOfKind[s];
        const targets = adjacency.targets[kind][s];
        const base = adjacency.targetBase[kind][s];
        for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
          const u = base + targets[k];
          if (slot[u] >= keptFrom || excludedBy[u] === excludeToken) continue;
          slot[u] = keptFrom + count;
          order[count] = u;
          depthAt[count] = nodeDepth + 1;
          if (++count === maxNodes) break discover;
        }
      }
      continue;
    }
    // With a fan-out cap: the new neighbours (each once), the most connected first.
    const token = scratch.nextToken();
    let n = 0;
    for (let s = 0; s < offsetsOfKind.length; s++) {
      if (allowed && !allowed[kind][s]) continue;
      const offsets = offsetsOfKind[s];
      const targets = adjacency.targets[kind][s];
      const base = adjacency.targetBase[kind][s];
      scratch.reserve(n + offsets[local + 1] - offsets[local]);
      for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
        const u = base + targets[k];
        if (slot[u] >= keptFrom || excludedBy[u] === excludeToken || listedBy[u] === token) continue;
        listedBy[u] = token;
        scratch.candidates[n++] = u;
      }
    }
    const { candidates, ranks } = scratch;
    let take = n;
    if (n > fanOut) {
      for (let i = 0; i < n; i++)
        ranks[i] =
          (MAX_RANKED_DEGREE - Math.min(degreeIn(adjacency, candidates[i], allowed), MAX_RANKED_DEGREE)) * TWO_TO_32 + candidates[i];
      ranks.subarray(0, n).sort();
      for (let i = 0; i < fanOut; i++) candidates[i] = ranks[i] % TWO_TO_32;
      take = fanOut;
    }
    for (let i = 0; i < take; i++) {
      const u = candidates[i];
      slot[u] = keptFrom + count;
      order[count] = u;
      depthAt[count] = nodeDepth + 1;
      if (++count === maxNodes) break discover;
    }
  }
  state.lastCount = count;

  // Phase 2: every edge of a kept node to a kept (or excluded) node. With BOTH each edge between
  // kept nodes is listed from its source only (forward steps), so it shows once and the long
  // in-lists of hubs are not walked for edges; parallel records of one edge (an author listed
  // twice) show once too. An excluded node is never scanned, so its edges are listed from the kept end.
  // A kept node short of `depth` with a neighbour left out (not excluded) proves the result was truncated.
  const nodes: NodeRef[] = new Array(count);
  for (let i = 0; i < count; i++) nodes[i] = space.unpack(order[i]);
  const edges: TypedEdge[] = [];
  // Every node of the answer past the degree is a hub, expanded or not (the limit may have come
  // first): a leaf that keeps only its edges to nodes nearer the start (those that reached it).
  let isHub: Uint8Array | null = null;
  const hubs: NodeRef[] = [];
  if (hubDegree !== null) {
    for (let i = 1; i < count; i++) {
      if (degreeIn(adjacency, order[i], allowed) <= hubDegree) continue;
      (isHub ??= new Uint8Array(count))[i] = 1;
      hubs.push(nodes[i]);
    }
  }
  const bothWays = direction === 'BOTH';
  let truncated = false;
  for (let i = 0; i < count; i++) {
    const v = order[i];
    const canReachFurther = depthAt[i] < depth;
    const kind = space.kindOf(v);
    const local = v - bases[kind];
    const offsetsOfKind = adjacency.offsets[kind];
    for (let s = 0; s < offsetsOfKind.length; s++) {
      if (allowed && !allowed[kind][s]) continue;
      const offsets = offsetsOfKind[s];
      const targets = adjacency.targets[kind][s];
      const base = adjacency.targetBase[kind][s];
      const code = adjacency.codes[kind][s];
      if (bothWays && (code & 1) === 0) {
        // A backward step lists only edges from excluded nodes; otherwise it is evidence of truncation.
        if (excludeToken < 0 && (truncated || !canReachFurther)) continue;
        const token = scratch.nextToken();
        for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
          const u = base + targets[k];
          if (slot[u] >= keptFrom) continue;
          if (excludedBy[u] !== excludeToken) {
            if (canReachFurther) truncated = true;
            if (excludeToken < 0) break;
            continue;
          }
          if (listedBy[u] === token || isHub?.[i]) continue;
          listedBy[u] = token;
          if (edges.length === maxEdges) return { nodes, edges, truncated: true, hubs };
          edges.push(edgeOfStep(nodes[i], space.unpack(u), code));
        }
        continue;
      }
      const token = scratch.nextToken();
      for (let k = offsets[local], end = offsets[local + 1]; k < end; k++) {
        const u = base + targets[k];
        const at = slot[u] - keptFrom;
        const kept = at >= 0;
        if (!kept && excludedBy[u] !== excludeToken) {
          if (canReachFurther) truncated = true;
          continue;
        }
        if (listedBy[u] === token) continue;
        // An edge at a hub must lead from it towards the start, at each end that is a hub.
        if (isHub && ((isHub[i] === 1 && !(kept && depthAt[at] < depthAt[i])) || (kept && isHub[at] === 1 && depthAt[i] >= depthAt[at])))
          continue;
        listedBy[u] = token;
        if (edges.length === maxEdges) return { nodes, edges, truncated: true, hubs };
        edges.push(edgeOfStep(nodes[i], kept ? nodes[at] : space.unpack(u), code));
      }
    }
  }
  return { nodes, edges, truncated, hubs };
}

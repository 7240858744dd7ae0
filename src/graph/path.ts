// A shortest path between any two nodes over chosen edge types: bidirectional breadth-first
// search that always expands the smaller frontier, so hubs on one side do not swamp the search.

import {
  nodeSpaceOf,
  StampSet,
  edgeOfStep,
  type Adjacency,
  type GraphTopology,
  type NodeRef,
  type NodeSpace,
  type TypedEdge,
} from './hetero.js';
import type { EdgeType, TraversalDirection } from '../model/index.js';

export interface ShortestPathOptions {
  edgeTypes: readonly EdgeType[];
  /** The longest path accepted, in edges. */
  maxDepth: number;
  /** OUT follows edges from `from` towards `to` in their natural direction; BOTH ignores direction. */
  direction?: TraversalDirection;
}

export interface GraphPath {
  /** From `from` to `to`, inclusive. */
  nodes: NodeRef[];
  /** edges[i] joins nodes[i] and nodes[i + 1], stated in its natural direction. */
  edges: TypedEdge[];
}

/** One side of the search: visited set, BFS queue, and how each node was reached. */
class SearchSide {
  readonly visited: StampSet;
  readonly queue: Uint32Array;
  readonly parent: Uint32Array;
  /** The adjacency step code (type and direction) that reached each node from its parent. */
  readonly via: Uint8Array;
  levelStart = 0;
  levelEnd = 0;
  count = 0;
  depth = 0;

  constructor(nodeCount: number) {
    this.visited = new StampSet(nodeCount);
    this.queue = new Uint32Array(nodeCount);
    this.parent = new Uint32Array(nodeCount);
    this.via = new Uint8Array(nodeCount);
  }

  reset(root: number): void {
    this.visited.clear();
    this.visited.add(root);
    this.queue[0] = root;
    this.levelStart = 0;
    this.levelEnd = 1;
    this.count = 1;
    this.depth = 0;
  }

  get frontierSize(): number {
    return this.levelEnd - this.levelStart;
  }
}

class PathScratch {
  readonly forward: SearchSide;
  readonly backward: SearchSide;
  constructor(nodeCount: number) {
    this.forward = new SearchSide(nodeCount);
    this.backward = new SearchSide(nodeCount);
  }
}

const scratches = new WeakMap<NodeSpace, PathScratch>();
const REVERSED: Record<TraversalDirection, TraversalDirection> = { OUT: 'IN', IN: 'OUT', BOTH: 'BOTH' };

/** A shortest path, or null when there is none of at most maxDepth edges. */
export function shortestPath(graph: GraphTopology, from: NodeRef, to: NodeRef, options: ShortestPathOptions): GraphPath | null {
  const { edgeTypes, maxDepth, direction = 'BOTH' } = options;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be a non-negative integer, got ${maxDepth}`);
  const space = nodeSpaceOf(graph);
  const source = space.pack(from);
  const target = space.pack(to);
  const forwardAdjacency = space.adjacency(edgeTypes, direction);
  const backwardAdjacency = space.adjacency(edgeTypes, REVERSED[direction]);
  if (source === target) return { nodes: [space.unpack(source)], edges: [] };

  let scratch = scratches.get(space);
  if (!scratch) scratches.set(space, (scratch = new PathScratch(space.nodeCount)));
  const { forward, backward } = scratch;
  forward.reset(source);
  backward.reset(target);
  while (forward.depth + backward.depth < maxDepth && forward.frontierSize > 0 && backward.frontierSize > 0) {
    const expandForward = forward.frontierSize <= backward.frontierSize;
    const meeting = expandForward
      ? expandLevel(space, forwardAdjacency, forward, backward)
      : expandLevel(space, backwardAdjacency, backward, forward);
    if (meeting >= 0) return buildPath(space, forward, backward, meeting);
  }
  return null;
}

/**
 * Expands one whole level of `side`; returns the first node also visited by `other`, or -1.
 * The first meeting is a shortest path: all shorter ones would have met a level earlier.
 */
function expandLevel(space: NodeSpace, adjacency: Adjacency, side: SearchSide, other: SearchSide): number {
  const { visited, queue, parent, via } = side;
  const { bases } = space;
  const end = side.levelEnd;
  let count = side.count;
  for (let head = side.levelStart; head < end; head++) {
    const v = queue[head];
    const kind = space.kindOf(v);
    const local = v - bases[kind];
    const offsetsOfKind = adjacency.offsets[kind];
    for (let s = 0; s < offsetsOfKind.length; s++) {
      const offsets = offsetsOfKind[s];
      const targets = adjacency.targets[kind][s];
      const base = adjacency.targetBase[kind][s];
      const code = adjacency.codes[kind][s];
      for (let k = offsets[local], stop = offsets[local + 1]; k < stop; k++) {
        const u = base + targets[k];
        if (visited.has(u)) continue;
        visited.add(u);
        parent[u] = v;
        via[u] = code;
        if (other.visited.has(u)) {
          side.count = count;
          return u;
        }
        queue[count++] = u;
      }
    }
  }
  side.levelStart = end;
  side.levelEnd = count;
  side.count = count;
  side.depth++;
  return -1;
}

function buildPath(space: NodeSpace, forward: SearchSide, backward: SearchSide, meeting: number): GraphPath {
  // Walk from the meeting node back to each root; both walks give steps as (parent → child, code).
  const head: number[] = [meeting];
  for (let v = meeting; v !== forward.queue[0]; v = forward.parent[v]) head.push(forward.parent[v]);
  head.reverse();
  const tail: number[] = [];
  for (let v = meeting; v !== backward.queue[0]; v = backward.parent[v]) tail.push(backward.parent[v]);
  const packed = head.concat(tail);
  const nodes = packed.map((p) => space.unpack(p));
  const edges: TypedEdge[] = [];
  for (let i = 0; i + 1 < packed.length; i++) {
    // A forward-side step was taken from nodes[i] to nodes[i + 1]; a backward-side one the other way.
    edges.push(
      i + 1 < head.length
        ? edgeOfStep(nodes[i], nodes[i + 1], forward.via[packed[i + 1]])
        : edgeOfStep(nodes[i + 1], nodes[i], backward.via[packed[i]]),
    );
  }
  return { nodes, edges };
}

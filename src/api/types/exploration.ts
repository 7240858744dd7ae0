// Graph exploration on Query: the neighbourhood of a node and the shortest path between two,
// as typed nodes and edges ready for a force-directed view.

import { EDGE_KINDS, EDGE_TYPES, type EdgeType, type TraversalDirection } from '../../model/index.js';
import type { GraphEdge, Subgraph } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { PATH_SEARCH_COST, SUBGRAPH_EDGES_PER_NODE } from '../complexity.js';
import { UserInputError } from '../errors.js';
import { globalIdOf, loadNodes, nodeKeyOf } from '../graph-nodes.js';

export const MAX_NEIGHBORHOOD_DEPTH = 4;
export const MAX_NEIGHBORHOOD_LIMIT = 2000;
export const MAX_PATH_DEPTH = 10;

export const EdgeTypeEnum = builder.enumType('EdgeType', {
  description: 'The kinds of edge in the graph, each with a natural direction.',
  values: Object.fromEntries(EDGE_KINDS.map((e) => [e.type, { description: e.description }])) as Record<EdgeType, { description: string }>,
});

const DirectionEnum = builder.enumType('TraversalDirection', {
  description: 'Which way to follow edges.',
  values: {
    OUT: { description: "Along the edge's natural direction (a paper to its references)." },
    IN: { description: 'Against it (a paper to the papers citing it).' },
    BOTH: { description: 'Either way.' },
  } satisfies Record<TraversalDirection, { description: string }>,
});

const GraphEdgeRef = builder.objectRef<GraphEdge>('GraphEdge').implement({
  description: 'An edge of the graph, in its natural direction.',
  fields: (t) => ({
    // Exposed, not resolved: graphql-jit reads a property in place instead of calling a resolver.
    type: t.expose('type', { type: EdgeTypeEnum, description: 'The kind of edge.' }),
    source: t.id({ description: 'Global id of the node the edge starts at.', resolve: (e) => globalIdOf(e.source) }),
    target: t.id({ description: 'Global id of the node the edge points to.', resolve: (e) => globalIdOf(e.target) }),
  }),
});

const NodeInterface = builder.nodeInterfaceRef();

const SubgraphRef = builder.objectRef<Subgraph>('Subgraph').implement({
  description: 'Nodes and the edges between them.',
  fields: (t) => ({
    nodes: t.field({
      type: [NodeInterface],
      description: 'The nodes, breadth-first from the start node.',
      resolve: async (g, _a, ctx) => (await loadNodes(ctx, g.nodes)).filter((n) => n !== null) as never,
    }),
    edges: t.field({ type: [GraphEdgeRef], description: 'Edges whose two ends are both in `nodes`, each once.', resolve: (g) => g.edges }),
    truncated: t.exposeBoolean('truncated', {
      description: `Whether nodes within reach were left out because of \`limit\`, or edges past ${SUBGRAPH_EDGES_PER_NODE} per node of \`limit\`.`,
    }),
  }),
});

const PathRef = builder.objectRef<Subgraph>('GraphPath').implement({
  description: 'A shortest path: nodes in order from `from` to `to`, and the edge of each step.',
  fields: (t) => ({
    length: t.int({ description: 'Number of edges.', resolve: (p) => p.edges.length }),
    nodes: t.field({
      type: [NodeInterface],
      description: 'The nodes of the path, `from` first and `to` last.',
      resolve: async (p, _a, ctx) => (await loadNodes(ctx, p.nodes)) as never,
    }),
    edges: t.field({
      type: [GraphEdgeRef],
      description: 'edges[i] joins nodes[i] and nodes[i+1], stated in its natural direction.',
      resolve: (p) => p.edges,
    }),
  }),
});

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UserInputError(`"${name}" must be between ${min} and ${max}, got ${value}`);
}

builder.queryFields((t) => ({
  neighborhood: t.field({
    type: SubgraphRef,
    nullable: true,
    description:
      'The subgraph around a node, breadth-first: for a force-directed view. Stops at exactly `limit` nodes. Null when no node has this id.',
    complexity: (args) => ({ field: 1, multiplier: Math.min(Math.max(args.limit ?? 200, 1), MAX_NEIGHBORHOOD_LIMIT) }),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the start node (paper, concept, author, topic or venue).' }),
      depth: t.arg.int({ defaultValue: 1, description: `Hops from the start node (0–${MAX_NEIGHBORHOOD_DEPTH}).` }),
      edgeTypes: t.arg({ type: [EdgeTypeEnum], description: 'Edge kinds to follow; all kinds by default.' }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Which way to follow edges.' }),
      limit: t.arg.int({ defaultValue: 200, description: `The most nodes returned, the start included (1–${MAX_NEIGHBORHOOD_LIMIT}).` }),
    },
    resolve: (_root, args, ctx) => {
      const depth = args.depth ?? 1,
        limit = args.limit ?? 200;
      checkRange('depth', depth, 0, MAX_NEIGHBORHOOD_DEPTH);
      checkRange('limit', limit, 1, MAX_NEIGHBORHOOD_LIMIT);
      return ctx.loaders.neighborhood.load({
        // Edges are capped where their cost is charged, so the charge is a bound, not an estimate.
        start: nodeKeyOf(String(args.id), 'id'),
        depth,
        limit,
        maxEdges: limit * SUBGRAPH_EDGES_PER_NODE,
        edgeTypes: [...(args.edgeTypes ?? EDGE_TYPES)],
        direction: args.direction ?? 'BOTH',
      });
    },
  }),
  path: t.field({
    type: PathRef,
    nullable: true,
    description: 'A shortest path between two nodes over the chosen edge kinds, ignoring direction; null when none is within `maxDepth`.',
    complexity: (args) => ({ field: 1 + PATH_SEARCH_COST, multiplier: Math.min(Math.max(args.maxDepth ?? 6, 1), MAX_PATH_DEPTH) + 1 }),
    args: {
      from: t.arg.id({ required: true, description: 'Global id of the first node.' }),
      to: t.arg.id({ required: true, description: 'Global id of the last node.' }),
      edgeTypes: t.arg({ type: [EdgeTypeEnum], description: 'Edge kinds a step may use; all kinds by default.' }),
      maxDepth: t.arg.int({ defaultValue: 6, description: `The longest path accepted, in edges (1–${MAX_PATH_DEPTH}).` }),
    },
    resolve: (_root, args, ctx) => {
      const maxDepth = args.maxDepth ?? 6;
      checkRange('maxDepth', maxDepth, 1, MAX_PATH_DEPTH);
      return ctx.loaders.path.load({
        from: nodeKeyOf(String(args.from), 'from'),
        to: nodeKeyOf(String(args.to), 'to'),
        edgeTypes: [...(args.edgeTypes ?? EDGE_TYPES)],
        maxDepth,
      });
    },
  }),
}));

// Graph exploration on Query: the neighbourhood of a node and the shortest path between two,
// as typed nodes and edges ready for a force-directed view.

import type { GraphQLResolveInfo } from 'graphql';
import { EDGE_KINDS, EDGE_TYPES, GRAPH_NODE_KINDS, type EdgeType, type GraphNodeKind, type TraversalDirection } from '../../model/index.js';
import type { GraphEdge, NodeKey, Subgraph } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { EXCLUDE_COST_PER_ID, PATH_SEARCH_COST, SUBGRAPH_EDGES_PER_NODE } from '../complexity.js';
import { UserInputError } from '../errors.js';
import { globalIdOf, loadNodes, nodeKeyOf } from '../graph-nodes.js';
import { ConceptRoleEnum, type PaperRef } from '../refs.js';
import { LinkStatusEnum, statusOf } from './annotations.js';
import { ProvenanceType } from './ordering.js';

export const MAX_NEIGHBORHOOD_DEPTH = 4;
export const MAX_NEIGHBORHOOD_LIMIT = 2000;
export const MAX_PATH_DEPTH = 10;
/** The most ids `exclude` takes: what a client can have drawn (a few full neighbourhoods). */
export const MAX_EXCLUDE = 10_000;
/**
 * A neighbourhood's default hub threshold: a node (other than the start) with more neighbours
 * than this over the followed edges is kept but not expanded. Measured on the NeurIPS 2020 build
 * (all edge kinds): past 100 are its venue (1,900), 9 of 175 topics, 15 of 11,465 concepts and
 * 17 of 7,926 papers, while a paper's median degree is 7 and its 99th percentile 40.
 */
export const DEFAULT_HUB_DEGREE = 100;

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

export const GraphNodeKindEnum = builder.enumType('GraphNodeKind', {
  description: 'The kinds of node of the explorable graph (the `__typename` of a `GraphNode`).',
  values: Object.fromEntries(
    GRAPH_NODE_KINDS.map((kind) => [kind.toUpperCase(), { value: kind, description: `${kind} nodes.` }]),
  ) as Record<Uppercase<GraphNodeKind>, { value: GraphNodeKind; description: string }>,
});

/** Global ids of a subgraph's node keys, each encoded once: its edges share their ends' key objects. */
const globalIds = new WeakMap<NodeKey, string>();
function globalIdOfKey(key: NodeKey): string {
  let id = globalIds.get(key);
  if (id === undefined) globalIds.set(key, (id = globalIdOf(key)));
  return id;
}

/**
 * The id of an edge: its type and its two ends' global ids (base64, which has no ":"), so the
 * same edge has the same id in every answer. Opaque to clients; not a `node(id:)` id.
 */
export function edgeIdOf(e: GraphEdge): string {
  return `${e.type}:${globalIdOfKey(e.source)}:${globalIdOfKey(e.target)}`;
}

const GraphEdgeRef = builder.objectRef<GraphEdge>('GraphEdge').implement({
  description:
    'An edge of the graph, in its natural direction, with the attributes its type has (null for the others): a key for normalised caches.',
  fields: (t) => ({
    id: t.id({
      description: 'Stable id of the edge (its type and its two ends): the same edge has the same id in every neighbourhood and path.',
      resolve: edgeIdOf,
    }),
    // Exposed, not resolved: graphql-jit reads a property in place instead of calling a resolver.
    type: t.expose('type', { type: EdgeTypeEnum, description: 'The kind of edge.' }),
    source: t.id({ description: 'Global id of the node the edge starts at.', resolve: (e) => globalIdOfKey(e.source) }),
    target: t.id({ description: 'Global id of the node the edge points to.', resolve: (e) => globalIdOfKey(e.target) }),
    role: t.field({
      type: ConceptRoleEnum,
      nullable: true,
      description: 'HAS_CONCEPT: what the paper does with the concept.',
      resolve: (e) => e.conceptLink?.role ?? null,
    }),
    score: t.float({
      nullable: true,
      description: 'HAS_CONCEPT: how central the concept is to the paper, in (0, 1].',
      resolve: (e) => e.conceptLink?.score ?? null,
    }),
    status: t.field({
      type: LinkStatusEnum,
      nullable: true,
      description: 'HAS_CONCEPT: SUGGESTED while only the tagger vouches for the link, CONFIRMED once curated or accepted.',
      resolve: (e, _a, ctx) => (e.conceptLink ? statusOf(e.conceptLink, ctx) : null),
    }),
    position: t.int({
      nullable: true,
      description: "AUTHORED: the author's 1-based position in the paper's author list (as `Paper.authors`).",
      resolve: (e) => (e.authorship ? e.authorship.position + 1 : null),
    }),
    intents: t.stringList({
      nullable: true,
      description: 'CITES: why the paper is cited (BACKGROUND, METHOD, RESULT), where known.',
      resolve: (e) => e.citation?.intents ?? null,
    }),
    isInfluential: t.boolean({
      nullable: true,
      description: 'CITES: whether its source (Semantic Scholar) marks the citation influential, where known.',
      resolve: (e) => e.citation?.isInfluential ?? null,
    }),
    provenance: t.field({
      type: [ProvenanceType],
      description: 'Where the edge comes from (CITES and HAS_CONCEPT: "curated", "guide", "tagger", an importer); empty for other types.',
      resolve: (e) => e.citation?.provenance ?? e.conceptLink?.provenance ?? [],
    }),
  }),
});

const NodeInterface = builder.nodeInterfaceRef();

type GraphNodeRecord = { id: string; title?: string; name?: string };

/** The kind of a GraphNode from the object type being resolved. */
const kindOfParent = (info: GraphQLResolveInfo) => info.parentType.name as GraphNodeKind;

const DEFAULT_DEGREE_DIRECTION: TraversalDirection = 'BOTH';

/**
 * A node of the explorable graph: what a graph view draws for it without a fragment per type —
 * its id, `__typename` (the kind), a label and its degree.
 */
export const GraphNodeInterface = builder.interfaceRef<GraphNodeRecord>('GraphNode').implement({
  description:
    'A node of the explorable graph (Paper, Concept, Author, Topic, Venue): `id`, `nodeKind`, `label` and `degree` without a fragment per type.',
  interfaces: [NodeInterface],
  fields: (t) => ({
    nodeKind: t.field({
      type: GraphNodeKindEnum,
      description:
        'Its kind, to colour or filter it by (the same as `__typename`, as an enum; named `nodeKind` because Concept and Venue have a `kind` of their own).',
      resolve: (_n, _a, _c, info) => kindOfParent(info),
    }),
    label: t.string({
      description: "What to write on the node: a paper's title, the name of the others.",
      resolve: (n) => n.title ?? n.name ?? n.id,
    }),
    degree: t.int({
      description:
        "Its edges in the whole graph over these edge kinds and direction (pass a neighbourhood's own `edgeTypes` to size or badge its nodes: the edges beyond those shown are what expanding the node adds).",
      args: {
        edgeTypes: t.arg({ type: [EdgeTypeEnum], description: 'Edge kinds counted; all kinds by default.' }),
        direction: t.arg({
          type: DirectionEnum,
          defaultValue: DEFAULT_DEGREE_DIRECTION,
          description: 'Which edges count: OUT those starting at the node, IN those ending at it, BOTH all.',
        }),
      },
      resolve: async (n, args, ctx, info) =>
        (await ctx.loaders.degree.load({
          node: { kind: kindOfParent(info), id: n.id },
          edgeTypes: [...(args.edgeTypes ?? EDGE_TYPES)],
          direction: args.direction ?? DEFAULT_DEGREE_DIRECTION,
        })) ?? 0,
    }),
  }),
});
// The node types are defined with builder.node, whose refs their files keep: add the interface
// to each by name once every type is defined.
builder.configStore.onPrepare(() => {
  for (const kind of GRAPH_NODE_KINDS) (builder.configStore.getOutputTypeRef(kind) as typeof PaperRef).addInterfaces([GraphNodeInterface]);
});

const SubgraphRef = builder.objectRef<Subgraph>('Subgraph').implement({
  description: 'Nodes and the edges between them.',
  fields: (t) => ({
    nodes: t.field({
      type: [GraphNodeInterface],
      description: 'The nodes, breadth-first from the start node (each with `label` and `degree`).',
      resolve: async (g, _a, ctx) => (await loadNodes(ctx, g.nodes)).filter((n) => n !== null) as never,
    }),
    edges: t.field({
      type: [GraphEdgeRef],
      description:
        'Edges whose two ends are both in `nodes`, each once; with `exclude`, also the edges from these nodes to the excluded ones (to attach new nodes to those already drawn).',
      resolve: (g) => g.edges,
    }),
    truncated: t.exposeBoolean('truncated', {
      description: `Whether nodes within reach were left out because of \`limit\`, \`fanOut\` or a hub, or edges past ${SUBGRAPH_EDGES_PER_NODE} per node of \`limit\`.`,
    }),
    hubs: t.idList({
      description:
        'Global ids of the nodes kept but not expanded because they are hubs (more neighbours than `hubDegree`): expand one with a neighbourhood of its own.',
      resolve: (g) => (g.hubs ?? []).map(globalIdOf),
    }),
  }),
});

const PathRef = builder.objectRef<Subgraph>('GraphPath').implement({
  description: 'A shortest path: nodes in order from `from` to `to`, and the edge of each step.',
  fields: (t) => ({
    length: t.int({ description: 'Number of edges.', resolve: (p) => p.edges.length }),
    nodes: t.field({
      type: [GraphNodeInterface],
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

/** The node keys of `exclude`, sorted so that equal sets share one loader key. */
function excludedKeys(ids: readonly (string | number)[]): NodeKey[] {
  const keys = ids.map((id) => nodeKeyOf(String(id), 'exclude'));
  return keys.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UserInputError(`"${name}" must be between ${min} and ${max}, got ${value}`);
}

builder.queryFields((t) => ({
  neighborhood: t.field({
    type: SubgraphRef,
    nullable: true,
    description:
      'The subgraph around a node, breadth-first: for a force-directed view, or step by step (`exclude` what is drawn, `fanOut` per node). Stops at exactly `limit` nodes; hubs are kept but not expanded (`hubDegree`). Null when no node has this id.',
    complexity: (args) => ({
      field: 1 + (Array.isArray(args.exclude) ? args.exclude.length * EXCLUDE_COST_PER_ID : 0),
      multiplier: Math.min(Math.max(args.limit ?? 200, 1), MAX_NEIGHBORHOOD_LIMIT),
    }),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the start node (paper, concept, author, topic or venue).' }),
      depth: t.arg.int({ defaultValue: 1, description: `Hops from the start node (0–${MAX_NEIGHBORHOOD_DEPTH}).` }),
      edgeTypes: t.arg({ type: [EdgeTypeEnum], description: 'Edge kinds to follow; all kinds by default.' }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Which way to follow edges.' }),
      limit: t.arg.int({ defaultValue: 200, description: `The most nodes returned, the start included (1–${MAX_NEIGHBORHOOD_LIMIT}).` }),
      nodeKinds: t.arg({
        type: [GraphNodeKindEnum],
        description: 'Only nodes of these kinds are returned and walked through (the start always is); all kinds by default.',
      }),
      fanOut: t.arg.int({
        description: `Each node adds at most this many new nodes, its most connected neighbours first (1–${MAX_NEIGHBORHOOD_LIMIT}); no cap by default.`,
      }),
      exclude: t.arg.idList({
        description: `Global ids of nodes the client has drawn already (at most ${MAX_EXCLUDE}): they are not returned and not walked through, but the edges between them and returned nodes are. Ids of nodes that no longer exist are ignored.`,
      }),
      hubDegree: t.arg.int({
        defaultValue: DEFAULT_HUB_DEGREE,
        description:
          'A node other than the start with more neighbours than this over the followed edges (a venue, a generic concept, a paper cited everywhere) is a hub: returned with its edges, listed in `hubs`, but not expanded, so it does not flood the neighbourhood. Null expands hubs like any node.',
      }),
    },
    resolve: (_root, args, ctx) => {
      const depth = args.depth ?? 1,
        limit = args.limit ?? 200;
      checkRange('depth', depth, 0, MAX_NEIGHBORHOOD_DEPTH);
      checkRange('limit', limit, 1, MAX_NEIGHBORHOOD_LIMIT);
      if (args.fanOut != null) checkRange('fanOut', args.fanOut, 1, MAX_NEIGHBORHOOD_LIMIT);
      if (args.hubDegree != null && (!Number.isInteger(args.hubDegree) || args.hubDegree < 0))
        throw new UserInputError(`"hubDegree" must be 0 or more (or null to expand hubs), got ${args.hubDegree}`);
      const exclude = args.exclude ?? [];
      if (exclude.length > MAX_EXCLUDE) throw new UserInputError(`"exclude" takes at most ${MAX_EXCLUDE} ids, got ${exclude.length}`);
      return ctx.loaders.neighborhood.load({
        // Edges are capped where their cost is charged, so the charge is a bound, not an estimate.
        start: nodeKeyOf(String(args.id), 'id'),
        depth,
        limit,
        maxEdges: limit * SUBGRAPH_EDGES_PER_NODE,
        edgeTypes: [...(args.edgeTypes ?? EDGE_TYPES)],
        direction: args.direction ?? 'BOTH',
        nodeKinds: args.nodeKinds ? [...new Set(args.nodeKinds)].sort() : null,
        fanOut: args.fanOut ?? null,
        exclude: exclude.length ? excludedKeys(exclude) : null,
        hubDegree: args.hubDegree ?? null,
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

// The graph screen's model, without React or WebGL: what the URL asks for, the colours of the
// kinds, and how an answer of the API (a neighbourhood, an expansion, a path) is merged into the
// graphology graph that sigma draws. Nodes are keyed by global id and edges by the API's edge id,
// so merging the same node or edge twice changes nothing.

import Graph from 'graphology';
import type { EdgeType, GraphEdgeFieldsFragment, GraphNodeFieldsFragment, GraphNodeKind } from '../gql/graphql';
import { nodeHref } from '../urls';

export const NODE_KINDS: readonly GraphNodeKind[] = ['PAPER', 'CONCEPT', 'TOPIC', 'AUTHOR', 'VENUE'];
export const EDGE_TYPES: readonly EdgeType[] = ['CITES', 'HAS_CONCEPT', 'BROADER', 'IN_TOPIC', 'AUTHORED', 'PUBLISHED_IN'];

/** Fill colours of the kinds on the canvas (distinct hues, each ≥ 3:1 against white). */
export const KIND_COLOURS: Record<GraphNodeKind, string> = {
  PAPER: '#2563eb',
  CONCEPT: '#15803d',
  TOPIC: '#b45309',
  AUTHOR: '#9333ea',
  VENUE: '#4b5563',
};

export const KIND_NAMES: Record<GraphNodeKind, string> = {
  PAPER: 'Paper',
  CONCEPT: 'Concept',
  TOPIC: 'Topic',
  AUTHOR: 'Author',
  VENUE: 'Venue',
};

export const EDGE_NAMES: Record<EdgeType, string> = {
  CITES: 'cites',
  HAS_CONCEPT: 'has concept',
  BROADER: 'broader',
  IN_TOPIC: 'in topic',
  AUTHORED: 'authored',
  PUBLISHED_IN: 'published in',
};

export const EDGE_COLOURS: Record<EdgeType, string> = {
  CITES: '#93a3b8',
  HAS_CONCEPT: '#86c79a',
  BROADER: '#4d7c5a',
  IN_TOPIC: '#e0b36e',
  AUTHORED: '#c8a4ec',
  PUBLISHED_IN: '#b8bcc4',
};

/** What the URL asks the screen to show (every field has a default, so /graph alone is valid). */
export interface GraphParams {
  focus: string | null;
  depth: number;
  edges: EdgeType[];
  kinds: GraphNodeKind[];
  limit: number;
  /** The API's hubDegree; null expands hubs too. */
  hub: number | null;
  from: string | null;
  to: string | null;
}

export const DEFAULT_EDGES: EdgeType[] = ['CITES', 'HAS_CONCEPT', 'BROADER'];
export const DEFAULTS: GraphParams = {
  focus: null,
  depth: 1,
  edges: DEFAULT_EDGES,
  kinds: [...NODE_KINDS],
  limit: 300,
  hub: 100,
  from: null,
  to: null,
};
/** The API's caps: depth ≤ 4 and limit ≤ 2,000. */
export const MAX_DEPTH = 4;
export const MAX_NODES = 2000;

function list<T extends string>(raw: string | null, allowed: readonly T[], fallback: T[]): T[] {
  if (raw === null) return fallback;
  const wanted = raw.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
  return allowed.filter((v) => wanted.includes(v));
}

function int(raw: string | null, min: number, max: number, fallback: number): number {
  const n = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export function parseParams(search: string): GraphParams {
  const q = new URLSearchParams(search);
  const hubRaw = q.get('hub');
  return {
    focus: q.get('focus') || q.get('node') || null,
    depth: int(q.get('depth'), 1, MAX_DEPTH, DEFAULTS.depth),
    edges: list(q.get('edges'), EDGE_TYPES, DEFAULTS.edges),
    kinds: list(q.get('kinds'), NODE_KINDS, DEFAULTS.kinds),
    limit: int(q.get('limit'), 1, MAX_NODES, DEFAULTS.limit),
    hub: hubRaw === 'none' ? null : int(hubRaw, 1, 100_000, DEFAULTS.hub as number),
    from: q.get('from') || null,
    to: q.get('to') || null,
  };
}

/** The query string of params (defaults left out, so URLs stay short). */
export function formatParams(p: GraphParams): string {
  const q = new URLSearchParams();
  if (p.focus) q.set('focus', p.focus);
  if (p.depth !== DEFAULTS.depth) q.set('depth', String(p.depth));
  if (p.edges.join(',') !== DEFAULTS.edges.join(',')) q.set('edges', p.edges.join(','));
  if (p.kinds.length !== NODE_KINDS.length) q.set('kinds', p.kinds.join(','));
  if (p.limit !== DEFAULTS.limit) q.set('limit', String(p.limit));
  if (p.hub !== DEFAULTS.hub) q.set('hub', p.hub === null ? 'none' : String(p.hub));
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  return q.toString();
}

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  kind: GraphNodeKind;
  degree: number;
  /** The URL of its page in the Explorer, when the Explorer has one for its kind. */
  href: string | null;
  year: number | null;
  /** Expanded (its neighbourhood fetched), the start, or a hub the API did not expand. */
  expanded: boolean;
  hub: boolean;
  /** How many answers ago it arrived (0: the start's neighbourhood). */
  wave: number;
}

export interface EdgeAttributes {
  /** Not `type`: sigma reads an edge's `type` as the name of the program that draws it. */
  edgeType: EdgeType;
  color: string;
  size: number;
  role: string | null;
  score: number | null;
}

export type ExplorerGraph = Graph<NodeAttributes, EdgeAttributes>;

export function createGraph(): ExplorerGraph {
  return new Graph<NodeAttributes, EdgeAttributes>({ multi: true, type: 'directed', allowSelfLoops: true });
}

export function nodeSize(degree: number): number {
  return Math.min(18, 3 + 2.2 * Math.log2(1 + degree));
}

export interface Subgraph {
  nodes: readonly GraphNodeFieldsFragment[];
  edges: readonly GraphEdgeFieldsFragment[];
  hubs?: readonly string[];
}

/**
 * Adds an answer's nodes and edges (those already there are kept as they are). New nodes are put
 * on rings around `around` (the expanded node, or the origin): breadth-first order puts nearer
 * nodes first, and the layout worker then moves them. Returns the keys of the nodes added.
 */
export function mergeSubgraph(graph: ExplorerGraph, answer: Subgraph, around: string | null, wave: number): string[] {
  const added: string[] = [];
  const centre = around && graph.hasNode(around) ? graph.getNodeAttributes(around) : { x: 0, y: 0 };
  const fresh = answer.nodes.filter((n) => !graph.hasNode(n.id));
  const hubs = new Set(answer.hubs ?? []);
  // Rings of growing radius, about 6 more places each ring: nodes spread without overlapping.
  let ring = 1;
  let onRing = 0;
  let ringSize = 8;
  const spread = around ? 1 : 3;
  for (const node of fresh) {
    if (onRing === ringSize) {
      ring += 1;
      onRing = 0;
      ringSize += 6;
    }
    const angle = (2 * Math.PI * onRing) / ringSize + ring * 0.37;
    onRing += 1;
    const radius = around === null && added.length === 0 ? 0 : ring * spread * 10;
    graph.addNode(node.id, {
      x: centre.x + radius * Math.cos(angle),
      y: centre.y + radius * Math.sin(angle),
      size: nodeSize(node.degree),
      color: KIND_COLOURS[node.nodeKind],
      label: node.label,
      kind: node.nodeKind,
      degree: node.degree,
      href: nodeHref(node),
      year: node.__typename === 'Paper' ? (node.year ?? null) : null,
      expanded: false,
      hub: hubs.has(node.id),
      wave,
    });
    added.push(node.id);
  }
  for (const id of hubs) if (graph.hasNode(id)) graph.setNodeAttribute(id, 'hub', true);
  for (const edge of answer.edges) {
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      edgeType: edge.type,
      color: EDGE_COLOURS[edge.type],
      size: edge.type === 'CITES' ? 1 : 0.8,
      role: edge.role ?? null,
      score: edge.score ?? null,
    });
  }
  return added;
}

/** Counts of the nodes of each kind and the edges of each type drawn. */
export function census(graph: ExplorerGraph): { kinds: Record<GraphNodeKind, number>; edges: Record<EdgeType, number> } {
  const kinds = Object.fromEntries(NODE_KINDS.map((k) => [k, 0])) as Record<GraphNodeKind, number>;
  const edges = Object.fromEntries(EDGE_TYPES.map((t) => [t, 0])) as Record<EdgeType, number>;
  graph.forEachNode((_, a) => void (kinds[a.kind] += 1));
  graph.forEachEdge((_, a) => void (edges[a.edgeType] += 1));
  return { kinds, edges };
}

/** The ids of a path's nodes and edges, for highlighting. */
export interface PathHighlight {
  nodes: Set<string>;
  edges: Set<string>;
}

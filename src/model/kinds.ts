// The kinds of node and edge, listed once. Every other spelling is read from here: the kind
// name is also the GraphQL type, the global-id typename and the store's key kind; `collection`
// names its table in a Corpus, the graph and the snapshot; export formats write the name in
// capitals ("PAPER") and lower case ("paper:<id>").

import type { Author, Collection, Concept, Paper, Topic, Venue } from './types.js';

export const NODE_KINDS = [
  // Order matters: the graph's node space packs the explorable kinds in this order.
  { kind: 'Paper', collection: 'papers', label: 'title', slugged: false, explorable: true },
  { kind: 'Concept', collection: 'concepts', label: 'name', slugged: true, explorable: true },
  { kind: 'Author', collection: 'authors', label: 'name', slugged: true, explorable: true },
  { kind: 'Topic', collection: 'topics', label: 'name', slugged: true, explorable: true },
  { kind: 'Venue', collection: 'venues', label: 'name', slugged: true, explorable: true },
  // A curated reading list: a node of the API, not of the explorable graph.
  { kind: 'Collection', collection: 'collections', label: 'title', slugged: true, explorable: false },
] as const;

type Spec = (typeof NODE_KINDS)[number];
export type NodeKind = Spec['kind'];
/** A node of the explorable graph: neighbourhoods, paths and search reach it. */
export type GraphNodeKind = Extract<Spec, { explorable: true }>['kind'];
/** Kinds looked up by slug as well as by id. */
export type SluggedKind = Extract<Spec, { slugged: true }>['kind'];
/** Kinds listed by name (every kind but papers, which have their own lists). */
export type NamedKind = Exclude<NodeKind, 'Paper'>;
/** The table of a kind: `papers` for Paper. */
export type CollectionOf<K extends NodeKind> = Extract<Spec, { kind: K }>['collection'];
export type NodeCollection = Spec['collection'];
/** The capitalised spelling export formats write: "PAPER". */
export type KindConstant<K extends NodeKind = NodeKind> = Uppercase<K>;

/** The record of each kind. */
export interface NodeRecords {
  Paper: Paper;
  Concept: Concept;
  Author: Author;
  Topic: Topic;
  Venue: Venue;
  Collection: Collection;
}
export type NodeRecord<K extends NodeKind = NodeKind> = NodeRecords[K];

/** Each kind's entry of NODE_KINDS, by kind. */
export const NODE_KIND: { [K in NodeKind]: Extract<Spec, { kind: K }> } = Object.fromEntries(NODE_KINDS.map((s) => [s.kind, s])) as never;
export const GRAPH_NODE_KINDS: readonly GraphNodeKind[] = NODE_KINDS.filter((s) => s.explorable).map((s) => s.kind as GraphNodeKind);
export const SLUGGED_KINDS: readonly SluggedKind[] = NODE_KINDS.filter((s) => s.slugged).map((s) => s.kind as SluggedKind);
export const NAMED_KINDS: readonly NamedKind[] = NODE_KINDS.map((s) => s.kind).filter((k): k is NamedKind => k !== 'Paper');

export function isNodeKind(name: string): name is NodeKind {
  return Object.hasOwn(NODE_KIND, name);
}

export function isGraphNodeKind(name: string): name is GraphNodeKind {
  return isNodeKind(name) && NODE_KIND[name].explorable;
}

export function isSluggedKind(name: string): name is SluggedKind {
  return isNodeKind(name) && NODE_KIND[name].slugged;
}

export function kindConstant<K extends NodeKind>(kind: K): KindConstant<K> {
  return kind.toUpperCase() as KindConstant<K>;
}

/** The edge types, each with its natural direction (source → target) and what it means. */
export const EDGE_KINDS = [
  { type: 'CITES', source: 'Paper', target: 'Paper', description: 'Paper → a paper it cites.' },
  { type: 'HAS_CONCEPT', source: 'Paper', target: 'Concept', description: 'Paper → a concept it is linked to.' },
  { type: 'BROADER', source: 'Concept', target: 'Concept', description: 'Concept → a broader concept.' },
  { type: 'AUTHORED', source: 'Author', target: 'Paper', description: 'Author → a paper they wrote.' },
  { type: 'IN_TOPIC', source: 'Paper', target: 'Topic', description: 'Paper → a topic it belongs to.' },
  { type: 'PUBLISHED_IN', source: 'Paper', target: 'Venue', description: 'Paper → the venue that published it.' },
] as const satisfies readonly { type: string; source: GraphNodeKind; target: GraphNodeKind; description: string }[];

export type EdgeType = (typeof EDGE_KINDS)[number]['type'];
export const EDGE_TYPES: readonly EdgeType[] = EDGE_KINDS.map((e) => e.type);

/** OUT follows edges in their natural direction, IN against it, BOTH either way. */
export const TRAVERSAL_DIRECTIONS = ['OUT', 'IN', 'BOTH'] as const;
export type TraversalDirection = (typeof TRAVERSAL_DIRECTIONS)[number];

/** The one-table-per-kind part of anything keyed by collection (a Corpus, snapshot tables). */
export function nodeCollectionsOf<T extends Record<NodeCollection, unknown>>(source: T): Pick<T, NodeCollection> {
  return Object.fromEntries(NODE_KINDS.map(({ collection }) => [collection, source[collection]])) as Pick<T, NodeCollection>;
}

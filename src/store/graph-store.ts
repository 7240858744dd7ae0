// The contract the API reads through. Async and batch-shaped: every method takes many keys and
// answers them in one call, in key order, so a store backed by a database can implement it
// with one query per call. It is split by seam (node reads, relations, lists, exploration,
// search) so a store can serve a part of it. The memory store (memory-store.ts) is the default.

import type { Authorship, CollectionEntry, PaperConcept, Citation } from '../model/index.js';
import type { EdgeType, GraphNodeKind, NamedKind, NodeKind, NodeRecord, SluggedKind, TraversalDirection } from '../model/index.js';
import type { Page, PageRequest } from './page.js';

// The kinds are declared once, in the model; the store's callers read them from here too.
export type { EdgeType, GraphNodeKind, NamedKind, NodeKind, SluggedKind, TraversalDirection } from '../model/index.js';

export type Direction = 'ASC' | 'DESC';
export interface OrderBy<F extends string> {
  field: F;
  direction: Direction;
}

export type PaperOrderField = 'YEAR' | 'TITLE' | 'CITATION_COUNT' | 'REFERENCE_COUNT' | 'INFLUENCE';
export type NamedOrderField = 'NAME' | 'PAPER_COUNT';

export interface YearRange {
  eq?: number | null;
  gte?: number | null;
  lte?: number | null;
  in?: number[] | null;
}

/** Which papers a list holds. Every criterion given must hold (AND); lists inside one are OR. */
export interface PaperFilter {
  year?: YearRange | null;
  conceptIds?: string[] | null;
  /** With conceptIds: also papers of the concepts' narrower concepts, transitively. */
  includeNarrower?: boolean | null;
  topicIds?: string[] | null;
  venueIds?: string[] | null;
  authorIds?: string[] | null;
  /** Case-insensitive substring of the title or one of its aliases. */
  titleContains?: string | null;
  /** Also stub papers (placeholders a source made for references it could not describe); left out by default. */
  includeStubs?: boolean | null;
  /** Papers one of these papers cites (their references). */
  citedByPaperIds?: string[] | null;
  /** Papers citing one of these papers (their citers). */
  citingPaperIds?: string[] | null;
  /** Papers that are entries of one of these collections. */
  collectionIds?: string[] | null;
}

export interface PaperQuery {
  filter?: PaperFilter | null;
  orderBy?: OrderBy<PaperOrderField>[] | null;
  page: PageRequest;
}

/** Filter for the named node lists (concepts, topics, authors, venues, collections). */
export interface NamedFilter {
  nameContains?: string | null;
  /** Concepts only. */
  kinds?: string[] | null;
}

export interface NamedQuery {
  filter?: NamedFilter | null;
  orderBy?: OrderBy<NamedOrderField>[] | null;
  page: PageRequest;
}

export interface PaperStats {
  /** Papers of the graph it cites, stubs left out. */
  referenceCount: number;
  /** Papers of the graph citing it, stubs left out. */
  citationCount: number;
  /** Stub papers among its references and among its citers. */
  stubReferenceCount: number;
  stubCitationCount: number;
  /** PageRank over citations; sums to 1 over all papers. */
  influence: number;
}

/** A citation seen from one paper: the paper at the other end and the edge record. */
export interface CitationLink {
  paperId: string;
  citation: Citation;
  /** One field of the record, where the store can read it without building the record. */
  field?<K extends keyof Citation>(key: K): Citation[K];
}

export interface ConceptCount {
  conceptId: string;
  count: number;
}

/** A node of the explorable graph by kind and id (kinds: model/kinds.ts). */
export interface NodeKey {
  kind: GraphNodeKind;
  id: string;
}

/** An edge in its natural direction: CITES citing → cited, AUTHORED author → paper, BROADER narrower → broader. */
export interface GraphEdge {
  type: EdgeType;
  source: NodeKey;
  target: NodeKey;
  /**
   * The record behind the edge, for the types that have one (null or absent for the others); a
   * store may read them only when asked. CITES: the citation (contexts, intents, provenance).
   */
  readonly citation?: Citation | null;
  /** HAS_CONCEPT: the paper↔concept link (role, score, provenance, evidence). */
  readonly conceptLink?: PaperConcept | null;
  /** AUTHORED: the authorship (position in the author list, affiliations). */
  readonly authorship?: Authorship | null;
}

export interface NeighborhoodQuery {
  start: NodeKey;
  depth: number;
  edgeTypes: EdgeType[];
  direction: TraversalDirection;
  limit: number;
  /** The most edges returned; past it the subgraph is marked truncated (default: no bound). */
  maxEdges?: number;
  /** Only nodes of these kinds are kept and walked through (the start always is); all by default. */
  nodeKinds?: GraphNodeKind[] | null;
  /** Each node adds at most this many new nodes, its most connected neighbours first; no cap by default. */
  fanOut?: number | null;
  /** Nodes the caller has already: not kept, not walked through; their edges to kept nodes are listed. Unknown keys are ignored. */
  exclude?: NodeKey[] | null;
  /** A node other than the start with more neighbours than this over the followed edges is kept but not expanded; none by default. */
  hubDegree?: number | null;
}

export interface Subgraph {
  nodes: NodeKey[];
  /** Edges between the nodes; with `exclude`, also those between a node and an excluded node. */
  edges: GraphEdge[];
  truncated: boolean;
  /** Nodes kept but not expanded because they are hubs (neighbourhoods with `hubDegree`). */
  hubs?: NodeKey[];
}

/** The degree of a node over some edge types and a direction. */
export interface DegreeQuery {
  node: NodeKey;
  edgeTypes: EdgeType[];
  direction: TraversalDirection;
}

export interface PathQuery {
  from: NodeKey;
  to: NodeKey;
  edgeTypes: EdgeType[];
  maxDepth: number;
}

export type RelatedMethod =
  | 'CO_CITATION'
  | 'BIBLIOGRAPHIC_COUPLING'
  | 'SHARED_CONCEPTS'
  | 'ADAMIC_ADAR'
  | 'DIRECT_CITATION'
  | 'TEXT'
  | 'HYBRID';

export interface RelatedQuery {
  paperId: string;
  method: RelatedMethod;
  first: number;
}

export interface RelatedResult {
  paperId: string;
  score: number;
  sharedReferenceIds: string[];
  sharedCiterIds: string[];
  sharedConceptIds: string[];
  citedByAnchor: boolean;
  citesAnchor: boolean;
  /**
   * The anchor's distinctive words (title, abstract, summary) this paper's own words share, the
   * anchor's most distinctive first; filled when the score read text (TEXT, or HYBRID for a paper
   * with few citation neighbours), empty otherwise.
   */
  sharedTerms: string[];
}

export interface SearchQuery {
  text: string;
  kinds?: GraphNodeKind[] | null;
  /** Also stub papers; left out by default. */
  includeStubs?: boolean | null;
  page: PageRequest;
}

/**
 * Why a hit ranks where it does, strongest first: the query is its arXiv id, DOI or proceedings
 * hash (IDENTIFIER); its name or an alias is the query (EXACT_NAME); its name or an alias starts
 * with the query, the last word possibly unfinished (NAME_PREFIX); its words match (TEXT).
 */
export type SearchMatch = 'IDENTIFIER' | 'EXACT_NAME' | 'NAME_PREFIX' | 'TEXT';

export interface SearchHit {
  node: NodeKey;
  /** BM25 plus, for a hit of a stronger match class, the best score of the classes below it: hits come best first. */
  score: number;
  match: SearchMatch;
  /** The words of the index its fields matched (the query's words, the words they prefix, typo forms), for highlights. */
  terms: readonly string[];
}

/** A page of hits, with how many hits of each kind the same query has whatever `kinds` asks (stubs left out unless asked). */
export interface SearchPage extends Page<SearchHit> {
  countsByKind: Record<GraphNodeKind, number>;
}

/** A facet value and how many papers of the filtered set have it (value: a year, or a node id). */
export interface FacetBucket {
  value: string;
  count: number;
}

export interface PaperFacets {
  byYear: FacetBucket[];
  byConcept: FacetBucket[];
  byTopic: FacetBucket[];
  byVenue: FacetBucket[];
}

export interface YearCount {
  year: number;
  count: number;
}

/**
 * Lets a long store call give way to other requests and stop at its request's deadline
 * (api/context.ts): checked between units of work (queries, terms), never inside one.
 */
export interface WorkSignal {
  /** Whether the caller's slice of the event loop is used up. */
  due(): boolean;
  /** Resolves when the call may go on; never settles once the request is past its deadline. */
  wait(): Promise<void>;
}

/** Whether a relation list holds stub papers (placeholders a source made for references): not by default. */
export interface StubOptions {
  includeStubs?: boolean;
}

/** Per call, optional: a store may ignore it. */
export interface CallOptions {
  signal?: WorkSignal;
}

/** Records by id, and ids by the other keys a node is known by (arXiv id, DOI, slug). */
export interface NodeReads {
  /** Records of one kind by id (null for an unknown id). */
  nodesByIds<K extends NodeKind>(kind: K, ids: readonly string[]): Promise<(NodeRecord<K> | null)[]>;

  paperIdsByArxivIds(arxivIds: readonly string[]): Promise<(string | null)[]>;
  paperIdsByDois(dois: readonly string[]): Promise<(string | null)[]>;
  /** Ids by slug, case-insensitive (null for an unknown slug). */
  idsBySlugs(kind: SluggedKind, slugs: readonly string[]): Promise<(string | null)[]>;
  /** The slugs of authors by id (null for an unknown id): stable, unique among authors. */
  authorSlugs(authorIds: readonly string[]): Promise<(string | null)[]>;

  paperStats(paperIds: readonly string[]): Promise<(PaperStats | null)[]>;
}

/** The edges of one node to its neighbours: citations, concepts, authors, topics, concept hierarchy, collection entries. */
export interface RelationReads {
  /** The papers each paper cites; stub papers only with `includeStubs`. */
  referencesOf(paperIds: readonly string[], page: PageRequest, options?: StubOptions): Promise<Page<CitationLink>[]>;
  citedByOf(paperIds: readonly string[], page: PageRequest, options?: StubOptions): Promise<Page<CitationLink>[]>;
  conceptsOfPapers(paperIds: readonly string[], page: PageRequest): Promise<Page<PaperConcept>[]>;
  authorsOfPapers(paperIds: readonly string[], page: PageRequest): Promise<Page<Authorship>[]>;
  topicsOfPapers(paperIds: readonly string[]): Promise<string[][]>;

  /** A concept's papers as paper↔concept edges (with narrower concepts: each paper once, its best edge). */
  papersOfConcepts(conceptIds: readonly string[], query: PaperQuery): Promise<Page<PaperConcept>[]>;
  papersOfAuthors(authorIds: readonly string[], page: PageRequest): Promise<Page<Authorship>[]>;
  conceptsOfTopics(topicIds: readonly string[], page: PageRequest): Promise<Page<ConceptCount>[]>;
  broaderOf(conceptIds: readonly string[]): Promise<string[][]>;
  narrowerOf(conceptIds: readonly string[]): Promise<string[][]>;
  entriesOf(collectionIds: readonly string[], page: PageRequest): Promise<Page<CollectionEntry>[]>;
}

/** Filtered, ordered, paged lists of nodes, and facet counts over them. */
export interface PaperLists {
  /** Many paper lists at once (root `papers`, `Topic.papers`, `Venue.papers`, …): one page of ids each. */
  findPapers(queries: readonly PaperQuery[]): Promise<Page<string>[]>;
  /** Many lists of one named kind at once (root `concepts`, `topics`, …): one page of ids each. */
  findNamed(kind: NamedKind, queries: readonly NamedQuery[]): Promise<Page<string>[]>;

  /** Facet counts over the whole filtered set of papers, one per filter. */
  paperFacets(filters: readonly (PaperFilter | null)[], options?: CallOptions): Promise<PaperFacets[]>;
  /**
   * How many papers hang on each node of a named kind (0 for an unknown id): the key of the
   * PAPER_COUNT order. Stub papers are left out, as from every list; a collection counts its entries.
   */
  paperCounts(kind: NamedKind, ids: readonly string[]): Promise<number[]>;
}

/** Graph algorithms: concept lineage and co-occurrence, neighbourhoods, paths, related papers. */
export interface ExplorationReads {
  ancestorsOf(conceptIds: readonly string[]): Promise<string[][]>;
  descendantsOf(conceptIds: readonly string[]): Promise<string[][]>;
  /** Concepts sharing papers with each concept, by shared papers descending. */
  cooccurringConcepts(conceptIds: readonly string[]): Promise<ConceptCount[][]>;
  conceptTimelines(conceptIds: readonly string[], includeNarrower: boolean): Promise<YearCount[][]>;

  neighborhoods(queries: readonly NeighborhoodQuery[], options?: CallOptions): Promise<(Subgraph | null)[]>;
  /** The edges of each node over the edge types (following the direction), null for an unknown node. */
  degrees(queries: readonly DegreeQuery[]): Promise<(number | null)[]>;
  /** A shortest path per query, or null when none exists within maxDepth. */
  paths(queries: readonly PathQuery[], options?: CallOptions): Promise<(Subgraph | null)[]>;
  relatedPapers(queries: readonly RelatedQuery[], options?: CallOptions): Promise<RelatedResult[][]>;
}

export interface SearchReads {
  /** Ranked full-text search over every node kind. */
  search(queries: readonly SearchQuery[], options?: CallOptions): Promise<SearchPage[]>;
  /** Postings a search of each text would score (its words' document frequencies, expanded): for the cost check. */
  searchPostings(texts: readonly string[]): Promise<number[]>;
}

/** Everything the API reads; test/store/contract.ts is the suite an implementation must pass. */
export interface GraphStore extends NodeReads, RelationReads, PaperLists, ExplorationReads, SearchReads {}

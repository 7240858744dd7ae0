// The contract the API reads through. Async and batch-shaped: every method takes many keys and
// answers them in one call, in key order, so a store backed by a database can implement it
// with one query per call. The memory store (memory-store.ts) is the default.

import type {
  Author, Authorship, Collection, CollectionEntry, Concept, Paper, PaperConcept, Topic, Venue, Citation,
} from '../model/index.js';
import type { Page, PageRequest } from './page.js';

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
  referenceCount: number;
  citationCount: number;
  /** PageRank over citations; sums to 1 over all papers. */
  influence: number;
}

/** A citation seen from one paper: the paper at the other end and the edge record. */
export interface CitationLink {
  paperId: string;
  citation: Citation;
}

export interface ConceptCount {
  conceptId: string;
  count: number;
}

export type NodeKind = 'Paper' | 'Author' | 'Venue' | 'Topic' | 'Concept' | 'Collection';
export type SluggedKind = 'Venue' | 'Topic' | 'Concept' | 'Collection';
export type NamedKind = Exclude<NodeKind, 'Paper'>;

export interface GraphStore {
  papersByIds(ids: readonly string[]): Promise<(Paper | null)[]>;
  authorsByIds(ids: readonly string[]): Promise<(Author | null)[]>;
  venuesByIds(ids: readonly string[]): Promise<(Venue | null)[]>;
  topicsByIds(ids: readonly string[]): Promise<(Topic | null)[]>;
  conceptsByIds(ids: readonly string[]): Promise<(Concept | null)[]>;
  collectionsByIds(ids: readonly string[]): Promise<(Collection | null)[]>;

  paperIdsByArxivIds(arxivIds: readonly string[]): Promise<(string | null)[]>;
  paperIdsByDois(dois: readonly string[]): Promise<(string | null)[]>;
  idsBySlugs(kind: SluggedKind, slugs: readonly string[]): Promise<(string | null)[]>;

  paperStats(paperIds: readonly string[]): Promise<(PaperStats | null)[]>;
  referencesOf(paperIds: readonly string[], page: PageRequest): Promise<Page<CitationLink>[]>;
  citedByOf(paperIds: readonly string[], page: PageRequest): Promise<Page<CitationLink>[]>;
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

  /** Many paper lists at once (root `papers`, `Topic.papers`, `Venue.papers`, …): one page of ids each. */
  findPapers(queries: readonly PaperQuery[]): Promise<Page<string>[]>;
  /** Many lists of one named kind at once (root `concepts`, `topics`, …): one page of ids each. */
  findNamed(kind: NamedKind, queries: readonly NamedQuery[]): Promise<Page<string>[]>;
}

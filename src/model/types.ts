// The plain domain types of papergraph. No GraphQL, no graph structure: just records and edges.

/** Where a node or an edge came from: the source it was read from and its id there. */
export interface Provenance {
  source: string;
  recordId: string;
}

export interface Paper {
  id: string;
  title: string;
  /** Other titles the paper goes by (preprint title, short names such as "BYOL"). */
  aliases: string[];
  abstract: string | null;
  year: number | null;
  venueId: string | null;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  provenance: Provenance[];
  /** References the source listed but that are not in the graph (dangling). */
  unresolvedReferenceCount: number;
}

/** A paper record with an id and a title, every other field empty, then `fields` over it. */
export function newPaper(id: string, title: string, fields: Partial<Omit<Paper, 'id' | 'title'>> = {}): Paper {
  return {
    id,
    title,
    aliases: [],
    abstract: null,
    year: null,
    venueId: null,
    arxivId: null,
    doi: null,
    url: null,
    provenance: [],
    unresolvedReferenceCount: 0,
    ...fields,
  };
}

export interface Author {
  id: string;
  name: string;
  affiliations: string[];
  provenance: Provenance[];
}

export type VenueKind = 'CONFERENCE' | 'JOURNAL' | 'WORKSHOP' | 'PREPRINT' | 'REPORT';

export interface Venue {
  id: string;
  slug: string;
  name: string;
  fullName: string | null;
  kind: VenueKind;
  year: number | null;
  provenance: Provenance[];
}

export interface Topic {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  provenance: Provenance[];
}

export const CONCEPT_KINDS = ['METHOD', 'TASK', 'DATASET', 'METRIC', 'FIELD'] as const;
export type ConceptKind = (typeof CONCEPT_KINDS)[number];

export interface Concept {
  id: string;
  slug: string;
  name: string;
  kind: ConceptKind;
  aliases: string[];
  description: string | null;
  /** Ids of the broader concepts (a DAG: a concept may have several parents). */
  broaderIds: string[];
  provenance: Provenance[];
}

export interface CollectionEntry {
  rank: number;
  paperId: string;
  /** The topic (section) the entry is listed under. */
  sectionId: string | null;
  why: string | null;
  keyInsights: string | null;
}

export interface Collection {
  id: string;
  slug: string;
  title: string;
  publisher: string | null;
  /** ISO date, e.g. 2020-12-04. */
  date: string | null;
  url: string | null;
  description: string | null;
  entries: CollectionEntry[];
  provenance: Provenance[];
}

export type CitationIntent = 'BACKGROUND' | 'METHOD' | 'RESULT';

export interface Citation {
  citingId: string;
  citedId: string;
  contexts: string[];
  intents: CitationIntent[];
  isInfluential: boolean | null;
  provenance: Provenance[];
}

export const CONCEPT_ROLES = ['INTRODUCES', 'USES', 'STUDIES', 'EVALUATES_ON'] as const;
export type ConceptRole = (typeof CONCEPT_ROLES)[number];

export interface PaperConcept {
  paperId: string;
  conceptId: string;
  role: ConceptRole;
  /** How central the concept is to the paper, in (0, 1]. */
  score: number;
  provenance: Provenance[];
}

export interface Authorship {
  paperId: string;
  authorId: string;
  /** 0-based position in the paper's author list. */
  position: number;
  affiliations: string[];
}

export interface PaperTopic {
  paperId: string;
  topicId: string;
}

/** A whole dataset in domain terms: what ingest produces and the graph is built from. */
export interface Corpus {
  papers: Paper[];
  authors: Author[];
  venues: Venue[];
  topics: Topic[];
  concepts: Concept[];
  collections: Collection[];
  authorships: Authorship[];
  citations: Citation[];
  paperConcepts: PaperConcept[];
  paperTopics: PaperTopic[];
}

export function emptyCorpus(): Corpus {
  return {
    papers: [],
    authors: [],
    venues: [],
    topics: [],
    concepts: [],
    collections: [],
    authorships: [],
    citations: [],
    paperConcepts: [],
    paperTopics: [],
  };
}

// The plain domain types of papergraph. No GraphQL, no graph structure: just records and edges.

/** Where a node or an edge came from: the source it was read from and its id there. */
export interface Provenance {
  source: string;
  recordId: string;
}

/** An identifier of a node in another system: a proceedings hash, a Semantic Scholar id, a Wikidata item, a CSO topic. */
export interface ExternalId {
  /** The system, lowercase: "neurips-proceedings", "semantic-scholar", "wikidata", "dbpedia", "cso". */
  scheme: string;
  /** The id there, as that system writes it ("Q2539", "contrastive_learning"). */
  id: string;
  /** Where to see it, when the system has a page per id. */
  url: string | null;
}

export const PRESENTATIONS = ['ORAL', 'SPOTLIGHT', 'POSTER'] as const;
/** How a conference paper was presented. */
export type Presentation = (typeof PRESENTATIONS)[number];

export interface Paper {
  id: string;
  title: string;
  /** Other titles the paper goes by (preprint title, short names such as "BYOL"). */
  aliases: string[];
  /** The authors' own abstract, as a source published it (never our words). */
  abstract: string | null;
  /** Where `abstract` came from; null when there is no abstract. */
  abstractProvenance: Provenance | null;
  /** A short description written by the curators (data/), in their own words. */
  summary: string | null;
  year: number | null;
  venueId: string | null;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  provenance: Provenance[];
  /** References the source listed but that are not in the graph (dangling). */
  unresolvedReferenceCount: number;
  /** Link to the full text (PDF). */
  pdfUrl: string | null;
  /** Link to the authors' code. */
  codeUrl: string | null;
  /** Oral, spotlight or poster, where the venue says. */
  presentation: Presentation | null;
  /** Ids in other systems (proceedings hash, Semantic Scholar). arxivId and doi keep their own fields. */
  externalIds: ExternalId[];
  /**
   * A placeholder a source made for a reference it could not describe (a Semantic Scholar
   * "S2 CorpusId:…" record with no title of its own): kept so edges land, left out of counts and
   * lists unless asked for.
   */
  stub: boolean;
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
    abstractProvenance: null,
    summary: null,
    pdfUrl: null,
    codeUrl: null,
    presentation: null,
    externalIds: [],
    stub: false,
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

export const MAPPING_MATCHES = ['EXACT', 'CLOSE'] as const;
/** How closely a concept corresponds to a concept of another scheme (SKOS exactMatch / closeMatch). */
export type MappingMatch = (typeof MAPPING_MATCHES)[number];

/** A concept of another scheme that this concept was aligned to (and absorbed, rather than duplicated). */
export interface ConceptMapping {
  /** The other scheme: "cso", "acm-ccs". */
  scheme: string;
  /** The concept's id in that scheme ("contrastive_learning"). */
  id: string;
  /** Its label there. */
  label: string;
  uri: string | null;
  match: MappingMatch;
}

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
  /** The concept scheme it belongs to: "curated" (data/), "cso", "acm-ccs", or an imported SKOS scheme's source name. */
  scheme: string;
  /** Ids in other systems: Wikidata, DBpedia, the CSO topic URI. */
  externalIds: ExternalId[];
  /** Concepts of other schemes aligned to this one. */
  mappings: ConceptMapping[];
}

/** A concept record with every optional field empty, then `fields` over it. */
export function newConcept(id: string, fields: Pick<Concept, 'slug' | 'name' | 'kind' | 'scheme'> & Partial<Omit<Concept, 'id'>>): Concept {
  return { id, aliases: [], description: null, broaderIds: [], provenance: [], externalIds: [], mappings: [], ...fields };
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

export const EVIDENCE_FIELDS = ['TITLE', 'ABSTRACT'] as const;
/** The part of a paper's text a tagger read. */
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

/** Why a machine linked a paper to a concept: words of the paper's text that name the concept. */
export interface ConceptEvidence {
  field: EvidenceField;
  /** The matched words, as the paper writes them ("contrastive losses"). */
  text: string;
}

export interface PaperConcept {
  paperId: string;
  conceptId: string;
  role: ConceptRole;
  /** How central the concept is to the paper, in (0, 1]. */
  score: number;
  provenance: Provenance[];
  /** What a tagger matched, when a tagger made the link (empty for curated links). */
  evidence: ConceptEvidence[];
}

export const LINK_STATUSES = ['SUGGESTED', 'CONFIRMED'] as const;
/** SUGGESTED: made by a machine (the tagger) and not reviewed; CONFIRMED: curated, or accepted by a curator. */
export type LinkStatus = (typeof LINK_STATUSES)[number];

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

// The in-memory knowledge graph: node tables with interned integer ids and CSR adjacency in
// typed arrays for every edge kind, in both directions. Built once, from a Corpus of records or
// from an IndexedCorpus (a snapshot's columns, whose edges are already node indexes); immutable.
// Later versions are assembled from an earlier one and curation changes (graph-changes.ts).

import type {
  Author,
  Authorship,
  Citation,
  Collection,
  Concept,
  Corpus,
  Paper,
  PaperConcept,
  PaperTopic,
  Topic,
  Venue,
} from '../model/index.js';
import { buildBiCsr, buildCsr, buildSortedBiCsr, positionOf, reverseCsr, type BiCsr, type Csr } from './csr.js';
import { GraphBuildError, NodeTable, type KeyIndex } from './node-table.js';
import { allRows, FieldReader, permuted, type Rows } from './rows.js';
import { normalizeArxivId, normalizeDoi } from '../model/identifiers.js';

/** Edge records with their ends as indexes into the node tables. */
export interface IndexedEdges<E> {
  rows: Rows<E>;
  sources: Uint32Array;
  targets: Uint32Array;
}

/** A corpus whose references are resolved to dense indexes already: what a snapshot holds. */
export interface IndexedCorpus {
  indexed: true;
  papers: Rows<Paper>;
  authors: Rows<Author>;
  venues: Rows<Venue>;
  topics: Rows<Topic>;
  concepts: Rows<Concept>;
  collections: Rows<Collection>;
  /** paper → cited paper. */
  citations: IndexedEdges<Citation>;
  /** paper → concept. */
  paperConcepts: IndexedEdges<PaperConcept>;
  /** paper → author, with each authorship's position in its paper's author list. */
  authorships: IndexedEdges<Authorship> & { positions: Int32Array };
  /** paper → topic. */
  paperTopics: IndexedEdges<PaperTopic>;
  /** concept → broader concept. */
  broader: { sources: Uint32Array; targets: Uint32Array };
  /** paper → venue, -1 for none. */
  paperVenue: Int32Array;
}

/** Every field of a graph: what KnowledgeGraph.assemble takes. */
export type GraphParts = Pick<
  KnowledgeGraph,
  | 'papers'
  | 'authors'
  | 'venues'
  | 'topics'
  | 'concepts'
  | 'collections'
  | 'citations'
  | 'paperConcepts'
  | 'authorships'
  | 'paperTopics'
  | 'cites'
  | 'hasConcept'
  | 'authored'
  | 'inTopic'
  | 'broader'
  | 'paperVenue'
>;

export class KnowledgeGraph {
  readonly papers: NodeTable<Paper>;
  readonly authors: NodeTable<Author>;
  readonly venues: NodeTable<Venue>;
  readonly topics: NodeTable<Topic>;
  readonly concepts: NodeTable<Concept>;
  readonly collections: NodeTable<Collection>;

  /**
   * Citation records sorted by (citing, cited) index, so the k-th entry of cites.out is
   * citations.at(k) and no edge-id arrays are needed (see citationAt).
   */
  readonly citations: Rows<Citation>;
  /** Other edge records, indexed by their CSR edgeIds. */
  readonly paperConcepts: Rows<PaperConcept>;
  /** Indexed by the authored CSR's edgeIds. */
  readonly authorships: Rows<Authorship>;
  readonly paperTopics: Rows<PaperTopic>;

  /** paper → cited paper (out = references, in = cited by); no edgeIds: see `citations`. */
  readonly cites: BiCsr;
  /** paper → concept (out = a paper's concepts, in = a concept's papers). */
  readonly hasConcept: BiCsr;
  /** paper → author, out in author order (in = an author's papers, in paper order). */
  readonly authored: BiCsr;
  /** paper → topic. */
  readonly inTopic: BiCsr;
  /** concept → broader concept (in = narrower concepts). */
  readonly broader: BiCsr;
  /** paper index → venue index, -1 when the paper has none. */
  readonly paperVenue: Int32Array;

  /** `redirects`: paper ids retired by a merge → the id of the paper kept (model/change.ts). */
  constructor(input: Corpus | IndexedCorpus, { redirects }: { redirects?: ReadonlyMap<string, string> } = {}) {
    this.papers = new NodeTable('paper', input.papers, false, redirects);
    this.authors = new NodeTable('author', input.authors);
    this.venues = new NodeTable('venue', input.venues, true);
    this.topics = new NodeTable('topic', input.topics, true);
    this.concepts = new NodeTable('concept', input.concepts, true);
    this.collections = new NodeTable('collection', input.collections, true);
    const edges = 'indexed' in input ? input : this.resolve(input);
    const paperCount = this.papers.size;

    const { csr, order } = buildSortedBiCsr(paperCount, paperCount, edges.citations.sources, edges.citations.targets);
    this.cites = csr;
    this.citations = permuted(edges.citations.rows, order);
    this.paperConcepts = edges.paperConcepts.rows;
    this.hasConcept = buildBiCsr(paperCount, this.concepts.size, edges.paperConcepts.sources, edges.paperConcepts.targets);
    this.authorships = edges.authorships.rows;
    // Author order is CSR order: each paper's authors sorted by position, ties in input order;
    // an author's papers in paper order (whatever the order of the records).
    const authoredOut = buildCsr(paperCount, edges.authorships.sources, edges.authorships.targets);
    sortByPosition(authoredOut, edges.authorships.positions);
    this.authored = { out: authoredOut, in: reverseCsr(authoredOut, this.authors.size) };
    this.paperTopics = edges.paperTopics.rows;
    this.inTopic = buildBiCsr(paperCount, this.topics.size, edges.paperTopics.sources, edges.paperTopics.targets);
    this.broader = buildBiCsr(this.concepts.size, this.concepts.size, edges.broader.sources, edges.broader.targets);
    this.paperVenue = edges.paperVenue;

    for (let c = 0; c < this.collections.size; c++) {
      const collection = this.collections.at(c);
      for (const entry of collection.entries) {
        this.papers.require(entry.paperId, `collection "${collection.id}" rank ${entry.rank}`);
        if (entry.sectionId !== null) this.topics.require(entry.sectionId, `collection "${collection.id}" rank ${entry.rank}`);
      }
    }
  }

  /** The graph made of these parts as they are (graph-changes.ts builds versions so). */
  static assemble(parts: GraphParts): KnowledgeGraph {
    return Object.assign(Object.create(KnowledgeGraph.prototype) as KnowledgeGraph, parts);
  }

  /** Paper indexes by normalised arXiv id, built on first use (a Map on a graph built from its rows). */
  get byArxivId(): KeyIndex {
    return this.papers.keyIndex('arxivId', normalizeArxivId);
  }

  /** Paper indexes by normalised DOI, built on first use. */
  get byDoi(): KeyIndex {
    return this.papers.keyIndex('doi', normalizeDoi);
  }

  /** The record of the citation citing → cited (the first, were there duplicates). */
  citationAt(citing: number, cited: number): Citation {
    return this.citations.at(this.citationIndex(citing, cited))!;
  }

  /** The row of the citation citing → cited in `citations` (the first, were there duplicates). */
  citationIndex(citing: number, cited: number): number {
    const k = positionOf(this.cites.out, citing, cited);
    if (k < 0) throw new RangeError(`no citation from paper ${citing} to paper ${cited}`);
    return k;
  }

  /** One field of the citation at row k, read from its column where the rows have columns (no record built). */
  citationField<K extends keyof Citation>(k: number, key: K): Citation[K] {
    this.citationFields ??= new FieldReader(this.citations);
    return this.citationFields.get(k, key);
  }
  private citationFields?: FieldReader<Citation>;

  /** Paper ids retired by merges → the id of the paper kept. */
  get paperRedirects(): ReadonlyMap<string, string> {
    return this.papers.redirects;
  }

  /** The corpus this graph holds, every record built (records are shared, not copied). */
  toCorpus(): Corpus {
    return {
      papers: this.papers.records,
      authors: this.authors.records,
      venues: this.venues.records,
      topics: this.topics.records,
      concepts: this.concepts.records,
      collections: this.collections.records,
      authorships: allRows(this.authorships),
      citations: allRows(this.citations),
      paperConcepts: allRows(this.paperConcepts),
      paperTopics: allRows(this.paperTopics),
    };
  }

  /** The edges of a corpus as node indexes; a reference to an unknown node is a GraphBuildError naming it. */
  private resolve(
    corpus: Corpus,
  ): Omit<IndexedCorpus, keyof Corpus | 'indexed'> & Pick<IndexedCorpus, 'citations' | 'paperConcepts' | 'authorships' | 'paperTopics'> {
    const { papers, authors, topics, concepts, venues } = this;
    const broaderPairs: { from: number; to: number }[] = [];
    for (const concept of corpus.concepts) {
      const from = concepts.require(concept.id, 'concept');
      for (const b of concept.broaderIds) broaderPairs.push({ from, to: concepts.require(b, `broader of concept "${concept.id}"`) });
    }
    return {
      citations: indexed(
        corpus.citations,
        (c) => papers.require(c.citingId, 'citation'),
        (c) => papers.require(c.citedId, `citation from "${c.citingId}"`),
      ),
      paperConcepts: indexed(
        corpus.paperConcepts,
        (pc) => papers.require(pc.paperId, 'paper-concept edge'),
        (pc) => concepts.require(pc.conceptId, `paper-concept edge of "${pc.paperId}"`),
      ),
      authorships: {
        ...indexed(
          corpus.authorships,
          (a) => papers.require(a.paperId, 'authorship'),
          (a) => authors.require(a.authorId, `authorship of "${a.paperId}"`),
        ),
        positions: Int32Array.from(corpus.authorships, (a) => a.position),
      },
      paperTopics: indexed(
        corpus.paperTopics,
        (pt) => papers.require(pt.paperId, 'paper-topic edge'),
        (pt) => topics.require(pt.topicId, `paper-topic edge of "${pt.paperId}"`),
      ),
      broader: indexed(
        broaderPairs,
        (p) => p.from,
        (p) => p.to,
      ),
      paperVenue: Int32Array.from(corpus.papers, (paper) =>
        paper.venueId === null ? -1 : venues.require(paper.venueId, `paper "${paper.id}"`),
      ),
    };
  }
}

function indexed<E>(rows: E[], source: (e: E) => number, target: (e: E) => number): IndexedEdges<E> {
  const sources = new Uint32Array(rows.length);
  const targets = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    sources[i] = source(rows[i]);
    targets[i] = target(rows[i]);
  }
  return { rows, sources, targets };
}

/** Sorts each node's neighbours (and their edge ids) by the position of their edge; stable, in place. */
function sortByPosition(csr: Csr, positions: Int32Array): void {
  const { offsets, targets } = csr;
  const edgeIds = csr.edgeIds!;
  for (let v = 0; v + 1 < offsets.length; v++) {
    const start = offsets[v],
      end = offsets[v + 1];
    let sorted = true;
    for (let k = start + 1; k < end && sorted; k++) sorted = positions[edgeIds[k - 1]] <= positions[edgeIds[k]];
    if (sorted) continue;
    const slice = Array.from({ length: end - start }, (_, k) => [edgeIds[start + k], targets[start + k]]);
    slice.sort((a, b) => positions[a[0]] - positions[b[0]]); // Array.sort is stable
    slice.forEach(([edge, target], k) => {
      edgeIds[start + k] = edge;
      targets[start + k] = target;
    });
  }
}

// The normal forms of arXiv ids and DOIs live in the model (identifiers.ts): the API's lookups,
// the curation's inputs and ingest's merge keys read them from there too.
export { normalizeArxivId, normalizeDoi };

export { GraphBuildError };

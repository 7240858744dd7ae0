// The in-memory knowledge graph: node tables with interned integer ids and CSR adjacency in
// typed arrays for every edge kind, in both directions. Built once from a Corpus; immutable.

import type {
  Author, Authorship, Citation, Collection, Concept, Corpus, Paper, PaperConcept, PaperTopic, Topic, Venue,
} from '../model/index.js';
import { buildBiCsr, buildSortedBiCsr, positionOf, type BiCsr } from './csr.js';
import { GraphBuildError, NodeTable } from './node-table.js';

export class KnowledgeGraph {
  readonly papers: NodeTable<Paper>;
  readonly authors: NodeTable<Author>;
  readonly venues: NodeTable<Venue>;
  readonly topics: NodeTable<Topic>;
  readonly concepts: NodeTable<Concept>;
  readonly collections: NodeTable<Collection>;

  /**
   * Citation records sorted by (citing, cited) index, so the k-th entry of cites.out is
   * citations[k] and no edge-id arrays are needed (see citationAt).
   */
  readonly citations: Citation[];
  /** Other edge records, indexed by their CSR edgeIds. */
  readonly paperConcepts: PaperConcept[];
  readonly authorships: Authorship[];
  readonly paperTopics: PaperTopic[];

  /** paper → cited paper (out = references, in = cited by); no edgeIds: see `citations`. */
  readonly cites: BiCsr;
  /** paper → concept (out = a paper's concepts, in = a concept's papers). */
  readonly hasConcept: BiCsr;
  /** paper → author, out in author order (in = an author's papers). */
  readonly authored: BiCsr;
  /** paper → topic. */
  readonly inTopic: BiCsr;
  /** concept → broader concept (in = narrower concepts). */
  readonly broader: BiCsr;
  /** paper index → venue index, -1 when the paper has none. */
  readonly paperVenue: Int32Array;

  readonly byArxivId = new Map<string, number>();
  readonly byDoi = new Map<string, number>();

  constructor(corpus: Corpus) {
    this.papers = new NodeTable('paper', corpus.papers);
    this.authors = new NodeTable('author', corpus.authors);
    this.venues = new NodeTable('venue', corpus.venues);
    this.topics = new NodeTable('topic', corpus.topics);
    this.concepts = new NodeTable('concept', corpus.concepts);
    this.collections = new NodeTable('collection', corpus.collections);

    const papers = this.papers;
    const citing = new Uint32Array(corpus.citations.length);
    const cited = new Uint32Array(corpus.citations.length);
    corpus.citations.forEach((c, i) => {
      citing[i] = papers.require(c.citingId, 'citation');
      cited[i] = papers.require(c.citedId, `citation from "${c.citingId}"`);
    });
    const { csr, order } = buildSortedBiCsr(papers.size, papers.size, citing, cited);
    this.cites = csr;
    this.citations = Array.from(order, (i) => corpus.citations[i]);
    this.paperConcepts = corpus.paperConcepts;
    this.hasConcept = edges(papers.size, this.concepts.size, corpus.paperConcepts, (pc) => [
      papers.require(pc.paperId, 'paper-concept edge'),
      this.concepts.require(pc.conceptId, `paper-concept edge of "${pc.paperId}"`),
    ]);
    // Author order is CSR order: sort authorships by position before building.
    this.authorships = [...corpus.authorships].sort((a, b) => a.position - b.position);
    this.authored = edges(papers.size, this.authors.size, this.authorships, (a) => [
      papers.require(a.paperId, 'authorship'),
      this.authors.require(a.authorId, `authorship of "${a.paperId}"`),
    ]);
    this.paperTopics = corpus.paperTopics;
    this.inTopic = edges(papers.size, this.topics.size, corpus.paperTopics, (pt) => [
      papers.require(pt.paperId, 'paper-topic edge'),
      this.topics.require(pt.topicId, `paper-topic edge of "${pt.paperId}"`),
    ]);
    const broaderPairs: [number, number][] = [];
    for (const concept of corpus.concepts) {
      const from = this.concepts.require(concept.id, 'concept');
      for (const b of concept.broaderIds) broaderPairs.push([from, this.concepts.require(b, `broader of concept "${concept.id}"`)]);
    }
    this.broader = edges(this.concepts.size, this.concepts.size, broaderPairs, (p) => p);

    this.paperVenue = new Int32Array(papers.size).fill(-1);
    corpus.papers.forEach((paper, i) => {
      if (paper.venueId !== null) this.paperVenue[i] = this.venues.require(paper.venueId, `paper "${paper.id}"`);
      if (paper.arxivId) this.byArxivId.set(normalizeArxivId(paper.arxivId), i);
      if (paper.doi) this.byDoi.set(normalizeDoi(paper.doi), i);
    });
    for (const collection of corpus.collections) {
      for (const entry of collection.entries) {
        papers.require(entry.paperId, `collection "${collection.id}" rank ${entry.rank}`);
        if (entry.sectionId !== null) this.topics.require(entry.sectionId, `collection "${collection.id}" rank ${entry.rank}`);
      }
    }
  }

  /** The record of the citation citing → cited (the first, were there duplicates). */
  citationAt(citing: number, cited: number): Citation {
    const k = positionOf(this.cites.out, citing, cited);
    if (k < 0) throw new RangeError(`no citation from paper ${citing} to paper ${cited}`);
    return this.citations[k];
  }

  /** The corpus this graph was built from (records are shared, not copied). */
  toCorpus(): Corpus {
    return {
      papers: this.papers.records, authors: this.authors.records, venues: this.venues.records,
      topics: this.topics.records, concepts: this.concepts.records, collections: this.collections.records,
      authorships: this.authorships, citations: this.citations, paperConcepts: this.paperConcepts,
      paperTopics: this.paperTopics,
    };
  }
}

function edges<E>(sourceCount: number, targetCount: number, list: E[], ends: (e: E) => [number, number]): BiCsr {
  const sources = new Uint32Array(list.length);
  const targets = new Uint32Array(list.length);
  list.forEach((e, i) => {
    const [s, t] = ends(e);
    sources[i] = s;
    targets[i] = t;
  });
  return buildBiCsr(sourceCount, targetCount, sources, targets);
}

/** "arXiv:2007.14062v2" → "2007.14062": the version and prefix do not name another paper. */
export function normalizeArxivId(id: string): string {
  return id.trim().replace(/^arxiv:/i, '').replace(/v\d+$/, '').toLowerCase();
}

/** "https://doi.org/10.1162/NECO.1997.9.8.1735" → "10.1162/neco.1997.9.8.1735" (DOIs are case-insensitive). */
export function normalizeDoi(doi: string): string {
  return doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, '').toLowerCase();
}

export { GraphBuildError };

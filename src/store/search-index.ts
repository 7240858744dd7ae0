// Full-text search over every node kind with MiniSearch: BM25 ranking, prefix and typo
// tolerance. Names and titles weigh most, then aliases (other titles, short names, synonyms),
// then descriptions and abstracts, then the names of a paper's concepts.

import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import { neighbours } from '../graph/csr.js';
import { work } from '../model/work.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { GraphNodeKind, SearchHit, WorkSignal } from './graph-store.js';

interface SearchDocument {
  key: string;
  kind: GraphNodeKind;
  id: string;
  name: string;
  aliases: string;
  text: string;
  related: string;
}

/** How long the index build holds the event loop before it lets other requests run. */
const SLICE_MS = 4;
/** The most distinct words a query may have: each is searched on its own, exact, by prefix and with typos. */
export const MAX_SEARCH_TERMS = 12;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | null | undefined;

/** The distinct words of a query, in order, as the index sees them ("and AND and" is one word). */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) terms.add(term);
  }
  return [...terms];
}

/** Postings counted per term, kept until this many terms are known (then started afresh). */
const MAX_KNOWN_TERMS = 20_000;

export class SearchIndex {
  /** Postings each term's search scores (exact, prefix and typo matches over every field). */
  private readonly postingsOfTerm = new Map<string, number>();

  private constructor(private readonly index: MiniSearch<SearchDocument>) {}

  /**
   * The index of every node, built a few milliseconds at a time between turns of the event
   * loop: a server keeps answering other requests while a big graph's index builds.
   */
  static async build(graph: KnowledgeGraph): Promise<SearchIndex> {
    const index = emptyIndex();
    let sliceEnd = performance.now() + SLICE_MS;
    for (const document of documentsOf(graph)) {
      index.add(document);
      if (performance.now() < sliceEnd) continue;
      await new Promise((resolve) => setImmediate(resolve));
      sliceEnd = performance.now() + SLICE_MS;
    }
    return new SearchIndex(index);
  }

  /**
   * Every hit of `text`, best first, restricted to `kinds` when given. Each distinct word is
   * searched once (a repeated word would be scored again for nothing), the first
   * MAX_SEARCH_TERMS of them (the API refuses longer queries). With a `signal`, a query of
   * several words is scored a word at a time, giving way to other requests between words and
   * every thousand hits; scores and order are MiniSearch's own (an OR of the words, times the
   * number of words matched), up to rounding.
   */
  async search(text: string, kinds?: GraphNodeKind[] | null, signal?: WorkSignal): Promise<SearchHit[]> {
    const terms = searchTerms(text).slice(0, MAX_SEARCH_TERMS);
    if (!terms.length) return [];
    const allowed = kinds?.length ? new Set(kinds) : null;
    const options: SearchOptions = {};
    if (allowed) options.filter = (r) => allowed.has(r.kind);
    // Counting calls MiniSearch's per-posting hook: only while work is being measured.
    if (work.counting) options.boostDocument = countPosting;
    // Two words are one unit of work.
    if (!signal || terms.length <= 2) return hitsOf(this.index.search(terms.join(' '), options));
    const combined = new Map<string, SearchHit & { terms: number }>();
    for (const term of terms) {
      if (signal.due()) await signal.wait();
      const results = this.index.search(term, options);
      if (work.counting) work.add('searchResults', results.length);
      for (let k = 0; k < results.length; k++) {
        if ((k & 1023) === 1023 && signal.due()) await signal.wait();
        const r = results[k];
        const hit = combined.get(r.id as string);
        if (!hit) combined.set(r.id as string, { node: { kind: r.kind as GraphNodeKind, id: r.id as string }, score: r.score, terms: 1 });
        else (hit.score += r.score), hit.terms++;
      }
    }
    if (signal.due()) await signal.wait();
    const hits = Array.from(combined.values(), (h): SearchHit => ({ node: h.node, score: h.score * h.terms }));
    return hits.sort((a, b) => b.score - a.score);
  }

  /**
   * The postings a search of `text` scores: for each distinct word, the documents of every
   * field of every indexed term it matches (itself, the terms it prefixes, those within its
   * typo distance), as the search expands them. What a search costs grows with this.
   */
  postings(text: string): number {
    let total = 0;
    for (const term of searchTerms(text).slice(0, MAX_SEARCH_TERMS)) total += this.postingsOf(term);
    return total;
  }

  private postingsOf(term: string): number {
    const known = this.postingsOfTerm.get(term);
    if (known !== undefined) return known;
    // MiniSearch's own radix tree, expanded as its search does (options in emptyIndex()).
    const tree = (this.index as unknown as { _index: TermTree })._index;
    const matched = new Map<string, FieldPostings>();
    const exact = tree.get(term);
    if (exact) matched.set(term, exact);
    if (term.length >= PREFIX_MIN) for (const [t, data] of tree.atPrefix(term)) matched.set(t, data);
    if (term.length >= FUZZY_MIN) {
      const distance = Math.min(MAX_FUZZY, Math.round(term.length * FUZZY));
      for (const [t, [data]] of tree.fuzzyGet(term, distance)) matched.set(t, data);
    }
    let postings = 0;
    for (const data of matched.values()) for (const docs of data.values()) postings += docs.size;
    if (this.postingsOfTerm.size >= MAX_KNOWN_TERMS) this.postingsOfTerm.clear();
    this.postingsOfTerm.set(term, postings);
    return postings;
  }
}

/** A term's postings in MiniSearch's index: field id → document id → term frequency. */
type FieldPostings = Map<number, Map<number, number>>;
interface TermTree {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, distance: number): Map<string, [FieldPostings, number]>;
}

const countPosting = () => (work.add('searchPostings', 1), 1);

/** Prefix matches from three letters ("contrast…"), one typo per five letters (MiniSearch's maxFuzzy caps it at 6). */
const PREFIX_MIN = 3;
const FUZZY_MIN = 5;
const FUZZY = 0.2;
const MAX_FUZZY = 6;

const hitsOf = (results: SearchResult[]): SearchHit[] => {
  if (work.counting) work.add('searchResults', results.length);
  return results.map((r) => ({ node: { kind: r.kind as GraphNodeKind, id: r.id as string }, score: r.score }));
};

function emptyIndex(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'key',
    fields: ['name', 'aliases', 'text', 'related'],
    storeFields: ['kind', 'id'],
    searchOptions: {
      boost: { name: 4, aliases: 3, text: 1, related: 1 },
      // Prefixes from three letters ("contrast…"), one typo per five letters.
      prefix: (term) => term.length >= PREFIX_MIN,
      fuzzy: (term) => (term.length >= FUZZY_MIN ? FUZZY : false),
      maxFuzzy: MAX_FUZZY,
    },
  });
}

/** A kind's searchable fields: what the schema says of them, and its documents. */
interface SearchKind {
  description: string;
  documents(graph: KnowledgeGraph): Iterable<SearchDocument>;
}

/** What search indexes of each kind, in the order documents are added (results tied on score keep it). */
export const SEARCH_KINDS: { readonly [K in GraphNodeKind]: SearchKind } = {
  Paper: {
    description: 'Papers: title, other titles, abstract, concept names.',
    *documents(graph) {
      const conceptNames = graph.concepts.records.map((c) => [c.name, ...c.aliases].join(' '));
      // Field by field: building every record would keep them all in memory.
      const { papers } = graph;
      const [title, aliases, abstract] = [papers.field('title'), papers.field('aliases'), papers.field('abstract')];
      for (let p = 0; p < papers.size; p++) {
        const id = papers.idAt(p);
        const concepts = Array.from(neighbours(graph.hasConcept.out, p), (c) => conceptNames[c]).join(' ');
        yield {
          key: `Paper:${id}`,
          kind: 'Paper',
          id,
          name: title(p),
          aliases: aliases(p).join(' '),
          text: abstract(p) ?? '',
          related: concepts,
        };
      }
    },
  },
  Concept: {
    description: 'Concepts: name, aliases, description.',
    *documents(graph) {
      for (const c of graph.concepts.records) {
        yield {
          key: `Concept:${c.id}`,
          kind: 'Concept',
          id: c.id,
          name: c.name,
          aliases: c.aliases.join(' '),
          text: c.description ?? '',
          related: '',
        };
      }
    },
  },
  Topic: {
    description: 'Topics: name, description.',
    *documents(graph) {
      for (const t of graph.topics.records) {
        yield { key: `Topic:${t.id}`, kind: 'Topic', id: t.id, name: t.name, aliases: '', text: t.description ?? '', related: '' };
      }
    },
  },
  Author: {
    description: 'Authors: name, affiliations.',
    *documents(graph) {
      // Field by field, as papers.
      const { authors } = graph;
      const [name, affiliations] = [authors.field('name'), authors.field('affiliations')];
      for (let a = 0; a < authors.size; a++) {
        const id = authors.idAt(a);
        yield { key: `Author:${id}`, kind: 'Author', id, name: name(a), aliases: '', text: affiliations(a).join(' '), related: '' };
      }
    },
  },
  Venue: {
    description: 'Venues: name, full name.',
    *documents(graph) {
      for (const v of graph.venues.records) {
        yield { key: `Venue:${v.id}`, kind: 'Venue', id: v.id, name: v.name, aliases: v.fullName ?? '', text: '', related: '' };
      }
    },
  },
};

function* documentsOf(graph: KnowledgeGraph): Generator<SearchDocument> {
  for (const kind of Object.values(SEARCH_KINDS)) yield* kind.documents(graph);
}

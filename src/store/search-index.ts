// Full-text search over every node kind with MiniSearch: BM25 ranking, prefix and typo
// tolerance. Names and titles weigh most, then aliases (other titles, short names, synonyms),
// then descriptions, abstracts and the curators' summaries, then the names of a paper's concepts.

import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import { neighbours } from '../graph/csr.js';
import { work } from '../model/work.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { GraphNodeKind, WorkSignal } from './graph-store.js';

/** A node's document; `key` is the document id, `<kind>:<id>@<seq>` (see search-versions.ts). */
export interface SearchDocument {
  key: string;
  kind: GraphNodeKind;
  id: string;
  name: string;
  aliases: string;
  text: string;
  related: string;
  /** The node's other names, kept (not indexed) so a hit can be told an exact or prefix match of one. */
  aliasList?: readonly string[];
}

/** A hit as the index scores it: BM25, the node's names, the index words its fields matched. */
export interface IndexHit {
  node: { kind: GraphNodeKind; id: string };
  score: number;
  name: string;
  aliases: readonly string[] | undefined;
  terms: string[];
}

/**
 * The fields that may hold a paper's own words (title, other titles, abstract, the curators'
 * summary where it has a field of its own): what TEXT relatedness reads, of those the index has.
 */
export const TEXT_FIELDS = ['name', 'aliases', 'text', 'summary'] as const;

/** How long the index build holds the event loop before it lets other requests run. */
export const SLICE_MS = 4;
/** The most distinct words a query may have: each is searched on its own, exact, by prefix and with typos. */
export const MAX_SEARCH_TERMS = 12;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | null | undefined;

/** The distinct words of a query, in order, as the index sees them ("and AND and" is one word). */
export function searchTerms(text: string): string[] {
  return [...new Set(indexWords(text))];
}

/** Every word of a text as the index sees it, in order, repeats kept (term frequencies). */
export function indexWords(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) words.push(term);
  }
  return words;
}

/** Postings counted per term, kept until this many terms are known (then started afresh). */
const MAX_KNOWN_TERMS = 20_000;

/** A term's postings in one field of MiniSearch's index: document short id → term frequency. */
export type DocumentPostings = Map<number, number>;
/** A term's postings in MiniSearch's index: field id → its postings in that field. */
export type FieldPostings = Map<number, DocumentPostings>;

/**
 * A term's postings as a version's index holds them: in the compact index of the graph the
 * lineage started from (`base`: the term's place there, -1 when it has none; search-compact.ts)
 * and in the MiniSearch index of the documents added since (`delta`).
 */
export interface TermData {
  base: number;
  delta: FieldPostings | undefined;
}

/** The terms of a version's index, as MiniSearch's radix tree answers (the same order). */
export interface IndexedTerms {
  get(term: string): TermData | undefined;
  atPrefix(prefix: string): Iterable<[string, TermData]>;
  fuzzyGet(term: string, distance: number): Map<string, [TermData, number]>;
}

/** What a version's index is: a MiniSearch index to query, its terms, and its documents by number. */
export interface IndexSource {
  /** A MiniSearch index whose terms are `terms`, whose document ids are the documents' numbers, scored as the version sees them. */
  view: MiniSearch<SearchDocument>;
  terms: IndexedTerms;
  /** How many documents of a term's field (a field id) the version sees. */
  count(data: TermData, fieldId: number): number;
  kindOf(doc: number): GraphNodeKind;
  idOf(doc: number): string;
  /** The node's id, name and other names (read from the graph, not stored in the index). */
  names(doc: number): { id: string; name: string; aliasList: readonly string[] | undefined };
}

export class SearchIndex {
  /** Postings each term's search scores (exact, prefix and typo matches over every field). */
  private readonly postingsOfTerm = new Map<string, number>();
  private readonly index: MiniSearch<SearchDocument>;

  constructor(private readonly source: IndexSource) {
    this.index = source.view;
  }

  /**
   * Every hit of `text`, best first, of every kind (the caller filters kinds: MiniSearch would
   * score them all anyway, and the caller counts them per kind). Each distinct word is
   * searched once (a repeated word would be scored again for nothing), the first
   * MAX_SEARCH_TERMS of them (the API refuses longer queries). With a `signal`, a query of
   * several words is scored a word at a time, giving way to other requests between words and
   * every thousand hits; scores and order are MiniSearch's own (an OR of the words, times the
   * number of words matched), up to rounding.
   */
  async search(text: string, signal?: WorkSignal): Promise<IndexHit[]> {
    const terms = searchTerms(text).slice(0, MAX_SEARCH_TERMS);
    if (!terms.length) return [];
    const options: SearchOptions = {};
    // Counting calls MiniSearch's per-posting hook: only while work is being measured.
    if (work.counting) options.boostDocument = countPosting;
    // Two words are one unit of work.
    if (!signal || terms.length <= 2) return this.hitsOf(this.index.search(terms.join(' '), options));
    const combined = new Map<number, { doc: number; score: number; terms: string[]; words: number }>();
    for (const term of terms) {
      if (signal.due()) await signal.wait();
      const results = this.index.search(term, options);
      if (work.counting) work.add('searchResults', results.length);
      for (let k = 0; k < results.length; k++) {
        if ((k & 1023) === 1023 && signal.due()) await signal.wait();
        const r = results[k];
        const doc = r.id as number;
        const hit = combined.get(doc);
        if (!hit) combined.set(doc, { doc, score: r.score, terms: r.terms, words: 1 });
        else {
          hit.score += r.score;
          hit.words++;
          for (const t of r.terms) if (!hit.terms.includes(t)) hit.terms.push(t);
        }
      }
    }
    if (signal.due()) await signal.wait();
    const hits = Array.from(combined.values(), (h): IndexHit => this.hitOf(h.doc, h.score * h.words, h.terms));
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

  /** Documents (of any kind) this index sees: the N of an inverse document frequency. */
  get documentCount(): number {
    return (this.index as unknown as { _documentCount: number })._documentCount;
  }

  /**
   * In how many documents `term` (exact, as the index holds it) occurs in a paper's own words
   * (TEXT_FIELDS): the most of any one field, so a word in both a title and its abstract counts once.
   */
  textDocumentFrequency(term: string): number {
    const data = this.source.terms.get(term);
    if (!data) return 0;
    let most = 0;
    for (const fieldId of this.textFieldIds()) most = Math.max(most, this.source.count(data, fieldId));
    return most;
  }

  /**
   * The `limit` papers whose own words (TEXT_FIELDS) hold most of `terms`, best first (ties in
   * index order): MiniSearch's BM25+ of each exact term (no prefix, no typos) times its weight,
   * summed, times the number of terms matched (as MiniSearch's OR scores; with `groupOf`, the
   * number of groups matched, so two forms of one word count once). Each hit lists the terms it
   * matched. Runs MiniSearch's query without its result objects: only the top ones are built.
   */
  papersMatching(
    terms: ReadonlyMap<string, number>,
    limit: number,
    groupOf: (term: string) => string = (term) => term,
  ): { id: string; score: number; terms: string[] }[] {
    if (!terms.size || limit <= 0) return [];
    const mini = this.index as unknown as {
      executeQuery(query: string, options: SearchOptions): Map<number, { score: number; terms: string[] }>;
    };
    const raw = mini.executeQuery([...terms.keys()].join(' '), {
      fields: this.textFields(),
      prefix: false,
      fuzzy: false,
      combineWith: 'OR',
      boostTerm: (term) => terms.get(term) ?? 0,
    });
    if (work.counting) work.add('searchResults', raw.size);
    const hits: { shortId: number; score: number; terms: string[] }[] = [];
    for (const [shortId, { score, terms: matched }] of raw) {
      if (this.source.kindOf(shortId) !== 'Paper') continue;
      hits.push({ shortId, score: score * distinctGroups(matched, groupOf), terms: matched });
    }
    hits.sort((a, b) => b.score - a.score || a.shortId - b.shortId);
    return hits.slice(0, limit).map((h) => ({ id: this.source.idOf(h.shortId), score: h.score, terms: h.terms }));
  }

  private textFields(): string[] {
    const fieldIds = (this.index as unknown as { _fieldIds: Record<string, number> })._fieldIds;
    return TEXT_FIELDS.filter((f) => fieldIds[f] !== undefined);
  }

  private textFieldIds(): number[] {
    const fieldIds = (this.index as unknown as { _fieldIds: Record<string, number> })._fieldIds;
    return this.textFields().map((f) => fieldIds[f]);
  }

  private postingsOf(term: string): number {
    const known = this.postingsOfTerm.get(term);
    if (known !== undefined) return known;
    // The terms expanded as MiniSearch's search expands them (options in emptyIndex()).
    const tree = this.source.terms;
    const matched = new Map<string, TermData>();
    const exact = tree.get(term);
    if (exact) matched.set(term, exact);
    if (term.length >= PREFIX_MIN) for (const [t, data] of tree.atPrefix(term)) matched.set(t, data);
    if (term.length >= FUZZY_MIN) {
      const distance = Math.min(MAX_FUZZY, Math.round(term.length * FUZZY));
      for (const [t, [data]] of tree.fuzzyGet(term, distance)) matched.set(t, data);
    }
    const fields = Object.keys((this.index as unknown as { _fieldIds: Record<string, number> })._fieldIds).length;
    let postings = 0;
    for (const data of matched.values()) for (let f = 0; f < fields; f++) postings += this.source.count(data, f);
    if (this.postingsOfTerm.size >= MAX_KNOWN_TERMS) this.postingsOfTerm.clear();
    this.postingsOfTerm.set(term, postings);
    return postings;
  }

  private hitOf(doc: number, score: number, terms: string[]): IndexHit {
    const { id, name, aliasList } = this.source.names(doc);
    return { node: { kind: this.source.kindOf(doc), id }, score, name, aliases: aliasList, terms };
  }

  private hitsOf(results: SearchResult[]): IndexHit[] {
    if (work.counting) work.add('searchResults', results.length);
    return results.map((r) => this.hitOf(r.id as number, r.score, r.terms));
  }
}

function distinctGroups(terms: string[], groupOf: (term: string) => string): number {
  if (terms.length < 2) return terms.length || 1;
  return new Set(terms.map(groupOf)).size;
}

const countPosting = () => (work.add('searchPostings', 1), 1);

/** Prefix matches from three letters ("contrast…"), one typo per five letters (MiniSearch's maxFuzzy caps it at 6). */
const PREFIX_MIN = 3;
const FUZZY_MIN = 5;
const FUZZY = 0.2;
const MAX_FUZZY = 6;
/** The expansion options above, for tests that read MiniSearch's own tree. */
export const FUZZY_OPTIONS = { prefixMin: PREFIX_MIN, fuzzyMin: FUZZY_MIN, fuzzy: FUZZY, maxFuzzy: MAX_FUZZY } as const;

export function emptyIndex(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'key',
    fields: ['name', 'aliases', 'text', 'related'],
    // The name and other names: a hit's match class (exact, prefix) is read from them.
    storeFields: ['kind', 'id', 'name', 'aliasList'],
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
  /** How many nodes of the kind the graph has. */
  size(graph: KnowledgeGraph): number;
  /** A maker of the kind's documents on one graph: node index and seq → the document `<key>@<seq>`. */
  documents(graph: KnowledgeGraph): (index: number, seq: number) => SearchDocument;
  /** A reader of the kind's ids and names on one graph (what a hit shows and is matched by), by node index. */
  names(graph: KnowledgeGraph): (index: number) => DocumentNames;
}

/** A node's id, name and other names: what a hit carries. */
export interface DocumentNames {
  id: string;
  name: string;
  aliasList: readonly string[] | undefined;
}

/** The key of a node in the index: its documents' ids are `<key>@<seq>` (one per version it changed in). */
export const searchKey = (kind: GraphNodeKind, id: string): string => `${kind}:${id}`;

/** A concept as a paper's document names it. */
export const conceptLabel = (c: { name: string; aliases: string[] }): string => [c.name, ...c.aliases].join(' ');

/** What search indexes of each kind, in the order documents are added (results tied on score keep it). */
export const SEARCH_KINDS: { readonly [K in GraphNodeKind]: SearchKind } = {
  Paper: {
    description: "Papers: title, other titles, the authors' abstract and the curators' summary, concept names.",
    size: (graph) => graph.papers.size,
    documents(graph) {
      // Field by field: building every record would keep them all in memory.
      const { papers, concepts } = graph;
      const [title, aliases, abstract, summary] = [
        papers.field('title'),
        papers.field('aliases'),
        papers.field('abstract'),
        papers.field('summary'),
      ];
      const labels: (string | undefined)[] = new Array(concepts.size);
      const labelOf = (c: number) => (labels[c] ??= conceptLabel(concepts.at(c)));
      return (p, seq) => {
        const id = papers.idAt(p);
        return {
          key: `Paper:${id}@${seq}`,
          kind: 'Paper',
          id,
          name: title(p),
          aliases: aliases(p).join(' '),
          aliasList: aliases(p).length ? aliases(p) : undefined,
          text: textOf(abstract(p), summary(p)),
          related: Array.from(neighbours(graph.hasConcept.out, p), labelOf).join(' '),
        };
      };
    },
    names(graph) {
      const { papers } = graph;
      const [title, aliases] = [papers.field('title'), papers.field('aliases')];
      return (p) => {
        const other = aliases(p);
        return { id: papers.idAt(p), name: title(p), aliasList: other.length ? other : undefined };
      };
    },
  },
  Concept: {
    description: 'Concepts: name, aliases, description.',
    size: (graph) => graph.concepts.size,
    documents: (graph) => (index, seq) => {
      const c = graph.concepts.at(index);
      return {
        key: `Concept:${c.id}@${seq}`,
        kind: 'Concept',
        id: c.id,
        name: c.name,
        aliases: c.aliases.join(' '),
        aliasList: c.aliases.length ? c.aliases : undefined,
        text: c.description ?? '',
        related: '',
      };
    },
    names: (graph) => (index) => {
      const c = graph.concepts.at(index);
      return { id: c.id, name: c.name, aliasList: c.aliases.length ? c.aliases : undefined };
    },
  },
  Topic: {
    description: 'Topics: name, description.',
    size: (graph) => graph.topics.size,
    documents: (graph) => (index, seq) => {
      const t = graph.topics.at(index);
      return { key: `Topic:${t.id}@${seq}`, kind: 'Topic', id: t.id, name: t.name, aliases: '', text: t.description ?? '', related: '' };
    },
    names: (graph) => (index) => {
      const t = graph.topics.at(index);
      return { id: t.id, name: t.name, aliasList: undefined };
    },
  },
  Author: {
    description: 'Authors: name, affiliations.',
    size: (graph) => graph.authors.size,
    documents(graph) {
      // Field by field, as papers.
      const { authors } = graph;
      const [name, affiliations] = [authors.field('name'), authors.field('affiliations')];
      return (a, seq) => {
        const id = authors.idAt(a);
        return { key: `Author:${id}@${seq}`, kind: 'Author', id, name: name(a), aliases: '', text: affiliations(a).join(' '), related: '' };
      };
    },
    names(graph) {
      const { authors } = graph;
      const name = authors.field('name');
      return (a) => ({ id: authors.idAt(a), name: name(a), aliasList: undefined });
    },
  },
  Venue: {
    description: 'Venues: name, full name.',
    size: (graph) => graph.venues.size,
    documents: (graph) => (index, seq) => {
      const v = graph.venues.at(index);
      return {
        key: `Venue:${v.id}@${seq}`,
        kind: 'Venue',
        id: v.id,
        name: v.name,
        aliases: v.fullName ?? '',
        aliasList: v.fullName ? [v.fullName] : undefined,
        text: '',
        related: '',
      };
    },
    names: (graph) => (index) => {
      const v = graph.venues.at(index);
      return { id: v.id, name: v.name, aliasList: v.fullName ? [v.fullName] : undefined };
    },
  },
};

/** A paper's searchable text: the authors' abstract and the curators' summary, whichever it has. */
function textOf(abstract: string | null, summary: string | null): string {
  return abstract && summary ? `${abstract}\n${summary}` : (abstract ?? summary ?? '');
}

/** Every node's document, kind after kind (SEARCH_KINDS order), ids ending with `@seq`. */
export function* documentsOf(graph: KnowledgeGraph, seq = 0): Generator<SearchDocument> {
  for (const kind of Object.values(SEARCH_KINDS)) {
    const make = kind.documents(graph);
    for (let i = 0, size = kind.size(graph); i < size; i++) yield make(i, seq);
  }
}

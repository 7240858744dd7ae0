// Full-text search over every node kind with MiniSearch: BM25 ranking, prefix and typo
// tolerance. Names and titles weigh most, then aliases (other titles, short names, synonyms),
// then descriptions and abstracts, then the names of a paper's concepts.

import MiniSearch, { type SearchResult } from 'minisearch';
import { neighbours } from '../graph/csr.js';
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

export class SearchIndex {
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
   * Every hit of `text`, best first, restricted to `kinds` when given. A query of several terms
   * is scored a term at a time (each distinct term once), giving way to other requests between
   * terms and every thousand hits when `signal` says the caller's slice is used up. Scores and
   * order are MiniSearch's own, up to rounding: an OR of the terms, each term's score counted per
   * occurrence, times the number of distinct terms matched.
   */
  async search(text: string, kinds?: GraphNodeKind[] | null, signal?: WorkSignal): Promise<SearchHit[]> {
    const allowed = kinds?.length ? new Set(kinds) : null;
    const options = allowed ? { filter: (r: SearchResult) => allowed.has(r.kind) } : undefined;
    const terms = TOKENIZE(text).map((t) => PROCESS_TERM(t)).filter((t): t is string => !!t);
    // Two terms are one unit of work.
    if (!signal || terms.length <= 2) return hitsOf(this.index.search(text, options));
    const occurrences = new Map<string, number>();
    for (const term of terms) occurrences.set(term, (occurrences.get(term) ?? 0) + 1);
    const combined = new Map<string, SearchHit & { terms: number }>();
    for (const [term, times] of occurrences) {
      if (signal.due()) await signal.wait();
      const results = this.index.search(term, options);
      for (let k = 0; k < results.length; k++) {
        if ((k & 1023) === 1023 && signal.due()) await signal.wait();
        const r = results[k], score = times === 1 ? r.score : r.score * times;
        const hit = combined.get(r.id as string);
        if (!hit) combined.set(r.id as string, { node: { kind: r.kind as GraphNodeKind, id: r.id as string }, score, terms: 1 });
        else (hit.score += score, hit.terms++);
      }
    }
    if (signal.due()) await signal.wait();
    const hits = Array.from(combined.values(), (h): SearchHit => ({ node: h.node, score: h.score * h.terms }));
    return hits.sort((a, b) => b.score - a.score);
  }
}

const TOKENIZE = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const PROCESS_TERM = MiniSearch.getDefault('processTerm') as (term: string) => string | null | undefined | false;
const hitsOf = (results: SearchResult[]): SearchHit[] => results.map((r) => ({ node: { kind: r.kind as GraphNodeKind, id: r.id as string }, score: r.score }));

function emptyIndex(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'key',
    fields: ['name', 'aliases', 'text', 'related'],
    storeFields: ['kind', 'id'],
    searchOptions: {
      boost: { name: 4, aliases: 3, text: 1, related: 1 },
      // Prefixes from three letters ("contrast…"), one typo per five letters.
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    },
  });
}

function* documentsOf(graph: KnowledgeGraph): Generator<SearchDocument> {
  const conceptNames = graph.concepts.records.map((c) => [c.name, ...c.aliases].join(' '));
  // Papers and authors field by field: building every record would keep them all in memory.
  const { papers, authors } = graph;
  const [title, aliases, abstract] = [papers.field('title'), papers.field('aliases'), papers.field('abstract')];
  for (let p = 0; p < papers.size; p++) {
    const id = papers.idAt(p);
    const concepts = Array.from(neighbours(graph.hasConcept.out, p), (c) => conceptNames[c]).join(' ');
    yield { key: `Paper:${id}`, kind: 'Paper', id, name: title(p), aliases: aliases(p).join(' '), text: abstract(p) ?? '', related: concepts };
  }
  for (const c of graph.concepts.records) {
    yield { key: `Concept:${c.id}`, kind: 'Concept', id: c.id, name: c.name, aliases: c.aliases.join(' '), text: c.description ?? '', related: '' };
  }
  for (const t of graph.topics.records) {
    yield { key: `Topic:${t.id}`, kind: 'Topic', id: t.id, name: t.name, aliases: '', text: t.description ?? '', related: '' };
  }
  const [name, affiliations] = [authors.field('name'), authors.field('affiliations')];
  for (let a = 0; a < authors.size; a++) {
    const id = authors.idAt(a);
    yield { key: `Author:${id}`, kind: 'Author', id, name: name(a), aliases: '', text: affiliations(a).join(' '), related: '' };
  }
  for (const v of graph.venues.records) {
    yield { key: `Venue:${v.id}`, kind: 'Venue', id: v.id, name: v.name, aliases: v.fullName ?? '', text: '', related: '' };
  }
}

// Text similarity between papers ("more like this") over the full-text index the store already
// keeps per graph version (search-index.ts, search-versions.ts): a paper's most distinctive
// words — its title and other titles, its abstract and summary, weighted TF-IDF against the
// version's own document frequencies — are searched for with MiniSearch's BM25+, exact words
// only, among the other papers' titles and abstracts. The words a hit matched are the evidence.
// Curation versions are handled by the index: each version sees its own documents and statistics.

import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { TextScores } from '../graph/related.js';
import { indexWords, type SearchIndex } from './search-index.js';

/** The most words a paper's query holds: enough for an abstract's topic, few enough to stay fast. */
export const TEXT_QUERY_TERMS = 25;
/** Text candidates handed to HYBRID (TEXT itself takes just the `first` it is asked for). */
export const HYBRID_TEXT_CANDIDATES = 100;
/** A title word counts as often as this many abstract words (a title says what a paper is about). */
const TITLE_WEIGHT = 3;
/** Shortest word kept: two-letter words are mostly symbols and abbreviations of anything. */
const MIN_LENGTH = 3;

/**
 * Words that carry no topic: the stopword library's English list plus the boilerplate of
 * abstracts ("we propose a novel method … experiments show … state of the art"). Rare-word
 * weighting (IDF) would push most of these down anyway; listing them keeps a short title's
 * query from spending its slots on them.
 */
const STOP_WORDS = new Set([
  ...ENGLISH_STOP_WORDS,
  ...'its not no nor via within without upon onto among across us also however thus therefore hence whether yet'.split(' '),
  ...'paper papers propose proposed proposes present presents presented show shows shown demonstrate demonstrates novel new approach approaches method methods result results based using use used uses existing state art work works well able allows given several various experiments experimental achieve achieves achieving significantly outperforms outperform performance problem problems provide provides including furthermore moreover first two one three towards toward'.split(
    ' ',
  ),
]);

/** The index's words of a text (MiniSearch's tokeniser and term processing), topic words only, repeats kept. */
function topicWords(text: string | null | undefined): string[] {
  return text ? indexWords(text).filter(isTopicWord) : [];
}

function isTopicWord(term: string): boolean {
  return term.length >= MIN_LENGTH && !STOP_WORDS.has(term) && !/^[\d.,]+$/.test(term);
}

/** A paper's topic words with their weighted frequency: title words (once each, with other titles) × TITLE_WEIGHT, abstract and summary words as often as they occur. */
export function paperWords(graph: KnowledgeGraph, p: number): Map<string, number> {
  const { papers } = graph;
  const words = new Map<string, number>();
  const titleWords = new Set([
    ...topicWords(papers.field('title')(p)),
    ...papers
      .field('aliases')(p)
      .flatMap((a) => topicWords(a)),
  ]);
  for (const w of titleWords) words.set(w, TITLE_WEIGHT);
  for (const text of [papers.field('abstract')(p), papers.field('summary')(p)])
    for (const w of topicWords(text)) words.set(w, (words.get(w) ?? 0) + 1);
  return words;
}

/**
 * A paper's query: its TEXT_QUERY_TERMS words of highest (1 + ln tf) × ln(N / df), each weighted
 * by that score over the best one. A word no other paper has (df ≤ 1) finds nothing and is left out.
 * Ordered by weight, highest first.
 */
export function textQuery(index: SearchIndex, graph: KnowledgeGraph, p: number): Map<string, number> {
  const n = index.documentCount;
  const scored: [string, number][] = [];
  for (const [word, tf] of paperWords(graph, p)) {
    const df = index.textDocumentFrequency(word);
    if (df <= 1 || df >= n) continue;
    scored.push([word, (1 + Math.log(tf)) * Math.log(n / df)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = scored.slice(0, TEXT_QUERY_TERMS);
  const best = top[0]?.[1] ?? 1;
  return new Map(top.map(([word, score]) => [word, score / best]));
}

export interface TextRelated {
  /** The anchor's query words, by weight. */
  query: Map<string, number>;
  /** Candidates by text score (the anchor excluded): graph indexes and scores, best first. */
  scores: TextScores & { indexes: number[]; scores: number[] };
  /** For each candidate index, the query words it matched, by the anchor's weight. */
  matched: Map<number, string[]>;
}

/** The `limit` papers whose words are most like paper p's, by BM25+ over the version's index. */
export function textRelated(index: SearchIndex, graph: KnowledgeGraph, p: number, limit: number): TextRelated {
  const query = textQuery(index, graph, p);
  const indexes: number[] = [],
    scores: number[] = [];
  const matched = new Map<number, string[]>();
  const byWeight = (a: string, b: string) => query.get(b)! - query.get(a)! || (a < b ? -1 : 1);
  // One more than asked: the anchor itself is usually the best match.
  for (const hit of index.papersMatching(query, limit + 1)) {
    if (indexes.length >= limit) break;
    const q = graph.papers.indexOf(hit.id);
    if (q < 0 || q === p) continue;
    indexes.push(q);
    scores.push(hit.score);
    matched.set(q, [...hit.terms].sort(byWeight));
  }
  return { query, scores: { indexes, scores }, matched };
}

/** The anchor's query words paper q has too, by the anchor's weight (for results HYBRID found otherwise). */
export function sharedWords(graph: KnowledgeGraph, q: number, query: ReadonlyMap<string, number>): string[] {
  const words = paperWords(graph, q);
  return [...query.keys()].filter((w) => words.has(w));
}

// Text similarity between papers ("more like this") over the full-text index the store already
// keeps per graph version (search-index.ts, search-versions.ts): a paper's most distinctive
// words — its title and other titles, its abstract and summary, weighted TF-IDF against the
// version's own document frequencies, a word's singular and plural counted as one (pluralize:
// "views" and "view") — are searched for, in each form, with MiniSearch's BM25+ (exact forms, no
// prefixes or typos) among the other papers' titles and abstracts. The words a hit matched are
// the evidence.
// Curation versions are handled by the index: each version sees its own documents and statistics.

import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import pluralize from 'pluralize';
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
  ...'paper papers propose proposed proposes present presents presented show shows shown demonstrate demonstrates novel new approach approaches method methods result results based using use used uses existing state art work works well able allows given several various experiments experimental achieve achieves achieving significantly outperforms outperform performance problem problems provide provides including furthermore moreover first two one three towards toward own rely relies relying refer refers referred par reach reaches reached obtain obtains obtained enable enables enabling allow allowing improve improves improved improving effective effectively recent recently important often typically commonly simple simply study studies studied'.split(
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

/** A word's singular ("views" → "view", "analyses" → "analysis", "datasets" → "dataset"): a word's forms group under it. */
const singulars = new Map<string, string>();
export function lemmaOf(word: string): string {
  let lemma = singulars.get(word);
  if (lemma === undefined) {
    if (singulars.size >= 200_000) singulars.clear();
    singulars.set(word, (lemma = pluralize.singular(word)));
  }
  return lemma;
}

/** A paper's query: words (as lemmas) by weight, and what to search for. */
export interface TextQuery {
  /** Lemma → weight in (0, 1], highest first. */
  weights: Map<string, number>;
  /** Lemma → the anchor's own commonest form of it: how a shared word is shown. */
  labels: Map<string, string>;
  /** Index term → weight of its lemma: every form searched for. */
  terms: Map<string, number>;
}

/**
 * A paper's query: its TEXT_QUERY_TERMS words of highest (1 + ln tf) × ln(N / df), a word being
 * its forms (the paper's own, its singular and plural by pluralize) with tf summed over the
 * paper's forms and df that of its commonest form in the index. A word no other paper has
 * (df ≤ 1) finds nothing and is left out. Each is weighted by its score over the best one, and
 * searched for in each of its forms the index has.
 */
export function textQuery(index: SearchIndex, graph: KnowledgeGraph, p: number): TextQuery {
  const n = index.documentCount;
  const own = new Map<string, { tf: number; label: string; labelTf: number; forms: string[] }>();
  for (const [word, tf] of paperWords(graph, p)) {
    const lemma = lemmaOf(word);
    const seen = own.get(lemma);
    if (!seen) own.set(lemma, { tf, label: word, labelTf: tf, forms: [word] });
    else {
      seen.tf += tf;
      seen.forms.push(word);
      if (tf > seen.labelTf || (tf === seen.labelTf && word < seen.label)) (seen.label = word), (seen.labelTf = tf);
    }
  }
  const scored: { lemma: string; score: number; forms: string[] }[] = [];
  for (const [lemma, { tf, forms: ownForms }] of own) {
    const forms = new Map<string, number>();
    for (const form of [...ownForms, lemma, pluralize.plural(lemma)])
      if (!forms.has(form)) forms.set(form, index.textDocumentFrequency(form));
    // The forms of a word mostly occur together ("graph" and "graphs" in one abstract): the commonest form's count stands for the word's.
    const df = Math.max(...forms.values());
    if (df <= 1 || df >= n) continue;
    scored.push({ lemma, score: (1 + Math.log(tf)) * Math.log(n / df), forms: [...forms].filter(([, d]) => d > 0).map(([f]) => f) });
  }
  scored.sort((a, b) => b.score - a.score || (a.lemma < b.lemma ? -1 : 1));
  const top = scored.slice(0, TEXT_QUERY_TERMS);
  const best = top[0]?.score ?? 1;
  const query: TextQuery = { weights: new Map(), labels: new Map(), terms: new Map() };
  for (const { lemma, score, forms } of top) {
    query.weights.set(lemma, score / best);
    query.labels.set(lemma, own.get(lemma)!.label);
    for (const form of forms) query.terms.set(form, score / best);
  }
  return query;
}

export interface TextRelated {
  query: TextQuery;
  /** Candidates by text score (the anchor excluded): graph indexes and scores, best first. */
  scores: TextScores & { indexes: number[]; scores: number[] };
  /** For each candidate index, the query words it matched (the anchor's forms), by weight. */
  matched: Map<number, string[]>;
}

/** The `limit` papers whose words are most like paper p's, by BM25+ over the version's index. */
export function textRelated(index: SearchIndex, graph: KnowledgeGraph, p: number, limit: number): TextRelated {
  const query = textQuery(index, graph, p);
  const indexes: number[] = [],
    scores: number[] = [];
  const matched = new Map<number, string[]>();
  // Stubs (placeholders for references a source could not describe) have no text of their own.
  const isStub = graph.papers.field('stub') as (q: number) => boolean | undefined;
  // One more than asked: the anchor itself is usually the best match.
  for (const hit of index.papersMatching(query.terms, limit + 1, lemmaOf)) {
    if (indexes.length >= limit) break;
    const q = graph.papers.indexOf(hit.id);
    if (q < 0 || q === p || isStub(q)) continue;
    indexes.push(q);
    scores.push(hit.score);
    matched.set(q, labelsOf(query, new Set(hit.terms.map(lemmaOf))));
  }
  return { query, scores: { indexes, scores }, matched };
}

/** The anchor's query words paper q has too (in any form), by the anchor's weight (for results HYBRID found otherwise). */
export function sharedWords(graph: KnowledgeGraph, q: number, query: TextQuery): string[] {
  return labelsOf(query, new Set([...paperWords(graph, q).keys()].map(lemmaOf)));
}

/** The labels of the query's lemmas in `lemmas`, in the query's order (by weight). */
function labelsOf(query: TextQuery, lemmas: Set<string>): string[] {
  const out: string[] = [];
  for (const lemma of query.weights.keys()) if (lemmas.has(lemma)) out.push(query.labels.get(lemma)!);
  return out;
}

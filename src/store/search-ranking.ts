// Search for a UI, over the full-text index (search-index.ts) and the graph of one version:
// an identifier in the query (arXiv id, DOI, NeurIPS proceedings hash, bare or as a URL) finds
// its paper first; a node whose name or an alias is the query comes next, then those whose name
// starts with it, then the other text matches, BM25 order within each class. A query of one or
// two letters (too short for the index's prefix matches, from three) completes the names of
// concepts and topics, most papers first. Hits are counted per kind before the kinds filter.

import { degree } from '../graph/csr.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { parseArxivId, parseDoi } from '../model/index.js';
import type { GraphNodeKind, SearchHit, SearchMatch, WorkSignal } from './graph-store.js';
import { indexWords, type IndexHit, type SearchIndex } from './search-index.js';

/** Queries this short (in letters, one word) complete concept and topic names; longer ones go through the index's prefixes. */
export const COMPLETION_MAX = 2;
/** The kinds a one- or two-letter query completes the names of. */
export const COMPLETED_KINDS = ['Concept', 'Topic'] as const satisfies readonly GraphNodeKind[];

/** The strongest match class first. */
const MATCH_ORDER: readonly SearchMatch[] = ['IDENTIFIER', 'EXACT_NAME', 'NAME_PREFIX', 'TEXT'];

export interface RankedSearch {
  /** Hits of the kinds asked, best first. */
  hits: SearchHit[];
  /** Hits of each kind, whatever kinds were asked. */
  countsByKind: Record<GraphNodeKind, number>;
}

export interface RankOptions {
  kinds?: readonly GraphNodeKind[] | null;
  /** Leaves a hit out everywhere (counts too): stub papers unless asked. */
  keep?: (kind: GraphNodeKind, id: string) => boolean;
  signal?: WorkSignal;
}

/** An identifier a query may be, with the scheme that names it. */
export interface QueryIdentifier {
  scheme: 'arxiv' | 'doi' | 'neurips-proceedings';
  value: string;
}

const HASH = /^[0-9a-f]{32}$/i;
const PROCEEDINGS_URL =
  /^(?:https?:\/\/)?(?:proceedings\.neurips\.cc|papers\.nips\.cc|papers\.neurips\.cc)\/paper(?:_files\/paper)?\/\d{4}\/(?:hash|file)\/([0-9a-f]{32})-(?:Abstract|Paper)\b[^\s]*$/i;

/**
 * The identifier a whole query is, if it is one: an arXiv id (new or old style, with or without
 * `arXiv:` and a version, or an arxiv.org abs/ or pdf/ URL), a DOI (bare, `doi:`, a doi.org URL)
 * or a NeurIPS proceedings hash (bare or a proceedings page or PDF URL).
 */
export function identifierOf(query: string): QueryIdentifier | null {
  const text = query.trim();
  const arxiv = parseArxivId(text);
  if (arxiv) return { scheme: 'arxiv', value: arxiv.id.toLowerCase() };
  const doi = parseDoi(text);
  if (doi) return { scheme: 'doi', value: doi.toLowerCase() };
  const hash = HASH.test(text) ? text : PROCEEDINGS_URL.exec(text)?.[1];
  if (hash) return { scheme: 'neurips-proceedings', value: hash.toLowerCase() };
  return null;
}

/** The paper (index) an identifier names in a graph, or -1. */
export function paperOfIdentifier(graph: KnowledgeGraph, id: QueryIdentifier): number {
  if (id.scheme === 'arxiv') return graph.byArxivId.get(id.value) ?? -1;
  if (id.scheme === 'doi') return graph.byDoi.get(id.value) ?? -1;
  return proceedingsIndex(graph).get(id.value) ?? -1;
}

/** Papers by proceedings hash, per papers table (a version whose papers did not change shares it); built on the first hash searched. */
const proceedingsIndexes = new WeakMap<object, Map<string, number>>();
function proceedingsIndex(graph: KnowledgeGraph): Map<string, number> {
  const papers = graph.papers;
  let index = proceedingsIndexes.get(papers);
  if (index) return index;
  index = new Map();
  const externalIds = papers.field('externalIds');
  for (let p = 0; p < papers.size; p++) {
    for (const e of externalIds(p)) if (e.scheme === 'neurips-proceedings') index.set(e.id.toLowerCase(), p);
  }
  proceedingsIndexes.set(papers, index);
  return index;
}

/** A name as the index reads it: its words, lower-cased, one space apart ("Self-Attention" → "self attention"). */
export const normalName = (name: string): string => indexWords(name).join(' ');

const FIRST_WORD_CHAR = /[^\n\r\p{Z}\p{P}]/u;

/** Whether `name`'s first word starts with `word` (lower-case), case aside: a cheap test before tokenizing. */
function startsWithWord(name: string, word: string): boolean {
  let start = 0;
  const c = name.charCodeAt(0);
  // ASCII letters and digits start most names; anything else asks the tokenizer's classes.
  const plain = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (!plain) {
    start = FIRST_WORD_CHAR.exec(name)?.index ?? -1;
    if (start < 0) return false;
  }
  if (name.length - start < word.length) return false;
  for (let k = 0; k < word.length; k++) {
    let x = name.charCodeAt(start + k);
    if (x >= 65 && x <= 90) x += 32;
    else if (x > 127) return name.slice(start, start + word.length).toLowerCase() === word;
    if (x !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** How a node's names match a query, and the name's word the query's last word completes (for highlights). */
export interface NameMatch {
  match: SearchMatch;
  completed: string | null;
}
const TEXT_MATCH: NameMatch = { match: 'TEXT', completed: null };
const EXACT_MATCH: NameMatch = { match: 'EXACT_NAME', completed: null };

/**
 * How a node's names match a query (its index words, in order): EXACT_NAME when the name or an
 * alias has exactly those words, NAME_PREFIX when its words start with them (the last may be
 * unfinished), else TEXT. Names are read a word at a time, only as far as the query goes, and
 * only when their first word starts with the query's (a cheap test that drops most hits of a
 * frequent word).
 */
export function nameMatch(name: string, aliases: readonly string[] | undefined, words: readonly string[]): NameMatch {
  let best = matchOne(name, words, TEXT_MATCH);
  if (aliases) for (let k = 0; k < aliases.length && best !== EXACT_MATCH; k++) best = matchOne(aliases[k], words, best);
  return best;
}

/** A word as the index tokenizes (runs of characters neither space nor punctuation). */
const WORD = /[^\n\r\p{Z}\p{P}]+/gu;

function matchOne(candidate: string, words: readonly string[], best: NameMatch): NameMatch {
  if (!startsWithWord(candidate, words[0])) return best;
  const fast = matchAscii(candidate, words, best);
  return fast === NOT_ASCII ? matchWords(candidate, words, best) : fast;
}

/** The tokenizer's separators among ASCII characters: \n, \r, space (\p{Z}) and punctuation (\p{P}); symbols such as $ + < = > ^ ` | ~ are word characters. */
const ASCII_SEPARATOR = new Uint8Array(128);
for (const c of '\n\r !"#%&\'()*,-./:;?@[\\]_{}') ASCII_SEPARATOR[c.charCodeAt(0)] = 1;
const NOT_ASCII: NameMatch = { match: 'TEXT', completed: null };

/** matchWords without a regular expression or a string per word, while the name is ASCII (NOT_ASCII as soon as it is not). */
function matchAscii(candidate: string, words: readonly string[], best: NameMatch): NameMatch {
  const n = candidate.length;
  const last = words.length - 1;
  let pos = 0;
  for (let k = 0; k <= last; k++) {
    // Skip separators, then read one word, comparing it with the query's, lower-cased.
    for (; pos < n; pos++) {
      const c = candidate.charCodeAt(pos);
      if (c > 127) return NOT_ASCII;
      if (!ASCII_SEPARATOR[c]) break;
    }
    if (pos === n) return best;
    const word = words[k];
    const start = pos;
    let same = true;
    for (; pos < n; pos++) {
      let c = candidate.charCodeAt(pos);
      if (c > 127) return NOT_ASCII;
      if (ASCII_SEPARATOR[c]) break;
      if (c >= 65 && c <= 90) c += 32;
      const i = pos - start;
      if (same && i < word.length && c !== word.charCodeAt(i)) same = false;
    }
    const length = pos - start;
    if (k < last) {
      if (!same || length !== word.length) return best;
      continue;
    }
    if (length < word.length || !same) return best;
    if (length === word.length) {
      // Exact when no word follows.
      let more = false;
      for (; pos < n; pos++) {
        const c = candidate.charCodeAt(pos);
        if (c > 127) return NOT_ASCII;
        if (!ASCII_SEPARATOR[c]) {
          more = true;
          break;
        }
      }
      if (!more) return EXACT_MATCH;
    }
    return best === TEXT_MATCH ? { match: 'NAME_PREFIX', completed: candidate.slice(start, pos).toLowerCase() } : best;
  }
  return best;
}

function matchWords(candidate: string, words: readonly string[], best: NameMatch): NameMatch {
  WORD.lastIndex = 0;
  const last = words.length - 1;
  for (let k = 0; k < last; k++) {
    const m = WORD.exec(candidate);
    if (!m || m[0].toLowerCase() !== words[k]) return best;
  }
  const m = WORD.exec(candidate);
  if (!m) return best;
  const word = m[0].toLowerCase();
  if (word === words[last] && !WORD.exec(candidate)) return EXACT_MATCH;
  return best === TEXT_MATCH && word.startsWith(words[last]) ? { match: 'NAME_PREFIX', completed: word } : best;
}

/** A name or alias of a concept or topic, for completion. */
interface NameEntry {
  name: string;
  kind: GraphNodeKind;
  id: string;
  papers: number;
}

/** Concept and topic names and aliases, normalised and sorted, and the completions of the prefixes asked so far. */
interface CompletionIndex {
  entries: NameEntry[];
  /** Prefix → its completions: one or two letters, so a few hundred at most (ASCII); cleared past that. */
  byPrefix: Map<string, NameEntry[]>;
}
const MAX_PREFIXES = 1024;

/** Per pair of tables (shared by the versions that keep them). */
const completionIndexes = new WeakMap<object, WeakMap<object, CompletionIndex>>();
function completionIndex(graph: KnowledgeGraph): CompletionIndex {
  const { concepts, topics } = graph;
  let byTopics = completionIndexes.get(concepts);
  if (!byTopics) completionIndexes.set(concepts, (byTopics = new WeakMap()));
  const known = byTopics.get(topics);
  if (known) return known;
  const entries: NameEntry[] = [];
  for (let c = 0; c < concepts.size; c++) {
    const concept = concepts.at(c);
    const papers = degree(graph.hasConcept.in, c);
    for (const name of [concept.name, ...concept.aliases])
      entries.push({ name: normalName(name), kind: 'Concept', id: concept.id, papers });
  }
  for (let t = 0; t < topics.size; t++) {
    const topic = topics.at(t);
    entries.push({ name: normalName(topic.name), kind: 'Topic', id: topic.id, papers: degree(graph.inTopic.in, t) });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const index = { entries, byPrefix: new Map<string, NameEntry[]>() };
  byTopics.set(topics, index);
  return index;
}

/** Concepts and topics whose name or an alias starts with `prefix` (normalised), most papers first, each once. */
export function completions(graph: KnowledgeGraph, prefix: string): readonly NameEntry[] {
  const index = completionIndex(graph);
  const known = index.byPrefix.get(prefix);
  if (known) return known;
  const { entries } = index;
  let lo = 0,
    hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].name < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found = new Map<string, NameEntry>();
  for (let k = lo; k < entries.length && entries[k].name.startsWith(prefix); k++) {
    const e = entries[k];
    const key = `${e.kind}:${e.id}`;
    if (!found.has(key)) found.set(key, e);
  }
  const sorted = [...found.values()].sort((a, b) => b.papers - a.papers || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (index.byPrefix.size >= MAX_PREFIXES) index.byPrefix.clear();
  index.byPrefix.set(prefix, sorted);
  return sorted;
}

const zeroCounts = (): Record<GraphNodeKind, number> => ({ Paper: 0, Concept: 0, Topic: 0, Author: 0, Venue: 0 });

/**
 * Search a version's index and graph for a UI: hits of the kinds asked, in match classes
 * (IDENTIFIER, EXACT_NAME, NAME_PREFIX, TEXT) and BM25 order within one; a hit's score is its
 * BM25 plus the best score of the classes below its own, so scores descend down the list.
 */
export async function rankedSearch(
  index: SearchIndex,
  graph: KnowledgeGraph,
  text: string,
  options: RankOptions = {},
): Promise<RankedSearch> {
  const words = indexWords(text);
  const countsByKind = zeroCounts();
  if (!words.length) return { hits: [], countsByKind };
  const query = words.join(' ');
  const keep = options.keep ?? (() => true);
  const allowed = options.kinds?.length ? new Set(options.kinds) : null;
  const classes: SearchHit[][] = MATCH_ORDER.map(() => []);
  // Hits added before the index's (an identifier's paper, completions), not to be added twice.
  const early = new Map<GraphNodeKind, Set<string>>();
  const add = (kind: GraphNodeKind, id: string, score: number, match: SearchMatch, terms: readonly string[]) => {
    if (!keep(kind, id)) return;
    countsByKind[kind]++;
    if (allowed && !allowed.has(kind)) return;
    classes[MATCH_ORDER.indexOf(match)].push({ node: { kind, id }, score, match, terms });
  };
  const addEarly = (kind: GraphNodeKind, id: string, score: number, match: SearchMatch, terms: readonly string[]) => {
    let ids = early.get(kind);
    if (!ids) early.set(kind, (ids = new Set()));
    if (ids.has(id)) return;
    ids.add(id);
    add(kind, id, score, match, terms);
  };

  const hits: IndexHit[] = await index.search(text, options.signal);
  const identifier = identifierOf(text);
  const paper = identifier ? paperOfIdentifier(graph, identifier) : -1;
  if (paper >= 0) {
    const id = graph.papers.idAt(paper);
    const indexed = hits.find((h) => h.node.kind === 'Paper' && h.node.id === id);
    addEarly('Paper', id, indexed?.score ?? 0, 'IDENTIFIER', indexed?.terms ?? []);
  }
  const first = words[0];
  // One or two letters: concept and topic names from the first letter, most papers first (the
  // BM25 of a word that short says little), and no other kind is a name match.
  // (A word repeated is one word, as the index searches it.)
  const completing = first.length <= COMPLETION_MAX && words.every((w) => w === first);
  if (completing) {
    for (const c of completions(graph, first))
      addEarly(c.kind, c.id, 0, c.name === query ? 'EXACT_NAME' : 'NAME_PREFIX', [c.name.split(' ', 1)[0]]);
  }
  for (let k = 0; k < hits.length; k++) {
    if ((k & 1023) === 1023 && options.signal?.due()) await options.signal.wait();
    const h = hits[k];
    if (early.size && early.get(h.node.kind)?.has(h.node.id)) continue;
    const named = nameMatch(h.name, h.aliases, words);
    const match = completing && named.match === 'NAME_PREFIX' ? 'TEXT' : named.match;
    const terms =
      match === 'NAME_PREFIX' && named.completed && !h.terms.includes(named.completed) ? [...h.terms, named.completed] : h.terms;
    add(h.node.kind, h.node.id, h.score, match, terms);
  }
  // Each class above the ones below it: add the best score below to each of its hits.
  let below = 0;
  for (let m = classes.length - 1; m >= 0; m--) {
    const members = classes[m];
    if (!members.length) continue;
    // BM25 order within a class; completions (no BM25) after, in their own order (sort is stable).
    // TEXT holds the index's hits alone, in its order already.
    if (MATCH_ORDER[m] !== 'TEXT') members.sort((a, b) => b.score - a.score);
    for (const h of members) h.score += below;
    below = members[0].score;
  }
  return { hits: classes.flat(), countsByKind };
}

// The search index of a graph as a few typed arrays instead of MiniSearch's maps: the same terms,
// postings, term frequencies and field lengths MiniSearch would hold for the graph's documents
// (search-index.ts), with the order its radix tree walks terms in (so ties keep MiniSearch's
// order), but no map per term and field, no stored fields and no string id per document (a
// document is its number: the kinds one after another in SEARCH_KINDS order, each in graph order;
// its id and names are read from the graph). A snapshot stores it (section `derived:search`, see
// src/ingest/snapshot.ts), so a server searches as soon as it has loaded; without one it is built
// from the graph a few milliseconds at a time.

import MiniSearch from 'minisearch';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { NODE_KIND } from '../model/index.js';
import type { GraphNodeKind } from './graph-store.js';
import { type DocumentNames, SEARCH_KINDS } from './search-index.js';

/** MiniSearch's field ids, in the order the index declares its fields (emptyIndex in search-index.ts). */
export const SEARCH_FIELDS = ['name', 'aliases', 'text', 'related'] as const;
const F = SEARCH_FIELDS.length;

export interface CompactSearchData {
  /** Documents of each kind, SEARCH_KINDS order (the graph's node counts when built). */
  counts: number[];
  /** Every indexed term, sorted (UTF-16 code units, as `<` compares). */
  terms: string[];
  /** Per sorted term: its place in MiniSearch's iteration of the terms (what atPrefix yields first). */
  prefixRank: Uint32Array;
  /** Per sorted term: its place in MiniSearch's fuzzy walk of the terms (what fuzzyGet finds first). */
  fuzzyRank: Uint32Array;
  /** Postings of term t in field f: docs[offsets[t * F + f] .. offsets[t * F + f + 1]], ascending. */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Term frequency of each posting. */
  freqs: Uint8Array | Uint32Array;
  /** Per document and field (doc * F + f): the number of distinct tokens (MiniSearch's field length). */
  lengths: Uint8Array | Uint32Array;
  /** Mean field lengths, computed as MiniSearch computes them (a running mean, document by document). */
  averages: Float64Array;
  /** Per kind, the ids of its first, middle and last node: a graph whose nodes are not these, in this order, gets an index of its own. */
  samples: string[][];
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | null | undefined;

/** How often the build counts documents before it asks whether to give way (see buildCompactIndex). */
const CHECK_EVERY = 64;

/**
 * The compact index of every node of `graph`. `yieldNow`, when given, is awaited whenever it
 * returns a promise (checked every few documents): the async build gives the event loop back.
 */
export async function buildCompactIndex(graph: KnowledgeGraph, yieldNow?: () => Promise<void> | null): Promise<CompactSearchData> {
  const steps = compactSteps(graph);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const pause = yieldNow?.();
    if (pause) await pause;
  }
}

/** The compact index of every node of `graph`, built at once (what a snapshot writer stores). */
export function buildCompactIndexSync(graph: KnowledgeGraph): CompactSearchData {
  const steps = compactSteps(graph);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The build, yielding every CHECK_EVERY documents. */
function* compactSteps(graph: KnowledgeGraph): Generator<void, CompactSearchData> {
  const kinds = Object.values(SEARCH_KINDS);
  const counts = kinds.map((k) => k.size(graph));
  const total = counts.reduce((a, b) => a + b, 0);
  const termIds = new Map<string, number>();
  const firstSeen: string[] = [];
  // Postings in document order: term (first-seen id), field, document, frequency.
  let pTerm: Uint32Array<ArrayBuffer> = new Uint32Array(1 << 16),
    pDoc: Uint32Array<ArrayBuffer> = new Uint32Array(1 << 16),
    pFreq: Uint32Array<ArrayBuffer> = new Uint32Array(1 << 16),
    n = 0;
  const lengths = new Uint32Array(total * F);
  const averages = new Float64Array(F);
  const perField = new Map<number, number>();
  let doc = 0;
  let maxFreq = 0,
    maxLength = 0;
  for (let k = 0; k < kinds.length; k++) {
    const make = kinds[k].documents(graph);
    for (let i = 0; i < counts[k]; i++, doc++) {
      if (doc % CHECK_EVERY === 0) yield;
      const document = make(i, 0);
      for (let f = 0; f < F; f++) {
        const tokens = tokenize(String(document[SEARCH_FIELDS[f]]));
        // MiniSearch's field length: distinct tokens before processing (an empty field counts one).
        const length = new Set(tokens).size;
        lengths[doc * F + f] = length;
        if (length > maxLength) maxLength = length;
        averages[f] = ((averages[f] || 0) * doc + length) / (doc + 1);
        perField.clear();
        for (const token of tokens) {
          const term = processTerm(token);
          if (!term) continue;
          let id = termIds.get(term);
          if (id === undefined) {
            id = firstSeen.length;
            termIds.set(term, id);
            firstSeen.push(term);
          }
          perField.set(id, (perField.get(id) ?? 0) + 1);
        }
        for (const [id, freq] of perField) {
          if (n === pTerm.length) [pTerm, pDoc, pFreq] = [grow(pTerm), grow(pDoc), grow(pFreq)];
          pTerm[n] = id * F + f;
          pDoc[n] = doc;
          pFreq[n] = freq;
          if (freq > maxFreq) maxFreq = freq;
          n++;
        }
      }
    }
  }
  yield;
  const { prefixOrder, fuzzyOrder } = treeOrders(firstSeen);
  yield;
  // Sorted terms, and each first-seen id's place among them.
  const sorted = firstSeen.map((_, id) => id).sort((a, b) => (firstSeen[a] < firstSeen[b] ? -1 : firstSeen[a] > firstSeen[b] ? 1 : 0));
  const T = sorted.length;
  const placeOf = new Uint32Array(T);
  sorted.forEach((id, place) => (placeOf[id] = place));
  const prefixRank = new Uint32Array(T),
    fuzzyRank = new Uint32Array(T);
  for (let id = 0; id < T; id++) {
    prefixRank[placeOf[id]] = prefixOrder[id];
    fuzzyRank[placeOf[id]] = fuzzyOrder[id];
  }
  yield;
  // Postings grouped by (sorted term, field), documents ascending within a group (a stable counting sort).
  const offsets = new Uint32Array(T * F + 1);
  for (let k = 0; k < n; k++) {
    const key = placeOf[Math.floor(pTerm[k] / F)] * F + (pTerm[k] % F);
    pTerm[k] = key;
    offsets[key + 1]++;
  }
  for (let key = 0; key < T * F; key++) offsets[key + 1] += offsets[key];
  const next = offsets.slice(0, T * F);
  const docs = new Uint32Array(n);
  const freqs = maxFreq < 256 ? new Uint8Array(n) : new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const at = next[pTerm[k]]++;
    docs[at] = pDoc[k];
    freqs[at] = pFreq[k];
  }
  return {
    counts,
    samples: samplesOf(graph),
    terms: sorted.map((id) => firstSeen[id]),
    prefixRank,
    fuzzyRank,
    offsets,
    docs,
    freqs,
    lengths: maxLength < 256 ? Uint8Array.from(lengths) : lengths,
    averages,
  };
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** MiniSearch's radix tree node: a map of edge labels to nodes, '' to the value. */
type TreeNode = Map<string, TreeNode | number>;

/**
 * Where each term (by first-seen id) comes in MiniSearch's two walks of its radix tree, built by
 * inserting the terms in the order the index first saw them (which alone shapes the tree): its
 * iterator's (atPrefix: each node's edges last-added first) and its fuzzy search's (first-added first).
 */
function treeOrders(firstSeen: string[]): { prefixOrder: Uint32Array; fuzzyOrder: Uint32Array } {
  const tree = (new MiniSearch({ fields: ['x'] }) as unknown as { _index: { set(k: string, v: number): void; _tree: TreeNode } })._index;
  firstSeen.forEach((term, id) => tree.set(term, id));
  const prefixOrder = new Uint32Array(firstSeen.length),
    fuzzyOrder = new Uint32Array(firstSeen.length);
  let p = 0,
    q = 0;
  const walk = (node: TreeNode, reverse: boolean, visit: (id: number) => void) => {
    const keys = Array.from(node.keys());
    if (reverse) keys.reverse();
    for (const key of keys) {
      const child = node.get(key)!;
      if (key === '') visit(child as number);
      else walk(child as TreeNode, reverse, visit);
    }
  };
  walk(tree._tree, true, (id) => (prefixOrder[id] = p++));
  walk(tree._tree, false, (id) => (fuzzyOrder[id] = q++));
  return { prefixOrder, fuzzyOrder };
}

/** The compact index over the graph it was built on: terms, postings and documents by number. */
export class CompactIndex {
  readonly size: number;
  /** Where each kind's documents start (SEARCH_KINDS order), and the kinds. */
  private readonly starts: number[];
  private readonly kinds: GraphNodeKind[];
  private readonly namesOf: ((i: number) => DocumentNames)[];

  constructor(
    readonly data: CompactSearchData,
    private readonly graph: KnowledgeGraph,
  ) {
    this.kinds = Object.keys(SEARCH_KINDS) as GraphNodeKind[];
    this.starts = [];
    let start = 0;
    for (const count of data.counts) {
      this.starts.push(start);
      start += count;
    }
    this.size = start;
    this.namesOf = this.kinds.map((kind) => SEARCH_KINDS[kind].names(graph));
  }

  /** The sorted place of `term`, or -1. */
  termOf(term: string): number {
    const terms = this.data.terms;
    let lo = 0,
      hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo < terms.length && terms[lo] === term ? lo : -1;
  }

  /** Terms that start with `prefix` (itself included), in MiniSearch's atPrefix order. */
  atPrefix(prefix: string): number[] {
    const terms = this.data.terms;
    let lo = 0,
      hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let t = lo; t < terms.length && terms[t].startsWith(prefix); t++) found.push(t);
    const rank = this.data.prefixRank;
    return found.sort((a, b) => rank[a] - rank[b]);
  }

  /**
   * Terms within `maxDistance` edits (Levenshtein) of `query`, with their distance, in MiniSearch's
   * fuzzyGet order. Walks the sorted terms keeping the rows of the shared prefix, and skips every
   * term under a prefix already too far.
   */
  fuzzy(query: string, maxDistance: number): [number, number][] {
    const terms = this.data.terms;
    const n = query.length + 1;
    const q = Array.from({ length: query.length }, (_, j) => query.charCodeAt(j));
    // A term longer than the query by more than maxDistance is never within it: rows past that only prune.
    const maxRow = query.length + maxDistance;
    const rows = new Uint32Array((maxRow + 1) * n);
    for (let j = 0; j < n; j++) rows[j] = j;
    const found: [number, number][] = [];
    // The letters whose rows are filled (a prefix of the last term walked).
    let filled = '';
    let t = 0;
    while (t < terms.length) {
      const term = terms[t];
      const limit = Math.min(term.length, maxRow);
      const tooFar = fillRows(rows, n, q, term, commonPrefix(filled, term), limit, maxDistance);
      if (tooFar >= 0) {
        // Every term under this prefix is too far.
        t = skipPrefix(terms, t, term.slice(0, tooFar));
        filled = term.slice(0, tooFar - 1);
        continue;
      }
      if (term.length === limit) {
        const distance = rows[limit * n + n - 1];
        if (distance <= maxDistance) found.push([t, distance]);
      }
      filled = term.slice(0, limit);
      t++;
    }
    const rank = this.data.fuzzyRank;
    return found.sort((a, b) => rank[a[0]] - rank[b[0]]);
  }

  /** Postings of sorted term `t` in field `f`: [start, end) of docs/freqs. */
  range(t: number, f: number): [number, number] {
    return [this.data.offsets[t * F + f], this.data.offsets[t * F + f + 1]];
  }

  /** A document's field length. */
  fieldLength(doc: number, f: number): number {
    return this.data.lengths[doc * F + f];
  }

  /** Which kind (SEARCH_KINDS order) document `doc` is of. */
  private kindNumber(doc: number): number {
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k] > doc) k--;
    return k;
  }

  kindOf(doc: number): GraphNodeKind {
    return this.kinds[this.kindNumber(doc)];
  }

  /** A document's node id and names, read from the graph. */
  names(doc: number): DocumentNames {
    const k = this.kindNumber(doc);
    return this.namesOf[k](doc - this.starts[k]);
  }

  /** The document of a node of the graph the index was built on (`<kind>:<id>`), or -1. */
  documentOf(key: string): number {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon) as GraphNodeKind;
    const k = this.kinds.indexOf(kind);
    if (k < 0) return -1;
    const index = this.graph[NODE_KIND[kind].collection].indexOfExact(key.slice(colon + 1));
    return index >= 0 && index < this.data.counts[k] ? this.starts[k] + index : -1;
  }
}

/**
 * Fills the Levenshtein rows of `term` against the query `q` after the `cut` letters whose rows are
 * filled, up to row `limit`; the first row (letters + 1) whose every distance exceeds maxDistance, or -1.
 */
function fillRows(rows: Uint32Array, n: number, q: number[], term: string, cut: number, limit: number, maxDistance: number): number {
  for (let i = cut + 1; i <= limit; i++) {
    const c = term.charCodeAt(i - 1);
    const row = i * n,
      prev = row - n;
    rows[row] = i;
    let min = i;
    for (let j = 1; j < n; j++) {
      const replace = rows[prev + j - 1] + (c === q[j - 1] ? 0 : 1);
      const remove = rows[prev + j] + 1;
      const insert = rows[row + j - 1] + 1;
      const d = replace < remove ? (replace < insert ? replace : insert) : remove < insert ? remove : insert;
      rows[row + j] = d;
      if (d < min) min = d;
    }
    if (min > maxDistance) return i;
  }
  return -1;
}

function commonPrefix(a: string, b: string): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The first term at or after `t` that does not start with `prefix` (terms are sorted). */
function skipPrefix(terms: string[], t: number, prefix: string): number {
  let lo = t + 1,
    hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid].startsWith(prefix) || terms[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per kind (SEARCH_KINDS order), the ids of its first, middle and last node. */
function samplesOf(graph: KnowledgeGraph): string[][] {
  // Ids only: a name column would be decoded whole on its first read.
  return (Object.keys(SEARCH_KINDS) as GraphNodeKind[]).map((kind) => {
    const table = graph[NODE_KIND[kind].collection];
    const size = SEARCH_KINDS[kind].size(graph);
    return size === 0 ? [] : [0, size >> 1, size - 1].map((i) => table.idAt(i));
  });
}

/** Whether stored search data matches a graph (same documents per kind, the sampled ids in place): else it is rebuilt. */
export function fitsGraph(data: CompactSearchData, graph: KnowledgeGraph): boolean {
  const kinds = Object.values(SEARCH_KINDS);
  if (data.counts.length !== kinds.length || !kinds.every((k, i) => k.size(graph) === data.counts[i])) return false;
  return JSON.stringify(samplesOf(graph)) === JSON.stringify(data.samples);
}

/** How many root indexes were built from a graph, and how many were taken from a snapshot's section (for tests and the bench). */
export const searchBuilds = { fromGraph: 0, fromSnapshot: 0 };

/** Search data read from a snapshot, by the graph served from it (see src/ingest/snapshot-graph.ts). */
const stored = new WeakMap<KnowledgeGraph, CompactSearchData>();

/** Records the search data a snapshot held for the graph built from it (ignored unless it fits the graph). */
export function attachStoredSearch(graph: KnowledgeGraph, data: CompactSearchData): void {
  if (fitsGraph(data, graph)) stored.set(graph, data);
}

export function storedSearchOf(graph: KnowledgeGraph): CompactSearchData | undefined {
  return stored.get(graph);
}

export { F as SEARCH_FIELD_COUNT };

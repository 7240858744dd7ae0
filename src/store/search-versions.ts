// One full-text index shared by every version of a graph (a lineage): the documents of the
// nodes a version changed are added under `<key>@<seq>`, and a version sees, of each key, the
// newest document whose seq is at most its own (a node removed leaves a tombstone). Each version
// searches through a view of the shared MiniSearch index that skips the documents it must not
// see and scores with its own statistics (document count, mean field lengths, and the number of
// documents of a term it sees), so its hits and scores are those of an index built on its graph.

import type MiniSearch from 'minisearch';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { GraphVersion } from '../graph/graph-changes.js';
import { degree, neighbours } from '../graph/csr.js';
import { NODE_KIND } from '../model/index.js';
import {
  buildIndex,
  conceptLabel,
  SEARCH_KINDS,
  SearchIndex,
  searchKey,
  type DocumentPostings,
  type SearchDocument,
} from './search-index.js';

/** What one version changes in the index: documents of nodes new or changed, keys of nodes gone. */
export interface SearchUpdate {
  seq: number;
  /** Ids end with `@seq`. */
  documents: SearchDocument[];
  /** Keys (`<kind>:<id>`) of nodes the version removed. */
  removed: string[];
}

/** Document count and total field lengths of the documents one version sees. */
interface VersionStats {
  seq: number;
  count: number;
  /** Total length of each field (MiniSearch's field ids). */
  lengths: number[];
}

/** What applying an update did, to undo it when a version of the same seq replaces it. */
interface Applied {
  seq: number;
  added: { id: string; shortId: number }[];
  /** Each key the update gave a new newest document (or tombstone), with the short id newest before (-1: none; undefined: the base one). */
  replaced: { key: string; previous: number | undefined; superseded: number }[];
}

/** A MiniSearch index seen with its internals. */
type Indexed = Internals & Pick<MiniSearch<SearchDocument>, 'add' | 'discard'>;

/** Never (as a seq): a document not superseded, or one of an update undone. */
const NEVER = 0xffffffff;

/** MiniSearch's internals a version view reads or replaces (minisearch 7). */
interface Internals {
  _documentCount: number;
  _avgFieldLength: number[];
  _nextId: number;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, unknown>;
}

type TermResults = (
  sourceTerm: string,
  derivedTerm: string,
  termWeight: number,
  termBoost: number,
  fieldTermData: Map<number, DocumentPostings> | undefined,
  fieldBoosts: Record<string, number>,
  boostDocumentFn: ((id: unknown, term: string, storedFields: unknown) => number) | undefined,
  bm25params: { k: number; b: number; d: number },
  results?: Map<number, RawResult>,
) => Map<number, RawResult>;

interface RawResult {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}

export class SearchVersions {
  private base: Promise<Indexed> | null = null;
  private index: Indexed | null = null;
  /** The graph the base index is built from; dropped once built. */
  private rootGraph: KnowledgeGraph | null;
  /** Updates recorded but not yet in the index, in seq order (applied when a version at or after them searches). */
  private queue: SearchUpdate[] = [];
  private applied: Applied[] = [];
  /** Statistics after the root and after each applied update, in seq order. */
  private stats: VersionStats[] = [];
  /** Key → short id of its newest document, for keys changed since the root (-1: removed). */
  private readonly newest = new Map<string, number>();
  /** Per short id: the first seq that sees the document and the first that no longer does. */
  private from = new Uint32Array(0);
  private until = new Uint32Array(0);
  /** Short ids of documents some version does not see (all others are seen by every version). */
  private partial: number[] = [];
  private isPartial = new Uint8Array(0);

  constructor(
    graph: KnowledgeGraph,
    private readonly rootSeq: number,
  ) {
    this.rootGraph = graph;
  }

  /** The seq of the last update recorded (the root's when none). */
  get lastSeq(): number {
    return this.queue.at(-1)?.seq ?? this.applied.at(-1)?.seq ?? this.rootSeq;
  }

  /**
   * Records what version `seq` changes; it enters the index when a version at or after it first
   * searches. A seq at or before the last recorded one replaces those updates (a version made
   * again after the first attempt was never published): stores of the replaced versions must not
   * search any more.
   */
  record(update: SearchUpdate): void {
    if (update.seq <= this.rootSeq) throw new RangeError(`search update at seq ${update.seq}, not after the root (${this.rootSeq})`);
    if (update.seq <= this.lastSeq) this.undoFrom(update.seq);
    this.queue.push(update);
  }

  /** The index as the version at `seq` sees it; the first call starts building the base index. */
  async at(seq: number): Promise<SearchIndex> {
    const index = await (this.base ??= this.buildBase());
    this.applyUpTo(seq, index);
    const stats = this.statsAt(seq);
    return new SearchIndex(this.view(index, seq, stats), (docs) => this.visibleCount(docs, seq));
  }

  private async buildBase(): Promise<Indexed> {
    const index = (await buildIndex(this.rootGraph!)) as unknown as Indexed;
    this.rootGraph = null;
    this.grow(index._nextId);
    this.from.fill(0);
    this.until.fill(NEVER);
    const count = index._documentCount;
    this.stats.push({ seq: this.rootSeq, count, lengths: index._avgFieldLength.map((mean) => mean * count) });
    // The root sees MiniSearch's own statistics (the same numbers, to the last bit, as an index of its own).
    this.rootAverages = [...index._avgFieldLength];
    this.index = index;
    return index;
  }

  private rootAverages: number[] = [];

  private applyUpTo(seq: number, index: Indexed): void {
    while (this.queue.length && this.queue[0].seq <= seq) this.apply(this.queue.shift()!, index);
  }

  private apply(update: SearchUpdate, index: Indexed): void {
    const last = this.stats[this.stats.length - 1];
    const stats: VersionStats = { seq: update.seq, count: last.count, lengths: [...last.lengths] };
    const applied: Applied = { seq: update.seq, added: [], replaced: [] };
    const supersede = (key: string) => {
      const previous = this.newest.get(key);
      const current = previous ?? index._idToShortId.get(`${key}@0`) ?? -1;
      if (current >= 0 && this.until[current] === NEVER && this.from[current] !== NEVER) {
        this.until[current] = update.seq;
        this.markPartial(current);
        stats.count--;
        const lengths = index._fieldLength.get(current)!;
        for (let f = 0; f < stats.lengths.length; f++) stats.lengths[f] -= lengths[f] ?? 0;
      }
      applied.replaced.push({ key, previous, superseded: current });
      this.newest.set(key, -1);
    };
    for (const key of update.removed) supersede(key);
    for (const document of update.documents) {
      const key = document.key.slice(0, document.key.lastIndexOf('@'));
      supersede(key);
      index.add(document);
      const shortId = index._idToShortId.get(document.key)!;
      this.grow(shortId + 1);
      this.from[shortId] = update.seq;
      this.until[shortId] = NEVER;
      this.markPartial(shortId);
      this.newest.set(key, shortId);
      applied.added.push({ id: document.key, shortId });
      stats.count++;
      const lengths = index._fieldLength.get(shortId)!;
      for (let f = 0; f < stats.lengths.length; f++) stats.lengths[f] += lengths[f] ?? 0;
    }
    this.applied.push(applied);
    this.stats.push(stats);
  }

  /** Undoes (or drops from the queue) every update at `seq` or after. */
  private undoFrom(seq: number): void {
    this.queue = this.queue.filter((u) => u.seq < seq);
    const index = this.index;
    while (index && this.applied.length && this.applied[this.applied.length - 1].seq >= seq) {
      const applied = this.applied.pop()!;
      this.stats.pop();
      for (const { id, shortId } of applied.added) {
        this.from[shortId] = NEVER;
        index.discard(id);
      }
      for (let k = applied.replaced.length - 1; k >= 0; k--) {
        const { key, previous, superseded } = applied.replaced[k];
        if (superseded >= 0 && this.until[superseded] === applied.seq) this.until[superseded] = NEVER;
        if (previous === undefined) this.newest.delete(key);
        else this.newest.set(key, previous);
      }
    }
  }

  private statsAt(seq: number): { count: number; averages: number[] } {
    let lo = 0,
      hi = this.stats.length;
    // The last stats at or before seq.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stats[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    const stats = this.stats[Math.max(0, lo - 1)];
    if (lo <= 1) return { count: stats.count, averages: this.rootAverages };
    return { count: stats.count, averages: stats.lengths.map((total) => (stats.count > 0 ? total / stats.count : 0)) };
  }

  private visible(shortId: number, seq: number): boolean {
    return this.from[shortId] <= seq && seq < this.until[shortId];
  }

  /** How many documents of a posting list the version at `seq` sees. */
  private visibleCount(docs: DocumentPostings, seq: number): number {
    const partial = this.partial;
    if (partial.length === 0) return docs.size;
    let count = 0;
    if (docs.size <= partial.length) {
      for (const shortId of docs.keys()) if (this.visible(shortId, seq)) count++;
      return count;
    }
    count = docs.size;
    for (const shortId of partial) if (!this.visible(shortId, seq) && docs.has(shortId)) count--;
    return count;
  }

  /**
   * The index as one version sees it: MiniSearch's own search over the shared structures, with the
   * version's document count and mean field lengths, and a scoring of each term's postings that
   * skips documents the version does not see and counts only the ones it does.
   */
  private view(index: Indexed, seq: number, stats: { count: number; averages: number[] }): MiniSearch<SearchDocument> {
    const view = Object.create(index) as Internals;
    view._documentCount = stats.count;
    view._avgFieldLength = stats.averages;
    (view as unknown as { termResults: TermResults }).termResults = (
      sourceTerm,
      derivedTerm,
      termWeight,
      termBoost,
      fieldTermData,
      fieldBoosts,
      boostDocumentFn,
      bm25params,
      results = new Map(),
    ) => {
      if (fieldTermData == null) return results;
      for (const field of Object.keys(fieldBoosts)) {
        const fieldBoost = fieldBoosts[field];
        const fieldId = index._fieldIds[field];
        const fieldTermFreqs = fieldTermData.get(fieldId);
        if (fieldTermFreqs == null) continue;
        const matchingFields = this.visibleCount(fieldTermFreqs, seq);
        if (matchingFields === 0) continue;
        const avgFieldLength = stats.averages[fieldId];
        for (const [docId, termFreq] of fieldTermFreqs) {
          if (!this.visible(docId, seq)) continue;
          const docBoost = boostDocumentFn
            ? boostDocumentFn(index._documentIds.get(docId), derivedTerm, index._storedFields.get(docId))
            : 1;
          if (!docBoost) continue;
          const fieldLength = index._fieldLength.get(docId)![fieldId];
          const rawScore = bm25(termFreq, matchingFields, stats.count, fieldLength, avgFieldLength, bm25params);
          const weightedScore = termWeight * termBoost * fieldBoost * docBoost * rawScore;
          const result = results.get(docId);
          if (result) {
            result.score += weightedScore;
            if (!result.terms.includes(sourceTerm)) result.terms.push(sourceTerm);
            const match = Object.prototype.hasOwnProperty.call(result.match, derivedTerm) ? result.match[derivedTerm] : undefined;
            if (match) match.push(field);
            else result.match[derivedTerm] = [field];
          } else results.set(docId, { score: weightedScore, terms: [sourceTerm], match: { [derivedTerm]: [field] } });
        }
      }
      return results;
    };
    return view as unknown as MiniSearch<SearchDocument>;
  }

  private markPartial(shortId: number): void {
    if (this.isPartial[shortId]) return;
    this.isPartial[shortId] = 1;
    this.partial.push(shortId);
  }

  private grow(size: number): void {
    if (size <= this.from.length) return;
    const capacity = Math.max(size, Math.ceil(this.from.length * 1.5), 1024);
    const from = new Uint32Array(capacity).fill(NEVER),
      until = new Uint32Array(capacity).fill(NEVER),
      isPartial = new Uint8Array(capacity);
    from.set(this.from);
    until.set(this.until);
    isPartial.set(this.isPartial);
    (this.from = from), (this.until = until), (this.isPartial = isPartial);
  }
}

/** MiniSearch's BM25+ (the same formula, so scores match an index of the version's own). */
function bm25(
  termFreq: number,
  matchingCount: number,
  totalCount: number,
  fieldLength: number,
  avgFieldLength: number,
  params: { k: number; b: number; d: number },
): number {
  const { k, b, d } = params;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/**
 * The index update of a version: documents for the papers in `papers` (changed, or whose concepts
 * changed), for the papers of every concept renamed, for concepts touched, for authors, topics
 * and venues added; tombstones for nodes that left.
 */
export function searchUpdate(before: KnowledgeGraph, version: GraphVersion, seq: number, papers: Uint8Array): SearchUpdate {
  const after = version.graph;
  const documents: SearchDocument[] = [];
  const removed: string[] = [];
  const reindex = papers.slice();
  // Concepts: a new name or aliases changes the documents of its papers.
  const beforeOfConcept = inverse(version.conceptRemap, after.concepts.size, before.concepts.size);
  const makeConcept = SEARCH_KINDS.Concept.documents(after);
  for (const c of version.touchedConcepts) {
    documents.push(makeConcept(c, seq));
    const old = beforeOfConcept(c);
    if (old >= 0 && conceptLabel(before.concepts.at(old)) === conceptLabel(after.concepts.at(c))) continue;
    for (const p of neighbours(after.hasConcept.in, c)) reindex[p] = 1;
  }
  if (version.conceptRemap)
    version.conceptRemap.forEach((to, c) => {
      if (to < 0) removed.push(searchKey('Concept', before.concepts.idAt(c)));
    });
  const makePaper = SEARCH_KINDS.Paper.documents(after);
  for (let p = 0; p < reindex.length; p++) if (reindex[p]) documents.push(makePaper(p, seq));
  if (version.paperRemap)
    version.paperRemap.forEach((to, p) => {
      if (to < 0) removed.push(searchKey('Paper', before.papers.idAt(p)));
    });
  // Authors, topics and venues are only ever added (appended); any other difference is found by id.
  for (const kind of ['Author', 'Topic', 'Venue'] as const) {
    const collection = NODE_KIND[kind].collection as 'authors' | 'topics' | 'venues';
    const [old, now] = [before[collection], after[collection]];
    if (old === now) continue;
    const make = SEARCH_KINDS[kind].documents(after);
    const appended = now.size >= old.size && (old.size === 0 || old.idAt(old.size - 1) === now.idAt(old.size - 1));
    if (appended) {
      for (let i = old.size; i < now.size; i++) documents.push(make(i, seq));
      continue;
    }
    for (let i = 0; i < now.size; i++) if (old.indexOf(now.idAt(i)) < 0) documents.push(make(i, seq));
    for (let i = 0; i < old.size; i++) if (now.indexOf(old.idAt(i)) < 0) removed.push(searchKey(kind, old.idAt(i)));
  }
  return { seq, documents, removed };
}

/** New index → old (-1: new), from an old → new remap (null: unchanged, new ones appended). */
function inverse(remap: Int32Array | null, newSize: number, oldSize: number): (i: number) => number {
  if (!remap) return (i) => (i < oldSize ? i : -1);
  const out = new Int32Array(newSize).fill(-1);
  remap.forEach((to, from) => {
    if (to >= 0) out[to] = from;
  });
  return (i) => out[i];
}

/** Papers whose hasConcept edges changed in number (their documents name their concepts). */
export function conceptCountChanged(before: KnowledgeGraph, after: KnowledgeGraph, remap: Int32Array | null, into: Uint8Array): void {
  const [old, now] = [before.hasConcept.out, after.hasConcept.out];
  if (old.offsets === now.offsets) return;
  for (let p = 0; p < before.papers.size; p++) {
    const q = remap ? remap[p] : p;
    if (q >= 0 && degree(old, p) !== degree(now, q)) into[q] = 1;
  }
}

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
import type { GraphNodeKind } from './graph-store.js';
import { buildCompactIndex, CompactIndex, searchBuilds, storedSearchOf } from './search-compact.js';
import {
  conceptLabel,
  emptyIndex,
  SEARCH_KINDS,
  SearchIndex,
  searchKey,
  SLICE_MS,
  type DocumentNames,
  type DocumentPostings,
  type IndexedTerms,
  type SearchDocument,
  type TermData,
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
type Indexed = Internals & Pick<MiniSearch<SearchDocument>, 'add' | 'discard' | 'discardAll' | 'vacuum'>;

/** How many of the last updates applied can be undone (replaced by another version of the same seq). */
const MAX_UNDOABLE = 64;

/** Documents added to the index per turn of the event loop in the background. */
const BACKGROUND_DOCUMENTS = 200;

/** After a store is collected, how long before the index is pruned (stores go in bursts). */
const PRUNE_DELAY_MS = 1000;
/** The fewest documents dropped in one prune. */
const MIN_DROP = 64;

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
  _index: DeltaTerms;
}

/** MiniSearch's radix tree of the documents added since the root (its terms and their postings). */
interface DeltaTerms {
  readonly size: number;
  get(term: string): Map<number, DocumentPostings> | undefined;
  atPrefix(prefix: string): Iterable<[string, Map<number, DocumentPostings>]>;
  fuzzyGet(term: string, distance: number): Map<string, [Map<number, DocumentPostings>, number]>;
}

type TermResults = (
  sourceTerm: string,
  derivedTerm: string,
  termWeight: number,
  termBoost: number,
  fieldTermData: TermData | undefined,
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
  /** The documents added since the root (numbered from compact.size on). */
  private index: Indexed | null = null;
  /** The root's documents (numbered 0 to size - 1): read from a snapshot, or built from the root graph. */
  private compact: CompactIndex | null = null;
  /** Root documents no live version sees any more (they stay in the compact postings, unseen). */
  private droppedRoot = 0;
  /** The graph the base index is built from (its names are what the root's documents show). */
  private readonly rootGraph: KnowledgeGraph;
  /** Updates recorded but not yet in the index, in seq order (applied when a version at or after them searches). */
  private queue: SearchUpdate[] = [];
  private applied: Applied[] = [];
  /** The seq of the last update that can no longer be undone. */
  private forgotten = 0;
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

  /** How many live stores read each seq: documents no live store can see are dropped from the index. */
  private readonly live = new Map<number, number>();
  private readonly finalizer = new FinalizationRegistry<number>((seq) => this.release(seq));
  private pruneTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    graph: KnowledgeGraph,
    private readonly rootSeq: number,
  ) {
    this.rootGraph = graph;
  }

  /** Documents in the shared index (every version's, until pruned); 0 before it is built. */
  get documentCount(): number {
    return this.compact && this.index ? this.compact.size - this.droppedRoot + this.index._documentCount : 0;
  }

  /** Counts `store` as a reader of version `seq` until it is garbage collected. */
  register(store: object, seq: number): void {
    this.live.set(seq, (this.live.get(seq) ?? 0) + 1);
    this.finalizer.register(store, seq);
  }

  private release(seq: number): void {
    const count = (this.live.get(seq) ?? 1) - 1;
    if (count > 0) this.live.set(seq, count);
    else this.live.delete(seq);
    if (this.pruneTimer || this.live.size === 0) return;
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = null;
      // A vacuum walks every term: only for enough documents at once.
      if (this.live.size) void this.prune(Math.min(...this.live.keys()), Math.max(MIN_DROP, this.documentCount * 0.01));
    }, PRUNE_DELAY_MS);
    this.pruneTimer.unref?.();
  }

  /**
   * Drops from the index every document no version from `oldest` on sees (superseded at or
   * before it), when there are at least `minDrop` of them; and documents every version from
   * `oldest` on sees no longer need a visibility check. Called when the stores of older versions
   * are gone, it keeps posting lists and memory from growing with every change. Stores of
   * versions before `oldest` must not search after.
   */
  prune(oldest: number, minDrop = 0): Promise<void> {
    const index = this.index;
    if (!index) return Promise.resolve();
    const drop: number[] = [];
    const partial: number[] = [];
    for (const shortId of this.partial) {
      const [from, until] = [this.from[shortId], this.until[shortId]];
      if (from !== NEVER && until <= oldest) drop.push(shortId);
      else if (from <= oldest && until === NEVER) {
        // Seen by every version from `oldest` on.
        this.from[shortId] = 0;
        this.isPartial[shortId] = 0;
      } else partial.push(shortId);
    }
    this.partial = partial;
    if (!drop.length || drop.length < minDrop) {
      partial.push(...drop);
      return Promise.resolve();
    }
    const ids: string[] = [];
    const rootSize = this.compact!.size;
    for (const shortId of drop) {
      this.from[shortId] = NEVER;
      partial.push(shortId);
      // A root document stays in the compact postings, unseen, for good.
      if (shortId < rootSize) {
        this.droppedRoot++;
        continue;
      }
      const id = index._documentIds.get(shortId);
      if (id !== undefined) ids.push(id as string);
    }
    index.discardAll(ids);
    // Documents dropped (or undone) stay in posting lists, unseen, until the vacuum: only then may visibleCount forget them.
    const gone = new Set(partial.filter((shortId) => this.from[shortId] === NEVER && shortId >= rootSize));
    return index.vacuum().then(() => {
      this.partial = this.partial.filter((shortId) => !gone.has(shortId));
    });
  }

  /** The seq of the last update recorded (the root's when none). */
  get lastSeq(): number {
    return this.queue.at(-1)?.seq ?? this.inProgress?.update.seq ?? this.applied.at(-1)?.seq ?? this.rootSeq;
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
    this.applySoon();
  }

  /**
   * Once the base index is built, recorded updates enter it in the background, a few documents
   * per turn of the event loop (a renamed concept re-indexes all its papers): a version's first
   * search then seldom waits for its documents. Versions before an update do not see it, so
   * applying early changes no answer.
   */
  private applySoon(): void {
    if (!this.index || this.applying) return;
    this.applying = true;
    setImmediate(() => {
      this.applying = false;
      const index = this.index;
      if (!index) return;
      if (!this.inProgress) {
        if (!this.queue.length) return;
        this.start(this.queue.shift()!);
      }
      this.applySome(index, BACKGROUND_DOCUMENTS);
      this.applySoon();
    });
  }

  private applying = false;

  /** The index as the version at `seq` sees it; the first call starts building the base index. */
  async at(seq: number): Promise<SearchIndex> {
    const index = await (this.base ??= this.buildBase());
    this.applyUpTo(seq, index);
    const stats = this.statsAt(seq);
    const compact = this.compact!;
    const terms = this.termsOf(index);
    return new SearchIndex({
      view: this.view(index, terms, seq, stats),
      terms,
      count: (data, fieldId) => this.countIn(data, fieldId, seq),
      kindOf: (doc) => (doc < compact.size ? compact.kindOf(doc) : this.storedOf(index, doc).kind),
      idOf: (doc) => (doc < compact.size ? compact.names(doc).id : this.storedOf(index, doc).id),
      names: (doc) => (doc < compact.size ? compact.names(doc) : this.storedOf(index, doc)),
    });
  }

  private storedOf(index: Indexed, doc: number): DocumentNames & { kind: GraphNodeKind } {
    return index._storedFields.get(doc) as DocumentNames & { kind: GraphNodeKind };
  }

  /**
   * The root's documents: the compact index a snapshot stored for the root graph, else one built
   * from the graph a few milliseconds at a time (other requests run meanwhile). Documents added
   * later go to a MiniSearch index numbered after them.
   */
  private async buildBase(): Promise<Indexed> {
    const graph = this.rootGraph;
    let data = storedSearchOf(graph);
    if (data) searchBuilds.fromSnapshot++;
    else {
      searchBuilds.fromGraph++;
      let sliceEnd = performance.now() + SLICE_MS;
      data = await buildCompactIndex(graph, () => {
        if (performance.now() < sliceEnd) return null;
        return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          sliceEnd = performance.now() + SLICE_MS;
        });
      });
    }
    const compact = new CompactIndex(data, graph);
    const index = emptyIndex() as unknown as Indexed;
    index._nextId = compact.size;
    this.compact = compact;
    this.grow(compact.size);
    this.from.fill(0);
    this.until.fill(NEVER);
    const count = compact.size;
    this.stats.push({ seq: this.rootSeq, count, lengths: Array.from(data.averages, (mean) => mean * count) });
    // The root sees MiniSearch's own statistics (the same numbers, to the last bit, as an index of its own).
    this.rootAverages = Array.from(data.averages);
    this.index = index;
    this.applySoon();
    return index;
  }

  /** The terms of the root's compact index and of the documents added since, as one MiniSearch radix tree would list them. */
  private termsOf(index: Indexed): IndexedTerms {
    const compact = this.compact!;
    const words = compact.data.terms;
    return {
      get(term) {
        const base = compact.termOf(term);
        const delta = index._index.size ? index._index.get(term) : undefined;
        return base < 0 && !delta ? undefined : { base, delta };
      },
      atPrefix(prefix) {
        const found: [string, TermData][] = compact.atPrefix(prefix).map((t) => [words[t], { base: t, delta: undefined }]);
        if (index._index.size) {
          const known = new Map(found);
          for (const [term, delta] of index._index.atPrefix(prefix)) {
            const data = known.get(term);
            if (data) data.delta = delta;
            else found.push([term, { base: -1, delta }]);
          }
        }
        return found;
      },
      fuzzyGet(term, distance) {
        const found = new Map<string, [TermData, number]>();
        for (const [t, d] of compact.fuzzy(term, distance)) found.set(words[t], [{ base: t, delta: undefined }, d]);
        if (index._index.size) {
          for (const [word, [delta, d]] of index._index.fuzzyGet(term, distance)) {
            const known = found.get(word);
            if (known) known[0].delta = delta;
            else found.set(word, [{ base: -1, delta }, d]);
          }
        }
        return found;
      },
    };
  }

  /** How many documents of a term's field (a field id) the version at `seq` sees. */
  private countIn(data: TermData, fieldId: number, seq: number): number {
    let count = 0;
    if (data.base >= 0) {
      const [lo, hi] = this.compact!.range(data.base, fieldId);
      count += this.rangeCount(lo, hi, seq);
    }
    const delta = data.delta?.get(fieldId);
    if (delta) count += this.visibleCount(delta, seq);
    return count;
  }

  /** How many of the compact postings docs[lo..hi) the version at `seq` sees. */
  private rangeCount(lo: number, hi: number, seq: number): number {
    const partial = this.partial;
    if (partial.length === 0 || lo === hi) return hi - lo;
    const docs = this.compact!.data.docs;
    let count = 0;
    if (hi - lo <= partial.length) {
      for (let k = lo; k < hi; k++) if (this.visible(docs[k], seq)) count++;
      return count;
    }
    count = hi - lo;
    for (const shortId of partial) if (!this.visible(shortId, seq) && sortedHas(docs, lo, hi, shortId)) count--;
    return count;
  }

  private rootAverages: number[] = [];

  private applyUpTo(seq: number, index: Indexed): void {
    if (this.inProgress && this.inProgress.update.seq <= seq) this.applySome(index, Infinity);
    while (this.queue.length && this.queue[0].seq <= seq) {
      this.start(this.queue.shift()!);
      this.applySome(index, Infinity);
    }
  }

  /** An update being applied, `done` of its items (removed keys, then documents) so far. */
  private inProgress: { update: SearchUpdate; applied: Applied; stats: VersionStats; done: number } | null = null;

  private start(update: SearchUpdate): void {
    const last = this.stats[this.stats.length - 1];
    this.inProgress = {
      update,
      applied: { seq: update.seq, added: [], replaced: [] },
      stats: { seq: update.seq, count: last.count, lengths: [...last.lengths] },
      done: 0,
    };
  }

  /**
   * Applies up to `budget` items of the update in progress. Safe to stop between items: a
   * document added is seen only from its seq on, and no version that late searches before the
   * update is complete (at() completes it); one superseded is still seen by the versions before.
   */
  private applySome(index: Indexed, budget: number): void {
    const work = this.inProgress;
    if (!work) return;
    const { update, applied, stats } = work;
    const compact = this.compact!;
    const supersede = (key: string) => {
      const previous = this.newest.get(key);
      const current = previous ?? compact.documentOf(key);
      if (current >= 0 && this.until[current] === NEVER && this.from[current] !== NEVER) {
        this.until[current] = update.seq;
        this.markPartial(current);
        stats.count--;
        if (current < compact.size) for (let f = 0; f < stats.lengths.length; f++) stats.lengths[f] -= compact.fieldLength(current, f);
        else {
          const lengths = index._fieldLength.get(current)!;
          for (let f = 0; f < stats.lengths.length; f++) stats.lengths[f] -= lengths[f] ?? 0;
        }
      }
      applied.replaced.push({ key, previous, superseded: current });
      this.newest.set(key, -1);
    };
    const total = update.removed.length + update.documents.length;
    for (; work.done < total && budget > 0; work.done++, budget--) {
      if (work.done < update.removed.length) {
        supersede(update.removed[work.done]);
        continue;
      }
      const document = update.documents[work.done - update.removed.length];
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
    if (work.done < total) return;
    this.inProgress = null;
    this.applied.push(applied);
    // Only recent updates can be replaced (a version made again after a failed attempt).
    if (this.applied.length > MAX_UNDOABLE) this.forgotten = this.applied.shift()!.seq;
    this.stats.push(stats);
  }

  /** Undoes (or drops from the queue) every update at `seq` or after. */
  private undoFrom(seq: number): void {
    // An update half applied is completed first, then undone as a whole.
    if (this.inProgress && this.index) this.applySome(this.index, Infinity);
    if (seq <= this.forgotten) {
      throw new RangeError(`search versions from seq ${seq} on cannot be replaced: only the last ${MAX_UNDOABLE} updates can`);
    }
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
  private view(index: Indexed, terms: IndexedTerms, seq: number, stats: { count: number; averages: number[] }): MiniSearch<SearchDocument> {
    const compact = this.compact!;
    const { docs, freqs } = compact.data;
    const view = Object.create(index) as Internals;
    view._documentCount = stats.count;
    view._avgFieldLength = stats.averages;
    // A hit's id is its document's number: the caller reads the node and its names from the graph (or the stored fields of a later document).
    view._documentIds = DOCUMENT_NUMBERS;
    view._storedFields = NO_STORED_FIELDS;
    view._index = terms as unknown as DeltaTerms;
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
      const score = (
        docId: number,
        termFreq: number,
        fieldLength: number,
        field: string,
        fieldBoost: number,
        matching: number,
        avgFieldLength: number,
      ) => {
        const docBoost = boostDocumentFn ? boostDocumentFn(docId, derivedTerm, undefined) : 1;
        if (!docBoost) return;
        const rawScore = bm25(termFreq, matching, stats.count, fieldLength, avgFieldLength, bm25params);
        const weightedScore = termWeight * termBoost * fieldBoost * docBoost * rawScore;
        const result = results.get(docId);
        if (result) {
          result.score += weightedScore;
          if (!result.terms.includes(sourceTerm)) result.terms.push(sourceTerm);
          const match = Object.prototype.hasOwnProperty.call(result.match, derivedTerm) ? result.match[derivedTerm] : undefined;
          if (match) match.push(field);
          else result.match[derivedTerm] = [field];
        } else results.set(docId, { score: weightedScore, terms: [sourceTerm], match: { [derivedTerm]: [field] } });
      };
      for (const field of Object.keys(fieldBoosts)) {
        const fieldBoost = fieldBoosts[field];
        const fieldId = index._fieldIds[field];
        const matching = this.countIn(fieldTermData, fieldId, seq);
        if (matching === 0) continue;
        const avgFieldLength = stats.averages[fieldId];
        if (fieldTermData.base >= 0) {
          const [lo, hi] = compact.range(fieldTermData.base, fieldId);
          for (let k = lo; k < hi; k++) {
            const docId = docs[k];
            if (!this.visible(docId, seq)) continue;
            score(docId, freqs[k], compact.fieldLength(docId, fieldId), field, fieldBoost, matching, avgFieldLength);
          }
        }
        const delta = fieldTermData.delta?.get(fieldId);
        if (delta) {
          for (const [docId, termFreq] of delta) {
            if (!this.visible(docId, seq)) continue;
            score(docId, termFreq, index._fieldLength.get(docId)![fieldId], field, fieldBoost, matching, avgFieldLength);
          }
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

/** A view's document ids: each document's own number. */
const DOCUMENT_NUMBERS = { get: (shortId: number) => shortId, has: () => true } as unknown as Map<number, unknown>;
/** A view's stored fields: none (the caller reads names from the graph). */
const NO_STORED_FIELDS = { get: () => undefined } as unknown as Map<number, unknown>;

/** Whether the ascending docs[lo..hi) hold `doc`. */
function sortedHas(docs: Uint32Array, start: number, end: number, doc: number): boolean {
  let lo = start,
    hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && docs[lo] === doc;
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

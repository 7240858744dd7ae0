// The curated graph: the write side of the store over a ChangeLog and immutable graph versions.
//
// Writes queue up. One batch at a time: each write of the batch is validated in order against
// the newest version plus the batch's earlier writes (a Draft), the accepted ones are appended
// to the log in ONE call (one fsync), then ONE applyChanges makes the next version, which is
// published before any caller hears back. A failed append rejects every write of its batch and
// publishes nothing; reads never wait, since a request keeps the version it started on.
//
// Start-up replays the log after the base's checkpoint, many changes per applyChanges call.

import { applyChanges, type GraphVersion } from '../../graph/graph-changes.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { pageRank } from '../../graph/pagerank.js';
import {
  type Change,
  type ChangeInput,
  type NodeRef,
  type Operation,
  TAGGER_SOURCE,
  targetsOf,
  CURATION_SOURCE,
} from '../../model/change.js';
import type { PaperConcept } from '../../model/index.js';
import {
  type ChangeLog,
  ChangeLogClosedError,
  ChangeLogCorruptError,
  ChangeLogMovedError,
  ChangeLogUnavailableError,
  type HistoryOptions,
} from '../change-log/change-log.js';
import { MemoryStore } from '../memory-store.js';
import { buildOperation, withoutCurationMarks } from './commands.js';
import {
  type ChangeEvent,
  type Command,
  type CompactionReport,
  ConflictError,
  type CuratedGraph,
  NotFoundError,
  type VersionedStore,
  type WriteMeta,
  type WriteResult,
} from './curation.js';
import { Draft } from './draft.js';
import { inverseOperation } from './inverse.js';
import { replayPages } from './replay.js';
import { NodeVersions, nodeKey } from './versions.js';

/** What a store for one version is made from. */
export interface StoreVersion {
  graph: KnowledgeGraph;
  /** The seq of the last change the graph holds. */
  seq: number;
  /** Influence (PageRank) per paper of `graph`: carried over from the last computation, 0 for papers added since. */
  influence: Float64Array;
  influenceComputed: { at: string; seq: number };
  /** How `graph` came from the previous version's (null for a graph built whole: the base, or a replay). */
  delta: GraphVersion | null;
}

/** Builds the store for a version; `previous` is the store of the version before (null at start). */
export type MakeStore = (version: StoreVersion, previous: VersionedStore | null) => VersionedStore;

/** Writes a snapshot of `graph` (which holds every change up to `seq`) and computes its PageRank. */
export type Compactor = (graph: KnowledgeGraph, seq: number) => Promise<{ snapshot: string; influence: Float64Array }>;

export interface CuratedGraphOptions {
  /** The graph at `baseSeq`: curated data, or a snapshot. */
  base: KnowledgeGraph;
  /** PageRank of the base's papers (computed when absent). */
  influence?: Float64Array | null;
  /** When that influence was computed (default: now, at baseSeq). */
  influenceComputed?: { at: string; seq: number } | null;
  log: ChangeLog;
  /** The checkpoint the base holds: changes after it are replayed (default 0). */
  baseSeq?: number;
  makeStore?: MakeStore;
  /** The clock for change times and influence times (tests fix it). */
  now?: () => Date;
  /** Writes snapshots at compaction; without it compaction recomputes PageRank in process and writes none. */
  compactor?: Compactor;
  /** Changes applied per applyChanges call during replay (default 5,000: measured the cheapest of 1k–100k). */
  replayChunk?: number;
}

/** The default store per version (the one place the store's construction is decided): see MemoryStore.forVersion. */
export const makeMemoryStore: MakeStore = (version, previous) => MemoryStore.forVersion(version, previous);

/** Influence for the papers of `delta.graph` from the previous graph's: by remap, 0 for new papers. */
export function carryInfluence(previous: Float64Array, delta: GraphVersion): Float64Array {
  const size = delta.graph.papers.size;
  if (!delta.paperRemap && size === previous.length) return previous;
  const out = new Float64Array(size);
  if (!delta.paperRemap) out.set(previous.subarray(0, Math.min(size, previous.length)));
  else
    for (let i = 0; i < delta.paperRemap.length; i++) {
      const j = delta.paperRemap[i];
      if (j >= 0) out[j] = previous[i];
    }
  return out;
}

/** Opens the curated graph: replays the log after `baseSeq` onto the base, then serves. */
export async function openCuratedGraph(options: CuratedGraphOptions): Promise<CuratedGraphImpl> {
  const now = options.now ?? (() => new Date());
  const baseSeq = options.baseSeq ?? 0;
  const makeStore = options.makeStore ?? makeMemoryStore;
  let graph = options.base;
  let influence = options.influence && options.influence.length === graph.papers.size ? options.influence : pageRank(options.base);
  const influenceComputed = options.influenceComputed ?? { at: now().toISOString(), seq: baseSeq };
  const chunkSize = options.replayChunk ?? 5_000;
  const started = performance.now();
  const replayed = await replayPages(graph, options.log.replaySince(baseSeq, chunkSize), {
    onVersion: (version) => (influence = carryInfluence(influence, version)),
  });
  graph = replayed.graph;
  const seq = Math.max(baseSeq, replayed.seq);
  // Versions of what was replayed come from the log's index of targets when asked: nothing to record.
  const versions = new NodeVersions(options.log, seq);
  const storeStarted = performance.now();
  const store = makeStore({ graph, seq, influence, influenceComputed, delta: null }, null);
  const done = performance.now();
  return new CuratedGraphImpl(options, store, graph, influence, versions, now, makeStore, {
    changes: replayed.count,
    ms: done - started,
    applyMs: replayed.applyMs,
    storeMs: done - storeStarted,
  });
}

/** What a catch-up did: changes applied, the seq the graph holds now, and whether it read up to the log's end. */
export interface CatchUpResult {
  applied: number;
  seq: number;
  atHead: boolean;
}

/** Changes read and applied per version when catching up. */
const CATCH_UP_PAGE = 1_000;
/** How long a missing seq is waited for before the log is called damaged. */
const GAP_WAIT_MS = 5_000;
/** Tries of a batch against a log others keep appending to, before its writes are refused as unavailable. */
const MAX_APPEND_ATTEMPTS = 50;

/** An operation of the batch being validated, with what it reverts. */
type Planned = Operation & { reverts: number | null };

interface PendingWrite {
  command: Command | null;
  /** For a revert: the seq of the change undone. */
  reverts: number | null;
  meta: WriteMeta;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export class CuratedGraphImpl implements CuratedGraph {
  /** Batches appended (one log.append each) and writes committed: their ratio is the mean batch. */
  appends = 0;
  writesCommitted = 0;
  /** Batches validated again because another writer had appended first (ChangeLogMovedError). */
  movedRetries = 0;
  /** Changes applied from the log that other writers appended (catchUp). */
  followed = 0;
  private catchingUp: Promise<CatchUpResult> | null = null;
  /** Milliseconds spent per stage of the committed batches (for the bench). */
  readonly timings = { validate: 0, append: 0, apply: 0, store: 0 };
  private latest: VersionedStore;
  /** The graph of the latest version. */
  private graph: KnowledgeGraph;
  /** Influence per paper of the latest graph. */
  private influence: Float64Array;
  private influenceComputed: { at: string; seq: number };
  private queue: PendingWrite[] = [];
  private draining: Promise<void> | null = null;
  private drainScheduled = false;
  /** Serialises batches and the influence swap of a compaction. */
  private lock: Promise<unknown> = Promise.resolve();
  private compacting: Promise<CompactionReport> | null = null;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private closed = false;

  constructor(
    private readonly options: CuratedGraphOptions,
    store: VersionedStore,
    graph: KnowledgeGraph,
    influence: Float64Array,
    private readonly versions: NodeVersions,
    private readonly now: () => Date,
    private readonly makeStore: MakeStore,
    /**
     * What start-up replayed and how long it took: in all; in applyChanges (which includes parsing
     * each change's payload: the lean read decodes a change as it is applied); building the store;
     * the rest is fetching the log's rows.
     */
    readonly replay: { changes: number; ms: number; applyMs: number; storeMs: number },
  ) {
    this.latest = store;
    this.graph = graph;
    this.influence = influence;
    this.influenceComputed = store.influenceComputed;
  }

  get log(): ChangeLog {
    return this.options.log;
  }

  current(): VersionedStore {
    return this.latest;
  }

  write(command: Command, meta: WriteMeta): Promise<WriteResult> {
    return this.enqueue(command, null, meta);
  }

  revert(seq: number, meta: WriteMeta): Promise<WriteResult> {
    return this.enqueue(null, seq, meta);
  }

  versionsOf(nodes: readonly NodeRef[], seq: number): Promise<number[]> {
    return this.versions.at(nodes, seq);
  }

  historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]> {
    return this.log.historyOf(node, options);
  }

  changes(options: HistoryOptions): Promise<Change[]> {
    return this.log.changes(options);
  }

  changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]> {
    return this.log.changesBySeq(seqs);
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  compact(): Promise<CompactionReport> {
    return (this.compacting ??= this.runCompaction().finally(() => {
      this.compacting = null;
    }));
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await this.draining;
    await this.compacting?.catch(() => undefined);
    await this.lock;
    await this.catchingUp?.catch(() => undefined);
    await this.log.close();
  }

  // ---- the write pipeline ----

  private enqueue(command: Command | null, reverts: number | null, meta: WriteMeta): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new ChangeLogClosedError('the curated graph is closed: the change was not made'));
    return new Promise((resolve, reject) => {
      this.queue.push({ command, reverts, meta, resolve, reject });
      this.kick();
    });
  }

  /** Starts draining the queue unless a drain runs or is due: writes of the same turn join one batch. */
  private kick(): void {
    if (this.draining || this.drainScheduled) return;
    this.drainScheduled = true;
    queueMicrotask(() => {
      this.drainScheduled = false;
      this.draining = this.drain().finally(() => {
        this.draining = null;
        // A write queued after the loop's last look but before this point.
        if (this.queue.length) this.kick();
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      await this.serial(() => this.commitBatch(batch));
    }
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.lock.then(run);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private async commitBatch(batch: PendingWrite[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const base = this.latest;
      const t0 = performance.now();
      let accepted = await this.validateBatch(pending, base, this.graph);
      if (!accepted.length) return;
      const t1 = performance.now();
      let committed: Change[];
      try {
        // Only after the seq this batch was validated against: another writer sharing the log
        // (a replica, a worker process) may have appended meanwhile. A log that can (PostgreSQL)
        // then hands over what was appended, holding its lock: it is applied here, and the
        // batch validated again after it, in the same transaction.
        committed = await this.log.append(
          accepted.map((a) => a.input),
          {
            afterSeq: base.seq,
            rebase: async (missed) => {
              this.applyFollowed(missed);
              this.movedRetries++;
              accepted = await this.validateBatch(
                accepted.map((a) => a.write),
                this.latest,
                this.graph,
              );
              return accepted.map((a) => a.input);
            },
          },
        );
      } catch (e) {
        if (e instanceof ChangeLogMovedError && attempt < MAX_APPEND_ATTEMPTS) {
          // Take the changes appended meanwhile, then validate the batch again against them.
          try {
            await this.catchUp();
          } catch (error) {
            for (const a of accepted) a.write.reject(error);
            return;
          }
          this.movedRetries++;
          pending = accepted.map((a) => a.write);
          continue;
        }
        const error =
          e instanceof ChangeLogMovedError
            ? new ChangeLogUnavailableError(
                `other writers appended before this one ${MAX_APPEND_ATTEMPTS} times in a row; nothing was written, retry`,
                { cause: e },
              )
            : e;
        for (const a of accepted) a.write.reject(error);
        return;
      }
      if (!committed.length) return;
      const t2 = performance.now();
      let applied: { store: VersionedStore; applyMs: number };
      try {
        // A catch-up (which does not wait for writes) may have applied them already, from the log.
        const fresh = committed.filter((c) => c.seq > this.latest.seq);
        applied = fresh.length ? this.publish(fresh, this.latest, this.graph) : { store: this.latest, applyMs: 0 };
        if (fresh.length < committed.length) this.followed -= committed.length - fresh.length;
      } catch (e) {
        // The log holds changes the graph could not take: a bug, not the curator's doing. A
        // restart replays the log.
        for (const a of accepted) a.write.reject(e);
        return;
      }
      const t4 = performance.now();
      this.timings.validate += t1 - t0;
      this.timings.append += t2 - t1;
      this.timings.apply += applied.applyMs;
      this.timings.store += t4 - t2 - applied.applyMs;
      this.appends++;
      this.writesCommitted += committed.length;
      accepted.forEach((a, i) => a.write.resolve({ change: committed[i], store: applied.store }));
      this.notify(committed, applied.store, 'write');
      return;
    }
  }

  /** Validates each write in order against `base` plus the writes accepted before it; a refused write is rejected here. */
  private async validateBatch(
    writes: PendingWrite[],
    base: VersionedStore,
    baseGraph: KnowledgeGraph,
  ): Promise<{ write: PendingWrite; input: ChangeInput }[]> {
    const draft = new Draft(baseGraph);
    /** Node → the seq the batch's changes will give it (seqs follow the log's last, one by one). */
    const touched = new Map<string, number>();
    const planned = new Map<number, Planned>();
    const accepted: { write: PendingWrite; input: ChangeInput }[] = [];
    for (const write of writes) {
      const seq = base.seq + accepted.length + 1;
      try {
        const op = await this.validate(write, draft, touched, planned);
        draft.apply(op, seq);
        planned.set(seq, { ...op, reverts: write.reverts } as Planned);
        for (const t of targetsOf(op)) touched.set(nodeKey(t), seq);
        accepted.push({
          write,
          input: {
            ...op,
            actor: write.meta.actor,
            reason: write.meta.reason ?? null,
            at: this.now().toISOString(),
            reverts: write.reverts,
          },
        });
      } catch (e) {
        write.reject(e);
      }
    }
    return accepted;
  }

  /** Applies and announces changes other writers committed, which follow the latest version with no gap (inside `serial`). */
  private applyFollowed(changes: readonly Change[]): void {
    const fresh = changes.filter((c) => c.seq > this.latest.seq);
    if (!fresh.length) return;
    if (fresh.some((c, i) => c.seq !== this.latest.seq + 1 + i))
      throw new ChangeLogCorruptError(`the change log skipped from change ${this.latest.seq} to ${fresh[0].seq}`);
    const { store } = this.publish(fresh, this.latest, this.graph);
    this.followed += fresh.length;
    this.notify(fresh, store, 'follow');
  }

  /**
   * Makes and publishes the version holding `committed` (changes that follow `base`, the latest
   * version, with no gap): applies them to `baseGraph`, carries the influence, records versions.
   * Runs inside `serial`. Listeners are told by the caller (after the writers hear back).
   */
  private publish(
    committed: readonly Change[],
    base: VersionedStore,
    baseGraph: KnowledgeGraph,
  ): { store: VersionedStore; applyMs: number } {
    const started = performance.now();
    let delta: GraphVersion;
    try {
      delta = applyChanges(baseGraph, committed);
    } catch (e) {
      for (const c of committed) this.versions.record(c);
      throw e;
    }
    const applyMs = performance.now() - started;
    const influence = carryInfluence(this.influence, delta);
    const seq = committed[committed.length - 1].seq;
    const store = this.makeStore({ graph: delta.graph, seq, influence, influenceComputed: this.influenceComputed, delta }, base);
    for (const c of committed) this.versions.record(c);
    this.influence = influence;
    this.latest = store;
    this.graph = delta.graph;
    return { store, applyMs };
  }

  private notify(changes: readonly Change[], store: VersionedStore, origin: 'write' | 'follow'): void {
    for (const change of changes)
      for (const listener of this.listeners) {
        try {
          listener({ change, store, origin });
        } catch {
          // A listener's failure is its own: the change is committed and published.
        }
      }
  }

  /**
   * Applies the changes the log holds after the latest version: those other writers sharing the
   * log appended (replicas, worker processes; follower.ts calls this when woken). Each change is
   * applied once, in seq order; listeners hear of each, as of a write made here.
   */
  catchUp(): Promise<CatchUpResult> {
    if (this.closed) return Promise.reject(new ChangeLogClosedError('the curated graph is closed'));
    // Not behind the write queue: a batch waiting for the log's lock must not hold back what
    // others committed. Applying is synchronous, so it never interleaves with a batch's own
    // publication; a batch validated meanwhile is validated again by the log's rebase, and its
    // changes, if a catch-up read them first, are not applied twice (commitBatch). One catch-up
    // at a time.
    return (this.catchingUp ??= this.catchUpLocked().finally(() => (this.catchingUp = null)));
  }

  private async catchUpLocked(): Promise<CatchUpResult> {
    let applied = 0;
    let gapSince = 0;
    for (;;) {
      const changes = await this.log.changes({ after: this.latest.seq, limit: CATCH_UP_PAGE });
      // Read after the await: a batch of this process may have published meanwhile.
      const base = this.latest;
      const fresh = changes.filter((c) => c.seq > base.seq);
      if (fresh.length === 0) return { applied, seq: base.seq, atHead: changes.length < CATCH_UP_PAGE };
      if (fresh[0].seq !== base.seq + 1) {
        // A seq not yet visible before visible ones: wait and read again (each log hands out
        // seqs in commit order, so this passes at once, or the log lost a change).
        gapSince ||= performance.now();
        if (performance.now() - gapSince > GAP_WAIT_MS)
          throw new ChangeLogCorruptError(
            `change ${base.seq + 1} is missing from the change log (the next one it holds is ${fresh[0].seq}): this replica stays at change ${base.seq}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      gapSince = 0;
      const contiguous = fresh.filter((c, i) => c.seq === base.seq + 1 + i);
      const { store } = this.publish(contiguous, base, this.graph);
      this.followed += contiguous.length;
      applied += contiguous.length;
      this.notify(contiguous, store, 'follow');
      if (changes.length < CATCH_UP_PAGE) return { applied, seq: store.seq, atHead: contiguous.length === fresh.length };
    }
  }

  /** The operation a write makes on the draft, or the CurationError refusing it. */
  private async validate(
    write: PendingWrite,
    draft: Draft,
    touched: Map<string, number>,
    planned: Map<number, Planned>,
  ): Promise<Operation> {
    const versionOf = async (ref: NodeRef) => touched.get(nodeKey(ref)) ?? (await this.versions.latest([ref]))[0];
    let op: Operation;
    if (write.reverts !== null) {
      const seq = write.reverts;
      const [change] = Number.isInteger(seq) && seq > 0 ? await this.log.changesBySeq([seq]) : [null];
      if (!change) throw new NotFoundError('Change', String(seq), `no change has seq ${seq}`);
      for (const target of change.targets) {
        const version = await versionOf(target);
        if (version > seq)
          throw new ConflictError(
            `change ${version} touched ${target.kind.toLowerCase()} "${target.id}" after change ${seq}: revert change ${version} first`,
            version,
          );
      }
      op = withoutCurationMarks(inverseOperation(change, draft));
    } else {
      op = withoutCurationMarks(buildOperation(write.command!, draft));
    }
    if (op.op === 'suggestion.accept' || op.op === 'suggestion.reject')
      await this.checkSuggestion(draft.link(op.before.paperId, op.before.conceptId)!, planned);
    const expected = write.meta.expectedVersion;
    if (expected !== null && expected !== undefined) {
      const target = targetsOf(op)[0];
      const version = await versionOf(target);
      if (version !== expected)
        throw new ConflictError(
          `${target.kind.toLowerCase()} "${target.id}" is at version ${version}, not ${expected}: someone changed it since`,
          version,
        );
    }
    return op;
  }

  /**
   * A suggestion is a link the tagger made that no curator has reviewed: its provenance names
   * the tagger and no curation change, or the newest curation change on it is the revert of an
   * acceptance (which made it a suggestion again).
   */
  private async checkSuggestion(link: PaperConcept, planned: Map<number, Planned>): Promise<void> {
    const what = `the link of "${link.paperId}" to "${link.conceptId}"`;
    if (!link.provenance.some((p) => p.source === TAGGER_SOURCE)) throw new ConflictError(`${what} is not a suggestion of the tagger`);
    const marks = link.provenance.filter((p) => p.source === CURATION_SOURCE).map((p) => Number(p.recordId));
    if (!marks.length) return;
    const newest = Math.max(...marks);
    const change = await this.plannedOrLogged(newest, planned);
    const reverted = change?.op === 'concept.link' && change.reverts !== null ? await this.plannedOrLogged(change.reverts, planned) : null;
    if (reverted?.op !== 'suggestion.accept') throw new ConflictError(`${what} was reviewed already (change ${newest})`);
  }

  private async plannedOrLogged(seq: number, planned: Map<number, Planned>): Promise<Planned | null> {
    return planned.get(seq) ?? (await this.log.changesBySeq([seq]))[0];
  }

  // ---- compaction ----

  private async runCompaction(): Promise<CompactionReport> {
    const started = performance.now();
    const store = this.latest;
    const graph = this.graph;
    let influence: Float64Array;
    let snapshot: string | null = null;
    if (this.options.compactor) ({ snapshot, influence } = await this.options.compactor(graph, store.seq));
    else influence = pageRank(graph);
    if (snapshot !== null) await this.log.checkpoint(store.seq, snapshot);
    const computed = { at: this.now().toISOString(), seq: store.seq };
    await this.serial(async () => {
      const latest = this.latest;
      // Writes committed meanwhile: their papers keep what they carried (0 for new ones).
      const values = this.graph === graph ? influence : byId(influence, graph, this.influence, this.graph);
      this.influence = values;
      this.influenceComputed = computed;
      this.latest = this.makeStore(
        { graph: this.graph, seq: latest.seq, influence: values, influenceComputed: computed, delta: null },
        latest,
      );
    });
    return { seq: store.seq, snapshot, ms: performance.now() - started };
  }
}

/** Influence for the papers of `graph`: from `computed` (for `computedOn`) by id, else from `carried`. */
function byId(computed: Float64Array, computedOn: KnowledgeGraph, carried: Float64Array, graph: KnowledgeGraph): Float64Array {
  const out = new Float64Array(graph.papers.size);
  for (let i = 0; i < out.length; i++) {
    const id = graph.papers.idAt(i);
    const j = computedOn.papers.indexOf(id);
    out[i] = j >= 0 && computedOn.papers.idAt(j) === id ? computed[j] : (carried[i] ?? 0);
  }
  return out;
}

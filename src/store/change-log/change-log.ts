// The change log: the durable, ordered record of every curation write since the last snapshot,
// and its audit trail (who, when, why, before and after). This file is the contract; the embedded
// log (sqlite-change-log.ts) implements it in a data directory, a PostgreSQL log will later.

import type { Change, ChangeInput, NodeRef, Operation, OperationName } from '../../model/change.js';

// The operations and their payloads are domain types (model/change.ts); the log stores them.
export {
  type Change,
  type ChangeInput,
  type CollectionEntries,
  type CollectionEntryRecord,
  type NodeRef,
  type Operation,
  type OperationName,
  type OperationPayloads,
  OPERATION_NAMES,
  targetsOf,
} from '../../model/change.js';

/** A record that a snapshot holds every change up to `seq`: start-up replays what follows it. */
export interface Checkpoint {
  seq: number;
  at: string;
  /** Where the snapshot is (a file name in the data directory, say); null if not recorded. */
  snapshot: string | null;
}

/**
 * A change as start-up replay applies it (applyChanges reads the operation, `seq` and `targets`):
 * no audit fields (actor, at, reason, reverts), and none of the payload that applying never reads.
 * For an operation of BEFORE_NOT_APPLIED, `before` is the `after` record itself; for one of
 * EXTRA_NOT_APPLIED, its other fields are absent. The full Change stays in the log for history.
 */
export type ReplayChange = Operation & {
  seq: number;
  /** As Change's: from the payload (targetsOf). */
  targets: NodeRef[];
};

/**
 * A page of changes for replay, in seq order, each decoded as the iteration reaches it (so a
 * change's parsed payload lives only while it is applied; iterating again decodes again).
 */
export interface ReplayPage extends Iterable<ReplayChange> {
  /** How many changes the page holds (≥ 1). */
  readonly size: number;
  /** The seq of its last change. */
  readonly lastSeq: number;
}

/**
 * Operations whose application reads of `before` only ids that `after` holds too (a change never
 * changes the id, slug or link ends it edits): replay skips their `before`, the largest part of
 * a paper.update (model/change-apply.ts and graph/graph-changes.ts are what apply them).
 */
export const BEFORE_NOT_APPLIED: ReadonlySet<OperationName> = new Set<OperationName>([
  'paper.update',
  'concept.update',
  'collection.update',
  'concept.link',
  'suggestion.accept',
  'collection.entry.update',
  'collection.entry.move',
]);

/** Operations whose other fields applying does not read (a link's note is kept only for the audit trail). */
export const EXTRA_NOT_APPLIED: ReadonlySet<OperationName> = new Set<OperationName>(['concept.link']);

export interface HistoryOptions {
  /** Only changes with a seq greater than this. */
  after?: number;
  /** Only changes with a seq less than this. */
  before?: number;
  limit: number;
  /** Newest first (default: oldest first). */
  newestFirst?: boolean;
}

/** How an append is made. */
export interface AppendOptions {
  /**
   * Append only if the log's last seq is this one when the append commits, else reject with
   * StaleAppendError and append nothing: a writer that validated its changes against the graph
   * at this seq learns that another process (a sibling worker, another replica) appended since.
   */
  afterSeq?: number;
}

export interface ChangeLog {
  /**
   * Appends the changes as one unit, in order, and resolves with them as committed (seq, at,
   * targets) only once they are durable: committed and synced to disk. Rejects with
   * ChangeLogUnavailableError when the log cannot write (the log stays readable), and with
   * StaleAppendError when `options.afterSeq` is not the log's last seq.
   */
  append(changes: readonly ChangeInput[], options?: AppendOptions): Promise<Change[]>;
  /** Every change with a seq greater than `seq`, in seq order (replay after a snapshot). */
  readSince(seq: number): AsyncIterable<Change>;
  /**
   * The same changes lean (ReplayChange: what applying needs, no more), in pages of up to
   * `pageSize`: for start-up replay, which need not fetch or parse the audit trail.
   */
  replaySince(seq: number, pageSize: number): AsyncIterable<ReplayPage>;
  /** For each node, the seq of the newest change up to `upTo` (inclusive) that touched it; 0 when none did. */
  lastSeqOf(nodes: readonly NodeRef[], upTo: number): Promise<number[]>;
  /** Changes touching one node, for `Node.history`. */
  historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]>;
  /** Changes in seq order (or newest first), between `after` and `before`: for `Query.changes`. */
  changes(options: HistoryOptions): Promise<Change[]>;
  /** Changes by seq, in the order asked (null for a seq the log does not hold). */
  changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]>;
  /** The seq of the last committed change; 0 for an empty log. */
  lastSeq(): Promise<number>;
  /** Records that a snapshot holds every change up to `seq` (≤ lastSeq, ≥ the last checkpoint's). */
  checkpoint(seq: number, snapshot?: string | null): Promise<Checkpoint>;
  /** The newest checkpoint, or null when none was recorded. */
  lastCheckpoint(): Promise<Checkpoint | null>;
  /** Waits for appends in flight, then closes. Later calls reject with ChangeLogClosedError. */
  close(): Promise<void>;
}

/** Base of the log's errors. */
export class ChangeLogError extends Error {
  override name = 'ChangeLogError';
}

/** The log cannot write (disk full, I/O error, read-only): the change was not made. Reads go on. */
export class ChangeLogUnavailableError extends ChangeLogError {
  override name = 'ChangeLogUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An append with `afterSeq` found the log further on (another process appended): nothing was appended. */
export class StaleAppendError extends ChangeLogError {
  override name = 'StaleAppendError';
  constructor(
    /** The seq the appender expected to be last. */
    readonly expected: number,
    /** The log's last seq when the append was refused. */
    readonly lastSeq: number,
  ) {
    super(`the change log is at change ${lastSeq}, not ${expected}: another writer appended since`);
  }
}

/** The log was closed. */
export class ChangeLogClosedError extends ChangeLogUnavailableError {
  override name = 'ChangeLogClosedError';
}

/** The log's files are not a change log, or are damaged beyond what recovery repairs. */
export class ChangeLogCorruptError extends ChangeLogError {
  override name = 'ChangeLogCorruptError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A change or a checkpoint the log refuses as given (unknown operation, seq out of range). */
export class InvalidChangeError extends ChangeLogError {
  override name = 'InvalidChangeError';
}

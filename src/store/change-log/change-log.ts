// The change log: the durable, ordered record of every curation write since the last snapshot,
// and its audit trail (who, when, why, before and after). This file is the contract; the embedded
// log (sqlite-change-log.ts) implements it in a data directory, a PostgreSQL log will later.

import type { Citation, Collection, CollectionEntry, Concept, NodeKind, Paper, PaperConcept } from '../../model/index.js';

/** A node the change touches, by kind and local id (the id of the model, not the global id). */
export interface NodeRef {
  kind: NodeKind;
  id: string;
}

/** A collection entry with the collection it belongs to. */
export interface CollectionEntryRecord extends CollectionEntry {
  collectionId: string;
}

/** A collection's whole ordered entry list: a move changes the ranks of the entries between. */
export interface CollectionEntries {
  collectionId: string;
  entries: CollectionEntry[];
}

/**
 * The `before` and `after` snapshots of the touched record for each operation (`null`: the
 * record did not exist before, or does not after). One entry here is one kind of change.
 */
export interface OperationPayloads {
  'paper.add': { before: null; after: Paper };
  'paper.update': { before: Paper; after: Paper };
  /** `merged` is folded into `kept`: edges move to kept, the merged id resolves to it. */
  'paper.merge': { before: { kept: Paper; merged: Paper }; after: { kept: Paper; mergedId: string } };
  'paper.retract': { before: Paper; after: null };
  'citation.add': { before: null; after: Citation };
  'citation.remove': { before: Citation; after: null };
  'concept.add': { before: null; after: Concept };
  'concept.update': { before: Concept; after: Concept };
  /** Links a concept to a paper, or changes an existing link (role, score, note). */
  'concept.link': { before: PaperConcept | null; after: PaperConcept; note?: string | null };
  'concept.unlink': { before: PaperConcept; after: null };
  /** A curator confirms a link the tagger made (its provenance then names the curator too). */
  'suggestion.accept': { before: PaperConcept; after: PaperConcept };
  'suggestion.reject': { before: PaperConcept; after: null };
  'collection.create': { before: null; after: Collection };
  'collection.update': { before: Collection; after: Collection };
  'collection.entry.add': { before: null; after: CollectionEntryRecord };
  'collection.entry.update': { before: CollectionEntryRecord; after: CollectionEntryRecord };
  'collection.entry.move': { before: CollectionEntries; after: CollectionEntries };
  'collection.entry.remove': { before: CollectionEntryRecord; after: null };
}

export type OperationName = keyof OperationPayloads;
export const OPERATION_NAMES = [
  'paper.add',
  'paper.update',
  'paper.merge',
  'paper.retract',
  'citation.add',
  'citation.remove',
  'concept.add',
  'concept.update',
  'concept.link',
  'concept.unlink',
  'suggestion.accept',
  'suggestion.reject',
  'collection.create',
  'collection.update',
  'collection.entry.add',
  'collection.entry.update',
  'collection.entry.move',
  'collection.entry.remove',
] as const satisfies readonly OperationName[];
// Every operation of OperationPayloads is listed above (a missing one fails to compile here).
type _AllListed = Exclude<OperationName, (typeof OPERATION_NAMES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

/** One operation: its name and its payload, discriminated by `op`. */
export type Operation = { [K in OperationName]: { op: K } & OperationPayloads[K] }[OperationName];

/** What a writer hands the log: the operation and who, why (and when, if it is a replay). */
export type ChangeInput = Operation & {
  /** The API key's name. */
  actor: string;
  /** Why, as the curator wrote it; null when not given. */
  reason?: string | null;
  /** ISO time; the log stamps the time of append when absent. */
  at?: string;
  /** The seq of the change this one undoes, for a revert. */
  reverts?: number | null;
};

/** A change as the log committed it. */
export type Change = Operation & {
  /** Assigned by the log: 1, 2, 3, … with no gap, in commit order. */
  seq: number;
  actor: string;
  reason: string | null;
  at: string;
  reverts: number | null;
  /** The nodes the change touches (derived from the payload by `targetsOf`). */
  targets: NodeRef[];
};

/** A record that a snapshot holds every change up to `seq`: start-up replays what follows it. */
export interface Checkpoint {
  seq: number;
  at: string;
  /** Where the snapshot is (a file name in the data directory, say); null if not recorded. */
  snapshot: string | null;
}

export interface HistoryOptions {
  /** Only changes with a seq greater than this. */
  after?: number;
  /** Only changes with a seq less than this. */
  before?: number;
  limit: number;
  /** Newest first (default: oldest first). */
  newestFirst?: boolean;
}

export interface ChangeLog {
  /**
   * Appends the changes as one unit, in order, and resolves with them as committed (seq, at,
   * targets) only once they are durable: committed and synced to disk. Rejects with
   * ChangeLogUnavailableError when the log cannot write (the log stays readable).
   */
  append(changes: readonly ChangeInput[]): Promise<Change[]>;
  /** Every change with a seq greater than `seq`, in seq order (replay after a snapshot). */
  readSince(seq: number): AsyncIterable<Change>;
  /** Changes touching one node, for `Node.history`. */
  historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]>;
  /** The seq of the last committed change; 0 for an empty log. */
  lastSeq(): Promise<number>;
  /** Records that a snapshot holds every change up to `seq` (≤ lastSeq, ≥ the last checkpoint's). */
  checkpoint(seq: number, snapshot?: string | null): Promise<Checkpoint>;
  /** The newest checkpoint, or null when none was recorded. */
  lastCheckpoint(): Promise<Checkpoint | null>;
  /** Waits for appends in flight, then closes. Later calls reject with ChangeLogClosedError. */
  close(): Promise<void>;
}

/** The nodes an operation touches, from its payload. */
export function targetsOf(operation: Operation): NodeRef[] {
  const paper = (id: string): NodeRef => ({ kind: 'Paper', id });
  const concept = (id: string): NodeRef => ({ kind: 'Concept', id });
  const collection = (id: string): NodeRef => ({ kind: 'Collection', id });
  switch (operation.op) {
    case 'paper.add':
      return [paper(operation.after.id)];
    case 'paper.update':
    case 'paper.retract':
      return [paper(operation.before.id)];
    case 'paper.merge':
      return [paper(operation.before.kept.id), paper(operation.before.merged.id)];
    case 'citation.add':
      return [paper(operation.after.citingId), paper(operation.after.citedId)];
    case 'citation.remove':
      return [paper(operation.before.citingId), paper(operation.before.citedId)];
    case 'concept.add':
      return [concept(operation.after.id)];
    case 'concept.update':
      return [concept(operation.before.id)];
    case 'concept.link':
    case 'suggestion.accept':
      return [paper(operation.after.paperId), concept(operation.after.conceptId)];
    case 'concept.unlink':
    case 'suggestion.reject':
      return [paper(operation.before.paperId), concept(operation.before.conceptId)];
    case 'collection.create':
      return [collection(operation.after.id)];
    case 'collection.update':
      return [collection(operation.before.id)];
    case 'collection.entry.add':
      return [collection(operation.after.collectionId), paper(operation.after.paperId)];
    case 'collection.entry.update':
    case 'collection.entry.remove':
      return [collection(operation.before.collectionId), paper(operation.before.paperId)];
    case 'collection.entry.move':
      return [collection(operation.after.collectionId)];
  }
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

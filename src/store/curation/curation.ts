// The write side of the store: what a curator asks for (a Command), what comes back (the change as
// committed and the graph version holding it), and the errors a curator can act on. The API
// (api/types/mutations) calls a CuratedGraph; curated-graph.ts implements it over a ChangeLog and
// versions of the in-memory graph.

import type { Change, NodeRef } from '../../model/change.js';
import type { CitationIntent, ConceptKind, ConceptRole } from '../../model/index.js';
import type { HistoryOptions } from '../change-log/change-log.js';
import type { GraphStore } from '../graph-store.js';

/** A store pinned to one version of the graph: every read of a request goes to one of these. */
export interface VersionedStore extends GraphStore {
  /** The seq of the last change this version holds (0: the graph as loaded, before any change). */
  readonly seq: number;
  /** When the influence (PageRank) this version orders by was computed, and the change seq it had then. */
  readonly influenceComputed: { at: string; seq: number };
}

/** An author of a new or edited paper: an existing author by id, or a new one by name. */
export interface AuthorInput {
  id?: string | null;
  name: string;
}

/** Fields of a paper a curator may set (null clears a nullable field; absent leaves it). */
export interface PaperFields {
  title?: string;
  aliases?: string[];
  abstract?: string | null;
  /** The curators' own short description (not the authors' abstract). */
  summary?: string | null;
  year?: number | null;
  venueId?: string | null;
  arxivId?: string | null;
  doi?: string | null;
  url?: string | null;
  /** The whole author list, in order. */
  authors?: AuthorInput[];
}

export interface ConceptFields {
  name?: string;
  kind?: ConceptKind;
  aliases?: string[];
  description?: string | null;
  /** The whole list of broader concept ids; a cycle is refused. */
  broaderIds?: string[];
}

export interface CollectionFields {
  title?: string;
  publisher?: string | null;
  date?: string | null;
  url?: string | null;
  description?: string | null;
}

export interface EntryFields {
  sectionId?: string | null;
  why?: string | null;
  keyInsights?: string | null;
}

/** What a curator asks for. Ids are local ids (the API decodes global ids before). */
export type Command =
  | { op: 'paper.add'; fields: PaperFields & { title: string } }
  | { op: 'paper.update'; id: string; fields: PaperFields }
  | { op: 'paper.merge'; keptId: string; mergedId: string }
  | { op: 'paper.retract'; id: string }
  | { op: 'citation.add'; citingId: string; citedId: string; contexts?: string[]; intents?: CitationIntent[] }
  | { op: 'citation.remove'; citingId: string; citedId: string }
  | { op: 'concept.add'; slug?: string | null; fields: ConceptFields & { name: string; kind: ConceptKind } }
  | { op: 'concept.update'; id: string; fields: ConceptFields }
  | { op: 'concept.link'; paperId: string; conceptId: string; role: ConceptRole; score: number; note?: string | null }
  | { op: 'concept.unlink'; paperId: string; conceptId: string }
  | { op: 'suggestion.accept'; paperId: string; conceptId: string }
  | { op: 'suggestion.reject'; paperId: string; conceptId: string }
  | { op: 'collection.create'; slug: string; fields: CollectionFields & { title: string } }
  | { op: 'collection.update'; id: string; fields: CollectionFields }
  | { op: 'collection.entry.add'; collectionId: string; paperId: string; rank?: number | null; fields: EntryFields }
  | { op: 'collection.entry.update'; collectionId: string; paperId: string; fields: EntryFields }
  | { op: 'collection.entry.move'; collectionId: string; paperId: string; rank: number }
  | { op: 'collection.entry.remove'; collectionId: string; paperId: string };

export type CommandName = Command['op'];

/** Who writes and why. */
export interface WriteMeta {
  /** The API key's name. */
  actor: string;
  reason?: string | null;
  /**
   * The version the curator last saw of the node the command edits (the first of its targets);
   * a different current version is a ConflictError naming it.
   */
  expectedVersion?: number | null;
}

export interface WriteResult {
  change: Change;
  /** The version that holds the change (and every change committed before it). */
  store: VersionedStore;
}

/** A change as a subscriber sees it: the change and the version right after it. */
export interface ChangeEvent {
  change: Change;
  store: VersionedStore;
  /**
   * 'write': this process wrote the change; 'follow': another process appended it to a shared log
   * and this one applied it on catching up (CuratedGraph.catchUp). Absent means 'write'. A fan-out
   * across replicas (Redis) publishes only the 'write' events, so each change goes out once.
   */
  origin?: 'write' | 'follow';
}

export interface CompactionReport {
  /** The seq the new snapshot (and the influence computed) holds. */
  seq: number;
  /** Where the snapshot was written; null when no compactor was given (PageRank only, no checkpoint). */
  snapshot: string | null;
  ms: number;
}

export interface CuratedGraph {
  /** The newest version: what a request starting now reads. */
  current(): VersionedStore;
  /**
   * Validates the command against the newest version, appends its change to the log (durable
   * before this resolves), and publishes the version holding it. Rejects with a CurationError
   * (nothing changed) or ChangeLogUnavailableError (the log cannot write; nothing changed).
   */
  write(command: Command, meta: WriteMeta): Promise<WriteResult>;
  /** Undoes a change by writing its inverse (a change whose `reverts` is `seq`). */
  revert(seq: number, meta: WriteMeta): Promise<WriteResult>;
  /** Each node's version at `seq`: the seq of the last change that touched it (0: none since load). */
  versionsOf(nodes: readonly NodeRef[], seq: number): Promise<number[]>;
  /** Changes that touched a node, up to a version. */
  historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]>;
  /** Changes in seq order after `after` (for `Query.changes`). */
  changes(options: { after?: number; before?: number; limit: number; newestFirst?: boolean }): Promise<Change[]>;
  /** Changes by seq (null where none): the curator behind a provenance entry. */
  changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]>;
  /**
   * Calls `listener` after each change is published, in seq order; returns the unsubscribe.
   * A feed that can break (a fan-out over Redis, server/redis-fan-out.ts) may throw here when it
   * is down, and calls `onFailure` once if it breaks later: the listener hears nothing more.
   */
  onChange(listener: (event: ChangeEvent) => void, onFailure?: (error: Error) => void): () => void;
  /**
   * Applies the changes other processes appended to a shared log since the newest version, in seq
   * order, each once, and publishes them (onChange, origin 'follow'); resolves with how many, the
   * seq now held, and whether that is the log's head. One catch-up runs at a time.
   */
  catchUp(): Promise<{ applied: number; seq: number; atHead: boolean }>;
  /** Folds the changes into a new snapshot in the background (PageRank recomputed); reads go on. */
  compact(): Promise<CompactionReport>;
  /** Waits for writes in flight, then closes the log. */
  close(): Promise<void>;
}

/** A command refused: nothing changed. The API shows each subclass as its own error type. */
export class CurationError extends Error {
  override name = 'CurationError';
}

/** A node the command names does not exist. */
export class NotFoundError extends CurationError {
  override name = 'NotFoundError';
  constructor(
    readonly kind: string,
    readonly id: string,
    message = `no ${kind.toLowerCase()} has id "${id}"`,
  ) {
    super(message);
  }
}

/** The command contradicts the graph as it is now: a stale expectedVersion, a duplicate, a cycle. */
export class ConflictError extends CurationError {
  override name = 'ConflictError';
  constructor(
    message: string,
    /** The node's version now, when the conflict is a stale expectedVersion. */
    readonly currentVersion: number | null = null,
  ) {
    super(message);
  }
}

/** A field of the command is not acceptable as given; `field` names it. */
export class InvalidInputError extends CurationError {
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// The figures of the bench's curation section (issue 12), as bench/curation.ts, overlay.ts and
// compaction.ts measure them and bench/tables.ts shows them.

import type { CompactResult } from '../src/server/compaction/run.js';
import type { QueryName } from '../test/support/queries.js';

/** Acknowledged writes of one writer count, pooled over its rounds. */
export interface WriteRun {
  dataset: string;
  papers: number;
  writers: number;
  seconds: number;
  writes: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Writes committed per log append (group commit). */
  meanBatch: number;
  failures: number;
  /** Mean ms per append of each stage. */
  stages: { validate: number; append: number; apply: number; store: number };
}

export interface ReplayResult {
  dataset: string;
  count: number;
  /** Opening the curated graph on the base with the log: wall time of its replay. */
  totalMs: number;
  cpuMs: number;
  applyMs: number;
  storeMs: number;
  /** Reading the changes from the log alone. */
  readMs: number;
  papers: number;
}

export interface OverlayRead {
  query: QueryName;
  title: string;
  changedP50: number;
  compactedP50: number;
  freshOnChangedP50: number;
  /** Throughput with the changes / compacted, question by question. */
  ratio: number;
  /** Throughput of the derived store / a store built afresh on the same (uncompacted) graph. */
  storeRatio: number;
  goal: boolean;
}

export interface OverlayResult {
  dataset: string;
  papers: number;
  changes: number;
  versions: number;
  batch: number;
  reads: OverlayRead[];
  /** Readable lines on the version chain, first reads of a version, the fresh store's costs. */
  details: string[];
  /** The same figures for the results JSON. */
  figures: Record<string, unknown>;
}

export interface CompactionRead {
  query: QueryName | 'all';
  p99Without: number;
  p99During: number;
  answersWithout: number;
  answersDuring: number;
  /** p99 during compaction / p99 without. */
  ratio: number;
}

export interface CompactionResult {
  scale: number;
  papers: number;
  citations: number;
  /** Changes in the log (each compaction folds in all of them). */
  changes: number;
  compactions: number;
  /** Wall time and steps of each compaction. */
  runs: { ms: number; steps: CompactResult['steps'] }[];
  reads: CompactionRead[];
}

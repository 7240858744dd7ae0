// Compaction: the base graph (the newest checkpoint's snapshot, else the data's source) with the
// log's changes up to a seq folded in, its PageRank computed, written as a new snapshot in the
// data directory (atomically: temp file, fsync, rename, fsync of the directory), and a checkpoint
// recorded in the log so that start-up replays only what follows. Runs in a worker thread while
// the server serves (compaction-worker.ts, run.ts) or in the process for `papergraph compact`.

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { pageRank } from '../../graph/pagerank.js';
import { writeSnapshot } from '../../ingest/snapshot.js';
import type { ChangeLog } from '../../store/change-log/change-log.js';
import { PgChangeLog } from '../../store/change-log/pg-change-log.js';
import { openPgDatabase } from '../../store/change-log/pg-database.js';
import { openSqliteChangeLog } from '../../store/change-log/sqlite-change-log.js';
import { replayPages } from '../../store/curation/replay.js';
import { type GraphSourceOptions, loadGraph, type StartProgress } from '../graph-source.js';

/** Where snapshots go, inside the data directory. */
export const SNAPSHOTS_DIR = 'snapshots';
/** How many compacted snapshots are kept (the newest; the one the last checkpoint names among them). */
export const KEPT_SNAPSHOTS = 2;
/** Changes applied per applyChanges call: each call makes one graph version. */
const REPLAY_BATCH = 20_000;

export interface CompactOptions {
  dataDir: string;
  /** The log is in PostgreSQL (replicas), not in the data directory's changes.sqlite. */
  database?: { url: string; schema: string };
  /**
   * Where snapshots go and what checkpoints name them relative to (replicas: the shared
   * snapshot directory); default: `snapshots/` of the data directory, named relative to it.
   */
  snapshotDir?: string;
  /** The graph the log's first change applies to: a snapshot file or a curated-format data directory (default: the curated corpus). */
  baseSource?: string | GraphSourceOptions;
  /** Fold in changes up to this seq (default: the log's last). */
  uptoSeq?: number;
  /**
   * Record the checkpoint in the log (default true). A CuratedGraph records it itself, on its own
   * connection, once it has taken the new influence.
   */
  recordCheckpoint?: boolean;
}

export interface CompactResult {
  /** Absolute path of the snapshot written. */
  snapshot: string;
  /** PageRank of every paper of the compacted graph, in its paper order. */
  influence: Float64Array;
  /** The seq the snapshot holds (its checkpoint). */
  seq: number;
  /** The snapshot's path relative to the data directory: what the checkpoint names. */
  snapshotName: string;
  /** The compacted graph's paper ids in its order, one per line: the order `influence` follows. */
  paperIds: string;
  /** Wall time of the whole compaction. */
  ms: number;
  /** Changes replayed onto the base, and from which seq the base held. */
  replayed: number;
  baseSeq: number;
  /** Time of each step, ms. */
  steps: { load: number; replay: number; pageRank: number; write: number };
}

/** The graph source of a base given as a path: a directory is curated data, a file a snapshot. */
export function sourceOf(base: string | GraphSourceOptions | undefined): GraphSourceOptions {
  if (base === undefined) return {};
  if (typeof base !== 'string') return base;
  return existsSync(base) && statSync(base).isDirectory() ? { data: base } : { snapshot: base };
}

/** The base graph start-up and compaction begin from: the newest checkpoint's snapshot when it is there, else the source. */
export interface BaseGraph {
  graph: KnowledgeGraph;
  influence: Float64Array | null;
  /** The seq the base holds (0: the source, before any change). */
  seq: number;
  description: string;
  /** Set when a checkpoint named a snapshot that is gone: the source and a full replay stand in. */
  warning: string | null;
}

/** `progress`: how a long load shows (none by default: a worker stays quiet). */
export function loadBase(
  dataDir: string,
  checkpoint: { seq: number; snapshot: string | null } | null,
  source: GraphSourceOptions,
  progress: StartProgress = silentProgress,
): BaseGraph {
  let warning: string | null = null;
  if (checkpoint?.snapshot) {
    const path = resolve(dataDir, checkpoint.snapshot);
    if (existsSync(path)) {
      const loaded = loadGraph({ snapshot: path }, progress);
      return { graph: loaded.graph, influence: loaded.influence ?? null, seq: checkpoint.seq, description: loaded.description, warning };
    }
    warning = `the snapshot of checkpoint ${checkpoint.seq} (${path}) is missing: starting from the source and replaying the whole log`;
  }
  const loaded = loadGraph(source, progress);
  return { graph: loaded.graph, influence: loaded.influence ?? null, seq: 0, description: loaded.description, warning };
}

const silentProgress: StartProgress = () => ({ update() {}, finish() {} });

/** Runs a compaction in this thread (the worker calls it; so does `papergraph compact`). */
export async function compact(options: CompactOptions): Promise<CompactResult> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  // Checkpoints name snapshots relative to this directory.
  const root = options.snapshotDir ? resolve(options.snapshotDir) : dataDir;
  // A connection of its own: SQLite in WAL mode lets it read (and record the checkpoint) beside the server's.
  const log: ChangeLog = options.database
    ? new PgChangeLog({ db: await openPgDatabase({ ...options.database, applicationName: 'papergraph-compaction' }, { migrate: false }) })
    : openSqliteChangeLog({ dataDir, groupCommit: false });
  try {
    const last = await log.lastSeq();
    const upto = Math.min(options.uptoSeq ?? last, last);
    const checkpoint = await log.lastCheckpoint();
    const base = loadBase(root, checkpoint && checkpoint.seq <= upto ? checkpoint : null, sourceOf(options.baseSource));
    const loaded = performance.now();
    const replayed = await replayPages(base.graph, log.replaySince(base.seq, REPLAY_BATCH), { uptoSeq: upto });
    const applied = performance.now();
    const influence = pageRank(replayed.graph);
    const ranked = performance.now();
    const seq = Math.max(base.seq, upto);
    const dir = options.snapshotDir ? root : join(dataDir, SNAPSHOTS_DIR);
    mkdirSync(dir, { recursive: true });
    const name = `graph-${String(seq).padStart(10, '0')}.pgs`;
    const path = join(dir, name);
    writeSnapshot(path, replayed.graph.toCorpus(), { influence, redirects: replayed.graph.paperRedirects, searchGraph: replayed.graph });
    if (options.recordCheckpoint ?? true) await log.checkpoint(seq, relative(root, path));
    // The last checkpoint's snapshot stays too: until the new checkpoint is recorded, start-up needs it.
    pruneSnapshots(dir, name, checkpoint?.snapshot ? basename(checkpoint.snapshot) : null);
    const written = performance.now();
    const papers = replayed.graph.papers;
    return {
      snapshot: path,
      snapshotName: relative(root, path),
      paperIds: Array.from({ length: papers.size }, (_, i) => papers.idAt(i)).join('\n'),
      influence,
      seq,
      ms: written - started,
      replayed: replayed.count,
      baseSeq: base.seq,
      steps: { load: loaded - started, replay: applied - loaded, pageRank: ranked - applied, write: written - ranked },
    };
  } finally {
    await log.close();
  }
}

/** Keeps the newest KEPT_SNAPSHOTS compacted snapshots (and `current`, and `checkpointed`), and removes temp files a crash left. */
export function pruneSnapshots(dir: string, current: string, checkpointed: string | null = null): void {
  const names = readdirSync(dir);
  const snapshots = names.filter((n) => /^graph-\d+\.pgs$/.test(n)).sort();
  const keep = new Set([...snapshots.slice(-KEPT_SNAPSHOTS), current, checkpointed]);
  for (const n of snapshots) if (!keep.has(n)) rmSync(join(dir, n), { force: true });
  for (const n of names) if (/^graph-\d+\.pgs\.tmp-/.test(n)) rmSync(join(dir, n), { force: true });
}

// Start-up over a data directory: take its lock, open the change log (saying so when SQLite's
// recovery dropped a torn last write) and the key store, load the base graph (the newest
// checkpoint's snapshot, else the recorded source), replay the log after it into a CuratedGraph,
// and compact in a worker thread every `compactEvery` changes.

import { resolve } from 'node:path';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { ChangeLog } from '../store/change-log/change-log.js';
import { KeyStore } from '../store/change-log/key-store.js';
import { openSqliteChangeLog, type SqliteChangeLog } from '../store/change-log/sqlite-change-log.js';
import { openCuratedGraph } from '../store/curation/curated-graph.js';
import type { CuratedGraph } from '../store/curation/curation.js';
import { type BaseGraph, loadBase } from './compaction/compact.js';
import { dataDirCompactor, type SnapshotCompactor } from './compaction/run.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { describeSource, type RecordedSource, resolveDataDirSource } from './data-dir-source.js';
import type { GraphSourceOptions, StartProgress } from './graph-source.js';

/** What opening a CuratedGraph needs from start-up (store/curation/curated-graph.ts's openCuratedGraph). */
export interface CuratedGraphStart {
  log: ChangeLog;
  graph: KnowledgeGraph;
  influence: Float64Array | null;
  /** When `influence` was computed and at which seq (null: now, at `seq`). */
  influenceComputed: { at: string; seq: number } | null;
  /** The seq the graph holds: the log is replayed after it. */
  seq: number;
  compactor: SnapshotCompactor;
}

export type OpenCurated = (start: CuratedGraphStart) => Promise<CuratedGraph>;

/** The CuratedGraph of the store layer over the start-up's base and log. */
export const openStoreCuratedGraph: OpenCurated = ({ log, graph, influence, influenceComputed, seq, compactor }) =>
  openCuratedGraph({ base: graph, influence, influenceComputed, log, baseSeq: seq, compactor });

/** A worker of `serve --workers N` (server/cluster.ts): one of several processes over one data directory. */
export interface ClusterMember {
  /** Whether this worker is the one the primary elected to compact (asked at each change). */
  mayCompact(): boolean;
}

export interface DataDirOptions {
  dataDir: string;
  /** The source given on the command line (recorded on first start; see data-dir-source.ts). */
  source: GraphSourceOptions;
  /** Changes since the last checkpoint that start a compaction; 0: none automatic. */
  compactEvery: number;
  /** Default: openStoreCuratedGraph. */
  openCurated?: OpenCurated;
  /** Where start-up and compaction say what they did (default: stdout). */
  say?: (line: string) => void;
  /** Where problems go (default: stderr). */
  warn?: (line: string) => void;
  /** "serve" or "compact": named in the lock for whoever finds it held. */
  command?: string;
  /** Shows the progress of loading a big snapshot. */
  progress?: StartProgress;
  /**
   * Set in the workers of `serve --workers N`: the primary holds the lock (and has reported the
   * log's recovery and recorded the source), the log is shared by the workers, and only the
   * elected worker compacts.
   */
  cluster?: ClusterMember | null;
}

export interface OpenedDataDir {
  dataDir: string;
  lock: DataDirLock;
  changeLog: SqliteChangeLog;
  keys: KeyStore;
  curation: CuratedGraph;
  base: BaseGraph;
  source: RecordedSource;
  /** Changes replayed onto the base at start, and how long it took (ms). */
  replayed: { count: number; ms: number };
  /** The compaction running now, if any. */
  compacting(): Promise<unknown> | null;
  /** Stops compacting, closes the graph (its log) and the key store, releases the lock. */
  close(): Promise<void>;
}

export async function openDataDir(options: DataDirOptions): Promise<OpenedDataDir> {
  const say = options.say ?? ((line: string) => console.log(line));
  const warn = options.warn ?? ((line: string) => console.error(line));
  const dataDir = resolve(options.dataDir);
  const cluster = options.cluster ?? null;
  const lock: DataDirLock = cluster
    ? { path: dataDir, tookOver: null, release: () => {} }
    : acquireDataDirLock(dataDir, options.command ?? 'serve');
  if (lock.tookOver)
    warn(`papergraph: took over the lock of pid ${lock.tookOver.pid} (${lock.tookOver.command}), which is no longer running`);
  let changeLog: SqliteChangeLog | undefined;
  let keys: KeyStore | undefined;
  try {
    changeLog = openSqliteChangeLog({ dataDir });
    // In a worker the -wal file is the siblings' open log, not a crash: the primary reported recovery.
    if (changeLog.opened.message && !cluster) warn(`papergraph: ${changeLog.opened.message}`);
    keys = new KeyStore({ dataDir });
    const lastSeq = await changeLog.lastSeq();
    const source = resolveDataDirSource(dataDir, options.source, lastSeq > 0);
    const checkpoint = await changeLog.lastCheckpoint();
    const base = loadBase(dataDir, checkpoint, source, options.progress);
    if (base.warning) warn(`papergraph: ${base.warning}`);
    const compactor = dataDirCompactor(dataDir, source);
    const replayStarted = performance.now();
    const curation = await (options.openCurated ?? openStoreCuratedGraph)({
      log: changeLog,
      graph: base.graph,
      influence: base.influence,
      // A checkpoint's snapshot holds the PageRank computed when it was written.
      influenceComputed: base.seq > 0 && checkpoint ? { at: checkpoint.at, seq: checkpoint.seq } : null,
      seq: base.seq,
      compactor,
    });
    const replayed = { count: lastSeq - base.seq, ms: performance.now() - replayStarted };
    say(
      `papergraph: data directory ${dataDir}: base ${base.seq > 0 ? `snapshot of change ${base.seq}` : describeSource(source)}, ` +
        `replayed ${replayed.count.toLocaleString('en-US')} change(s) in ${(replayed.ms / 1000).toFixed(2)} s (last change ${lastSeq})`,
    );

    // Automatic compaction: once `compactEvery` changes follow the last checkpoint, one at a time.
    let checkpointSeq = base.seq;
    let running: Promise<unknown> | null = null;
    let closed = false;
    const unsubscribe =
      options.compactEvery > 0
        ? curation.onChange(({ change }) => {
            if (running || closed || change.seq - checkpointSeq < options.compactEvery) return;
            if (cluster && !cluster.mayCompact()) return;
            running = curation
              .compact()
              .then(
                (report) => {
                  checkpointSeq = report.seq;
                  say(
                    `papergraph: compacted the log up to change ${report.seq} into ${report.snapshot} in ${(report.ms / 1000).toFixed(2)} s`,
                  );
                },
                (error: Error) =>
                  warn(`papergraph: compaction failed (the log keeps every change; it will be tried again): ${error.message}`),
              )
              .finally(() => (running = null));
          })
        : () => {};
    const opened: OpenedDataDir = {
      dataDir,
      lock,
      changeLog,
      keys,
      curation,
      base,
      source,
      replayed,
      compacting: () => running,
      async close() {
        if (closed) return;
        closed = true;
        unsubscribe();
        await running?.catch(() => undefined);
        await curation.close();
        keys!.close();
        lock.release();
      },
    };
    return opened;
  } catch (e) {
    keys?.close();
    await changeLog?.close();
    lock.release();
    throw e;
  }
}

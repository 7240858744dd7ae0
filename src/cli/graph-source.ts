// Where a command's graph comes from: a snapshot (--snapshot), a curated data directory (--data),
// or the curated corpus shipped in data/. Loads it with a clear error when it is not there.

import { existsSync, statSync } from 'node:fs';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { readSnapshotHeader, readSnapshotTables, type SnapshotHeader } from '../ingest/snapshot.js';
import { graphOfSnapshot } from '../ingest/snapshot-graph.js';
import { CURATED_DATA_DIR } from '../server/load-default-store.js';
import { UsageError } from './errors.js';
import { megabytes, startProgress } from './progress.js';

/** Snapshots from this size on show progress while loading: below it a load is too quick to watch. */
const LOAD_PROGRESS_BYTES = 20e6;

export interface GraphSourceOptions {
  snapshot?: string;
  data?: string;
}

export interface LoadedGraph {
  graph: KnowledgeGraph;
  /** "snapshot graph.pgs" or "curated data in data/". */
  description: string;
  /** Time to read the corpus (snapshot sections and checksums, or JSON validation), excluding graph build. */
  readMs: number;
  /** Time to build the graph (node tables and CSR). */
  buildMs: number;
  snapshot?: { header: SnapshotHeader; bytes: number };
  /** The PageRank the snapshot stored, if it did. */
  influence?: Float64Array | null;
}

export function loadGraph(options: GraphSourceOptions): LoadedGraph {
  if (options.snapshot !== undefined && options.data !== undefined) throw new UsageError('give --snapshot or --data, not both');
  const started = performance.now();
  if (options.snapshot !== undefined) {
    const header = readSnapshotHeader(options.snapshot);
    const progress = header.totalBytes >= LOAD_PROGRESS_BYTES ? startProgress('load', { unit: 'MB', scale: megabytes }) : null;
    const { tables, influence } = readSnapshotTables(options.snapshot, { onProgress: (done, total) => progress?.update(done, total) });
    progress?.finish();
    const read = performance.now();
    const graph = graphOfSnapshot(options.snapshot, tables);
    return {
      graph, influence, description: `snapshot ${options.snapshot}`, readMs: read - started, buildMs: performance.now() - read,
      snapshot: { header, bytes: statSync(options.snapshot).size },
    };
  }
  const dir = options.data ?? CURATED_DATA_DIR;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`data directory ${dir} does not exist`);
  const corpus = loadCuratedCorpus(dir);
  const read = performance.now();
  const graph = new KnowledgeGraph(corpus);
  return { graph, description: `curated data in ${options.data ?? 'data/'}`, readMs: read - started, buildMs: performance.now() - read };
}

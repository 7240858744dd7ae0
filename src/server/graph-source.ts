// Where a command's graph comes from: a snapshot (--snapshot), a curated data directory (--data),
// or the curated corpus shipped in data/. Loads it with a clear error when it is not there.

import { existsSync, statSync } from 'node:fs';
import { KnowledgeGraph } from '../graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../ingest/curated.js';
import { readSnapshotHeader, readSnapshotTables, type SnapshotHeader } from '../ingest/snapshot.js';
import { graphOfSnapshot } from '../ingest/snapshot-graph.js';
import { UsageError } from './errors.js';
import { CURATED_DATA_DIR } from './load-default-store.js';

/** Snapshots from this size on show progress while loading: below it a load is too quick to watch. */
const LOAD_PROGRESS_BYTES = 20e6;

export interface GraphSourceOptions {
  snapshot?: string;
  data?: string;
}

/** Progress of a long load, as the CLI's reporter (cli/progress.ts) shows it. */
export interface LoadProgress {
  update(done: number, total?: number): void;
  finish(): void;
}

/** Starts a progress report; the default writes a plain line to stderr at most once a second. */
export type StartProgress = (label: string, options: { unit: string; scale?: (raw: number) => number }) => LoadProgress;

const megabytes = (bytes: number) => bytes / 1e6;

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

export function loadGraph(options: GraphSourceOptions, startProgress: StartProgress = lineProgress): LoadedGraph {
  if (options.snapshot !== undefined && options.data !== undefined) throw new UsageError('give --snapshot or --data, not both');
  const started = performance.now();
  if (options.snapshot !== undefined) {
    const header = readSnapshotHeader(options.snapshot);
    const progress = header.totalBytes >= LOAD_PROGRESS_BYTES ? startProgress('load', { unit: 'MB', scale: megabytes }) : null;
    const { tables, influence, redirects } = readSnapshotTables(options.snapshot, {
      onProgress: (done, total) => progress?.update(done, total),
    });
    progress?.finish();
    const read = performance.now();
    const graph = graphOfSnapshot(options.snapshot, tables, redirects);
    return {
      graph,
      influence,
      description: `snapshot ${options.snapshot}`,
      readMs: read - started,
      buildMs: performance.now() - read,
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

/** "load: 120 of 400 MB" on stderr, at most once a second, and the total at the end. */
function lineProgress(
  label: string,
  { unit, scale = (raw: number) => raw }: { unit: string; scale?: (raw: number) => number },
): LoadProgress {
  let last = performance.now();
  let shown = 0;
  return {
    update(done, total) {
      shown = scale(done);
      if (performance.now() - last < 1000) return;
      last = performance.now();
      process.stderr.write(`${label}: ${shown.toFixed(0)}${total === undefined ? '' : ` of ${scale(total).toFixed(0)}`} ${unit}\n`);
    },
    finish() {
      process.stderr.write(`${label}: ${shown.toFixed(0)} ${unit} done\n`);
    },
  };
}

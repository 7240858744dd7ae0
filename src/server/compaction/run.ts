// Compaction in a worker thread, so that the server's event loop (and every read) never waits for
// it: compactInWorker starts a worker, hands it the job and resolves with its result. Under tsx
// (development, tests) the worker is the TypeScript entry with tsx's hooks registered in it; in
// the bundle (npm run build) it is dist/server/compaction-worker.mjs.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChangeLogCorruptError, ChangeLogUnavailableError } from '../../store/change-log/change-log.js';
import { SnapshotError } from '../../ingest/snapshot.js';
import { UsageError } from '../errors.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import type { CompactOptions, CompactResult } from './compact.js';

export type { CompactOptions, CompactResult } from './compact.js';

/** The worker's entry: the bundle's sibling module when built, else the TypeScript source. */
function workerUrl(): { url: URL; typescript: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('../compaction-worker.ts', here), typescript: true };
  // Bundled into dist/server/main.mjs or dist/cli/main.mjs: the worker is dist/server/compaction-worker.mjs.
  return { url: new URL('../server/compaction-worker.mjs', here), typescript: false };
}

function startWorker(): Worker {
  const { url, typescript } = workerUrl();
  if (!typescript) {
    if (!existsSync(fileURLToPath(url))) throw new Error(`the compaction worker ${fileURLToPath(url)} is missing: run npm run build`);
    return new Worker(url);
  }
  // A worker thread does not inherit tsx's module hooks: register them in it, then load the entry.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

const ERRORS: Record<string, new (message: string) => Error> = {
  SnapshotError,
  UsageError,
  ChangeLogUnavailableError,
  ChangeLogCorruptError,
};

/**
 * Compacts in a worker thread: loads the base (the newest checkpoint's snapshot, else
 * `baseSource`), replays the log up to `uptoSeq`, computes PageRank, writes
 * `snapshots/graph-<seq>.pgs` atomically in the data directory, records the checkpoint, and
 * resolves with the snapshot's path, the influence (transferred), the seq and the time taken.
 */
export function compactInWorker(options: CompactOptions): Promise<CompactResult> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorker();
    } catch (e) {
      return reject(e);
    }
    let settled = false;
    const settle = (run: () => void) => {
      if (settled) return;
      settled = true;
      run();
      void worker.terminate();
    };
    worker.once(
      'message',
      (message: { ok: true; result: CompactResult } | { ok: false; error: { name: string; message: string; code?: string } }) => {
        if (message.ok) return settle(() => resolve(message.result));
        const { name, message: text, code } = message.error;
        const ErrorType = ERRORS[name] ?? Error;
        const error = Object.assign(new ErrorType(`compaction failed: ${text}`), code ? { code } : {});
        settle(() => reject(error));
      },
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the compaction worker exited (code ${code}) before it answered`))));
    worker.postMessage(options);
  });
}

/**
 * What CuratedGraph takes as its `compactor` (store/curation/curated-graph.ts): a snapshot of the
 * graph at `seq` and its PageRank in the order of `graph`'s papers. The graph stays on the main
 * thread; the worker rebuilds it from the data directory (last snapshot + log up to `seq`).
 */
export type SnapshotCompactor = (graph: KnowledgeGraph, seq: number) => Promise<{ snapshot: string; influence: Float64Array }>;

/**
 * The compactor of a data directory whose log applies to `baseSource`: one compaction at a time
 * (a second call waits for the first). The CuratedGraph records the checkpoint itself. `where`:
 * the log in PostgreSQL and the snapshots in a shared directory (replicas).
 */
export function dataDirCompactor(
  dataDir: string,
  baseSource: CompactOptions['baseSource'],
  where: Pick<CompactOptions, 'database' | 'snapshotDir'> = {},
): SnapshotCompactor {
  let running: Promise<unknown> = Promise.resolve();
  return (graph, seq) => {
    const run = () => compactInWorker({ dataDir, baseSource, uptoSeq: seq, recordCheckpoint: false, ...where });
    const next = running.then(run, run);
    running = next.catch(() => undefined);
    return next.then((result) => {
      if (result.seq !== seq) throw new Error(`compaction reached change ${result.seq}, not ${seq}`);
      return { snapshot: result.snapshotName, influence: inOrderOf(graph, result) };
    });
  };
}

/** The influence in `graph`'s paper order (the worker's rebuild has the same order, unless batching changed it: then by id). */
function inOrderOf(graph: KnowledgeGraph, result: CompactResult): Float64Array {
  const ids = result.paperIds.split('\n');
  let same = ids.length === graph.papers.size;
  for (let i = 0; same && i < ids.length; i++) same = ids[i] === graph.papers.idAt(i);
  if (same) return result.influence;
  const byId = new Map(ids.map((id, i) => [id, result.influence[i]]));
  return Float64Array.from({ length: graph.papers.size }, (_, i) => byId.get(graph.papers.idAt(i)) ?? 0);
}

// `papergraph serve --workers N` (PAPERGRAPH_WORKERS; default: the number of cores in the
// production profile, 1 otherwise): N serving processes on one port (node:cluster), each a full
// replica of the graph over one data directory.
//
// The primary serves nothing itself. It holds the data directory's lock (so the workers do not
// fight over it), reports the change log's recovery and records the graph's source once, then
// forks the workers; it replaces a worker that dies (after a back-off that grows while workers
// keep dying young), relays "I appended up to seq S" from a worker to its siblings, elects the
// one worker that compacts, and on SIGTERM/SIGINT has every worker drain (graceful-shutdown.ts)
// before it releases the lock and exits.
//
// Writes: every worker appends to the one SQLite change log (WAL; an append only lands if the log
// is still at the seq the write was validated against, `afterSeq` in change-log.ts; otherwise the
// worker catches up and validates again). A worker answers a write once its own graph
// holds it; the wake it sends through the primary makes the siblings catch up from the log by
// seq (each change applied once), and a poll every second catches up whatever a lost wake missed.

import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../store/change-log/data-dir.js';
import { openSqliteChangeLog } from '../store/change-log/sqlite-change-log.js';
import type { CuratedGraph } from '../store/curation/curation.js';
import { configFromEnv, type ServerConfig } from './config.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { resolveDataDirSource } from './data-dir-source.js';
import type { ClusterMember } from './data-dir.js';
import { reportError, USAGE_EXIT_CODE } from './errors.js';
import type { StartProgress } from './graph-source.js';
import type { ServeOptions } from './serve-options.js';

/** Messages between the primary and its workers (over the cluster's IPC channel). */
export type ClusterMessage =
  /** worker → primary: this worker's graph holds every change up to `seq` it appended. */
  | { papergraph: 'appended'; seq: number }
  /** primary → worker: a sibling appended up to `seq`: catch up. */
  | { papergraph: 'wake'; seq: number }
  /** primary → worker: whether this worker is the one that compacts. */
  | { papergraph: 'role'; compactor: boolean }
  /** worker → primary: serving (its pid), with what it loaded. */
  | { papergraph: 'ready'; pid: number; summary: string };

const isMessage = (m: unknown): m is ClusterMessage => typeof m === 'object' && m !== null && 'papergraph' in m;

/** How often a worker catches up with the log even without a wake (a wake lost with a dying sibling). */
export const CATCH_UP_POLL_MS = 1000;
/** A worker that lived less than this died young: the next replacement waits longer. */
const YOUNG_MS = 10_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/** The number of serving processes: the flag, else PAPERGRAPH_WORKERS, else the profile's default (config.ts). */
export function workerCount(options: Pick<ServeOptions, 'workers'>, config: Pick<ServerConfig, 'workers'>): number {
  return options.workers ?? config.workers;
}

/**
 * What `papergraph serve` and `npm start` run: one process (workers = 1), the primary of N
 * workers, or, in a forked worker, that worker. Resolves once serving (the primary: once every
 * worker listens).
 */
export async function startServing(options: ServeOptions, { progress }: { progress?: StartProgress } = {}): Promise<void> {
  if (cluster.isWorker) return runWorker(options);
  const config = configFromEnv();
  const workers = workerCount(options, config);
  const { serve } = await import('./serve.js');
  if (workers <= 1) {
    await serve(options, { progress });
    return;
  }
  await runPrimary(options, workers, config);
}

// ---- the primary ----

interface Member {
  worker: Worker;
  index: number;
  startedAt: number;
  ready: boolean;
}

async function runPrimary(options: ServeOptions, count: number, config: ServerConfig): Promise<void> {
  const { listeningLine } = await import('./serve.js');
  const { explorerLine } = await import('./explorer-static.js');
  // With PAPERGRAPH_DATABASE_URL the workers are replicas over PostgreSQL (its migrations run
  // under an advisory lock, its NOTIFY wakes them): no data directory to lock or prepare.
  const lock = config.database ? null : acquireDataDirLock(dataDirOf(options), `serve --workers ${count}`);
  if (lock?.tookOver)
    console.error(`papergraph: took over the lock of pid ${lock.tookOver.pid} (${lock.tookOver.command}), which is no longer running`);
  try {
    if (lock) await prepareDataDir(dataDirOf(options), options);
  } catch (e) {
    lock?.release();
    throw e;
  }

  const members = new Map<number, Member>(); // by cluster worker id
  let stopping: Promise<void> | null = null;
  let youngDeaths = 0;
  let compactor: Member | null = null;
  let firstReady: (() => void) | null = null;
  let failedStart: ((error: Error) => void) | null = null;
  let url: string | null = null;

  const elect = () => {
    if (stopping) return;
    const alive = [...members.values()].filter((m) => m.ready && m.worker.isConnected());
    const next = alive.sort((a, b) => a.startedAt - b.startedAt)[0] ?? null;
    if (next === compactor) return;
    compactor = next;
    for (const m of alive) send(m.worker, { papergraph: 'role', compactor: m === next });
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ PAPERGRAPH_WORKER_INDEX: String(index) });
    const member: Member = { worker, index, startedAt: performance.now(), ready: false };
    members.set(worker.id, member);
    worker.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.papergraph === 'appended') {
        for (const other of members.values())
          if (other.worker !== worker && other.ready && other.worker.isConnected())
            send(other.worker, { papergraph: 'wake', seq: message.seq });
      } else if (message.papergraph === 'ready') {
        member.ready = true;
        console.log(`papergraph: worker ${index} (pid ${message.pid}) serving: ${message.summary}`);
        elect();
        if ([...members.values()].filter((m) => m.ready).length >= count) firstReady?.();
      }
    });
    worker.on('listening', (address) => {
      url ??= `http://${options.host ?? process.env.HOST ?? '127.0.0.1'}:${address.port}/graphql`;
    });
    worker.on('exit', (code, signal) => {
      members.delete(worker.id);
      if (compactor === member) compactor = null;
      if (stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (!member.ready && code === USAGE_EXIT_CODE) {
        // A start-up error the user must fix (a bad flag, a port in use): every replacement would fail alike.
        failedStart?.(new Error(`worker ${index} could not start (its error is above)`));
        void stop(`worker ${index} could not start`, USAGE_EXIT_CODE);
        return;
      }
      const young = performance.now() - member.startedAt < YOUNG_MS;
      youngDeaths = young ? youngDeaths + 1 : 0;
      const delay = youngDeaths === 0 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (youngDeaths - 1));
      console.error(
        `papergraph: worker ${index} (pid ${worker.process.pid}) ${how}; starting a replacement${delay ? ` in ${(delay / 1000).toFixed(2)} s (${youngDeaths} died young in a row)` : ''}`,
      );
      elect();
      setTimeout(() => {
        if (!stopping) fork(index);
      }, delay);
    });
  };

  const stop = (reason: string, exitCode = 0): Promise<void> =>
    (stopping ??= (async () => {
      const alive = [...members.values()];
      console.error(`papergraph: ${reason}: draining ${alive.length} worker(s)`);
      const exited = alive.map((m) => new Promise<void>((done) => (m.worker.isDead() ? done() : m.worker.once('exit', () => done()))));
      for (const m of alive) if (!m.worker.isDead()) m.worker.process.kill('SIGTERM');
      // Each worker has the grace period to answer what it holds; past it (and a margin), it is killed.
      const force = setTimeout(() => {
        for (const m of alive) if (!m.worker.isDead()) m.worker.process.kill('SIGKILL');
      }, config.shutdownGraceMs + 5000);
      await Promise.all(exited);
      clearTimeout(force);
      lock?.release();
      process.exit(exitCode);
    })());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal));

  const started = new Promise<void>((resolveStart, rejectStart) => {
    firstReady = resolveStart;
    failedStart = rejectStart;
  });
  for (let i = 1; i <= count; i++) fork(i);
  await started;
  firstReady = failedStart = null;
  const where = lock ? "the data directory's lock is the primary's" : 'replicas over PostgreSQL';
  console.log(`papergraph: ${count} workers on one port (primary pid ${process.pid}; ${where})`);
  const address = url as string | null; // set by the 'listening' handler
  console.log(listeningLine(address ?? '(unknown address)', config));
  if (address) console.log(explorerLine(address.replace(/graphql$/, '')));
}

const dataDirOf = (options: ServeOptions) => resolve(options.dataDir ?? (process.env.PAPERGRAPH_DATA_DIR || DEFAULT_DATA_DIR));

/**
 * Done once by the primary before forking, so that N workers do not race at it: creates the
 * change log (its schema and page size), reports what SQLite's recovery did after a crash, and
 * records the graph's source (source.json).
 */
async function prepareDataDir(dataDir: string, options: ServeOptions): Promise<void> {
  const log = openSqliteChangeLog({ dataDir });
  try {
    if (log.opened.message) console.error(`papergraph: ${log.opened.message}`);
    const source = { snapshot: options.snapshot, data: options.data ?? (process.env.PAPERGRAPH_DATA || undefined) };
    resolveDataDirSource(dataDir, source, (await log.lastSeq()) > 0);
  } finally {
    await log.close();
  }
}

function send(worker: Worker, message: ClusterMessage): void {
  try {
    worker.send(message);
  } catch {
    // The worker is exiting: its 'exit' handler deals with it.
  }
}

// ---- a worker ----

async function runWorker(options: ServeOptions): Promise<void> {
  const index = process.env.PAPERGRAPH_WORKER_INDEX ?? String(cluster.worker?.id ?? '?');
  let compactor = false;
  const member: ClusterMember = { mayCompact: () => compactor };
  process.on('message', (message: unknown) => {
    if (isMessage(message) && message.papergraph === 'role') compactor = message.compactor;
  });
  try {
    const { serve } = await import('./serve.js');
    await serve(options, {
      worker: {
        index,
        member,
        attach: (curation, shutdown, summary) => followSiblings(curation, shutdown, summary),
      },
    });
  } catch (error) {
    reportError(error);
    process.exit(process.exitCode ?? 1);
  }
}

/**
 * In a worker: calls `wake(seq)` each time the primary relays a sibling's "appended up to seq".
 * The shape of a follower's wake source (subscribe → unsubscribe), so that a generic log
 * follower can take it in place of followSiblings' own catch-up loop.
 */
export function clusterWakeSource(): { subscribe(wake: (lastSeq: number | null) => void): () => void } {
  return {
    subscribe(wake) {
      const listener = (message: unknown) => {
        if (isMessage(message) && message.papergraph === 'wake') wake(message.seq);
      };
      process.on('message', listener);
      return () => void process.off('message', listener);
    },
  };
}

/** Wires a worker's graph to its siblings: tells the primary what it appended, catches up when woken or every second. */
function followSiblings(curation: CuratedGraph, shutdown: (reason: string) => Promise<void>, summary: string): void {
  let appended = 0;
  let scheduled = false;
  curation.onChange(({ change, origin }) => {
    if (origin === 'follow') return;
    appended = Math.max(appended, change.seq);
    if (scheduled) return;
    // One wake per turn of the event loop, for the last seq of the batch.
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      process.send?.({ papergraph: 'appended', seq: appended } satisfies ClusterMessage);
    });
  });
  const catchUp = () =>
    void curation.catchUp().catch((error: Error) => console.error(`papergraph: catching up with the log failed: ${error.message}`));
  clusterWakeSource().subscribe((seq) => {
    if (seq === null || seq > curation.current().seq) catchUp();
  });
  const poll = setInterval(catchUp, CATCH_UP_POLL_MS);
  poll.unref();
  // The primary is gone (killed): nobody relays wakes or replaces workers; drain and stop.
  process.once('disconnect', () => {
    clearInterval(poll);
    void shutdown('the primary process is gone').then(() => process.exit(0));
  });
  process.send?.({ papergraph: 'ready', pid: process.pid, summary } satisfies ClusterMessage);
}

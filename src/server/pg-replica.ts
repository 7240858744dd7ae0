// Start-up of a replica over PostgreSQL (PAPERGRAPH_DATABASE_URL): the migrations applied, the
// API keys loaded (and kept current), the base graph (the newest checkpoint's snapshot in the
// shared snapshot directory, else the source the log applies to, recorded in the database), the
// log replayed after it, and then followed (LISTEN/NOTIFY, catch-up by seq). Compaction: the
// replica that takes an advisory lock compacts; the others skip that round and load the new
// snapshot when they restart. No data directory and no lock file: any number of replicas, on
// any machines that reach the database and share the snapshot directory.

import { resolve } from 'node:path';
import { PgChangeLog } from '../store/change-log/pg-change-log.js';
import { COMPACTION_LOCK, openPgDatabase, type PgDatabase } from '../store/change-log/pg-database.js';
import { PgKeyStore } from '../store/change-log/pg-key-store.js';
import { PgListener } from '../store/change-log/pg-listener.js';
import { LogFollower } from '../store/curation/follower.js';
import type { CuratedGraph } from '../store/curation/curation.js';
import { type BaseGraph, loadBase } from './compaction/compact.js';
import { dataDirCompactor } from './compaction/run.js';
import type { DatabaseConfig } from './config.js';
import { describeSource, type RecordedSource } from './data-dir-source.js';
import { openStoreCuratedGraph, type OpenCurated } from './data-dir.js';
import { UsageError } from './errors.js';
import type { GraphSourceOptions, StartProgress } from './graph-source.js';

export interface ReplicaOptions {
  database: DatabaseConfig;
  /** The source given on the command line (recorded in the database by the first replica). */
  source: GraphSourceOptions;
  /** Changes since the last checkpoint that start a compaction (by the replica elected); 0: none. */
  compactEvery: number;
  /** Catch up at least this often, notified or not (default 1,000 ms). */
  pollMs?: number;
  openCurated?: OpenCurated;
  say?: (line: string) => void;
  warn?: (line: string) => void;
  progress?: StartProgress;
}

export interface OpenedReplica {
  db: PgDatabase;
  log: PgChangeLog;
  keys: PgKeyStore;
  curation: CuratedGraph;
  follower: LogFollower;
  base: BaseGraph;
  source: RecordedSource;
  snapshotDir: string;
  replayed: { count: number; ms: number };
  compacting(): Promise<unknown> | null;
  close(): Promise<void>;
}

const SOURCE_KEY = 'source';

export async function openPgReplica(options: ReplicaOptions): Promise<OpenedReplica> {
  const say = options.say ?? ((line: string) => console.log(line));
  const warn = options.warn ?? ((line: string) => console.error(line));
  const { url, schema } = options.database;
  const snapshotDir = resolve(options.database.snapshotDir);
  const db = await openPgDatabase({ url, schema });
  let listener: PgListener | undefined;
  let keys: PgKeyStore | undefined;
  let curation: CuratedGraph | undefined;
  try {
    listener = new PgListener(db, {
      onState: (connected, error) =>
        connected
          ? say(`papergraph: listening to ${db.where} for changes`)
          : warn(`papergraph: the LISTEN connection to ${db.where} is down (${error?.message}): catching up by polling until it is back`),
    });
    keys = new PgKeyStore(db);
    await keys.startMirror(listener);
    const log = new PgChangeLog({ db, ownsDatabase: false });
    const lastSeq = await log.lastSeq();
    const source = await resolveSource(db, options.source, lastSeq > 0);
    const checkpoint = await log.lastCheckpoint();
    const base = loadBase(snapshotDir, checkpoint, source, options.progress);
    if (base.warning) warn(`papergraph: ${base.warning}`);
    const compactor = dataDirCompactor(snapshotDir, source, { database: { url, schema }, snapshotDir });
    const replayStarted = performance.now();
    curation = await (options.openCurated ?? openStoreCuratedGraph)({
      log,
      graph: base.graph,
      influence: base.influence,
      influenceComputed: base.seq > 0 && checkpoint ? { at: checkpoint.at, seq: checkpoint.seq } : null,
      seq: base.seq,
      compactor,
    });
    const replayed = { count: curation.current().seq - base.seq, ms: performance.now() - replayStarted };
    const followed = curation as CuratedGraph & Parameters<typeof followerOf>[0];
    const follower = followerOf(followed, listener, db, options.pollMs, warn, say);
    await follower.start();
    say(
      `papergraph: replica of ${db.where} (schema ${schema}): base ${base.seq > 0 ? `snapshot of change ${base.seq}` : describeSource(source)}, ` +
        `replayed ${replayed.count.toLocaleString('en-US')} change(s) in ${(replayed.ms / 1000).toFixed(2)} s; following from change ${curation.current().seq}`,
    );

    // Compaction: due every `compactEvery` changes; the replica holding the advisory lock does it.
    let checkpointSeq = base.seq;
    let running: Promise<unknown> | null = null;
    let closed = false;
    const opened = curation;
    const unsubscribe =
      options.compactEvery > 0
        ? curation.onChange(({ change }) => {
            if (running || closed || change.seq - checkpointSeq < options.compactEvery) return;
            running = compactIfElected(db, log, opened, options.compactEvery)
              .then(
                (outcome) => {
                  checkpointSeq = outcome.checkpointSeq ?? change.seq;
                  if (outcome.report)
                    say(
                      `papergraph: compacted the log up to change ${outcome.report.seq} into ${outcome.report.snapshot} in ${(outcome.report.ms / 1000).toFixed(2)} s (elected by the advisory lock)`,
                    );
                },
                (error: Error) =>
                  warn(`papergraph: compaction failed (the log keeps every change; it will be tried again): ${error.message}`),
              )
              .finally(() => (running = null));
          })
        : () => {};
    const keyStore = keys;
    const listening = listener;
    return {
      db,
      log,
      keys: keyStore,
      curation,
      follower,
      base,
      source,
      snapshotDir,
      replayed,
      compacting: () => running,
      async close() {
        if (closed) return;
        closed = true;
        unsubscribe();
        await follower.stop();
        await running?.catch(() => undefined);
        await opened.close();
        await keyStore.close();
        await listening.close();
        await db.close();
      },
    };
  } catch (e) {
    await curation?.close().catch(() => undefined);
    await keys?.close();
    await listener?.close();
    await db.close();
    throw e;
  }
}

function followerOf(
  curation: { current(): { seq: number }; catchUp(): Promise<{ applied: number; seq: number; atHead: boolean }> },
  listener: PgListener,
  db: PgDatabase,
  pollMs: number | undefined,
  warn: (line: string) => void,
  say: (line: string) => void,
): LogFollower {
  if (typeof curation.catchUp !== 'function') throw new Error('a replica needs a CuratedGraph that can catch up (CuratedGraphImpl)');
  return new LogFollower({
    graph: curation,
    wake: listener.wakeSource(db.changesChannel),
    pollMs,
    onError: (error) =>
      error
        ? warn(`papergraph: cannot read the change log (${error.message}): serving the graph as it is, retrying`)
        : say(`papergraph: reading the change log again; caught up to change ${curation.current().seq}`),
  });
}

/**
 * Compacts if this replica takes the compaction lock (a session advisory lock: released when
 * done, or when the replica dies) and the newest checkpoint is still `every` changes behind.
 */
async function compactIfElected(
  db: PgDatabase,
  log: PgChangeLog,
  curation: CuratedGraph,
  every: number,
): Promise<{ report: Awaited<ReturnType<CuratedGraph['compact']>> | null; checkpointSeq: number | null }> {
  const client = db.newClient();
  await client.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS got', [
      COMPACTION_LOCK,
      db.schema,
    ]);
    if (!rows[0].got) return { report: null, checkpointSeq: null };
    try {
      const checkpoint = await log.lastCheckpoint();
      if (checkpoint && curation.current().seq - checkpoint.seq < every) return { report: null, checkpointSeq: checkpoint.seq };
      const report = await curation.compact();
      return { report, checkpointSeq: report.seq };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [COMPACTION_LOCK, db.schema]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The source the log applies to, as the database records it (the first replica records the one it was given). */
async function resolveSource(db: PgDatabase, given: GraphSourceOptions, logHasChanges: boolean): Promise<RecordedSource> {
  if (given.snapshot !== undefined && given.data !== undefined) throw new UsageError('give --snapshot or --data, not both');
  const explicit = given.snapshot !== undefined || given.data !== undefined;
  const wanted: RecordedSource =
    given.snapshot !== undefined ? { snapshot: resolve(given.snapshot) } : given.data !== undefined ? { data: resolve(given.data) } : {};
  const text = await db.meta(SOURCE_KEY);
  const recorded = text ? (JSON.parse(text) as RecordedSource) : null;
  const same = (a: RecordedSource, b: RecordedSource) => a.snapshot === b.snapshot && a.data === b.data;
  if (recorded && logHasChanges) {
    if (explicit && !same(wanted, recorded))
      throw new UsageError(
        `the change log in ${db.where} (schema ${db.schema}) applies to ${describeSource(recorded)}, not ${describeSource(wanted)}: ` +
          'start without a source (the recorded one is used) or use another PAPERGRAPH_DATABASE_SCHEMA',
      );
    return recorded;
  }
  const chosen = explicit || !recorded ? wanted : recorded;
  if (!recorded || !same(recorded, chosen)) await db.setMeta(SOURCE_KEY, JSON.stringify(chosen));
  return chosen;
}

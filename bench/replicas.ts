// Replicas over PostgreSQL (issue 17, item 6a): three replica processes on one schema of the
// PostgreSQL at PAPERGRAPH_TEST_DATABASE_URL (default 127.0.0.1:5432/test), 2,000 addPaper
// writes spread across them by several clients, and for each acknowledged write the time from its
// acknowledgement to its visibility on EVERY replica (each replica's GET /state polled every
// 5 ms: a figure is at most one poll late). Ends by checking that every replica holds the same
// graph (the digest of GET /state?digest=1) and every acknowledged write is in the log.
//
//   npm run bench:replicas [-- --writes 2000 --clients 8 --replicas 3]

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PgDatabase } from '../src/store/change-log/pg-database.js';
import {
  addPaper,
  converge,
  digests,
  lostWrites,
  percentile,
  type ReplicaSet,
  startReplicaSet,
  stopReplicaSet,
  VisibilityWatcher,
  type WriteOutcome,
} from '../test/support/replicas.js';
import { freshSchema, TEST_DATABASE_URL } from '../test/support/services.js';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '8' },
    replicas: { type: 'string', default: '3' },
  },
});
const WRITES = Number(values.writes);
const CLIENTS = Number(values.clients);
const REPLICAS = Number(values.replicas);
const GOAL_MS = 200;

const schema = freshSchema('bench_replicas');
let set: ReplicaSet | undefined;
try {
  const startedAt = performance.now();
  set = await startReplicaSet(TEST_DATABASE_URL, schema, REPLICAS);
  const replicaSet = set;
  console.log(
    `${REPLICAS} replicas up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (schema ${schema} of ${TEST_DATABASE_URL})`,
  );
  const watcher = new VisibilityWatcher(() => replicaSet.replicas.map((r) => r?.port ?? null));
  watcher.start();
  const acks: WriteOutcome[] = [];
  const failures: WriteOutcome[] = [];
  let next = 0;
  const loadStarted = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (next < WRITES) {
        const n = next++;
        const replica = replicaSet.replicas[(n + c) % REPLICAS]!;
        const outcome = await addPaper(replica.port, replicaSet.key, `Bench write ${n}`);
        (outcome.seq ? acks : failures).push(outcome);
      }
    }),
  );
  const loadMs = performance.now() - loadStarted;
  const last = Math.max(...acks.map((a) => a.seq!));
  await converge(replicaSet, last, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  watcher.stop();
  const all = replicaSet.replicas.map((_, i) => i);
  const delays = watcher.delays(acks, all).filter((d): d is number => d !== null);
  const states = await digests(replicaSet);
  const lost = (await lostWrites(TEST_DATABASE_URL, schema, acks)).length;
  const latencies = acks.map((a) => a.ms);
  const p99 = percentile(delays, 99);
  console.log(
    [
      `writes: ${acks.length} acknowledged, ${failures.length} failed${failures.length ? ` (${failures[0].error}: ${failures[0].message})` : ''}, ` +
        `${CLIENTS} clients over ${REPLICAS} replicas in ${(loadMs / 1000).toFixed(1)} s (${((acks.length / loadMs) * 1000).toFixed(0)} writes/s)`,
      `write latency (request → acknowledgement): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
      `ack → visible on every replica: p50 ${percentile(delays, 50).toFixed(1)} ms, p90 ${percentile(delays, 90).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms (${delays.length} writes timed; goal p99 ≤ ${GOAL_MS} ms: ${p99 <= GOAL_MS ? 'met' : 'NOT met'})`,
      `replicas end at change ${states.map((s) => s.seq).join(', ')}; digests ${new Set(states.map((s) => s.digest)).size === 1 ? `all ${states[0].digest?.slice(0, 16)}` : `DIFFER: ${states.map((s) => s.digest?.slice(0, 12)).join(', ')}`}; ` +
        `${lost} acknowledged write(s) missing from the log`,
      `per replica: write batches ${states.map((s) => (s as { batches?: number }).batches).join(', ')}; ` +
        `validated again after another replica appended first ${states.map((s) => (s as { retried?: number }).retried).join(', ')}; ` +
        `changes followed from the others ${states.map((s) => (s as { followed?: number }).followed).join(', ')}`,
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ].join('\n'),
  );
  if (lost || new Set(states.map((s) => s.digest)).size !== 1) process.exitCode = 1;
} finally {
  stopReplicaSet(set);
  const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
  await db.dropSchema().catch(() => undefined);
  await db.close();
}

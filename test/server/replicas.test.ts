// Replicas over PostgreSQL, as real processes against the real server (issue 17, items 6a–b):
// three replicas, writes spread across them by several clients, one replica SIGKILLed midway
// and started again: it catches up, nothing acknowledged is lost, every replica ends with the
// same graph (the digest of GET /state?digest=1), and the time from a write's acknowledgement to
// its visibility on every replica is measured (bench/replicas.ts does the 2,000 writes).
// PostgreSQL stopped under load: replicas-outage.test.ts.

import { afterAll, expect, it } from 'vitest';
import { PgDatabase } from '../../src/store/change-log/pg-database.js';
import {
  addPaper,
  converge,
  digests,
  lostWrites,
  percentile,
  readyStatus,
  type ReplicaSet,
  restartReplica,
  startReplicaSet,
  stopReplicaSet,
  VisibilityWatcher,
  type WriteOutcome,
} from '../support/replicas.js';
import { describeWithPostgres, freshSchema, TEST_DATABASE_URL } from '../support/services.js';

const sets: ReplicaSet[] = [];
const schemas: { url: string; schema: string }[] = [];
afterAll(async () => {
  for (const set of sets) stopReplicaSet(set);
  for (const { url, schema } of schemas) {
    const db = new PgDatabase({ url, schema });
    await db.dropSchema().catch(() => undefined);
    await db.close();
  }
});

/** Every acknowledged write is in the log, with the paper it made, under a seq of its own. */
async function assertNothingLost(url: string, schema: string, acks: WriteOutcome[]) {
  expect(await lostWrites(url, schema, acks)).toEqual([]);
  expect(new Set(acks.map((a) => a.seq)).size).toBe(acks.length);
}

describeWithPostgres('replicas over PostgreSQL', () => {
  it('three replicas, writes spread across them, one SIGKILLed and restarted: same graph everywhere, nothing acknowledged lost', async () => {
    const schema = freshSchema('replicas');
    schemas.push({ url: TEST_DATABASE_URL, schema });
    const set = await startReplicaSet(TEST_DATABASE_URL, schema, 3);
    sets.push(set);
    expect(await Promise.all(set.replicas.map((r) => readyStatus(r!.port)))).toEqual([200, 200, 200]);
    const watcher = new VisibilityWatcher(() => set.replicas.map((r) => (r && r.child.exitCode === null ? r.port : null)));
    watcher.start();
    const WRITES = 300;
    const CLIENTS = 6;
    const acks: WriteOutcome[] = [];
    const failures: WriteOutcome[] = [];
    let next = 0;
    let killedAt = -1;
    const client = async (c: number) => {
      while (next < WRITES) {
        const n = next++;
        // Spread over the replicas; while replica 2 is down its share goes to the others.
        let target = (n + c) % 3;
        if (!set.replicas[target] || set.replicas[target]!.child.exitCode !== null || set.replicas[target]!.child.signalCode)
          target = (target + 1) % 3;
        if (n === WRITES / 3) {
          killedAt = n;
          set.replicas[2]!.kill();
          set.replicas[2] = null;
          // Started again at once; it comes back while the others take the writes.
          void restartReplica(set, 2);
        }
        const replica = set.replicas[target];
        if (!replica) continue;
        const outcome = await addPaper(replica.port, set.key, `Replicated write ${n}`);
        (outcome.seq ? acks : failures).push(outcome);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(killedAt).toBe(WRITES / 3);
    // Writes in flight to the killed replica may fail (connection reset): none was acknowledged, so none counts.
    expect(
      failures.every(
        (f) => f.error === 'ECONNRESET' || f.error === 'ECONNREFUSED' || f.error === 'UND_ERR_SOCKET' || f.error === 'TypeError',
      ),
    ).toBe(true);
    expect(acks.length).toBeGreaterThanOrEqual(WRITES - 10);
    const last = Math.max(...acks.map((a) => a.seq!));
    // The restarted replica is a new process: wait for it, then for everyone to hold the last write.
    await expect.poll(() => set.replicas[2] !== null && set.replicas[2].child.exitCode === null, { timeout: 30_000 }).toBe(true);
    // Converge on the log's head, which may be past the last acknowledged write (see below).
    const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
    const head = Number((await db.query<{ head: string }>(`SELECT max(seq) AS head FROM "${schema}".changes`)).rows[0].head);
    await db.close();
    await converge(set, head);
    watcher.stop();
    const states = await digests(set);
    // A write in flight to the killed replica may have committed before the kill took its answer
    // with it: unacknowledged, yet in the log and on every replica. So the graph holds every
    // acknowledged write and at most the failed ones besides.
    expect(new Set(states.map((s) => s.seq)).size).toBe(1);
    expect(states[0].seq).toBe(head);
    expect(head).toBeGreaterThanOrEqual(last);
    expect(head).toBeLessThanOrEqual(last + failures.length);
    expect(new Set(states.map((s) => s.digest)).size).toBe(1);
    expect(states[0].papers).toBeGreaterThanOrEqual(43 + acks.length);
    expect(states[0].papers).toBeLessThanOrEqual(43 + acks.length + failures.length);
    expect(await Promise.all(set.replicas.map((r) => readyStatus(r!.port)))).toEqual([200, 200, 200]);
    await assertNothingLost(TEST_DATABASE_URL, schema, acks);
    // Ack → visible on the two replicas that lived through it all (the poll every 5 ms bounds the error).
    const delays = watcher.delays(acks, [0, 1]).filter((d): d is number => d !== null);
    expect(delays.length).toBeGreaterThan(acks.length * 0.9);
    const p99 = percentile(delays, 99);
    console.log(
      `[replicas] ${acks.length} writes acknowledged over 3 replicas (one SIGKILLed at write ${killedAt} and restarted), ` +
        `${failures.length} refused while it was down; ack→visible on every replica: p50 ${percentile(delays, 50).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms; digest ${states[0].digest?.slice(0, 12)} on all`,
    );
    // Loose here (a shared, loaded machine); bench/replicas.ts measures the 200 ms goal.
    expect(p99).toBeLessThan(1_000);
  }, 90_000);
});

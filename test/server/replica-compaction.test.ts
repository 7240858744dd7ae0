// Compaction among replicas over PostgreSQL: two replicas (in this process) with compaction due
// every 6 changes; the one that takes the advisory lock compacts (in its worker thread), writes
// the snapshot to the shared snapshot directory and records the checkpoint in PostgreSQL, the
// other skips the round; a replica started afterwards loads that snapshot, replays only what
// follows it, and holds the same graph (digest).

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PgDatabase } from '../../src/store/change-log/pg-database.js';
import { graphDigest } from '../../src/store/curation/digest.js';
import type { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { type OpenedReplica, openPgReplica } from '../../src/server/pg-replica.js';
import { describeWithPostgres, freshSchema, TEST_DATABASE_URL } from '../support/services.js';

const schema = freshSchema('compact');
const snapshotDir = mkdtempSync(join(tmpdir(), 'papergraph-replica-snapshots-'));
const opened: OpenedReplica[] = [];
afterAll(async () => {
  for (const r of opened) await r.close();
  const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
  await db.dropSchema();
  await db.close();
  rmSync(snapshotDir, { recursive: true, force: true });
});

const quiet = { say: () => {}, warn: () => {} };
const open = async () => {
  const replica = await openPgReplica({ database: { url: TEST_DATABASE_URL, schema, snapshotDir }, source: {}, compactEvery: 6, ...quiet });
  opened.push(replica);
  return replica;
};
const digestOf = (r: OpenedReplica) => graphDigest((r.curation.current() as unknown as { graph: KnowledgeGraph }).graph).digest;

describeWithPostgres('replica compaction', () => {
  it('one replica compacts, elected by the advisory lock; a replica started later loads its snapshot', async () => {
    const [a, b] = [await open(), await open()];
    for (let i = 0; i < 6; i++)
      await (i % 2 ? a : b).curation.write({ op: 'paper.add', fields: { title: `Compacted paper ${i}` } }, { actor: 'alice' });
    await Promise.all([a.follower.waitFor(6), b.follower.waitFor(6)]);
    // Both saw change 6 arrive; one took the lock.
    await expect.poll(async () => (await a.log.lastCheckpoint())?.seq, { timeout: 30_000 }).toBe(6);
    await Promise.all([a.compacting(), b.compacting()]);
    const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
    const { rows } = await db.query<{ seq: number; snapshot: string }>(`SELECT seq, snapshot FROM "${schema}".checkpoints`);
    await db.close();
    expect(rows).toEqual([{ seq: 6, snapshot: 'graph-0000000006.pgs' }]);
    expect(readdirSync(snapshotDir)).toEqual(['graph-0000000006.pgs']);
    await a.curation.write({ op: 'paper.add', fields: { title: 'After the snapshot' } }, { actor: 'alice' });
    await b.follower.waitFor(7);
    const c = await open();
    expect(c.base.seq).toBe(6);
    expect(c.replayed.count).toBe(1);
    expect(existsSync(join(snapshotDir, 'graph-0000000006.pgs'))).toBe(true);
    expect(new Set([digestOf(a), digestOf(b), digestOf(c)]).size).toBe(1);
  });
});

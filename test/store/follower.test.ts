// Replicas following one change log (store/curation/follower.ts): two curated graphs over one
// log — the embedded SQLite file opened twice (as worker processes share it), and PostgreSQL
// with LISTEN/NOTIFY (as replicas share it) — each writing, each following the other. Every
// change is applied once and in order, a write validated against a stale graph is validated
// again after the changes it missed (so two replicas adding the same title get two ids, not one
// id twice), and both end with the same graph, by digest and by the oracle's rebuild.

import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import type { ChangeLog } from '../../src/store/change-log/change-log.js';
import { PgChangeLog } from '../../src/store/change-log/pg-change-log.js';
import { openPgDatabase, PgDatabase } from '../../src/store/change-log/pg-database.js';
import { PgListener } from '../../src/store/change-log/pg-listener.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { type CuratedGraphImpl, openCuratedGraph } from '../../src/store/curation/curated-graph.js';
import { ConflictError } from '../../src/store/curation/curation.js';
import { graphDigest } from '../../src/store/curation/digest.js';
import { LogFollower, type WakeSource } from '../../src/store/curation/follower.js';
import { describeWithPostgres, freshSchema, TEST_DATABASE_URL } from '../support/services.js';
import { baseCorpus, cleanUp, contentOf, graphOf, oracle, tempDir } from './curation-fixture.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await cleanUp();
});

/** A wake source the test fires by hand (as a cluster primary relays "appended up to N"). */
class ManualWake implements WakeSource {
  private readonly listeners = new Set<(seq: number | null) => void>();
  subscribe(wake: (seq: number | null) => void) {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  }
  fire(seq: number | null) {
    for (const wake of this.listeners) wake(seq);
  }
}

async function replica(log: ChangeLog, wake: WakeSource | null, pollMs = 60_000) {
  const curated = await openCuratedGraph({ base: new KnowledgeGraph(baseCorpus()), log });
  const follower = new LogFollower({ graph: curated, wake, pollMs });
  closers.push(async () => {
    await follower.stop();
    await curated.close();
  });
  await follower.start();
  return { curated, follower };
}

const alice = { actor: 'alice' };
const paperAdd = (title: string) => ({ op: 'paper.add' as const, fields: { title } });

async function exercise(a: CuratedGraphImpl, b: CuratedGraphImpl, settle: (seq: number) => Promise<void>) {
  // The same title on both at once: the second is validated again after the first, and gets its own id.
  const [x, y] = await Promise.all([a.write(paperAdd('Follow the log'), alice), b.write(paperAdd('Follow the log'), alice)]);
  const ids = [x, y].map((r) => (r.change.op === 'paper.add' ? r.change.after.id : null)).sort();
  expect(ids).toEqual(['follow-the-log', 'follow-the-log-2']);
  expect([x.change.seq, y.change.seq].sort()).toEqual([1, 2]);
  // Read-your-writes: the replica that took a write answers with a version holding it.
  expect(x.store.seq).toBe(x.change.seq);
  // The same citation from both: one is made, the other refused as a duplicate.
  const cite = { op: 'citation.add' as const, citingId: 'follow-the-log', citedId: 'zaheer2020big' };
  const results = await Promise.allSettled([a.write(cite, alice), b.write(cite, alice)]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  // Many writes spread over both.
  const writes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).write(paperAdd(`Spread ${i}`), alice)));
  const last = Math.max(...writes.map((w) => w.change.seq));
  expect(last).toBe(33);
  await settle(last);
  expect(a.current().seq).toBe(33);
  expect(b.current().seq).toBe(33);
  const digests = [graphDigest(graphOf(a.current())), graphDigest(graphOf(b.current()))];
  expect(digests[1]).toEqual(digests[0]);
  expect(digests[0].papers).toBe(baseCorpus().papers.length + 32);
  expect(contentOf(graphOf(a.current()))).toEqual(contentOf(await oracle(a.log)));
}

describe('LogFollower over the embedded SQLite log, shared by two graphs', () => {
  it('applies what the other appended, once and in order; both end with the same graph', async () => {
    const dir = tempDir();
    const wake = new ManualWake();
    const a = await replica(openSqliteChangeLog({ dataDir: dir }), wake);
    const b = await replica(openSqliteChangeLog({ dataDir: dir }), wake);
    const seen: number[] = [];
    b.curated.onChange(({ change }) => seen.push(change.seq));
    await exercise(a.curated, b.curated, async (seq) => {
      wake.fire(seq);
      await Promise.all([a.follower.waitFor(seq), b.follower.waitFor(seq)]);
    });
    // B heard of every change once, in order: its own writes and those it followed.
    expect(seen).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(a.curated.followed + b.curated.followed).toBeGreaterThan(0);
    expect(a.follower.ready && b.follower.ready).toBe(true);
  });

  it('a wake lost or repeated loses and repeats nothing: the poll catches up by seq', async () => {
    const dir = tempDir();
    const a = await replica(openSqliteChangeLog({ dataDir: dir }), null);
    const b = await replica(openSqliteChangeLog({ dataDir: dir }), null, 50);
    await a.curated.write(paperAdd('Heard by polling'), alice);
    await b.follower.waitFor(1);
    b.follower.wake(1);
    b.follower.wake(null);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(b.curated.current().seq).toBe(1);
    expect(b.curated.followed).toBe(1);
  });
});

describeWithPostgres('LogFollower over PostgreSQL (LISTEN/NOTIFY)', () => {
  it('two replicas writing and following end with the same graph', async () => {
    const schema = freshSchema('follow');
    const open = async () => {
      const db = await openPgDatabase({ url: TEST_DATABASE_URL, schema });
      const listener = new PgListener(db);
      closers.push(() => db.close());
      closers.push(() => listener.close());
      return replica(new PgChangeLog({ db, ownsDatabase: false }), listener.wakeSource(db.changesChannel));
    };
    closers.push(async () => {
      const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
      await db.dropSchema();
      await db.close();
    });
    const a = await open();
    const b = await open();
    // No poll (60 s): only the notifications wake them.
    await exercise(a.curated, b.curated, (seq) => Promise.all([a.follower.waitFor(seq), b.follower.waitFor(seq)]).then(() => {}));
  });
});

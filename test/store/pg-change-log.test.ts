// The PostgreSQL change log: the change log contract (change-log-contract.ts) run against a real
// PostgreSQL, each test in a schema of its own, and what is its own: several logs (replicas)
// appending to one database interleave in one gap-free order, NOTIFY at commit, migrations run
// once when replicas start together, and a write fails fast when PostgreSQL cannot be reached.

import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLogUnavailableError } from '../../src/store/change-log/change-log.js';
import { PgChangeLog } from '../../src/store/change-log/pg-change-log.js';
import { openPgDatabase, PgDatabase } from '../../src/store/change-log/pg-database.js';
import { PgListener } from '../../src/store/change-log/pg-listener.js';
import { MIGRATIONS } from '../../src/store/change-log/pg-migrations.js';
import { describeWithPostgres, freshSchema, TEST_DATABASE_URL } from '../support/services.js';
import { addCitingPaper, all, describeChangeLogContract } from './change-log-contract.js';

describeWithPostgres('PgChangeLog', () => {
  describeChangeLogContract('PgChangeLog', async () => {
    const schema = freshSchema('log');
    return {
      open: async () => new PgChangeLog({ db: await openPgDatabase({ url: TEST_DATABASE_URL, schema }) }),
      destroy: async () => {
        const db = new PgDatabase({ url: TEST_DATABASE_URL, schema });
        await db.dropSchema();
        await db.close();
      },
    };
  });

  const schemas: string[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    const db = new PgDatabase({ url: TEST_DATABASE_URL });
    for (const schema of schemas.splice(0)) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });
  const replicaLog = async (schema: string) => {
    const log = new PgChangeLog({ db: await openPgDatabase({ url: TEST_DATABASE_URL, schema }) });
    closers.push(() => log.close());
    return log;
  };
  const newSchema = () => {
    const schema = freshSchema('log');
    schemas.push(schema);
    return schema;
  };

  describe('shared by several replicas', () => {
    it('applies the migrations once when replicas start together, and records them', async () => {
      const schema = newSchema();
      const dbs = await Promise.all(Array.from({ length: 4 }, () => new PgDatabase({ url: TEST_DATABASE_URL, schema })));
      closers.push(() => Promise.all(dbs.map((db) => db.close())));
      const results = await Promise.all(dbs.map((db) => db.migrate()));
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, MIGRATIONS.length]);
      const { rows } = await dbs[0].query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await dbs[0].migrate()).applied).toEqual([]);
    });

    it('interleaves appends from three logs in one order with no gap: each seq once, each unit contiguous', async () => {
      const schema = newSchema();
      const logs = [await replicaLog(schema), await replicaLog(schema), await replicaLog(schema)];
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => logs[i % 3].append(addCitingPaper(i, `replica-${i % 3}`))));
      const seqs = results.flatMap((r) => r.map((c) => c.seq)).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      for (const unit of results) expect(unit[1].seq).toBe(unit[0].seq + 1);
      // Every log reads the same history.
      const read = await Promise.all(logs.map((log) => all(log)));
      expect(read[1]).toEqual(read[0]);
      expect(read[2]).toEqual(read[0]);
      expect(await logs[2].lastSeq()).toBe(120);
    });

    it('appends after a given seq only: a stale one is refused with the last seq, and nothing is written', async () => {
      const schema = newSchema();
      const [a, b] = [await replicaLog(schema), await replicaLog(schema)];
      await a.append(addCitingPaper(1), { afterSeq: 0 });
      const stale = b.append(addCitingPaper(2), { afterSeq: 0 });
      await expect(stale).rejects.toThrow(/holds changes after 0 \(its last is 2\)/);
      await expect(stale).rejects.toMatchObject({ name: 'ChangeLogMovedError', lastSeq: 2 });
      expect(await b.lastSeq()).toBe(2);
      expect((await b.append(addCitingPaper(2), { afterSeq: 2 })).map((c) => c.seq)).toEqual([3, 4]);
    });

    it('rebases a stale append holding the lock: hands over what was missed, appends what comes back, in one transaction', async () => {
      const schema = newSchema();
      const [a, b] = [await replicaLog(schema), await replicaLog(schema)];
      await a.append(addCitingPaper(1), { afterSeq: 0 });
      const seen: number[][] = [];
      const rebased = await b.append(addCitingPaper(2), {
        afterSeq: 0,
        rebase: async (missed) => {
          seen.push(missed.map((c) => c.seq));
          // While b holds the lock, a's append waits: it cannot slip in between.
          void a.append(addCitingPaper(9));
          await new Promise((resolve) => setTimeout(resolve, 50));
          return addCitingPaper(3);
        },
      });
      expect(seen).toEqual([[1, 2]]);
      expect(rebased.map((c) => [c.seq, c.op === 'paper.add' ? c.after.id : c.op])).toEqual([
        [3, 'curated-3'],
        [4, 'citation.add'],
      ]);
      await expect.poll(() => a.lastSeq()).toBe(6);
      // Nothing to append after the rebase: nothing appended.
      expect(await b.append(addCitingPaper(4), { afterSeq: 0, rebase: async () => [] })).toEqual([]);
      expect(await b.lastSeq()).toBe(6);
    });

    it('notifies the new last seq at commit, on the schema’s own channel', async () => {
      const schema = newSchema();
      const log = await replicaLog(schema);
      const listener = new PgListener(log.db);
      closers.push(() => listener.close());
      const heard: (string | null)[] = [];
      await listener.listen(log.db.changesChannel, (payload) => heard.push(payload));
      await log.append(addCitingPaper(1));
      await log.append(addCitingPaper(2));
      await expect.poll(() => heard.filter((p) => p !== null)).toEqual(['2', '4']);
    });
  });

  describe('when PostgreSQL cannot be reached', () => {
    it('fails to open within the connect timeout, saying it is unavailable', async () => {
      const started = performance.now();
      // A port nothing listens on (connection refused), and an address that drops packets would time out alike.
      await expect(openPgDatabase({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 1_000 })).rejects.toThrow(
        /PostgreSQL at 127\.0\.0\.1:1\/test is unavailable/,
      );
      expect(performance.now() - started).toBeLessThan(3_000);
    });

    it('rejects an append with ChangeLogUnavailableError within seconds, and reads fail alike', async () => {
      const schema = newSchema();
      const log = await replicaLog(schema);
      await log.append(addCitingPaper(1));
      // The same schema through an address where nothing answers (a stopped server refuses alike).
      const dead = new PgChangeLog({
        db: new PgDatabase({ url: 'postgres://postgres@127.0.0.1:1/test', schema, connectTimeoutMs: 1_000 }),
      });
      closers.push(() => dead.close());
      const started = performance.now();
      await expect(dead.append(addCitingPaper(2))).rejects.toThrow(ChangeLogUnavailableError);
      await expect(dead.append(addCitingPaper(2))).rejects.toThrow(/unavailable, could not save the change/);
      await expect(dead.lastSeq()).rejects.toThrow(ChangeLogUnavailableError);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await log.lastSeq()).toBe(2);
    });

    it('goes on after its connections were cut by the server: the broken ones are dropped, the append succeeds', async () => {
      const schema = newSchema();
      const db = await openPgDatabase({ url: TEST_DATABASE_URL, schema, applicationName: `pg-cut-${schema}` });
      const log = new PgChangeLog({ db });
      closers.push(() => log.close());
      await log.append(addCitingPaper(1));
      const killer = new PgDatabase({ url: TEST_DATABASE_URL });
      await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`pg-cut-${schema}`]);
      await killer.close();
      // The idle connection the server closed is dropped by the pool; the append reconnects.
      let appended: number[] = [];
      for (let i = 0; i < 3 && appended.length === 0; i++) {
        appended = await log.append(addCitingPaper(2)).then(
          (r) => r.map((c) => c.seq),
          () => [],
        );
      }
      expect(appended).toEqual([3, 4]);
    });
  });
});

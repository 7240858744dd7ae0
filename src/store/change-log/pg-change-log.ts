// The change log in PostgreSQL (PAPERGRAPH_DATABASE_URL): the same contract as the embedded log
// (change-log.ts), shared by every replica. An append is one transaction that locks the log's
// head row, takes the next seqs from it, inserts the changes and their targets, moves the head
// and NOTIFYs the new last seq: seqs follow commit order with no gap whichever replica appends,
// and the COMMIT (synchronous_commit on: flushed to PostgreSQL's WAL) is the durability point.
// Appends of one process are group-committed: while one transaction runs, the next callers
// queue, and the next transaction takes them all, in call order.

import {
  type AppendOptions,
  BEFORE_NOT_APPLIED,
  type Change,
  type ChangeInput,
  type ChangeLog,
  ChangeLogClosedError,
  ChangeLogMovedError,
  type Checkpoint,
  EXTRA_NOT_APPLIED,
  type HistoryOptions,
  InvalidChangeError,
  type NodeRef,
  type ReplayPage,
} from './change-log.js';
import { decode, type Prepared, prepare, type ReplayRow, type Row, RowPage } from './change-codec.js';
import { openPgDatabase, type PgDatabase, type PgDatabaseOptions } from './pg-database.js';

const READ_PAGE = 1000;
const quoted = (ops: ReadonlySet<string>) => [...ops].map((op) => `'${op}'`).join(', ');

interface Unit {
  changes: Prepared[];
  afterSeq?: number;
  rebase?: AppendOptions['rebase'];
}

interface Pending extends Unit {
  resolve: (changes: Change[]) => void;
  reject: (error: Error) => void;
}

type DbRow = Omit<Row, 'at'> & { at: Date };

export interface PgChangeLogOptions {
  /** The database (a pool shared with the key store and the follower). */
  db: PgDatabase;
  /** Close the database's pool with the log (default true). */
  ownsDatabase?: boolean;
}

export class PgChangeLog implements ChangeLog {
  readonly db: PgDatabase;
  /** Transactions committed by append, and the changes in them: their ratio is the mean group. */
  commits = 0;
  changesCommitted = 0;
  private queue: Pending[] = [];
  private inFlight: Promise<void> | null = null;
  private closed = false;
  private readonly ownsDatabase: boolean;
  private readonly t: { changes: string; targets: string; head: string; checkpoints: string };
  private readonly replaySql: string;

  constructor(options: PgChangeLogOptions) {
    this.db = options.db;
    this.ownsDatabase = options.ownsDatabase ?? true;
    const q = this.db.q;
    this.t = { changes: `${q}.changes`, targets: `${q}.change_targets`, head: `${q}.log_head`, checkpoints: `${q}.checkpoints` };
    // The lean replay read (change-log.ts): what applying needs, as arrays, not the audit fields.
    this.replaySql = `SELECT seq, op,
        CASE WHEN op IN (${quoted(BEFORE_NOT_APPLIED)}) THEN NULL ELSE before END,
        after,
        CASE WHEN op IN (${quoted(EXTRA_NOT_APPLIED)}) THEN NULL ELSE extra END
      FROM ${this.t.changes} WHERE seq > $1 ORDER BY seq LIMIT $2`;
  }

  append(changes: readonly ChangeInput[], options: AppendOptions = {}): Promise<Change[]> {
    if (this.closed) return Promise.reject(new ChangeLogClosedError('the change log is closed'));
    let prepared: Prepared[];
    try {
      prepared = changes.map(prepare);
    } catch (e) {
      return Promise.reject(e);
    }
    if (prepared.length === 0 && options.afterSeq === undefined) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ changes: prepared, afterSeq: options.afterSeq, rebase: options.rebase, resolve, reject });
      this.pump();
    });
  }

  async *readSince(seq: number): AsyncIterable<Change> {
    let after = seq;
    for (;;) {
      const rows = await this.rows(`SELECT * FROM ${this.t.changes} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, READ_PAGE]);
      for (const row of rows) yield decode(row);
      if (rows.length < READ_PAGE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async *replaySince(seq: number, pageSize: number): AsyncIterable<ReplayPage> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`a replay page holds at least one change, not ${pageSize}`);
    let after = seq;
    for (;;) {
      this.assertOpen();
      const rows = await this.db.queryArrays<ReplayRow>(this.replaySql, [after, pageSize]);
      if (rows.length > 0) {
        yield new RowPage(rows);
        after = rows[rows.length - 1][0];
      }
      if (rows.length < pageSize) return;
    }
  }

  async lastSeqOf(nodes: readonly NodeRef[], upTo: number): Promise<number[]> {
    if (nodes.length === 0) return [];
    this.assertOpen();
    const rows = await this.db.queryArrays<[number]>(
      `SELECT coalesce((SELECT max(t.seq) FROM ${this.t.targets} t WHERE t.kind = n.kind AND t.id = n.id AND t.seq <= $3), 0)
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS n(kind, id, i) ORDER BY n.i`,
      [nodes.map((n) => n.kind), nodes.map((n) => n.id), upTo],
    );
    return rows.map((r) => r[0]);
  }

  async historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]> {
    const order = options.newestFirst ? 'DESC' : 'ASC';
    const rows = await this.rows(
      `SELECT c.* FROM ${this.t.targets} t JOIN ${this.t.changes} c ON c.seq = t.seq
        WHERE t.kind = $1 AND t.id = $2 AND t.seq > $3 AND t.seq < $4 ORDER BY t.seq ${order} LIMIT $5`,
      [node.kind, node.id, options.after ?? 0, options.before ?? Number.MAX_SAFE_INTEGER, options.limit],
    );
    return rows.map(decode);
  }

  async changes(options: HistoryOptions): Promise<Change[]> {
    const order = options.newestFirst ? 'DESC' : 'ASC';
    const rows = await this.rows(`SELECT * FROM ${this.t.changes} WHERE seq > $1 AND seq < $2 ORDER BY seq ${order} LIMIT $3`, [
      options.after ?? 0,
      options.before ?? Number.MAX_SAFE_INTEGER,
      options.limit,
    ]);
    return rows.map(decode);
  }

  async changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]> {
    const wanted = [...new Set(seqs.filter((s) => Number.isInteger(s) && s > 0))];
    const found = new Map<number, Change>();
    if (wanted.length) {
      const rows = await this.rows(`SELECT * FROM ${this.t.changes} WHERE seq = ANY($1::bigint[])`, [wanted]);
      for (const row of rows) found.set(row.seq, decode(row));
    }
    return seqs.map((s) => found.get(s) ?? null);
  }

  async lastSeq(): Promise<number> {
    this.assertOpen();
    const rows = await this.db.queryArrays<[number]>(`SELECT seq FROM ${this.t.head}`, []);
    return rows[0]?.[0] ?? 0;
  }

  async checkpoint(seq: number, snapshot: string | null = null): Promise<Checkpoint> {
    this.assertOpen();
    return this.db.transaction(async (client) => {
      // Under the head's lock: the last seq cannot move, and two checkpoints do not interleave.
      const last = Number((await client.query<{ seq: number }>(`SELECT seq FROM ${this.t.head} FOR UPDATE`)).rows[0].seq);
      const previous = (await client.query<{ seq: number }>(`SELECT seq FROM ${this.t.checkpoints} ORDER BY id DESC LIMIT 1`)).rows[0];
      const from = previous?.seq ?? 0;
      if (!Number.isInteger(seq) || seq < from || seq > last)
        throw new InvalidChangeError(
          `checkpoint ${seq} is outside the log: it must be a whole number from ${from} (the last checkpoint) to ${last} (the last change)`,
        );
      const at = new Date();
      await client.query(`INSERT INTO ${this.t.checkpoints} (seq, at, snapshot) VALUES ($1, $2, $3)`, [seq, at, snapshot]);
      return { seq, at: at.toISOString(), snapshot };
    }, 'record the checkpoint');
  }

  async lastCheckpoint(): Promise<Checkpoint | null> {
    this.assertOpen();
    const { rows } = await this.db.query<{ seq: number; at: Date; snapshot: string | null }>(
      `SELECT seq, at, snapshot FROM ${this.t.checkpoints} ORDER BY id DESC LIMIT 1`,
    );
    return rows[0] ? { seq: rows[0].seq, at: rows[0].at.toISOString(), snapshot: rows[0].snapshot } : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.inFlight) await this.inFlight;
    if (this.ownsDatabase) await this.db.close();
  }

  // ---- appends ----

  /** Starts the next group transaction unless one runs: the callers queued meanwhile form it. */
  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const group = this.queue.splice(0);
    this.inFlight = this.commitGroup(group).finally(() => {
      this.inFlight = null;
      this.pump();
    });
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    let results: (Change[] | ChangeLogMovedError)[];
    try {
      results = await this.db.transaction(async (client) => {
        // Durable at COMMIT whatever the server's default: the acknowledgement waits for the WAL flush.
        await client.query('SET LOCAL synchronous_commit = on');
        const last = Number((await client.query<{ seq: number }>(`SELECT seq FROM ${this.t.head} FOR UPDATE`)).rows[0].seq);
        let seq = last;
        const rows: { c: Prepared; seq: number; at: string }[] = [];
        const out: (Change[] | ChangeLogMovedError)[] = [];
        for (const unit of group) {
          let changes = unit.changes;
          if (unit.afterSeq !== undefined && unit.afterSeq !== seq) {
            // Stale: rebase onto the changes committed since (holding the lock), else refuse.
            if (!unit.rebase || seq !== last || unit.afterSeq > seq) {
              out.push(new ChangeLogMovedError(seq, unit.afterSeq));
              continue;
            }
            const missed = await client.query<DbRow>(`SELECT * FROM ${this.t.changes} WHERE seq > $1 ORDER BY seq`, [unit.afterSeq]);
            changes = (await unit.rebase(missed.rows.map((r) => decode({ ...r, at: r.at.toISOString() })))).map(prepare);
          }
          out.push(
            changes.map((c) => {
              seq++;
              // As PostgreSQL gives it back: ISO 8601 in UTC, to the millisecond.
              const at = (c.at === null ? new Date() : new Date(c.at)).toISOString();
              rows.push({ c, seq, at });
              return { ...c.operation, seq, at, actor: c.actor, reason: c.reason, reverts: c.reverts, targets: c.targets } as Change;
            }),
          );
        }
        if (rows.length === 0) return out;
        const targets = rows.flatMap(({ c, seq }) => c.targets.map((t) => [t.kind, t.id, seq] as const));
        // One statement: the changes, their targets, the head moved and the notification (sent at COMMIT).
        await client.query(
          `WITH c AS (
             INSERT INTO ${this.t.changes} (seq, at, actor, reason, op, reverts, before, after, extra)
             SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::json[], $8::json[], $9::json[])
             RETURNING seq
           ), t AS (
             INSERT INTO ${this.t.targets} (kind, id, seq)
             SELECT DISTINCT * FROM unnest($10::text[], $11::text[], $12::bigint[])
             ON CONFLICT DO NOTHING
           ), h AS (
             UPDATE ${this.t.head} SET seq = $13
           )
           SELECT pg_notify($14, $13::text), (SELECT count(*) FROM c)`,
          [
            rows.map((r) => r.seq),
            rows.map((r) => r.at),
            rows.map((r) => r.c.actor),
            rows.map((r) => r.c.reason),
            rows.map((r) => r.c.op),
            rows.map((r) => r.c.reverts),
            rows.map((r) => r.c.before),
            rows.map((r) => r.c.after),
            rows.map((r) => r.c.extra),
            targets.map((t) => t[0]),
            targets.map((t) => t[1]),
            targets.map((t) => t[2]),
            seq,
            this.db.changesChannel,
          ],
        );
        return out;
      }, 'save the change');
    } catch (e) {
      for (const pending of group) pending.reject(e as Error);
      return;
    }
    this.commits++;
    group.forEach((pending, i) => {
      const result = results[i];
      if (result instanceof Error) return pending.reject(result);
      this.changesCommitted += result.length;
      pending.resolve(result);
    });
  }

  private async rows(sql: string, params: unknown[]): Promise<Row[]> {
    this.assertOpen();
    const { rows } = await this.db.query<DbRow>(sql, params);
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  private assertOpen(): void {
    if (this.closed) throw new ChangeLogClosedError('the change log is closed');
  }
}

/** Opens (migrating if need be) the change log in PostgreSQL, with a pool of its own. */
export async function openPgChangeLog(options: PgDatabaseOptions): Promise<PgChangeLog> {
  return new PgChangeLog({ db: await openPgDatabase(options), ownsDatabase: true });
}

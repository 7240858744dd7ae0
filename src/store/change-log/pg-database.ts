// The PostgreSQL database a set of replicas shares (PAPERGRAPH_DATABASE_URL): one connection pool
// per process, every table in one schema (PAPERGRAPH_DATABASE_SCHEMA, default "papergraph"), the
// migrations (pg-migrations.ts) applied at open inside a transaction holding an advisory lock,
// and errors mapped to the log's: when PostgreSQL cannot be reached, a query fails within the
// connect or statement timeout with ChangeLogUnavailableError, never hangs.

import pg from 'pg';
import { ChangeLogError, ChangeLogUnavailableError } from './change-log.js';
import { type Migration, MIGRATIONS } from './pg-migrations.js';

export const DEFAULT_PG_SCHEMA = 'papergraph';
/** A schema name we quote ourselves: lower-case letters, digits and _, short enough for channel names. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;
/** pg_advisory_xact_lock's key for migrations (an arbitrary constant: "papergraph" as a number), per schema. */
const MIGRATION_LOCK = 0x70617065;
/** The advisory lock that elects the replica compacting, per schema. */
export const COMPACTION_LOCK = 0x636f6d70;

export interface PgDatabaseOptions {
  /** A libpq connection URL: postgres://user@host:port/database. */
  url: string;
  /** Where the tables live (created if need be). */
  schema?: string;
  /** Give up connecting after this long (default 2,000 ms): a write fails fast when PostgreSQL is down. */
  connectTimeoutMs?: number;
  /** Cancel a statement after this long (default 5,000 ms), on the server and in the client. */
  statementTimeoutMs?: number;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** Shown in pg_stat_activity (default "papergraph"). */
  applicationName?: string;
}

/** Schema or database older or newer than this program, or a migration that failed. */
export class MigrationError extends ChangeLogError {
  override name = 'MigrationError';
}

// int8 (seqs, ids) as numbers (a seq stays far below 2^53); json as its text, parsed only when a
// change is decoded (replay decodes each change as it applies it).
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20) return (value: string) => Number(value);
    if (oid === 114) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export class PgDatabase {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** The schema's name quoted, for SQL text. */
  readonly q: string;
  /** Channels of NOTIFY: a change committed (payload: the last seq), keys changed. */
  readonly changesChannel: string;
  readonly keysChannel: string;
  /** Where, for messages: host:port/database (never the password). */
  readonly where: string;
  private readonly clientConfig: pg.ClientConfig;
  private closed = false;

  constructor(options: PgDatabaseOptions) {
    const schema = options.schema ?? DEFAULT_PG_SCHEMA;
    if (!SCHEMA_NAME.test(schema))
      throw new ChangeLogError(
        `"${schema}" is not a schema name papergraph uses: 1–40 lower-case letters, digits or _, not starting with a digit`,
      );
    this.schema = schema;
    this.q = `"${schema}"`;
    this.changesChannel = `${schema}_changes`;
    this.keysChannel = `${schema}_keys`;
    this.where = describeUrl(options.url);
    const statementTimeout = options.statementTimeoutMs ?? 5_000;
    this.clientConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 1_000,
      lock_timeout: statementTimeout,
      // A replica that hangs mid-append (stopped, partitioned) must not hold the log's head for long.
      idle_in_transaction_session_timeout: 10_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'papergraph',
      types: TYPES,
    };
    this.pool = new pg.Pool({ ...this.clientConfig, max: options.maxConnections ?? 10, idleTimeoutMillis: 30_000 });
    // An idle connection the server closed (PostgreSQL restarted): the pool drops it; the next query reconnects.
    this.pool.on('error', () => {});
  }

  /** A client outside the pool, configured alike (LISTEN, session advisory locks). */
  newClient(): pg.Client {
    const client = new pg.Client(this.clientConfig);
    client.on('error', () => {});
    return client;
  }

  /** Runs one statement; a connection failure becomes ChangeLogUnavailableError saying what was being done. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
    doing = 'read the change log',
  ): Promise<pg.QueryResult<R>> {
    this.assertOpen();
    try {
      return await this.pool.query<R>(sql, params);
    } catch (e) {
      throw this.failure(e, doing);
    }
  }

  /** Rows as arrays (no object per row). */
  async queryArrays<R extends unknown[]>(sql: string, params: unknown[], doing = 'read the change log'): Promise<R[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<R>({ text: sql, values: params, rowMode: 'array' })).rows;
    } catch (e) {
      throw this.failure(e, doing);
    }
  }

  /** Runs `run` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
  async transaction<T>(run: (client: pg.PoolClient) => Promise<T>, doing: string): Promise<T> {
    this.assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.failure(e, doing);
    }
    let broken: Error | undefined;
    // The connection may die while checked out between statements (the server shutting down):
    // pg then emits 'error' on the client, which must not go unheard (an unheard 'error' ends
    // the process); the next statement fails and the client is discarded below.
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await run(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      if (isConnectionFailure(e)) broken = e as Error;
      else await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      if (e instanceof ChangeLogError) throw e;
      throw this.failure(e, doing);
    } finally {
      client.off('error', onError);
      // A connection that failed is closed, not returned to the pool.
      client.release(broken);
    }
  }

  /** The error a failed query becomes: unavailable (connection, timeout, shutdown) or a plain error naming the SQL problem. */
  failure(e: unknown, doing: string): Error {
    if (e instanceof ChangeLogError) return e;
    const message = (e as Error)?.message ?? String(e);
    const code = (e as { code?: string })?.code;
    if (isConnectionFailure(e))
      return new ChangeLogUnavailableError(
        `PostgreSQL at ${this.where} is unavailable, could not ${doing} (${code ? `${code}: ` : ''}${message})`,
        {
          cause: e,
        },
      );
    return new ChangeLogUnavailableError(`PostgreSQL at ${this.where} refused to ${doing} (${code ? `${code}: ` : ''}${message})`, {
      cause: e,
    });
  }

  /**
   * Applies the migrations the database lacks, in order, in one transaction under an advisory
   * lock (replicas starting together wait for each other; each migration runs once). Refuses a
   * database migrated by a newer papergraph.
   */
  async migrate(): Promise<{ applied: Migration[]; version: number }> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, this.schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.q}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.q}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${this.q}.schema_migrations ORDER BY version`);
      const done = new Set(rows.map((r) => r.version));
      const newest = MIGRATIONS[MIGRATIONS.length - 1].version;
      const unknown = rows.find((r) => r.version > newest);
      if (unknown)
        throw new MigrationError(
          `the schema "${this.schema}" in ${this.where} is at migration ${unknown.version}, newer than this papergraph knows (${newest}): upgrade papergraph`,
        );
      const applied: Migration[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        try {
          await client.query(migration.sql.replaceAll('{schema}', this.q));
        } catch (e) {
          if (isConnectionFailure(e)) throw e;
          throw new MigrationError(`migration ${migration.version} (${migration.name}) failed: ${(e as Error).message}`, { cause: e });
        }
        await client.query(`INSERT INTO ${this.q}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        applied.push(migration);
      }
      return { applied, version: newest };
    }, 'apply the migrations');
  }

  /** A value of the meta table, or null. */
  async meta(key: string): Promise<string | null> {
    const { rows } = await this.query<{ value: string }>(`SELECT value FROM ${this.q}.meta WHERE key = $1`, [key]);
    return rows[0]?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.query(
      `INSERT INTO ${this.q}.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
      'record the graph source',
    );
  }

  /** Drops the schema and everything in it (tests; `papergraph` never calls it). */
  async dropSchema(): Promise<void> {
    await this.query(`DROP SCHEMA IF EXISTS ${this.q} CASCADE`, [], 'drop the schema');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new ChangeLogUnavailableError(`the connection pool to ${this.where} is closed`);
  }
}

/** Opens the pool and (by default) applies the migrations: fails fast, with ChangeLogUnavailableError, when PostgreSQL cannot be reached. */
export async function openPgDatabase(options: PgDatabaseOptions, { migrate = true }: { migrate?: boolean } = {}): Promise<PgDatabase> {
  const db = new PgDatabase(options);
  try {
    if (migrate) await db.migrate();
    else await db.query('SELECT 1', [], 'connect');
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** A failure of the connection rather than of the statement: refused, reset, timed out, server shutting down. */
export function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  if (/^(08|57P0|53)/.test(code)) return true; // connection exception, admin shutdown / cannot connect now, insufficient resources
  if (code === '57014') return true; // query canceled (statement_timeout): the server did not answer in time
  if (/^[0-9A-Z]{5}$/.test(code)) return false; // another SQLSTATE: the server answered and refused
  return true; // no SQLSTATE: a socket error (ECONNREFUSED, ECONNRESET, timeouts, "Connection terminated")
}

/** host:port/database of a URL, without the user's password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || ''}`;
  } catch {
    return 'the database (PAPERGRAPH_DATABASE_URL)';
  }
}

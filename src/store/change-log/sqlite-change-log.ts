// The embedded change log: an SQLite file (changes.sqlite) in the data directory, WAL mode,
// synchronous=FULL. An append resolves after its transaction is committed and the WAL synced.
// Appends made in one turn of the event loop are group-committed: one transaction, one sync,
// for every caller that appended meanwhile (better-sqlite3 is synchronous, so while a commit
// syncs the next callers queue up, and the next turn commits them together).

import type Database from 'better-sqlite3';
import {
  type AppendOptions,
  BEFORE_NOT_APPLIED,
  type Change,
  type ChangeInput,
  type ChangeLog,
  ChangeLogClosedError,
  ChangeLogCorruptError,
  ChangeLogUnavailableError,
  type Checkpoint,
  EXTRA_NOT_APPLIED,
  type HistoryOptions,
  InvalidChangeError,
  type NodeRef,
  OPERATION_NAMES,
  type Operation,
  type ReplayChange,
  type ReplayPage,
  StaleAppendError,
  targetsOf,
} from './change-log.js';
import { CHANGES_FILE, DEFAULT_DATA_DIR, isCorruption, openDataFile } from './data-dir.js';
import type { WalScan } from './wal-scan.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: a seq is never reused
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    op TEXT NOT NULL,
    reverts INTEGER,
    before TEXT,                            -- JSON of the record before (NULL: there was none)
    after TEXT,                             -- JSON of the record after (NULL: there is none)
    extra TEXT                              -- JSON of the operation's other fields, if any (a link's note)
  );
  CREATE TABLE IF NOT EXISTS change_targets (
    kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (kind, id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    snapshot TEXT
  );
`;

const READ_PAGE = 1000;
const quoted = (ops: ReadonlySet<string>) => [...ops].map((op) => `'${op}'`).join(', ');
/**
 * The replay read: the columns applying needs, as arrays (raw), not the audit fields; `before` and
 * `extra` only for the operations whose application reads them (change-log.ts).
 */
const REPLAY_SQL = `SELECT seq, op,
    CASE WHEN op IN (${quoted(BEFORE_NOT_APPLIED)}) THEN NULL ELSE before END,
    after,
    CASE WHEN op IN (${quoted(EXTRA_NOT_APPLIED)}) THEN NULL ELSE extra END
  FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`;
/**
 * 16 KiB pages for a new log: a change holds whole records before and after (a paper with its
 * authors and abstract is a few KiB), which on 4 KiB pages spill into overflow pages; replay
 * reads them back 2-3 times faster this way (bench/curation.ts).
 */
const PAGE_SIZE = 16384;
const OPERATIONS: ReadonlySet<string> = new Set(OPERATION_NAMES);

export interface SqliteChangeLogOptions {
  /** Default: ./papergraph-data (DEFAULT_DATA_DIR). */
  dataDir?: string;
  /** Batch the appends of one event-loop turn into one transaction (default true). */
  groupCommit?: boolean;
  /** Cap on the log file's size; past it appends fail as on a full disk (default: none). */
  maxSizeBytes?: number;
}

/** What opening found: a WAL left by a process that did not close the log, and what recovery kept. */
export interface OpenReport {
  path: string;
  wal: WalScan;
  /** One line for the server's log when recovery ran; null after a clean close. */
  message: string | null;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  reason: string | null;
  op: string;
  reverts: number | null;
  before: string | null;
  after: string | null;
  extra: string | null;
}

/** A row of the replay read: seq, op, before, after, extra (REPLAY_SQL). */
type ReplayRow = [number, string, string | null, string | null, string | null];

/** A change ready to insert: validated and serialised before it joins a group. */
interface Prepared extends Omit<Row, 'seq' | 'at'> {
  at: string | null;
  operation: Operation;
  targets: NodeRef[];
}

/** One append's changes, and the seq the log must be at for it (afterSeq), if any. */
interface Unit {
  changes: Prepared[];
  afterSeq?: number;
}

interface Pending extends Unit {
  resolve: (changes: Change[]) => void;
  reject: (error: Error) => void;
}

export class SqliteChangeLog implements ChangeLog {
  readonly opened: OpenReport;
  /** Transactions committed by append: with `changesCommitted`, the mean group size. */
  commits = 0;
  changesCommitted = 0;
  private readonly db: Database.Database;
  private readonly groupCommit: boolean;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly insertChange: Database.Statement;
  private readonly insertTarget: Database.Statement;
  private readonly commitGroup: (group: Unit[]) => (Change[] | StaleAppendError)[];
  private readonly maxSeq: Database.Statement;

  constructor(options: SqliteChangeLogOptions = {}) {
    const { db, path, wal } = openDataFile(options.dataDir ?? DEFAULT_DATA_DIR, CHANGES_FILE, SCHEMA, { pageSize: PAGE_SIZE });
    this.db = db;
    this.groupCommit = options.groupCommit ?? true;
    if (options.maxSizeBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxSizeBytes / pageSize))}`);
    }
    this.opened = { path, wal, message: recoveryMessage(path, wal) };
    this.insertChange = db.prepare(
      'INSERT INTO changes (at, actor, reason, op, reverts, before, after, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertTarget = db.prepare('INSERT OR IGNORE INTO change_targets (kind, id, seq) VALUES (?, ?, ?)');
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM changes').pluck();
    // Seqs come from the database inside the transaction (AUTOINCREMENT), never from a counter
    // here: several processes (the workers of `serve --workers`) may append to one log.
    const commit = db.transaction((group: Unit[]) =>
      group.map((unit) => {
        if (unit.afterSeq !== undefined) {
          const last = this.maxSeq.get() as number;
          if (last !== unit.afterSeq) return new StaleAppendError(unit.afterSeq, last);
        }
        return unit.changes.map((c) => this.insert(c));
      }),
    );
    // IMMEDIATE: take the write lock at BEGIN, so another process cannot make the commit fail
    // midway, and the afterSeq check and the inserts see the same last seq.
    this.commitGroup = (group) => commit.immediate(group);
  }

  append(changes: readonly ChangeInput[], options: AppendOptions = {}): Promise<Change[]> {
    if (this.closed) return Promise.reject(new ChangeLogClosedError('the change log is closed'));
    let prepared: Prepared[];
    try {
      prepared = changes.map(prepare);
    } catch (e) {
      return Promise.reject(e);
    }
    if (prepared.length === 0) return Promise.resolve([]);
    const afterSeq = options.afterSeq;
    if (!this.groupCommit) {
      try {
        const [result] = this.commit([{ changes: prepared, afterSeq }]);
        return result instanceof StaleAppendError ? Promise.reject(result) : Promise.resolve(result);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ changes: prepared, afterSeq, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async *readSince(seq: number): AsyncIterable<Change> {
    const page = this.statement('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
    let after = seq;
    for (;;) {
      // Page by seq rather than hold an iterator open: the connection stays free for appends between pages.
      const rows = this.read(() => page.all(after, READ_PAGE) as Row[]);
      for (const row of rows) yield decode(row);
      if (rows.length < READ_PAGE) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async *replaySince(seq: number, pageSize: number): AsyncIterable<ReplayPage> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`a replay page holds at least one change, not ${pageSize}`);
    const page = this.statement(REPLAY_SQL, true);
    let after = seq;
    for (;;) {
      // Rows as fetched (strings): each is parsed only when the page's iteration reaches it.
      const rows = this.read(() => page.all(after, pageSize) as ReplayRow[]);
      if (rows.length > 0) {
        yield new RowPage(rows);
        after = rows[rows.length - 1][0];
      }
      if (rows.length < pageSize) return;
    }
  }

  async lastSeqOf(nodes: readonly NodeRef[], upTo: number): Promise<number[]> {
    const last = this.statement('SELECT coalesce(max(seq), 0) FROM change_targets WHERE kind = ? AND id = ? AND seq <= ?', true);
    return this.read(() => nodes.map((node) => (last.get(node.kind, node.id, upTo) as [number])[0]));
  }

  async historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]> {
    const order = options.newestFirst ? 'DESC' : 'ASC';
    const rows = this.read(
      () =>
        this.statement(
          `SELECT c.* FROM change_targets t JOIN changes c ON c.seq = t.seq
       WHERE t.kind = ? AND t.id = ? AND t.seq > ? AND t.seq < ? ORDER BY t.seq ${order} LIMIT ?`,
        ).all(node.kind, node.id, options.after ?? 0, options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as Row[],
    );
    return rows.map(decode);
  }

  async changes(options: HistoryOptions): Promise<Change[]> {
    const order = options.newestFirst ? 'DESC' : 'ASC';
    const rows = this.read(
      () =>
        this.statement(`SELECT * FROM changes WHERE seq > ? AND seq < ? ORDER BY seq ${order} LIMIT ?`).all(
          options.after ?? 0,
          options.before ?? Number.MAX_SAFE_INTEGER,
          options.limit,
        ) as Row[],
    );
    return rows.map(decode);
  }

  async changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]> {
    const wanted = [...new Set(seqs.filter((s) => Number.isInteger(s) && s > 0))];
    const found = new Map<number, Change>();
    // One query per page of seqs (SQLite caps the parameters of a statement).
    for (let i = 0; i < wanted.length; i += 500) {
      const page = wanted.slice(i, i + 500);
      const rows = this.read(
        () => this.statement(`SELECT * FROM changes WHERE seq IN (${page.map(() => '?').join(',')})`).all(...page) as Row[],
      );
      for (const row of rows) found.set(row.seq, decode(row));
    }
    return seqs.map((s) => found.get(s) ?? null);
  }

  async lastSeq(): Promise<number> {
    return this.lastSeqNow();
  }

  async checkpoint(seq: number, snapshot: string | null = null): Promise<Checkpoint> {
    this.assertOpen();
    const last = this.lastSeqNow();
    const previous = this.lastCheckpointNow();
    if (!Number.isInteger(seq) || seq < (previous?.seq ?? 0) || seq > last) {
      throw new InvalidChangeError(
        `checkpoint ${seq} is outside the log: it must be a whole number from ${previous?.seq ?? 0} (the last checkpoint) to ${last} (the last change)`,
      );
    }
    const at = new Date().toISOString();
    try {
      this.db.prepare('INSERT INTO checkpoints (seq, at, snapshot) VALUES (?, ?, ?)').run(seq, at, snapshot);
    } catch (e) {
      throw writeError(e);
    }
    return { seq, at, snapshot };
  }

  async lastCheckpoint(): Promise<Checkpoint | null> {
    return this.lastCheckpointNow();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.scheduled) this.flush();
    this.closed = true;
    this.db.close();
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let committed: (Change[] | StaleAppendError)[];
    try {
      committed = this.commit(group);
    } catch (e) {
      for (const pending of group) pending.reject(e as Error);
      return;
    }
    group.forEach((pending, i) => {
      const result = committed[i];
      if (result instanceof StaleAppendError) pending.reject(result);
      else pending.resolve(result);
    });
  }

  private commit(group: Unit[]): (Change[] | StaleAppendError)[] {
    try {
      const committed = this.commitGroup(group);
      this.commits++;
      for (const changes of committed) if (!(changes instanceof StaleAppendError)) this.changesCommitted += changes.length;
      return committed;
    } catch (e) {
      throw writeError(e);
    }
  }

  private insert(c: Prepared): Change {
    const at = c.at ?? new Date().toISOString();
    const seq = Number(this.insertChange.run(at, c.actor, c.reason, c.op, c.reverts, c.before, c.after, c.extra).lastInsertRowid);
    for (const t of c.targets) this.insertTarget.run(t.kind, t.id, seq);
    return { ...c.operation, seq, at, actor: c.actor, reason: c.reason, reverts: c.reverts, targets: c.targets } as Change;
  }

  private lastSeqNow(): number {
    return this.read(() => (this.statement('SELECT coalesce(max(seq), 0) AS seq FROM changes').get() as { seq: number }).seq);
  }

  private lastCheckpointNow(): Checkpoint | null {
    const row = this.read(
      () => this.statement('SELECT seq, at, snapshot FROM checkpoints ORDER BY id DESC LIMIT 1').get() as Checkpoint | undefined,
    );
    return row ?? null;
  }

  /** A prepared statement, prepared once per connection; `raw`: rows as arrays. */
  private statement(sql: string, raw = false): Database.Statement {
    this.assertOpen();
    const key = raw ? `raw:${sql}` : sql;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (raw) statement.raw(true);
      this.statements.set(key, statement);
    }
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new ChangeLogClosedError('the change log is closed');
  }

  private read<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (isCorruption(e))
        throw new ChangeLogCorruptError(`the change log ${this.opened.path} is damaged: ${(e as Error).message}`, { cause: e });
      throw e;
    }
  }
}

/** Opens the change log in a data directory, creating it if need be. */
export function openSqliteChangeLog(options: SqliteChangeLogOptions = {}): SqliteChangeLog {
  return new SqliteChangeLog(options);
}

function prepare(input: ChangeInput): Prepared {
  if (!input || typeof input !== 'object' || !OPERATIONS.has(input.op)) {
    throw new InvalidChangeError(`unknown operation "${String(input?.op)}": expected one of ${OPERATION_NAMES.join(', ')}`);
  }
  if (typeof input.actor !== 'string' || input.actor === '')
    throw new InvalidChangeError(`a ${input.op} change needs an actor (the key's name)`);
  if (input.at !== undefined && Number.isNaN(Date.parse(input.at))) throw new InvalidChangeError(`"${input.at}" is not an ISO time`);
  const { actor, reason = null, at, reverts = null, ...operation } = input;
  const { op, before, after, ...extra } = operation;
  return {
    at: at ?? null,
    actor,
    reason,
    op,
    reverts,
    before: json(before),
    after: json(after),
    extra: Object.keys(extra).length ? JSON.stringify(extra) : null,
    operation: operation as Operation,
    targets: targetsOf(operation as Operation),
  };
}

function decode(row: Row): Change {
  let change: Change;
  try {
    change = (row.extra ? JSON.parse(row.extra) : {}) as Change;
    change.op = row.op as Change['op'];
    change.before = row.before === null ? null : JSON.parse(row.before);
    change.after = row.after === null ? null : JSON.parse(row.after);
  } catch (e) {
    throw new ChangeLogCorruptError(`change ${row.seq} is damaged: its before, after or extra is not JSON`, { cause: e });
  }
  change.seq = row.seq;
  change.at = row.at;
  change.actor = row.actor;
  change.reason = row.reason;
  change.reverts = row.reverts;
  change.targets = targetsOf(change);
  return change;
}

/** A page of the replay read: rows kept as fetched, each decoded when reached. */
class RowPage implements ReplayPage {
  constructor(private readonly rows: readonly ReplayRow[]) {}

  get size(): number {
    return this.rows.length;
  }

  get lastSeq(): number {
    return this.rows[this.rows.length - 1][0];
  }

  *[Symbol.iterator](): Iterator<ReplayChange> {
    for (const row of this.rows) yield decodeForReplay(row);
  }
}

/** A row of the replay read as the change replay applies (ReplayChange). */
function decodeForReplay(row: ReplayRow): ReplayChange {
  const [seq, op, before, after, extra] = row;
  let change: ReplayChange;
  try {
    change = (extra === null ? {} : JSON.parse(extra)) as ReplayChange;
    change.op = op as ReplayChange['op'];
    const record = after === null ? null : JSON.parse(after);
    change.before = BEFORE_NOT_APPLIED.has(change.op) ? record : before === null ? null : JSON.parse(before);
    change.after = record;
  } catch (e) {
    throw new ChangeLogCorruptError(`change ${seq} is damaged: its before, after or extra is not JSON`, { cause: e });
  }
  change.seq = seq;
  change.targets = targetsOf(change);
  return change;
}

/** JSON of a record, NULL for none. */
function json(record: unknown): string | null {
  return record === null || record === undefined ? null : JSON.stringify(record);
}

function writeError(e: unknown): Error {
  if (e instanceof ChangeLogUnavailableError) return e;
  const code = (e as { code?: string })?.code;
  const message = (e as Error)?.message ?? String(e);
  return new ChangeLogUnavailableError(`the change was not saved: the change log cannot write (${code ? `${code}: ` : ''}${message})`, {
    cause: e,
  });
}

function recoveryMessage(path: string, wal: WalScan): string | null {
  if (wal.bytes === 0) return null;
  const dropped = wal.discardedFrames + (wal.partialBytes > 0 ? 1 : 0);
  const tail =
    dropped > 0
      ? `dropped a torn or unfinished write (${wal.discardedFrames} frame(s)${wal.partialBytes ? ` and ${wal.partialBytes} stray bytes` : ''}) that was never acknowledged`
      : 'found no torn write';
  return `${path} was not closed cleanly: SQLite's WAL recovery kept ${wal.committedFrames} committed frame(s) and ${tail}`;
}

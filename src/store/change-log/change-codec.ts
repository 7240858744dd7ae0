// How a change is stored and read back, whatever the log: an input validated and serialised
// (before, after and the operation's other fields as JSON text), and a stored row decoded into
// the Change it was, or lean into the ReplayChange replay applies. Shared by the SQLite and the
// PostgreSQL log, so both hold and give back the same thing.

import {
  BEFORE_NOT_APPLIED,
  type Change,
  type ChangeInput,
  ChangeLogCorruptError,
  InvalidChangeError,
  type NodeRef,
  OPERATION_NAMES,
  type Operation,
  type ReplayChange,
  type ReplayPage,
  targetsOf,
} from './change-log.js';

const OPERATIONS: ReadonlySet<string> = new Set(OPERATION_NAMES);

export interface Row {
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
export type ReplayRow = [number, string, string | null, string | null, string | null];

/** A change ready to insert: validated and serialised before it joins a group. */
export interface Prepared extends Omit<Row, 'seq' | 'at'> {
  at: string | null;
  operation: Operation;
  targets: NodeRef[];
}

export function prepare(input: ChangeInput): Prepared {
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

export function decode(row: Row): Change {
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
export class RowPage implements ReplayPage {
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
export function decodeForReplay(row: ReplayRow): ReplayChange {
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
export function json(record: unknown): string | null {
  return record === null || record === undefined ? null : JSON.stringify(record);
}

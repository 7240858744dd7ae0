// Replicas as real processes (the server's entry under tsx, PAPERGRAPH_DATABASE_URL set, each
// on a free port), writers posting addPaper through them, and a watcher that polls every
// replica's GET /state to time when each acknowledged seq becomes visible there. Shared by
// test/server/replicas.test.ts and bench/replicas.ts.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgDatabase, PgDatabase } from '../../src/store/change-log/pg-database.js';
import { PgKeyStore } from '../../src/store/change-log/pg-key-store.js';
import { type Spawned, spawnServer } from '../server/spawn.js';

export interface ReplicaSet {
  url: string;
  schema: string;
  snapshotDir: string;
  key: string;
  replicas: (Spawned | null)[];
  env: Record<string, string>;
}

/** Migrates the schema, makes a curate key, and starts `n` replicas on it. */
export async function startReplicaSet(url: string, schema: string, n: number, env: Record<string, string> = {}): Promise<ReplicaSet> {
  const db = await openPgDatabase({ url, schema });
  const keys = new PgKeyStore(db, true);
  const { key } = await keys.create('replica-test', 'curate');
  await keys.close();
  const snapshotDir = mkdtempSync(join(tmpdir(), 'papergraph-snapshots-'));
  const set: ReplicaSet = {
    url,
    schema,
    snapshotDir,
    key,
    replicas: [],
    env: {
      PAPERGRAPH_DATABASE_URL: url,
      PAPERGRAPH_DATABASE_SCHEMA: schema,
      PAPERGRAPH_SNAPSHOT_DIR: snapshotDir,
      // Requests of the test come in many from one address.
      PAPERGRAPH_RATE_LIMIT: '0/60s',
      PAPERGRAPH_MAX_CONNECTIONS_PER_CLIENT: '0',
      ...env,
    },
  };
  set.replicas = await Promise.all(Array.from({ length: n }, () => spawnServer(set.env)));
  return set;
}

export async function restartReplica(set: ReplicaSet, i: number): Promise<Spawned> {
  const replica = await spawnServer(set.env);
  set.replicas[i] = replica;
  return replica;
}

export function stopReplicaSet(set: ReplicaSet | undefined): void {
  for (const r of set?.replicas ?? []) r?.kill();
}

export interface ReplicaState {
  seq: number;
  ready: boolean;
  lag: number;
  logError: string | null;
  digest?: string;
  papers?: number;
}

export async function stateOf(port: number, digest = false): Promise<ReplicaState> {
  const res = await fetch(`http://127.0.0.1:${port}/state${digest ? '?digest=1' : ''}`, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()) as ReplicaState;
}

export async function readyStatus(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(5_000) })).status;
}

export interface WriteOutcome {
  /** The seq of the change, when acknowledged. */
  seq?: number;
  /** The title written (what the log's change holds). */
  title?: string;
  /** performance.now() when the acknowledgement arrived. */
  ackAt: number;
  ms: number;
  status?: number;
  /** The error's code (WRITE_UNAVAILABLE), a user error's type, or the socket error. */
  error?: string;
  message?: string;
}

const ADD_PAPER = `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename
  ... on AddPaperPayload { change { seq } paper { id } } ... on UserError { message } } }`;

export async function addPaper(port: number, key: string, title: string): Promise<WriteOutcome> {
  const started = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: ADD_PAPER, variables: { input: { title, year: 2026 } } }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json()) as {
      data?: { addPaper?: { __typename: string; change?: { seq: number }; paper?: { id: string }; message?: string } | null };
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const ackAt = performance.now();
    const result = body.data?.addPaper;
    if (result?.change) return { seq: result.change.seq, title, ackAt, ms: ackAt - started, status: res.status };
    return {
      ackAt,
      ms: ackAt - started,
      status: res.status,
      error: body.errors?.[0]?.extensions?.code ?? result?.__typename ?? 'unknown',
      message: body.errors?.[0]?.message ?? result?.message,
    };
  } catch (e) {
    const ackAt = performance.now();
    return {
      ackAt,
      ms: ackAt - started,
      error: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name,
      message: (e as Error).message,
    };
  }
}

/** A read served from memory: a paper by its arXiv id. Resolves with the HTTP status (negated when no title came back). */
export async function readPaper(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ paper(by: { arxivId: "2006.07733" }) { title } }' }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { data?: { paper?: { title?: string } } };
  return body.data?.paper?.title ? res.status : -res.status;
}

/**
 * Polls each replica's /state every `everyMs` and keeps, per replica, when its seq grew: the time a
 * seq became visible there is the first poll that saw it (the poll's interval bounds the error).
 */
export class VisibilityWatcher {
  private readonly seen: { seq: number; at: number }[][];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<number>();

  constructor(
    private readonly ports: () => (number | null)[],
    private readonly everyMs = 5,
  ) {
    this.seen = ports().map(() => []);
  }

  start(): void {
    this.timer = setInterval(() => this.poll(), this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private poll(): void {
    this.ports().forEach((port, i) => {
      if (port === null || this.inFlight.has(i)) return;
      this.inFlight.add(i);
      stateOf(port)
        .then(({ seq }) => {
          const at = performance.now();
          const list = this.seen[i];
          if (!list.length || seq > list[list.length - 1].seq) list.push({ seq, at });
        })
        .catch(() => undefined)
        .finally(() => this.inFlight.delete(i));
    });
  }

  /** When replica `i` first held `seq`, or null. */
  visibleAt(i: number, seq: number): number | null {
    for (const entry of this.seen[i]) if (entry.seq >= seq) return entry.at;
    return null;
  }

  /** Ack → visible on every replica in `replicas`, per acknowledged write (null where not seen). */
  delays(acks: WriteOutcome[], replicas: number[]): (number | null)[] {
    return acks.map((ack) => {
      let worst = 0;
      for (const i of replicas) {
        const at = this.visibleAt(i, ack.seq!);
        if (at === null) return null;
        worst = Math.max(worst, at - ack.ackAt);
      }
      return Math.max(0, worst);
    });
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Waits until every running replica holds `seq`. */
export async function converge(set: ReplicaSet, seq: number, timeoutMs = 20_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(set.replicas.map((r) => (r ? stateOf(r.port) : null)));
    if (states.every((s) => s === null || s.seq >= seq)) return;
    if (performance.now() > until) throw new Error(`replicas did not reach change ${seq}: ${JSON.stringify(states.map((s) => s?.seq))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A read from the change log (Query.changes): the error code when it fails, or 'ok'. */
export async function readHistory(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ changes(first: 1) { edges { node { seq } } } }' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? (body.errors ? `uncoded: ${body.errors[0].message}` : 'ok');
}

/** What every replica holds, with its digest. */
export function digests(set: ReplicaSet): Promise<ReplicaState[]> {
  return Promise.all(set.replicas.map((r) => stateOf(r!.port, true)));
}

/** The acknowledged writes whose paper the log does not hold under their seq (none, when nothing was lost). */
export async function lostWrites(url: string, schema: string, acks: readonly WriteOutcome[]): Promise<WriteOutcome[]> {
  const db = new PgDatabase({ url, schema });
  try {
    const { rows } = await db.query<{ seq: number; title: string }>(
      `SELECT seq, after->>'title' AS title FROM "${schema}".changes WHERE op = 'paper.add'`,
    );
    const logged = new Map(rows.map((r) => [r.seq, r.title]));
    return acks.filter((a) => logged.get(a.seq!) !== a.title);
  } finally {
    await db.close();
  }
}

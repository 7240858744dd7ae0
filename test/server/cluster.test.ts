// `serve --workers 2` as a user runs it (the real entry point, PAPERGRAPH_WORKERS=2): one port,
// both workers answering (x-papergraph-worker names the pid), a SIGKILLed worker replaced, writes
// through either worker seen by both (the shared SQLite log, woken through the primary), and
// SIGTERM to the primary draining every worker (an in-flight request answered, exit 0).

import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/datasets.js';
import { askOnNewConnection, post, spawnServer, type Spawned, type WorkerAnswer } from './spawn.js';

let server: Spawned | null = null;
const workerPids = new Set<number>();
afterEach(async () => {
  server?.kill();
  // The workers follow their primary out (IPC disconnect); make sure, by pid.
  for (const pid of workerPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  workerPids.clear();
  server = null;
});

const ask = (port: number, query: string, variables: Record<string, unknown> = {}, key?: string) =>
  askOnNewConnection(port, query, variables, key, workerPids);

/** Asks until worker `pid` answers (round robin: a few tries). */
async function askWorker(port: number, pid: number, query: string, variables: Record<string, unknown> = {}, key?: string) {
  for (let i = 0; i < 40; i++) {
    const answer = await ask(port, query, variables, key);
    if (answer.pid === pid) return answer;
  }
  throw new Error(`worker ${pid} never answered`);
}

/** The pids of both workers, from their answers. */
async function bothPids(port: number): Promise<[number, number]> {
  const seen = new Set<number>();
  for (let i = 0; i < 40 && seen.size < 2; i++) seen.add((await ask(port, '{ __typename }')).pid);
  expect(seen.size).toBe(2);
  return [...seen] as [number, number];
}

function createKey(dataDir: string): string {
  const cli = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'keys', 'create', '--name', 'cluster-test', '--scope', 'curate', '--data-dir', dataDir],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`papergraph keys create failed: ${cli.stderr}`);
  return cli.stdout.trim();
}

const ADD_PAPER = `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename
  ... on AddPaperPayload { change { seq } paper { id title } } ... on UserError { message } } }`;
const FIND = `query($q: String!) { graphVersion { seq } search(query: $q, types: [PAPER], first: 5) { edges { node { ... on Paper { title } } } } }`;
const VERSION = '{ graphVersion { seq } papers(first: 1) { totalCount } }';

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('serve --workers 2', () => {
  it('serves on one port from two processes, and replaces a worker killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-cluster-'));
    server = await spawnServer({ PAPERGRAPH_WORKERS: '2', PAPERGRAPH_DATA_DIR: dataDir });
    const s = server;
    expect(s.stdout.join('\n')).toMatch(/2 workers on one port \(primary pid \d+/);
    const [a, b] = await bothPids(s.port);
    expect(a).not.toBe(s.child.pid);
    expect(b).not.toBe(s.child.pid);

    process.kill(a, 'SIGKILL');
    const replaced = await until('a replacement worker', async () => {
      const pids = new Set<number>();
      for (let i = 0; i < 6; i++) {
        const answer = await ask(s.port, '{ papers(first: 1) { totalCount } }').catch(() => null);
        if (answer?.status === 200) pids.add(answer.pid);
      }
      const fresh = [...pids].find((pid) => pid !== a && pid !== b);
      return fresh ?? null;
    });
    expect(replaced).toBeGreaterThan(0);
    expect(s.stderr.join('')).toMatch(new RegExp(`worker \\d \\(pid ${a}\\) was killed by SIGKILL; starting a replacement`));
    // Queries went on meanwhile from the survivor, and both answer again.
    expect((await askWorker(s.port, b, '{ papers(first: 1) { totalCount } }')).status).toBe(200);
    expect((await askWorker(s.port, replaced, '{ papers(first: 1) { totalCount } }')).status).toBe(200);
  });

  it('a write through either worker is seen by the other; concurrent writes through both converge', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-cluster-'));
    const key = createKey(dataDir);
    // Compaction every 10 changes: the primary lets one worker compact, never both.
    server = await spawnServer({ PAPERGRAPH_WORKERS: '2', PAPERGRAPH_DATA_DIR: dataDir, PAPERGRAPH_COMPACT_EVERY: '10' });
    const s = server;
    const [a, b] = await bothPids(s.port);

    const title = 'Cluster visibility: a paper written through one worker';
    const written = await askWorker(s.port, a, ADD_PAPER, { input: { title, year: 2024 } }, key);
    const payload = written.body.data!.addPaper as { __typename: string; change: { seq: number } };
    expect(payload.__typename).toBe('AddPaperPayload');
    const seq = payload.change.seq;
    // Read-your-writes on the worker that took it: at once.
    const own = await askWorker(s.port, a, FIND, { q: title });
    expect((own.body.data!.graphVersion as { seq: number }).seq).toBeGreaterThanOrEqual(seq);
    // The other converges (woken through the primary).
    const acked = performance.now();
    const seen = await until('the other worker to hold the write', async () => {
      const other = await askWorker(s.port, b, FIND, { q: title });
      return (other.body.data!.graphVersion as { seq: number }).seq >= seq ? other : null;
    });
    const lagMs = performance.now() - acked;
    console.log(
      `cluster: the other worker answered with the write ${lagMs.toFixed(0)} ms after its acknowledgement (an upper bound: it includes finding that worker)`,
    );
    const titles = (seen.body.data!.search as { edges: { node: { title: string } }[] }).edges.map((e) => e.node.title);
    expect(titles).toContain(title);
    expect(lagMs).toBeLessThan(2000);

    // 40 writes at once over new connections (so spread over both workers): every one acknowledged,
    // seqs unique and without a gap, and both workers end at the same seq with the same papers.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ask(s.port, ADD_PAPER, { input: { title: `Concurrent write ${i}`, year: 2024 } }, key)),
    );
    const byWorker = new Map<number, number>();
    const seqs: number[] = [];
    for (const r of results) {
      const p = r.body.data!.addPaper as { __typename: string; change: { seq: number } };
      expect(p.__typename).toBe('AddPaperPayload');
      seqs.push(p.change.seq);
      byWorker.set(r.pid, (byWorker.get(r.pid) ?? 0) + 1);
    }
    expect(byWorker.size).toBe(2);
    seqs.sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => seq + 1 + i));
    const last = seqs[seqs.length - 1];
    const states = await until('both workers at the last seq', async () => {
      const [x, y] = [await askWorker(s.port, a, VERSION), await askWorker(s.port, b, VERSION)];
      const at = (r: WorkerAnswer) => (r.body.data!.graphVersion as { seq: number }).seq;
      return at(x) === last && at(y) === last ? [x, y] : null;
    });
    expect(states[0].body.data!.papers).toEqual(states[1].body.data!.papers);

    // One compactor: its checkpoints at least 10 changes apart (two would each compact near the same seq).
    await until('a compaction', async () => (/compacted the log up to change/.test(s.stdout.join('\n')) ? true : null), 30_000);
    const db = new Database(join(dataDir, 'changes.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const checkpoints = (db.prepare('SELECT seq FROM checkpoints ORDER BY id').all() as { seq: number }[]).map((r) => r.seq);
      expect(checkpoints.length).toBeGreaterThan(0);
      for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i] - checkpoints[i - 1]).toBeGreaterThanOrEqual(10);
      expect(s.stdout.filter((l) => /compacted the log up to change/.test(l))).toHaveLength(checkpoints.length);
    } finally {
      db.close();
    }
  });

  it('SIGTERM to the primary drains every worker: a request in flight is answered, exit 0', async () => {
    server = await spawnServer({ PAPERGRAPH_WORKERS: '2', PAPERGRAPH_SHUTDOWN_GRACE_MS: '20000' });
    const s = server;
    const pids = await bothPids(s.port);
    let connected!: () => void;
    const onConnect = new Promise<void>((resolve) => (connected = resolve));
    // Its body's second half goes 300 ms after connecting: the signal lands while it is in flight.
    const inFlight = post(s.port, JSON.stringify({ query: '{ papers(first: 3) { totalCount } }' }), { slow: true, onConnect: connected });
    await onConnect;
    s.child.kill('SIGTERM');
    const outcome = await inFlight;
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body!).data.papers.totalCount).toBeGreaterThan(40);
    expect((await s.exited).code).toBe(0);
    expect(s.stderr.join('')).toMatch(/SIGTERM: draining 2 worker\(s\)/);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

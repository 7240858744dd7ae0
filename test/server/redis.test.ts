// Subscriptions across replicas through Redis (PAPERGRAPH_REDIS_URL), against a PRIVATE
// redis-server this test starts on a free port (stopping it disturbs nobody else): two replicas
// (`serve --workers 2`, two processes) share it; a change written through one reaches a
// subscriber on the other; Redis killed → the open subscription ends with
// SUBSCRIPTIONS_UNAVAILABLE, a new one is refused at once, queries and writes go on; Redis back
// on the same port → subscriptions work again. Without redis-server the test fails within
// seconds, saying so.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/datasets.js';
import { askOnNewConnection, spawnServer, type Spawned } from './spawn.js';

const CHANNEL = 'papergraph-test:changes';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of our own on `port`, nothing kept on disk; resolves once it answers PING (or rejects within 5 s). */
async function startRedis(port: number): Promise<ChildProcess> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0)
    throw new Error('redis-server is not installed: this test needs it (apt-get install redis-server) to start a private Redis');
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // refused while it starts: tried again below
  const end = performance.now() + 5000;
  try {
    for (;;) {
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') return child;
      } catch {
        client.disconnect();
      }
      if (performance.now() > end || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`a private redis-server on port ${port} did not answer within 5 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.disconnect();
  }
}

const workerPids = new Set<number>();

const ask = (port: number, query: string, variables: Record<string, unknown> = {}, key?: string) =>
  askOnNewConnection(port, query, variables, key, workerPids);

/** An open subscription over server-sent events: its worker and the events as they come. */
interface Subscription {
  pid: number;
  next(ms: number): Promise<any>;
  close(): void;
}

function subscribe(port: number, query: string): Promise<Subscription> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const pid = Number(res.headers['x-papergraph-worker']);
        if (pid) workerPids.add(pid);
        const events: any[] = [];
        let wake: (() => void) | null = null;
        let buffer = '';
        let ended = false;
        res.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const line = block.split('\n').find((l) => l.startsWith('data:'));
            if (line && line.length > 5) events.push(JSON.parse(line.slice(5)));
          }
          wake?.();
        });
        res.on('end', () => ((ended = true), wake?.()));
        res.on('error', () => ((ended = true), wake?.()));
        resolve({
          pid,
          async next(ms) {
            const until = performance.now() + ms;
            while (!events.length) {
              if (ended) throw new Error('the subscription ended without an event');
              const left = until - performance.now();
              if (left <= 0) throw new Error(`no event within ${ms} ms`);
              await new Promise<void>((done) => {
                const timer = setTimeout(done, left);
                wake = () => (clearTimeout(timer), done());
              });
              wake = null;
            }
            return events.shift();
          },
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens subscriptions until one lands on a worker other than `not` (round robin: a few tries). */
async function subscribeOn(port: number, query: string, pick: (pid: number) => boolean): Promise<Subscription> {
  for (let i = 0; i < 20; i++) {
    const s = await subscribe(port, query);
    if (pick(s.pid)) return s;
    s.close();
  }
  throw new Error('no subscription landed on the worker wanted');
}

async function askWorker(port: number, pick: (pid: number) => boolean, query: string, variables = {}, key?: string) {
  for (let i = 0; i < 20; i++) {
    const answer = await ask(port, query, variables, key);
    if (pick(answer.pid)) return answer;
  }
  throw new Error('no answer from the worker wanted');
}

function createKey(dataDir: string): string {
  const cli = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'keys', 'create', '--name', 'redis-test', '--scope', 'curate', '--data-dir', dataDir],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`papergraph keys create failed: ${cli.stderr}`);
  return cli.stdout.trim();
}

const ADD_PAPER = `mutation($input: AddPaperInput!) { addPaper(input: $input) { __typename
  ... on AddPaperPayload { change { seq } paper { id } } ... on UserError { message } } }`;
const GRAPH_CHANGED = 'subscription { graphChanged(kinds: [PAPER]) { change { seq op actor } node { ... on Paper { title year } } } }';

async function until(what: string, probe: () => boolean, ms = 15_000): Promise<void> {
  const end = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let redisPort = 0;
let redis: ChildProcess | null = null;
let server: Spawned | null = null;
let key = '';

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-redis-data-'));
  key = createKey(dataDir);
  server = await spawnServer({
    PAPERGRAPH_WORKERS: '2',
    PAPERGRAPH_DATA_DIR: dataDir,
    PAPERGRAPH_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    PAPERGRAPH_REDIS_CHANNEL: CHANNEL,
  });
  // Both workers connected to Redis (each says so once).
  await until('both workers connected to Redis', () => (server!.stderr.join('').match(/Redis at \S+: connected/g) ?? []).length >= 2);
});

afterAll(() => {
  server?.kill();
  for (const pid of workerPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  redis?.kill('SIGKILL');
});

describe('subscriptions through Redis across replicas', () => {
  it('a change written through one replica reaches a subscriber on the other, via the Redis channel', async () => {
    const s = server!;
    // A Redis client of the test's own on the channel: the event really goes through Redis.
    const listener = new Redis({ port: redisPort, host: '127.0.0.1' });
    const heard: string[] = [];
    await listener.subscribe(CHANNEL);
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    try {
      const subscription = await subscribe(s.port, GRAPH_CHANGED);
      const other = (pid: number) => pid !== subscription.pid;
      const title = 'Written through one replica, heard on the other';
      const written = await askWorker(s.port, other, ADD_PAPER, { input: { title, year: 2025 } }, key);
      expect(written.body.data!.addPaper.__typename).toBe('AddPaperPayload');
      expect(written.pid).not.toBe(subscription.pid);
      const seq = written.body.data!.addPaper.change.seq;
      const event = await subscription.next(5000);
      expect(event.data.graphChanged.change).toEqual({ seq, op: 'PAPER_ADD', actor: 'redis-test' });
      // Resolved on the subscriber's own replica, on a version that holds the change.
      expect(event.data.graphChanged.node).toEqual({ title, year: 2025 });
      subscription.close();
      await until('the test client to hear it on the channel', () => heard.length > 0, 5000);
      expect(heard.map((m) => JSON.parse(m).change.seq)).toContain(seq);
      // Published once (by the replica that wrote it), not by every replica.
      expect(heard.filter((m) => JSON.parse(m).change.seq === seq)).toHaveLength(1);
    } finally {
      listener.disconnect();
    }
  });

  it('Redis stopped: subscriptions end and are refused with a clear error, queries and writes go on; Redis back: they work again', async () => {
    const s = server!;
    const open = await subscribe(s.port, GRAPH_CHANGED);
    redis!.kill('SIGKILL');
    const stoppedAt = performance.now();
    // The open subscription ends with the error (not a hang).
    const ended = await open.next(10_000);
    expect(ended.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTIONS_UNAVAILABLE');
    expect(ended.errors[0].message).toMatch(/event bus \(Redis\) cannot be reached/);
    expect(performance.now() - stoppedAt).toBeLessThan(10_000);
    // A new subscription is refused at once, on either worker.
    for (let i = 0; i < 2; i++) {
      const refused = await subscribe(s.port, GRAPH_CHANGED);
      const first = await refused.next(3000);
      expect(first.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTIONS_UNAVAILABLE');
      refused.close();
    }
    // Queries and writes are unaffected.
    const query = await ask(s.port, '{ papers(first: 1) { totalCount } }');
    expect(query.status).toBe(200);
    expect(query.body.data!.papers.totalCount).toBeGreaterThan(40);
    const write = await ask(s.port, ADD_PAPER, { input: { title: 'Written while Redis is down', year: 2025 } }, key);
    expect(write.body.data!.addPaper.__typename).toBe('AddPaperPayload');
    expect(s.child.exitCode).toBeNull();

    // Redis back on the same port: both workers reconnect by themselves.
    const connectedBefore = (s.stderr.join('').match(/Redis at \S+: connected/g) ?? []).length;
    redis = await startRedis(redisPort);
    await until(
      'both workers to reconnect',
      () => (s.stderr.join('').match(/Redis at \S+: connected/g) ?? []).length >= connectedBefore + 2,
    );
    const again = await subscribe(s.port, GRAPH_CHANGED);
    const title = 'Written after Redis came back';
    const written = await askWorker(s.port, (pid) => pid !== again.pid, ADD_PAPER, { input: { title, year: 2026 } }, key);
    const event = await again.next(5000);
    expect(event.data.graphChanged.change.seq).toBe(written.body.data!.addPaper.change.seq);
    expect(event.data.graphChanged.node).toEqual({ title, year: 2026 });
    again.close();
  });
});

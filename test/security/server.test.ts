// The real HTTP server as a child process (`npm start`'s entry point on a free port): health and
// readiness, JSON request logs with the request id echoed, and a graceful SIGTERM that lets an
// in-flight request finish before the process exits 0 (test/server/ drains 20 at once).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/datasets.js';

const BIG_BIRD = 'query BigBird { paper(arxivId: "2007.14062") { title } }';

interface Server {
  child: ChildProcess;
  base: string;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** Starts src/server/main.ts on a free port (PORT=0) and resolves once it says where it listens. */
async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    // Its own data directory (one server per directory).
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PAPERGRAPH_LOG: 'json',
      PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-security-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join('')}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout.push(...chunk.split('\n').filter(Boolean));
      const listening = /Graph(?:i)?QL at (http:\/\/[\d.]+:\d+)\/graphql/.exec(chunk);
      if (listening) clearTimeout(timer), resolve(listening[1]);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr.join('')}`)));
  });
  return { child, base, stdout, stderr, exited };
}

const logLines = (server: Server) => server.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the HTTP server', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ PAPERGRAPH_SHUTDOWN_GRACE_MS: '20000' });
  });
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('is live (/health) and ready (/ready)', async () => {
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    expect((await fetch(`${server.base}/ready`)).status).toBe(200);
  });

  it('logs one JSON line per request with its id, operation, cost and duration, and echoes x-request-id', async () => {
    const response = await fetch(`${server.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'hostile-suite-1' },
      body: JSON.stringify({ query: BIG_BIRD, operationName: 'BigBird' }),
    });
    expect(response.headers.get('x-request-id')).toBe('hostile-suite-1');
    expect((await response.json()).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    const anonymous = await fetch(`${server.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: '{"query":"{ __typename }"}',
    });
    const generated = anonymous.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/); // an id it cannot trust is replaced
    await expect.poll(() => logLines(server).length).toBeGreaterThanOrEqual(2);
    const line = logLines(server).find((l) => l.requestId === 'hostile-suite-1');
    expect(line).toMatchObject({
      requestId: 'hostile-suite-1',
      method: 'POST',
      path: '/graphql',
      operationName: 'BigBird',
      cost: 2,
      status: 200,
      client: '127.0.0.1',
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(typeof line!.time).toBe('string');
    expect(logLines(server).find((l) => l.requestId === generated)).toMatchObject({ operationName: null, cost: 1 });
  });

  it('survives a client that goes away mid-request', async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${server.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '500' },
      });
      req.on('error', () => resolve());
      req.write('{"query": "{ papers(first: 100) { edges { node { ');
      setTimeout(() => (req.destroy(), resolve()), 100);
    });
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  });

  it('on SIGTERM stops accepting, lets the in-flight request finish, and exits 0', async () => {
    const body = JSON.stringify({ query: BIG_BIRD });
    let signalledAt = 0;
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${server.base}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          let text = '';
          res
            .setEncoding('utf8')
            .on('data', (c: string) => (text += c))
            .on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      // A slow client: half the body now, the rest after the server was told to stop.
      req.write(body.slice(0, 20));
      setTimeout(() => ((signalledAt = performance.now()), server.child.kill('SIGTERM')), 300);
      setTimeout(() => req.end(body.slice(20)), 900);
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Not ready, and a new connection gets a 503 while the last request is being answered.
    const late = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      request(
        `${server.base}/ready`,
        { agent: false },
        (res) => (res.resume(), resolve({ status: res.statusCode!, connection: res.headers.connection })),
      )
        .on('error', reject)
        .end();
    });
    expect(late.status).toBe(503);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(await server.exited).toBe(0);
    // Once its last request is answered and idle keep-alive connections have timed out (5 s), it
    // exits, without waiting out the 20 s grace period.
    expect(performance.now() - signalledAt).toBeLessThan(9000);
    expect(server.stderr.join('')).toMatch(/SIGTERM: closing, in-flight requests have 20000 ms to finish/);
    expect(server.stderr.join('')).not.toMatch(/grace period over/);
  });
});

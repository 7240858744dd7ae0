// The real server as a child process (`npm start`'s entry point on a free port), and raw HTTP
// clients that report what happened to each request: a status, or the socket error.

import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/datasets.js';

export interface Spawned {
  child: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; at: number }>;
  kill(): void;
}

export async function spawnServer(env: Record<string, string> = {}): Promise<Spawned> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    // Each server its own data directory: one server per directory (its lock), and tests run side by side.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-spawn-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: performance.now() })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join('')}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout.push(...chunk.split('\n').filter(Boolean));
      const listening = /Graph(?:i)?QL at http:\/\/[\d.]+:(\d+)\/graphql/.exec(chunk);
      if (listening) clearTimeout(timer), resolve(Number(listening[1]));
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr.join('')}`)));
  });
  return { child, port, stdout, stderr, exited, kill: () => void (child.exitCode === null && child.kill('SIGKILL')) };
}

export interface Outcome {
  status?: number;
  connection?: string;
  body?: string;
  /** The socket error (ECONNRESET, ECONNREFUSED, …) when there was no answer. */
  error?: string;
  /** Whether the request went out on a kept-alive connection. */
  reused?: boolean;
}

/** A JSON POST to /graphql; `slow` sends the body in two parts 300 ms apart; `onConnect` once connected. */
export function post(
  port: number,
  body: string,
  options: { agent?: Agent | false; slow?: boolean; onConnect?: () => void } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: options.agent ?? false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body: text, reused: req.reusedSocket }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, reused: req.reusedSocket }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, reused: req.reusedSocket }));
    req.on('socket', (socket) => (socket.connecting ? socket.once('connect', () => options.onConnect?.()) : options.onConnect?.()));
    if (options.slow) {
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    } else req.end(body);
  });
}

/** Sends raw bytes on a new connection (from `localAddress`, another loopback address, if given); resolves with what came back when the server closed it (or after `waitMs`). */
export function raw(
  port: number,
  text: string,
  waitMs = 5000,
  localAddress?: string,
): Promise<{ text: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let received = '';
    const timer = setTimeout(() => (socket.destroy(), resolve({ text: received, closedAfterMs: null })), waitMs);
    socket.setEncoding('utf8').on('data', (c: string) => (received += c));
    socket.on('close', () => (clearTimeout(timer), resolve({ text: received, closedAfterMs: performance.now() - started })));
    socket.on('error', () => {});
    socket.write(text);
  });
}

/** "200: 18, ECONNRESET: 2" */
export const tally = (outcomes: Outcome[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.error ?? String(o.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

/** An answer of `serve --workers N`: the worker's pid (x-papergraph-worker), the status and the body. */
export interface WorkerAnswer {
  pid: number;
  status: number;
  body: { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * A GraphQL POST on a new connection (the cluster's primary hands each connection to the next
 * worker), adding the answering worker's pid to `seen`; rejects after 10 s.
 */
export function askOnNewConnection(
  port: number,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
  seen?: Set<number>,
): Promise<WorkerAnswer> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => {
          const pid = Number(res.headers['x-papergraph-worker']);
          if (pid) seen?.add(pid);
          try {
            resolve({ pid, status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

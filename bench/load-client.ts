// The load generator: a second process, so the servers' event loop and CPU are theirs alone.
// It takes jobs over IPC from bench/load.ts, talks to 127.0.0.1 only, stops each job after a
// bounded number of requests or time, and checks every response it times (queries.ts).

import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { responseProblem, type QueryCase, type QueryName } from '../test/support/queries.js';

/** A server to ask: its URL, and whether every document should be made unique (no parse/validate cache can answer it). */
export interface Target {
  url: string;
  /** Sent as x-bench-side (with x-bench-case), so the server can log its CPU time per side and question. */
  label: string;
  uniqueDocuments?: boolean;
}

export interface LatencyJob {
  kind: 'latency';
  /** Each question goes to every target in turn (the first target rotates), so noise hits all alike. */
  targets: Target[];
  query: QueryName;
  document: string;
  cases: QueryCase[];
  /** Workers asking at once (each one target at a time). */
  concurrency: number;
  /** Questions asked (and checked) before timing starts. */
  warmup: number;
  /** Timed questions: at most this many, and no more once maxMs have passed (at least minRequests). */
  maxRequests: number;
  minRequests: number;
  maxMs: number;
}

export interface AutocannonJob {
  kind: 'autocannon';
  url: string;
  query: QueryName;
  document: string;
  cases: QueryCase[];
  connections: number;
  amount: number;
  maxSeconds: number;
  /**
   * Give every request a variable of its own (unused by the operation): no response cache can
   * answer it, while the parse, validation and compiled-query caches still do (bench/workers.ts
   * loads the real server, whose response cache is on).
   */
  uniqueVariables?: boolean;
}

export type Job = LatencyJob | AutocannonJob;

export interface TargetResult {
  /** Latency of each checked, correct response, in ms. */
  samples: number[];
  /** The question (index into cases) each sample answered. */
  cases: number[];
  failures: number;
  firstProblem: string | null;
}

export interface JobResult {
  /** Per target (latency jobs). */
  targets: TargetResult[];
  /** Autocannon's summary (autocannon jobs). */
  summary?: { p50: number; p90: number; p99: number; mean: number; rps: number; count: number };
  elapsedMs: number;
}

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => { stop(): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function bodyOf(document: string, c: QueryCase): string {
  return JSON.stringify({ query: document, variables: c.variables });
}

function loopback(url: string): URL {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`loopback only, not ${target.hostname}`);
  return target;
}

async function runLatency(job: LatencyJob): Promise<JobResult> {
  const urls = job.targets.map((t) => loopback(t.url));
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const bodies = job.cases.map((c) => bodyOf(job.document, c));
  let unique = 0;
  const post = (t: number, c: number) =>
    new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
      const body = job.targets[t].uniqueDocuments
        ? JSON.stringify({ query: `${job.document}\n# ${process.pid}-${unique++}`, variables: job.cases[c].variables })
        : bodies[c];
      const start = performance.now();
      const req = request(
        {
          host: urls[t].hostname,
          port: urls[t].port,
          path: urls[t].pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-bench-side': job.targets[t].label,
            'x-bench-case': String(c),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - start }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const results: TargetResult[] = job.targets.map(() => ({ samples: [], cases: [], failures: 0, firstProblem: null }));
  let next = 0;
  let timedStart = 0;
  const total = job.warmup + job.maxRequests;
  const enough = () =>
    next >= total || (next >= job.warmup + job.minRequests && timedStart > 0 && performance.now() - timedStart > job.maxMs);
  const worker = async () => {
    while (!enough()) {
      const i = next++;
      if (i === job.warmup) timedStart = performance.now();
      const c = i % job.cases.length;
      // Who goes first moves on with every question and every pass over the questions: the
      // side that asks a question second finds warm caches, and no question may favour one side.
      const first = i + Math.floor(i / job.cases.length);
      for (let k = 0; k < job.targets.length; k++) {
        const t = (first + k) % job.targets.length;
        const { status, text, ms } = await post(t, c);
        const problem = responseProblem(job.query, status, text, job.cases[c].expectedSize);
        if (problem) {
          results[t].failures++;
          results[t].firstProblem ??= `${job.query} case ${c}: ${problem}`;
        } else if (i >= job.warmup) {
          results[t].samples.push(ms);
          results[t].cases.push(c);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  agent.destroy();
  return { targets: results, elapsedMs: timedStart ? performance.now() - timedStart : 0 };
}

function runAutocannon(job: AutocannonJob): Promise<JobResult> {
  loopback(job.url);
  let failures = 0;
  let firstProblem: string | null = null;
  let sent = 0;
  const requests = job.cases.map((c, k) => ({
    method: 'POST',
    body: bodyOf(job.document, c),
    ...(job.uniqueVariables
      ? {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            body: JSON.stringify({ query: job.document, variables: { ...c.variables, benchRequest: sent++ } }),
          }),
        }
      : {}),
    onResponse: (status: number, body: string) => {
      const problem = responseProblem(job.query, status, body, c.expectedSize);
      if (problem) failures++, (firstProblem ??= `${job.query} case ${k}: ${problem}`);
    },
  }));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        amount: job.amount,
        requests,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      },
      (error, r) => {
        clearTimeout(watchdog);
        if (error) return reject(error);
        const rps = (r.requests.total / (performance.now() - started)) * 1000;
        resolve({
          targets: [{ samples: [], cases: [], failures: failures + r.non2xx + r.errors + r.timeouts, firstProblem }],
          elapsedMs: performance.now() - started,
          summary: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, rps, count: r.requests.total },
        });
      },
    );
    // Bounded in time as well as in requests: a slow server cannot hold the bench.
    const watchdog = setTimeout(() => instance.stop(), job.maxSeconds * 1000);
  });
}

process.on('message', (message: { id: number; job: Job | null }) => {
  if (!message.job) process.exit(0);
  const run = message.job.kind === 'latency' ? runLatency(message.job) : runAutocannon(message.job);
  run.then(
    (result) => process.send!({ id: message.id, result }),
    (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
  );
});
process.send!({ ready: true });

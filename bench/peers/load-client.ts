// The load generator of the peer comparison: a process of its own (forked by section.ts), so the
// servers' CPU is theirs alone. Each job is autocannon at N connections against one server for a
// bounded time, cycling through the questions; every response is checked against the answer that
// server gave before timing (byte for byte), and every body carries a fresh unused variable
// (`_n`), so no response cache can answer a request: each one is executed.

import { createRequire } from 'node:module';

export interface LoadJob {
  url: string;
  document: string;
  /** Variables of each question. */
  cases: Record<string, unknown>[];
  /** The server's own answer to each question (its response text), checked on every response. */
  expected: string[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  cacheHits: number;
  firstProblem: string | null;
}

type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => { stop(): void };
interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The JSON body of a question with its nonce, built from pre-serialised parts. */
export function bodyWithNonce(document: string, variables: Record<string, unknown>, nonce: number): string {
  const rest = JSON.stringify(variables).slice(1, -1);
  return `{"query":${JSON.stringify(document)},"variables":{"_n":${nonce}${rest ? `,${rest}` : ''}}}`;
}

let nonce = 0;

export function runLoad(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`loopback only, not ${url.hostname}`);
  let failures = 0;
  let cacheHits = 0;
  let firstProblem: string | null = null;
  const requests = job.cases.map((variables, c) => ({
    method: 'POST',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodyWithNonce(job.document, variables, nonce++) }),
    onResponse: (status: number, body: string, _context: unknown, headers: Record<string, string>) => {
      if (headers?.['x-response-cache'] === 'hit') cacheHits++;
      if (status === 200 && body === job.expected[c]) return;
      failures++;
      firstProblem ??= `case ${c}: HTTP ${status}: ${body.slice(0, 200)}`;
    },
  }));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.seconds,
        requests,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      },
      (error, r) => {
        if (error) return reject(error);
        const elapsedMs = performance.now() - started;
        resolve({
          requests: r.requests.total,
          elapsedMs,
          rps: (r.requests.total / elapsedMs) * 1000,
          p50: r.latency.p50,
          p99: r.latency.p99,
          failures: failures + r.errors + r.timeouts,
          cacheHits,
          firstProblem: firstProblem ?? (r.errors + r.timeouts ? `${r.errors} errors, ${r.timeouts} timeouts` : null),
        });
      },
    );
  });
}

if (process.send) {
  process.on('message', (message: { id: number; job: LoadJob | null }) => {
    if (!message.job) process.exit(0);
    runLoad(message.job).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
    );
  });
  process.send({ ready: true });
}

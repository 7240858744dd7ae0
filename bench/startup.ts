// Cold start and peak RSS of the real server: `node dist/server/main.mjs --snapshot <file>`, the
// bundle a deployment runs (`npm run build`), each start a fresh process. The synthetic
// snapshot is written once per generator and format (cached in the temp directory).

import { execFileSync, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPERGRAPH_VERSION } from '../src/ingest/snapshot.js';
import { QUERIES, responseProblem } from '../test/support/queries.js';
import type { WriteReport } from './startup-child.js';

export type { WriteReport };

export interface StartupReport {
  /** From spawning `node` to the first query answered: Node, modules, snapshot, graph, store, listen, one query. */
  processToFirstAnswerMs: number;
  /** As the server logs them: reading the snapshot, building the graph, building the store. */
  readMs: number;
  graphMs: number;
  storeMs: number;
  /** The first paper query (Q1) after the first answer. */
  firstQ1Ms: number;
  /** The server process's peak resident set (VmHWM), after both queries. */
  peakRssBytes: number;
  /** When asked to wait for it: from spawn to the search index built in the background, and the peak RSS then. */
  searchReadyMs: number | null;
  searchPeakRssBytes: number | null;
  papers: number;
}

const CHILD = fileURLToPath(new URL('./startup-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SERVER = join(ROOT, 'dist/server/main.mjs');

/** Bundles the server into dist/ (npm run build): cold starts time what a deployment runs, not tsx. */
export function buildServer(): number {
  const started = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

/** Where the snapshot of the synthetic corpus at `scale` lives: named by what produces it, so a change rewrites it. */
export function syntheticSnapshotPath(scale: number): string {
  const hash = createHash('sha256');
  const inputs = [
    'test/support/synthetic.ts',
    'bench/startup-child.ts',
    'src/model/types.ts',
    'src/graph/pagerank.ts',
    ...readdirSync(join(ROOT, 'src/ingest'))
      .filter((f) => f.startsWith('snapshot'))
      .map((f) => `src/ingest/${f}`),
    // The stored search index (section derived:search) is built by these.
    ...readdirSync(join(ROOT, 'src/store'))
      .filter((f) => f.startsWith('search'))
      .map((f) => `src/store/${f}`),
  ];
  for (const file of inputs) hash.update(readFileSync(join(ROOT, file)));
  hash.update(PAPERGRAPH_VERSION); // written into the header
  const dir = join(tmpdir(), 'papergraph-bench');
  mkdirSync(dir, { recursive: true });
  return join(dir, `synthetic-x${scale}-${hash.digest('hex').slice(0, 12)}.pgs`);
}

/** The snapshot at `scale`, written by a child process unless an up-to-date one exists. */
export async function ensureSyntheticSnapshot(
  scale: number,
  heapMB: number,
  timeoutMs: number,
): Promise<{ file: string; written: WriteReport | null }> {
  const file = syntheticSnapshotPath(scale);
  if (existsSync(file)) return { file, written: null };
  const written = await new Promise<WriteReport>((resolve, reject) => {
    const child = fork(CHILD, ['write', String(scale), file], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMB}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { report?: WriteReport; error?: string } | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message: typeof answer) => {
      answer = message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.report) resolve(answer.report);
      else
        reject(new Error(answer?.error ?? `snapshot writer exited with ${signal ?? code} (out of memory or over ${timeoutMs / 1000} s?)`));
    });
  });
  return { file, written };
}

/**
 * `runs` cold starts of the built server from `file`, each in a fresh process; with
 * `waitForSearch`, each also waits for the search index the server builds after it listens.
 */
export async function coldStarts(file: string, runs: number, timeoutMs: number, waitForSearch = false): Promise<StartupReport[]> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: build first (npm run build)`);
  const reports: StartupReport[] = [];
  for (let i = 0; i < runs; i++) reports.push(await coldStart(file, timeoutMs, waitForSearch));
  return reports;
}

async function coldStart(file: string, timeoutMs: number, waitForSearch: boolean): Promise<StartupReport> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER, '--snapshot', file, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A fresh data directory per start: the server takes its lock, and the repository stays clean.
    env: { ...process.env, NODE_ENV: 'production', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-startup-')) },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited with ${signal ?? code} before answering: ${output.trim().split('\n').at(-1)}`)),
    ),
  );
  try {
    const deadline = started + timeoutMs;
    // The first answer: any paper, polled until the server listens.
    const first = await Promise.race([
      exited,
      (async () => {
        for (;;) {
          if (performance.now() > deadline) throw new Error(`no answer within ${timeoutMs / 1000} s`);
          const answer = await post(url, '{ papers(first: 1) { edges { node { id } } } }', {}).catch(() => null);
          if (answer) return answer;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })(),
    ]);
    const processToFirstAnswerMs = performance.now() - started;
    const id = first.data?.papers?.edges?.[0]?.node?.id;
    if (typeof id !== 'string') throw new Error(`first answer has no paper: ${JSON.stringify(first).slice(0, 200)}`);
    const q1Start = performance.now();
    const q1 = await post(url, QUERIES.Q1.document, { id });
    const firstQ1Ms = performance.now() - q1Start;
    const problem = responseProblem('Q1', 200, JSON.stringify(q1), QUERIES.Q1.sizeOf(q1.data));
    if (problem || !q1.data?.paper) throw new Error(`Q1 after start-up failed: ${problem ?? 'no paper'}`);
    const peakRssBytes = peakRssOf(child.pid!);
    let searchReadyMs: number | null = null;
    if (waitForSearch) {
      while (!/search index ready/.test(output)) {
        if (performance.now() > deadline) throw new Error(`search index not ready within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      searchReadyMs = performance.now() - started;
    }
    const seconds = (name: string) => Number(new RegExp(`${name} ([\\d.]+) s`).exec(output)?.[1] ?? NaN) * 1000;
    return {
      processToFirstAnswerMs,
      readMs: seconds('read'),
      graphMs: seconds('graph'),
      storeMs: seconds('store'),
      firstQ1Ms,
      peakRssBytes,
      searchReadyMs,
      searchPeakRssBytes: waitForSearch ? peakRssOf(child.pid!) : null,
      papers: Number(/([\d,]+) papers/.exec(output)?.[1].replace(/,/g, '') ?? NaN),
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: any }>;
}

/** Peak resident set of a live process (Linux /proc); NaN elsewhere. */
function peakRssOf(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

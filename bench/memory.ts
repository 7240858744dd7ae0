// Memory after load and search readiness (issue 15, item 4): `npm run bench:memory [-- --quick]
// [--no-server]`. For AAN (../shared/datasets/aan) and the synthetic ogbn-arxiv-sized graph (×1;
// --quick: AAN only), from a snapshot as `papergraph import` writes it:
// - in a fresh process (bench/memory-child.ts, full GC before each reading): the resident size
//   of the graph alone (loaded, no search index), what each item takes (the snapshot's columns
//   and typed arrays, the graph's objects, the search index), RSS once search is ready and after
//   a load of searches, and the ratio of that to the graph alone (goal ≤ 1.3×);
// - the built server (`node dist/server/main.mjs --snapshot`, as deployed): time from spawn to
//   the first answer and to "search index ready" (goal ≤ 2 s at ×1), RSS then and after the same
//   searches over HTTP.

import { fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPERGRAPH_VERSION } from '../src/ingest/snapshot.js';
import { AAN_FILES, missingAan } from './datasets.js';
import type { MemoryMeasure } from './memory-child.js';
import { SEARCH_ROUNDS } from './memory-load.js';
import { formatTable, megabytes, ms, ratio, verdict, type Table, writeResults } from './report.js';
import { buildServer, ensureSyntheticSnapshot } from './startup.js';

export const MEMORY_GOALS = { rssToGraph: 1.3, searchReadyMs: 2000 };

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const SERVER = join(ROOT, 'dist/server/main.mjs');

export interface ServerMemory {
  firstAnswerMs: number;
  searchReadyMs: number;
  rssReady: number;
  rssQueried: number;
  peakRss: number;
  totals: number[];
}

/** Cold starts of the server per dataset (medians reported). */
const SERVER_RUNS = 3;

export interface MemoryResult {
  dataset: string;
  snapshotBytes: number;
  searchSectionBytes: number | null;
  /** The machine's load average (1 min) when the dataset was measured: timings under load are longer. */
  load: number;
  inProcess: MemoryMeasure;
  server: ServerMemory | null;
}

function runChild<T>(args: string[], heapMB = 4096, timeoutMs = 15 * 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(CHILD, args, {
      execArgv: ['--import', 'tsx', '--expose-gc', `--max-old-space-size=${heapMB}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: { report?: T; error?: string } | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message: typeof answer) => (answer = message));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.report !== undefined) resolve(answer.report);
      else reject(new Error(answer?.error ?? `memory child exited with ${signal ?? code}`));
    });
  });
}

/** AAN's snapshot, written by a child unless an up-to-date one exists (named by what writes it). */
async function aanSnapshot(): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [
    'bench/memory-child.ts',
    ...readdirSync(join(ROOT, 'src/ingest'))
      .filter((f) => f.startsWith('snapshot'))
      .map((f) => `src/ingest/${f}`),
    ...readdirSync(join(ROOT, 'src/store'))
      .filter((f) => f.startsWith('search'))
      .map((f) => `src/store/${f}`),
  ];
  for (const file of inputs) hash.update(readFileSync(join(ROOT, file)));
  for (const file of AAN_FILES) hash.update(String(statSync(file).size));
  hash.update(PAPERGRAPH_VERSION);
  const dir = join(tmpdir(), 'papergraph-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `aan-${hash.digest('hex').slice(0, 12)}.pgs`);
  if (!existsSync(file)) await runChild<boolean>(['write-aan', file]);
  return file;
}

function searchSectionBytes(file: string): number | null {
  // The header is JSON after a 16-byte preamble (src/ingest/snapshot.ts).
  const bytes = readFileSync(file).subarray(0, 1 << 20);
  const length = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + length)) as { sections: { name: string; length: number }[] };
  return header.sections.find((s) => s.name === 'derived:search')?.length ?? null;
}

async function serverMemory(file: string, queries: string[], timeoutMs: number): Promise<ServerMemory> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER, '--snapshot', file, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-memory-')) },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    const deadline = started + timeoutMs;
    const wait = async (done: () => Promise<boolean> | boolean, what: string) => {
      while (!(await done())) {
        if (exited) throw new Error(`server exited before ${what}: ${output.trim().split('\n').at(-1)}`);
        if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await wait(async () => (await post(url, '{ papers(first: 1) { totalCount } }').catch(() => null)) !== null, 'answer');
    const firstAnswerMs = performance.now() - started;
    await wait(() => /search index ready/.test(output), 'search index');
    const searchReadyMs = performance.now() - started;
    const rssReady = procStatus(child.pid!, 'VmRSS');
    let totals: number[] = [];
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      totals = [];
      for (const q of queries) {
        const answer = await post(url, 'query($q: String!) { search(query: $q, first: 20) { totalCount edges { score node { id } } } }', {
          q,
        });
        totals.push(answer.data?.search?.totalCount ?? Number.NaN);
      }
    }
    return {
      firstAnswerMs,
      searchReadyMs,
      rssReady,
      rssQueried: procStatus(child.pid!, 'VmRSS'),
      peakRss: procStatus(child.pid!, 'VmHWM'),
      totals,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: any }>;
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
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

/** What each item takes once loaded: the snapshot's buffers, the graph's objects, the search index. */
function items(m: MemoryMeasure): { columns: number; objects: number; search: number } {
  return {
    columns: m.graph.external - m.start.external,
    objects: m.graph.heapUsed - m.start.heapUsed,
    search: m.search.heapUsed - m.graph.heapUsed + (m.search.external - m.graph.external),
  };
}

export function memoryTables(results: MemoryResult[]): Table[] {
  const breakdown: Table = {
    title: 'Memory after load (in process, full GC before each reading; RSS includes Node and the modules)',
    header: [
      'dataset',
      'graph alone: RSS',
      'snapshot columns',
      'graph objects',
      'search index',
      'largest item',
      'RSS, search ready',
      'RSS ÷ graph alone',
      `goal ≤ ${MEMORY_GOALS.rssToGraph}×, index not largest`,
      'RSS, after searches (÷ graph alone)',
    ],
    rows: results.map((r) => {
      const m = r.inProcess;
      const it = items(m);
      const largest =
        it.search >= it.columns && it.search >= it.objects
          ? 'search index'
          : it.columns >= it.objects
            ? 'snapshot columns'
            : 'graph objects';
      const loaded = m.search.rss / m.graph.rss;
      return [
        r.dataset,
        megabytes(m.graph.rss),
        megabytes(it.columns),
        megabytes(it.objects),
        megabytes(it.search),
        largest,
        megabytes(m.search.rss),
        ratio(loaded),
        verdict(loaded <= MEMORY_GOALS.rssToGraph && largest !== 'search index'),
        `${megabytes(m.queried.rss)} (${ratio(m.queried.rss / m.graph.rss)})`,
      ];
    }),
    notes: [
      'graph alone: the snapshot loaded as the server loads it, before any search. The goal is read once search is ready (after load);',
      "after searches adds what V8 keeps of the query load's garbage (chiefly its young generation, grown to 2 × 16 MB semi-spaces), reported.",
      ...results.map(
        (r) =>
          `${r.dataset}: snapshot ${megabytes(r.snapshotBytes)}${r.searchSectionBytes === null ? ' (no search section)' : `, of which the search section ${megabytes(r.searchSectionBytes)}`}; ` +
          `${r.inProcess.searches} searches in ${ms(r.inProcess.searchMs)} (${ms(r.inProcess.searchMs / r.inProcess.searches)} each); hits per query ${r.inProcess.totals.join(', ')}`,
      ),
    ],
  };
  const ready: Table = {
    title: `Search readiness (built server, node dist/server/main.mjs --snapshot, times from spawn, median of ${SERVER_RUNS} cold starts)`,
    header: [
      'dataset',
      'in process: search ready after load',
      'server: first answer',
      'server: search ready',
      'after the first answer',
      `goal ≤ ${MEMORY_GOALS.searchReadyMs / 1000} s (×1)`,
      'server RSS ready / after searches / peak',
    ],
    rows: results.map((r) => {
      const s = r.server;
      const synthetic = r.dataset.startsWith('synthetic');
      return [
        r.dataset,
        ms(r.inProcess.searchReadyMs),
        s ? ms(s.firstAnswerMs) : '—',
        s ? ms(s.searchReadyMs) : '—',
        s ? ms(s.searchReadyMs - s.firstAnswerMs) : '—',
        s && synthetic ? verdict(s.searchReadyMs <= MEMORY_GOALS.searchReadyMs) : '',
        s ? `${megabytes(s.rssReady)} / ${megabytes(s.rssQueried)} / ${megabytes(s.peakRss)}` : '—',
      ];
    }),
    notes: [
      ...results.map((r) => `${r.dataset}: machine load average ${r.load.toFixed(1)} (${cpus().length} cores) when measured`),
      ...results
        .filter((r) => r.server && r.server.totals.join() !== r.inProcess.totals.join())
        .map((r) => `FAILED ${r.dataset}: the server's hits per query (${r.server!.totals.join(', ')}) differ from in process`),
    ],
  };
  return [breakdown, ready];
}

export async function runMemory(options: { quick: boolean; server: boolean }): Promise<MemoryResult[]> {
  const datasets: { name: string; file: () => Promise<string> }[] = [];
  if (missingAan().length === 0) datasets.push({ name: 'AAN', file: aanSnapshot });
  else console.warn(`[bench:memory] skipping AAN: missing ${missingAan().join(', ')}`);
  if (!options.quick) datasets.push({ name: 'synthetic ×1', file: async () => (await ensureSyntheticSnapshot(1, 4096, 15 * 60_000)).file });
  if (options.server) buildServer();
  const results: MemoryResult[] = [];
  for (const d of datasets) {
    const file = await d.file();
    const inProcess = await runChild<MemoryMeasure>(['measure', file]);
    let server: ServerMemory | null = null;
    if (options.server) {
      // Cold starts vary with the machine's load: the median of a few, field by field.
      const starts: ServerMemory[] = [];
      for (let run = 0; run < SERVER_RUNS; run++) starts.push(await serverMemory(file, inProcess.queries, 120_000));
      const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      server = {
        firstAnswerMs: mid(starts.map((r) => r.firstAnswerMs)),
        searchReadyMs: mid(starts.map((r) => r.searchReadyMs)),
        rssReady: mid(starts.map((r) => r.rssReady)),
        rssQueried: mid(starts.map((r) => r.rssQueried)),
        peakRss: mid(starts.map((r) => r.peakRss)),
        totals: starts[0].totals,
      };
    }
    results.push({
      dataset: d.name,
      snapshotBytes: statSync(file).size,
      searchSectionBytes: searchSectionBytes(file),
      load: loadavg()[0],
      inProcess,
      server,
    });
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const results = await runMemory({ quick, server: !process.argv.includes('--no-server') });
  for (const table of memoryTables(results)) console.log(`${formatTable(table)}\n`);
  console.log(`results: ${writeResults(quick, { memory: results }, '-memory')}`);
}

// One process per core (issue 17, item 1): Q3 (a neighbourhood of depth 2, the explorer's
// question) from 10 connections against the built server (`node dist/server/main.mjs`, as a
// deployment runs it) on the synthetic ×1 snapshot (ogbn-arxiv size), with --workers 1 and
// --workers 2 side by side: the runs alternate (1, 2, 1, 2, …) so the machine's other load falls
// on both alike, and each side's figures are the median of its runs. Every request carries a
// variable of its own (unused by Q3), so the response cache, on in the real server, answers
// none: what is measured is executing Q3. Part of `npm run bench`; alone: `npm run bench:workers`
// (`-- --quick` for a short run).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUERIES } from '../test/support/queries.js';
import { syntheticStore } from './datasets.js';
import { type LoadClient, startLoadClient } from './load.js';
import { formatTable, ms, ratio, type Table } from './report.js';
import { buildServer, ensureSyntheticSnapshot } from './startup.js';
import { buildWorkload } from './workload.js';
import type { QueryCase } from '../test/support/queries.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SERVER = join(ROOT, 'dist/server/main.mjs');

export interface WorkersRun {
  workers: number;
  /** CPU the server's processes (primary and workers) used during the timed run, in cores (CPU seconds per second). */
  cores: number;
  /** Server CPU per request (ms). */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  failures: number;
  firstProblem: string | null;
}

export interface WorkersResult {
  /** Every run, in the order run. */
  runs: WorkersRun[];
  /** Per worker count: the median of its runs' p50, p99 and throughput. */
  sides: {
    workers: number;
    p50: number;
    p99: number;
    rps: number;
    requests: number;
    failures: number;
    cores: number;
    cpuPerRequest: number;
  }[];
  /** Load average (1 min) of the machine when the section began and ended: other work on it. */
  loadBefore: number;
  loadAfter: number;
  cores: number;
}

export interface WorkersSettings {
  /** Requests per run (autocannon `amount`), and its bound in seconds. */
  amount: number;
  maxSeconds: number;
  /** Runs per worker count (alternating). */
  rounds: number;
  /** Q3 questions drawn from the graph. */
  cases: number;
  /** Build dist/ first (the full bench builds it for the cold starts already). */
  build: boolean;
  log: (line: string) => void;
}

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

interface Served {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `node dist/server/main.mjs --snapshot file --workers n` on a free port; resolves once every worker listens. */
async function serveBuilt(snapshot: string, workers: number, timeoutMs: number): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER, '--snapshot', snapshot, '--port', String(port), '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PAPERGRAPH_LOG: 'off',
      PAPERGRAPH_RATE_LIMIT: '0/60s',
      // Nothing compacts or writes during the run: a fresh data directory per server.
      PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-workers-bench-')),
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`--workers ${workers}: not listening within ${timeoutMs / 1000} s: ${output.trim().split('\n').at(-1)}`));
    }, timeoutMs);
    const check = () => {
      const m = /Graph(?:i)?QL at (http:\/\/\S+\/graphql)/.exec(output);
      if (m) clearTimeout(timer), resolve(m[1]);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`--workers ${workers}: exited with ${signal ?? code}: ${output.trim().split('\n').at(-1)}`));
    });
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    child,
    url,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU seconds used so far by a process and its children that run (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number): number {
  const ticks = (p: number) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // not Linux
  }
  return (ticks(pid) + children.reduce((sum, c) => sum + ticks(c), 0)) / 100;
}

async function loadOnce(client: LoadClient, url: string, cases: QueryCase[], amount: number, maxSeconds: number) {
  return client.run({
    kind: 'autocannon',
    url,
    query: 'Q3',
    document: QUERIES.Q3.document,
    cases,
    connections: 10,
    amount,
    maxSeconds,
    uniqueVariables: true,
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function measureWorkers(settings: WorkersSettings): Promise<WorkersResult> {
  const { log } = settings;
  const loadBefore = loadavg()[0];
  if (settings.build || !existsSync(SERVER)) {
    log('  workers: building the server (npm run build)');
    buildServer();
  }
  const { file } = await ensureSyntheticSnapshot(1, 4096, 10 * 60_000);
  // The questions and their expected answer sizes, from the same generator as the snapshot.
  let cases: QueryCase[];
  {
    const synthetic = syntheticStore(1);
    cases = (await buildWorkload(synthetic.store, settings.cases)).Q3;
  }
  const client = await startLoadClient();
  const runs: WorkersRun[] = [];
  try {
    for (let round = 0; round < settings.rounds; round++) {
      for (const workers of [1, 2]) {
        const served = await serveBuilt(file, workers, 5 * 60_000);
        try {
          // Warm-up: every worker compiles Q3 and touches the graph before the timed run.
          await loadOnce(client, served.url, cases, Math.min(200, settings.amount), settings.maxSeconds);
          const cpuBefore = cpuSeconds(served.child.pid!);
          const result = await loadOnce(client, served.url, cases, settings.amount, settings.maxSeconds);
          const cpu = cpuSeconds(served.child.pid!) - cpuBefore;
          const s = result.summary!;
          const run = {
            workers,
            cores: cpu / (result.elapsedMs / 1000),
            cpuPerRequest: s.count ? (cpu * 1000) / s.count : 0,
            p50: s.p50,
            p99: s.p99,
            rps: s.rps,
            requests: s.count,
            failures: result.targets[0].failures,
            firstProblem: result.targets[0].firstProblem,
          };
          runs.push(run);
          log(
            `  workers: round ${round + 1}, --workers ${workers}: p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, ${run.rps.toFixed(0)} req/s (${run.requests} requests, ${run.failures} failed), server CPU ${run.cores.toFixed(2)} cores, ${ms(run.cpuPerRequest)} per request`,
          );
        } finally {
          await served.stop();
        }
      }
    }
  } finally {
    await client.close();
  }
  const sides = [1, 2].map((workers) => {
    const mine = runs.filter((r) => r.workers === workers);
    return {
      workers,
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      rps: median(mine.map((r) => r.rps)),
      requests: mine.reduce((n, r) => n + r.requests, 0),
      failures: mine.reduce((n, r) => n + r.failures, 0),
      cores: median(mine.map((r) => r.cores)),
      cpuPerRequest: median(mine.map((r) => r.cpuPerRequest)),
    };
  });
  return { runs, sides, loadBefore, loadAfter: loadavg()[0], cores: cpus().length };
}

export function workersTable(result: WorkersResult, suffix = ''): Table {
  const [one, two] = result.sides;
  return {
    title: `Q3 at 10 connections, --workers 1 vs 2, built server on synthetic ×1${suffix}`,
    header: ['workers', 'p50', 'p99', 'req/s', 'requests', 'failed', 'server CPU', 'CPU/request', 'p99 vs 1', 'req/s vs 1'],
    rows: result.sides.map((s) => [
      String(s.workers),
      ms(s.p50),
      ms(s.p99),
      s.rps.toFixed(0),
      String(s.requests),
      String(s.failures),
      `${s.cores.toFixed(2)} cores`,
      ms(s.cpuPerRequest),
      ratio(s.p99 / one.p99),
      ratio(s.rps / one.rps),
    ]),
    notes: [
      `median of ${result.runs.length / 2} alternating run(s) per side; every request unique to the response cache`,
      `${result.cores} cores; load average ${result.loadBefore.toFixed(1)} at the start, ${result.loadAfter.toFixed(1)} at the end (other work on the machine competes for the same cores)`,
      `2 workers: p99 ${ratio(two.p99 / one.p99)} of 1 worker's, throughput ${ratio(two.rps / one.rps)}; server CPU is what the server's processes got (CPU seconds per second): under other load a second worker can only go as fast as the cores it is given`,
    ],
  };
}

/** JSON for bench/results. */
export function workersJson(result: WorkersResult) {
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    ...result,
    loadBefore: r(result.loadBefore),
    loadAfter: r(result.loadAfter),
    runs: result.runs.map((x) => ({
      ...x,
      p50: r(x.p50),
      p99: r(x.p99),
      rps: r(x.rps),
      cores: r(x.cores),
      cpuPerRequest: r(x.cpuPerRequest),
    })),
    sides: result.sides.map((x) => ({
      ...x,
      p50: r(x.p50),
      p99: r(x.p99),
      rps: r(x.rps),
      cores: r(x.cores),
      cpuPerRequest: r(x.cpuPerRequest),
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const result = await measureWorkers({
    amount: quick ? 400 : 1500,
    maxSeconds: quick ? 10 : 25,
    rounds: quick ? 1 : 2,
    cases: quick ? 16 : 64,
    build: true,
    log,
  });
  console.log(formatTable(workersTable(result, quick ? ' (quick)' : '')));
}

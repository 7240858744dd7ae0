// The peer comparison of issue 15: papergraph (the built bundle, production profile, request log
// and rate limit off) against Apollo Server 4, plain graphql-yoga and Mercurius (jit) over the
// same AAN graph, each server a process of its own, load from another process (autocannon, 10
// connections), two rounds alternating the servers. Server CPU per request is read from
// /proc/<pid>/stat (utime + stime over the round ÷ requests), RSS after load from /proc/<pid>/status.
//
// `npm run bench:peers [-- --quick]` runs it alone; `npm run bench` runs it as a section.

import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pageRank } from '../../src/graph/pagerank.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { loadGraph } from '../../src/server/graph-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { aanStore, missingAan } from '../datasets.js';
import { buildServer } from '../startup.js';
import { firstDifference } from '../../test/support/peers/compare.js';
import { peerDataFromStore, PEER_LABELS, PEER_NAMES, type PeerData, type PeerName } from '../../test/support/peers/graph-data.js';
import type { LoadJob, LoadResult } from './load-client.js';
import { bodyWithNonce } from './load-client.js';
import { PEER_QUERIES, PEER_QUERY_NAMES, peerCases, QB_PAPER, type PeerQueryName } from '../../test/support/peers/queries.js';

export type ServerLabel = 'papergraph' | PeerName;
export const SERVER_LABELS: ServerLabel[] = ['papergraph', ...PEER_NAMES];

export interface PeerSettings {
  /** Questions drawn per query (QA, Q1; Q2 half as many). */
  cases: number;
  /** Untimed load per server and query before the first round. */
  warmupSeconds: number;
  /** Each timed round, per server and query. */
  roundSeconds: number;
  rounds: number;
  connections: number;
}

export const PEER_SETTINGS = {
  quick: { cases: 16, warmupSeconds: 1, roundSeconds: 1, rounds: 2, connections: 10 },
  full: { cases: 64, warmupSeconds: 1.5, roundSeconds: 3, rounds: 2, connections: 10 },
} satisfies Record<string, PeerSettings>;

/** One server's figures on one query, over all rounds. */
export interface ServerFigures {
  requests: number;
  /** Mean over the rounds. */
  rps: number;
  /** Mean of the rounds' p50; the worst round's p99 (ms). */
  p50: number;
  p99: number;
  /** Server CPU (user + system) over the rounds ÷ requests, ms. */
  cpuPerRequest: number;
  failures: number;
  cacheHits: number;
  firstProblem: string | null;
}

export interface QueryFigures {
  query: PeerQueryName;
  cases: number;
  /** Why the row fails before timing: a peer's answer differs from papergraph's (null: all equal). */
  differs: string[];
  servers: Partial<Record<ServerLabel, ServerFigures>>;
}

export interface PeerResults {
  dataset: string;
  papers: number;
  citations: number;
  settings: PeerSettings;
  queries: QueryFigures[];
  /** VmRSS after the last round, bytes. */
  rssAfterLoad: Partial<Record<ServerLabel, number>>;
  /** The 1-minute load average when the section started, and the cores. */
  loadAverage: number;
  skipped: string | null;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLOCK_TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** The process and its descendants (a server that forks workers is measured whole). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      let children = parents.get(ppid);
      if (!children) parents.set(ppid, (children = []));
      children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let k = 0; k < tree.length; k++) tree.push(...(parents.get(tree[k]) ?? []));
  return tree;
}

/** utime + stime of a process and its descendants, ms (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
export function cpuMs(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}

/** VmRSS of a process and its descendants, bytes. */
export function rssBytes(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const line = readFileSync(`/proc/${p}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'));
      total += Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
    } catch {
      // exited
    }
  }
  return total;
}

/** Resolves once the process has used under 2 % of a core for half a second (its start-up work done), or after `maxMs`. */
async function settled(pid: number, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  let before = cpuMs(pid);
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpuMs(pid);
    if (now - before < 10) return;
    before = now;
  }
}

interface ServerProcess {
  label: ServerLabel;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts a server process and waits until its output says it is ready; the URL is read from it. */
function startProcess(
  label: ServerLabel,
  args: string[],
  env: NodeJS.ProcessEnv,
  urlPattern: RegExp,
  readyPattern: RegExp,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${label} did not start within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`));
    }, timeoutMs);
    let url: string | null = null;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      url ??= output.match(urlPattern)?.[1] ?? null;
      if (url && readyPattern.test(output)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ label, pid: child.pid!, url, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

/** The load client process: jobs over IPC. */
async function startLoadClient() {
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`peer load client exited (${code}) before it was ready`)));
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; result?: LoadResult; error?: string }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(new Error(`peer load client: ${m.error}`));
    else w?.resolve(m.result!);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`peer load client exited (${code})`));
    waiting.clear();
  });
  return {
    run(job: LoadJob): Promise<LoadResult> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        // A job is bounded by its duration; far past it the client is stuck.
        const timer = setTimeout(() => (child.kill(), reject(new Error('peer load client stuck'))), job.seconds * 1000 + 60_000);
        waiting.set(id, { resolve: (r) => (clearTimeout(timer), resolve(r)), reject: (e) => (clearTimeout(timer), reject(e)) });
        child.send({ id, job });
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: -1, job: null });
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(() => (child.kill(), resolve()), 5000))]);
    },
  };
}

/**
 * The AAN graph as papergraph serves it: imported as `papergraph import` does (tabular importer,
 * no base), written as a snapshot with PageRank, read back as the server reads it; the peers'
 * data is copied out of a MemoryStore over that read-back graph.
 */
async function prepareData(dir: string, log: (line: string) => void) {
  const started = performance.now();
  const imported = await aanStore();
  const snapshot = join(dir, 'aan.pgs');
  writeSnapshot(snapshot, imported.store.graph.toCorpus(), { influence: pageRank(imported.store.graph) });
  const loaded = loadGraph({ snapshot });
  const store = new MemoryStore(loaded.graph, { influence: loaded.influence ?? undefined });
  const data = await peerDataFromStore(store);
  const dataFile = join(dir, 'peer-data.json');
  writeFileSync(dataFile, JSON.stringify(data));
  log(
    `  AAN: ${loaded.graph.papers.size.toLocaleString('en-US')} papers, ${loaded.graph.citations.length.toLocaleString('en-US')} citations; ` +
      `snapshot and peer data in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { snapshot, dataFile, data, papers: loaded.graph.papers.size, citations: loaded.graph.citations.length };
}

/** papergraph's bundle (npm run build) and the peers' entry, bundled the same way (dependencies from node_modules). */
async function buildBundles(): Promise<string> {
  buildServer();
  const out = join(ROOT, 'dist/bench/serve-peer.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/peers/serve-peer.ts'],
    outfile: out,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return out;
}

async function startServers(snapshot: string, dataFile: string, peerBundle: string, dataDir: string): Promise<ServerProcess[]> {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  const servers: ServerProcess[] = [];
  try {
    servers.push(
      await startProcess(
        'papergraph',
        ['dist/server/main.mjs', '--snapshot', snapshot, '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'],
        // One process, like each peer: production would otherwise start one worker per core
        // (serve --workers), whose processes' RSS would add up (bench/workers.ts measures workers).
        { ...base, PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_LOG: 'off', PAPERGRAPH_RATE_LIMIT: '0/60s', PAPERGRAPH_WORKERS: '1' },
        /Graph(?:i)?QL at (http:\/\/\S+\/graphql)/,
        /Graph(?:i)?QL at/,
        120_000,
      ),
    );
    // Measured once its search index is built (a search waits for it) and its start-up work is
    // done: background work would count as request CPU.
    const search = await post(servers[0].url, JSON.stringify({ query: '{ search(query: "parsing", first: 1) { totalCount } }' }));
    if (search.status !== 200) throw new Error(`papergraph: the warm-up search failed: HTTP ${search.status} ${search.text.slice(0, 300)}`);
    for (const name of PEER_NAMES)
      servers.push(await startProcess(name, [peerBundle, name, dataFile], base, /listening (http:\/\/\S+)/, /listening/, 60_000));
    for (const s of servers) await settled(s.pid, 30_000);
    return servers;
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}

async function post(url: string, body: string): Promise<{ status: number; text: string; cacheHit: boolean }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
  return { status: response.status, text: await response.text(), cacheHit: response.headers.get('x-response-cache') === 'hit' };
}

/**
 * Every question to every server: a peer's data must equal papergraph's (parsed JSON; papergraph's
 * `extensions` with its cost left aside), with no errors. Returns each server's answer texts (what
 * the load client checks) and the differences found.
 */
async function checkAnswers(servers: ServerProcess[], query: PeerQueryName, cases: Record<string, unknown>[]) {
  const expected = new Map<ServerLabel, string[]>(servers.map((s) => [s.label, []]));
  const differs: string[] = [];
  const document = PEER_QUERIES[query].document;
  for (const [c, variables] of cases.entries()) {
    const answers = await Promise.all(servers.map((s) => post(s.url, bodyWithNonce(document, variables, -1 - c))));
    const reference = JSON.parse(answers[0].text) as { data?: unknown; errors?: unknown[] };
    if (answers[0].status !== 200 || reference.errors?.length || !reference.data)
      differs.push(`papergraph case ${c}: HTTP ${answers[0].status} ${answers[0].text.slice(0, 200)}`);
    servers.forEach((s, k) => {
      expected.get(s.label)!.push(answers[k].text);
      if (k === 0) return;
      const got = JSON.parse(answers[k].text) as { data?: unknown; errors?: unknown[] };
      const problem =
        answers[k].status !== 200 || got.errors?.length
          ? `HTTP ${answers[k].status} ${answers[k].text.slice(0, 200)}`
          : firstDifference(got.data, reference.data);
      if (problem) differs.push(`${s.label} case ${c}: ${problem}`);
    });
  }
  return { expected, differs };
}

/** Runs the whole comparison; progress on `log`. */
export async function runPeerComparison(settings: PeerSettings, log: (line: string) => void): Promise<PeerResults> {
  const loadAverage = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const empty = { dataset: 'AAN', papers: 0, citations: 0, settings, queries: [], rssAfterLoad: {}, loadAverage };
  const missing = missingAan();
  if (missing.length) {
    if (process.env.PAPERGRAPH_REQUIRE_DATASETS === '1')
      throw new Error(`PAPERGRAPH_REQUIRE_DATASETS=1 but missing: ${missing.join(', ')}`);
    return { ...empty, skipped: `missing ${missing.join(', ')}` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-peers-'));
  let servers: ServerProcess[] = [];
  let client: Awaited<ReturnType<typeof startLoadClient>> | null = null;
  try {
    log('  peers: building papergraph (npm run build) and the peers’ entry');
    const peerBundle = await buildBundles();
    const prepared = await prepareData(dir, log);
    servers = await startServers(prepared.snapshot, prepared.dataFile, peerBundle, join(dir, 'data-dir'));
    log(`  peers: servers up (${servers.map((s) => `${s.label} pid ${s.pid}`).join(', ')})`);
    client = await startLoadClient();
    const cases = peerCases(prepared.data, settings.cases, QB_PAPER);
    const queries: QueryFigures[] = [];
    for (const query of PEER_QUERY_NAMES) {
      const { expected, differs } = await checkAnswers(servers, query, cases[query]);
      const figures: QueryFigures = { query, cases: cases[query].length, differs, servers: {} };
      queries.push(figures);
      if (differs.length) {
        log(`  ${query}: answers differ, not timed: ${differs[0]}`);
        continue;
      }
      const job = (s: ServerProcess, seconds: number): LoadJob => ({
        url: s.url,
        document: PEER_QUERIES[query].document,
        cases: cases[query],
        expected: expected.get(s.label)!,
        connections: settings.connections,
        seconds,
      });
      for (const s of servers) await client.run(job(s, settings.warmupSeconds));
      const rounds = new Map<ServerLabel, { result: LoadResult; cpu: number }[]>(servers.map((s) => [s.label, []]));
      for (let round = 0; round < settings.rounds; round++) {
        // Alternating: every other round runs the servers in reverse order (and later pairs of rounds
        // start one server on), so no server always runs first or last.
        const shift = Math.floor(round / 2);
        const order = servers.map((_, k) => servers[(k + shift) % servers.length]);
        for (const s of round % 2 ? order.reverse() : order) {
          const before = cpuMs(s.pid);
          const result = await client.run(job(s, settings.roundSeconds));
          rounds.get(s.label)!.push({ result, cpu: cpuMs(s.pid) - before });
        }
      }
      for (const s of servers) {
        const runs = rounds.get(s.label)!;
        const requests = runs.reduce((n, r) => n + r.result.requests, 0);
        figures.servers[s.label] = {
          requests,
          rps: runs.reduce((n, r) => n + r.result.rps, 0) / runs.length,
          p50: runs.reduce((n, r) => n + r.result.p50, 0) / runs.length,
          p99: Math.max(...runs.map((r) => r.result.p99)),
          cpuPerRequest: runs.reduce((n, r) => n + r.cpu, 0) / Math.max(1, requests),
          failures: runs.reduce((n, r) => n + r.result.failures, 0),
          cacheHits: runs.reduce((n, r) => n + r.result.cacheHits, 0),
          firstProblem: runs.find((r) => r.result.firstProblem)?.result.firstProblem ?? null,
        };
      }
      const f = figures.servers;
      log(
        `  ${query}: CPU per request ${SERVER_LABELS.map((l) => `${l === 'papergraph' ? l : PEER_LABELS[l]} ${f[l]!.cpuPerRequest.toFixed(3)} ms`).join(', ')}`,
      );
    }
    const rssAfterLoad = Object.fromEntries(servers.map((s) => [s.label, rssBytes(s.pid)]));
    return { ...empty, papers: prepared.papers, citations: prepared.citations, queries, rssAfterLoad, skipped: null };
  } finally {
    await client?.close();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

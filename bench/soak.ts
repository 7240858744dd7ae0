// A bounded soak: the real server (`npm start`'s entry point) as a child process on loopback,
// mixed normal and hostile traffic from N keep-alive connections for a fixed time, then a
// report: 5xx count (goal 0), latency of the normal queries, and the server's RSS.
// Usage: npm run soak -- [--duration 60] [--connections 50] [--hostile 0.3] [--warmup 15] [--seed 1] [--only 'alias flood']

import { mulberry32 } from '../test/support/synthetic.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    hostile: { type: 'string', default: '0.3' },
    warmup: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});
const DURATION_S = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);
const HOSTILE_SHARE = Number(flags.hostile);
const WARMUP_S = Math.min(Number(flags.warmup), DURATION_S / 2);
for (const [name, value] of Object.entries({ duration: DURATION_S, connections: CONNECTIONS, hostile: HOSTILE_SHARE, warmup: WARMUP_S })) {
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} must be a non-negative number, got "${flags[name as keyof typeof flags]}"`);
}

interface Shot {
  name: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A fresh body per request: hostile documents vary so no cache answers for the server. */
  body?: (n: number) => string;
  /** Send the body chunked, without a content-length. */
  chunked?: boolean;
}

const gql =
  (query: string, variables?: unknown): Shot['body'] =>
  () =>
    JSON.stringify({ query, variables });
const varied =
  (make: (n: number) => string): Shot['body'] =>
  (n) =>
    JSON.stringify({ query: `${make(n)}\n# ${n}` });
const times = (k: number, item: (i: number) => string) => Array.from({ length: k }, (_, i) => item(i)).join(' ');

function normalShots(ids: { bigBird: string }): Shot[] {
  return [
    {
      name: 'guide essentials',
      body: gql(
        'query GuideEssentials { collection(slug: "zeta-alpha-neurips-2020") { title entries(first: 10) { edges { node { rank paper { title year concepts(first: 3) { edges { role node { name } } } references(first: 5) { totalCount edges { node { title } } } } } } } } }',
      ),
    },
    {
      name: 'paper by arXiv id',
      body: gql(
        'query Paper($a: String) { paper(arxivId: $a) { title abstract authors(first: 10) { edges { node { name } } } citedBy(first: 10) { totalCount edges { node { title year } } } } }',
        { a: '2007.14062' },
      ),
    },
    {
      name: 'search',
      body: gql('query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { score node { id __typename } } } }', {
        q: 'contrastive learning',
      }),
    },
    {
      name: 'concept papers',
      body: gql(
        '{ concept(slug: "contrastive-learning") { name narrower { name } papers(first: 10) { totalCount edges { score node { title year } } } } }',
      ),
    },
    {
      name: 'neighbourhood',
      body: gql(
        'query Around($id: ID!) { neighborhood(id: $id, depth: 1, limit: 50) { truncated nodes { id __typename } edges { source target type } } }',
        { id: ids.bigBird },
      ),
    },
    {
      name: 'related papers',
      body: gql(
        'query Related($id: ID!) { relatedPapers(id: $id, first: 10) { score paper { title } evidence { sharedCiterCount sharedConcepts(first: 3) { name } } } }',
        { id: ids.bigBird },
      ),
    },
    {
      name: 'most cited, with facets',
      body: gql(
        '{ papers(first: 20, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { totalCount edges { node { title citationCount } } facets { byYear { value count } byConcept(first: 5) { value count } } } }',
      ),
    },
    { name: 'node by id', body: gql('query Node($id: ID!) { node(id: $id) { id ... on Paper { title year } } }', { id: ids.bigBird }) },
  ];
}

const ALL_HOSTILE: Shot[] = [
  { name: 'alias flood', body: varied(() => `{ ${times(1000, (i) => `a${i}: __typename`)} }`) },
  { name: 'field flood', body: varied(() => `{ paper(arxivId: "2007.14062") { ${times(3000, () => 'title')} } }`) },
  {
    name: 'quadratic fields at the limit',
    body: varied(() => `{ paper(arxivId: "2007.14062") { ${times(74, (i) => `references(first: ${i + 1}) { totalCount }`)} } }`),
  },
  {
    name: 'deep nesting',
    body: varied(
      () => `{ paper(arxivId: "2007.14062") { ${'references(first: 1) { edges { node { '.repeat(45)}id${' } } }'.repeat(45)} } }`,
    ),
  },
  {
    name: 'nested citedBy, depth 6, first 100',
    body: varied(
      () => `{ paper(arxivId: "1706.03762") { ${'citedBy(first: 100) { edges { node { '.repeat(6)}title${' } } }'.repeat(6)} } }`,
    ),
  },
  { name: 'fragment cycle', body: varied(() => '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }') },
  { name: 'directive flood', body: varied(() => `{ __typename ${times(51, () => '@include(if: true)')} }`) },
  { name: 'token flood', body: varied(() => `{ ${times(6000, () => '__typename')} }`) },
  { name: 'oversized body', body: (n) => JSON.stringify({ query: '{ __typename }', variables: { junk: 'x'.repeat(150_000 + (n % 7)) } }) },
  {
    name: 'oversized chunked body',
    chunked: true,
    body: () => JSON.stringify({ query: '{ __typename }', variables: { junk: 'y'.repeat(300_000) } }),
  },
  { name: 'malformed JSON', body: (n) => `{"query": "{ __typename }", "n": ${n}` },
  {
    name: 'deeply nested variables',
    body: () =>
      `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
  },
  {
    name: 'malformed global id',
    body: (n) => JSON.stringify({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: `${'💥'.repeat(5000)}${n}` } }),
  },
  {
    name: 'malformed cursor',
    body: (n) => JSON.stringify({ query: 'query($c: String) { papers(after: $c) { totalCount } }', variables: { c: `\u0000${n}` } }),
  },
  { name: 'GET without CSRF header', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ __typename }')}` },
  { name: 'text/plain POST', headers: { 'content-type': 'text/plain' }, body: gql('{ __typename }') },
  { name: 'batch over the limit', body: () => JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' }))) },
  { name: 'mutation', body: varied(() => 'mutation { deletePaper(id: "x") }') },
  {
    name: 'heavy but within budget',
    body: varied(
      () =>
        '{ papers(first: 100) { edges { node { references(first: 100) { edges { node { title citedBy(first: 20) { totalCount } } } } } } } }',
    ),
  },
];

/** --only narrows the hostile mix to the shots whose names contain it (to see what one costs). */
const HOSTILE = ALL_HOSTILE.filter((shot) => !flags.only || shot.name.includes(flags.only));

interface Sample {
  id: string;
  normal: boolean;
  name: string;
  status: number;
  ms: number;
  ok: boolean;
  at: number;
}

/** Starts the server on a free loopback port; resolves with its pid and base URL. */
async function startServer() {
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repo,
    // Production limits and switches; the rate limit off, since every connection is one client here.
    // Its JSON request log (on in production) gives the server's own time per request.
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PAPERGRAPH_PROFILE: 'production',
      PAPERGRAPH_RATE_LIMIT: '0/60s',
      PAPERGRAPH_LOG: 'json',
      // One process: the soak reads one server's request log and event-loop delay.
      PAPERGRAPH_WORKERS: '1',
      // Its own data directory (the server takes its lock).
      PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-soak-')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  /** The server's duration of each request, by the request id the soak gave it. */
  const serverMs = new Map<string, number>();
  let partial = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      const lines = (partial + c).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{')) {
          const entry = JSON.parse(line) as { requestId: string; durationMs: number };
          serverMs.set(entry.requestId, entry.durationMs);
        }
        const m = /Graph(?:i)?QL at (http:\/\/[\d.]+:\d+)\/graphql/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, base, exited, serverMs, stderr: () => stderr };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return kb / 1024;
}

function send(agent: Agent, base: string, shot: Shot, n: number, id: string): Promise<{ status: number; ok: boolean }> {
  return new Promise((resolve) => {
    const body = shot.body?.(n);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'x-request-id': id,
      ...shot.headers,
    };
    if (body !== undefined && !shot.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    if (shot.method === 'GET') delete headers['content-type'];
    const req = request(`${base}${shot.path ?? '/graphql'}`, { method: shot.method ?? 'POST', agent, headers, timeout: 30_000 }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (text += c))
        .on('end', () => {
          resolve({ status: res.statusCode ?? 0, ok: res.statusCode === 200 && !text.includes('"errors"') });
        });
    });
    // A refused upload may be cut by the server mid-body: that is the refusal, status 0 here.
    req.on('error', () => resolve({ status: 0, ok: false }));
    req.on('timeout', () => req.destroy());
    if (body !== undefined && shot.chunked) for (let at = 0; at < body.length; at += 16_384) req.write(body.slice(at, at + 16_384));
    req.end(shot.chunked ? undefined : body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

async function main(): Promise<void> {
  const server = await startServer();
  const pid = server.child.pid!;
  const rssIdle = rssMiB(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lookup = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ paper(arxivId: "2007.14062") { id } }' }),
  });
  const normals = normalShots({ bigBird: (await lookup.json()).data.paper.id });
  console.log(
    `soak: ${DURATION_S} s (${WARMUP_S} s warm-up), ${CONNECTIONS} connections, ${Math.round(HOSTILE_SHARE * 100)} % hostile; server pid ${pid} at ${server.base} (production profile, rate limit off)`,
  );

  const samples: Sample[] = [];
  // RSS every second: one reading lands anywhere in a GC cycle, so start and end are medians
  // over a window (the 10 s after the warm-up, the last 10 s).
  const rssSeries: [number, number][] = [[0, rssIdle]];
  const started = performance.now();
  const end = started + DURATION_S * 1000;
  const sampler = setInterval(() => rssSeries.push([(performance.now() - started) / 1000, rssMiB(pid)]), 1000);
  const next = mulberry32(Number(flags.seed));
  let n = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const hostile = next() < HOSTILE_SHARE;
      const pool = hostile ? HOSTILE : normals;
      const shot = pool[Math.floor(next() * pool.length)];
      const t0 = performance.now();
      const id = `soak-${n}`;
      const { status, ok } = await send(agent, server.base, shot, n++, id);
      samples.push({ id, normal: !hostile, name: shot.name, status, ms: performance.now() - t0, ok, at: t0 - started });
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  clearInterval(sampler);
  agent.destroy();
  server.child.kill('SIGTERM');
  const exitCode = await server.exited;

  const measured = samples.filter((s) => s.at >= WARMUP_S * 1000);
  const byStatus = new Map<number, number>();
  for (const s of samples) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const serverErrors = samples.filter((s) => s.status >= 500).length;
  const normal = measured.filter((s) => s.normal);
  const normalMs = normal.map((s) => s.ms).sort((a, b) => a - b);
  const normalFailures = samples.filter((s) => s.normal && !s.ok).length;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const window = Math.min(10, (DURATION_S - WARMUP_S) / 2);
  const rssStart = median(rssSeries.filter(([t]) => t >= WARMUP_S && t < WARMUP_S + window).map(([, r]) => r));
  const rssEnd = median(rssSeries.filter(([t]) => t >= DURATION_S - window).map(([, r]) => r));
  const rssMax = Math.max(...rssSeries.map(([, r]) => r));
  const growth = ((rssEnd - rssStart) / rssStart) * 100;
  const f = (x: number) => x.toFixed(1);
  const hostileNames = [...new Set(HOSTILE.map((h) => h.name))];
  console.log(
    `requests: ${samples.length} in ${DURATION_S} s (${Math.round(samples.length / DURATION_S)}/s): ${samples.filter((s) => s.normal).length} normal, ${samples.filter((s) => !s.normal).length} hostile`,
  );
  console.log(
    `statuses: ${[...byStatus]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => `${k === 0 ? 'cut by server' : k}: ${v}`)
      .join(', ')}`,
  );
  console.log(
    `hostile outcomes: ${hostileNames
      .map((name) => {
        const of = samples.filter((s) => s.name === name);
        const codes = [...new Set(of.map((s) => s.status))].sort().join('/');
        return `${name} ${codes} (p99 ${f(
          percentile(
            of.map((s) => s.ms).sort((a, b) => a - b),
            99,
          ),
        )} ms)`;
      })
      .join('; ')}`,
  );
  const normalServerMs = normal
    .map((s) => server.serverMs.get(s.id))
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  console.log(
    `normal queries after warm-up: ${normal.length}, p50 ${f(percentile(normalMs, 50))} ms, p90 ${f(percentile(normalMs, 90))} ms, p99 ${f(percentile(normalMs, 99))} ms, max ${f(normalMs.at(-1) ?? NaN)} ms ` +
      `at the client (queued behind ${CONNECTIONS - 1} others); in the server: p50 ${f(percentile(normalServerMs, 50))} ms, p99 ${f(percentile(normalServerMs, 99))} ms; not answered with data: ${normalFailures}`,
  );
  const every5s = rssSeries.filter(([t], i) => i === 0 || Math.round(t) % 5 === 0).map(([t, r]) => `${Math.round(t)}s ${Math.round(r)}`);
  console.log(
    `RSS (MiB): idle ${f(rssIdle)}; median of the ${window} s after warm-up ${f(rssStart)}, of the last ${window} s ${f(rssEnd)}: ` +
      `growth ${growth >= 0 ? '+' : ''}${f(growth)} % (goal < 10 %); max ${f(rssMax)}; every 5 s: ${every5s.join(', ')}`,
  );
  console.log(`5xx: ${serverErrors} (goal 0); server exit after SIGTERM: ${exitCode}`);
  const met = serverErrors === 0 && normalFailures === 0 && growth < 10 && exitCode === 0;
  console.log(met ? 'soak: all goals met' : 'soak: GOALS NOT MET');
  process.exitCode = met ? 0 : 1;
}

await main();

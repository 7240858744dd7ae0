// Can accepted worst-case requests hold the server hostage? The built server on a snapshot as a
// child process on loopback; N clients send one worst-case accepted request kind in a loop while
// one client sends cheap normal queries one after another. Reports the normal queries' p50/p99,
// the server's largest event-loop delay (perf_hooks.monitorEventLoopDelay, read over IPC), and how
// the worst-case requests were answered (ok, timed out, refused) and their worst time.
// Bounded: each scenario runs --seconds, then the server is killed (requests still in flight are
// counted as censored at the time they had waited).
// Usage: npx tsx bench/hostage.ts --snapshot aan.pgs [--server dist/server/main.mjs] [--kinds search,batch,bibtex,neighbourhood] [--flood 20] [--seconds 30]

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    snapshot: { type: 'string' },
    server: { type: 'string', default: fileURLToPath(new URL('../dist/server/main.mjs', import.meta.url)) },
    kinds: { type: 'string', default: 'search,batch,bibtex,neighbourhood' },
    flood: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    help: { type: 'boolean' },
  },
});
if (flags.help || !flags.snapshot) {
  process.stderr.write(
    'Usage: npx tsx bench/hostage.ts --snapshot aan.pgs [--server dist/server/main.mjs] [--kinds search,batch,bibtex,neighbourhood] [--flood 20] [--seconds 30]\n' +
      'Make the snapshot with: npx tsx src/cli/main.ts import --format tabular ../shared/datasets/aan/papers.jsonl ../shared/datasets/aan/citations.csv --out aan.pgs\n',
  );
  process.exit(flags.help ? 0 : 2);
}
const FLOOD = Number(flags.flood);
const SECONDS = Number(flags.seconds);
if (!existsSync(flags.server!)) throw new Error(`${flags.server} is missing: npm run build first`);

const word = (w: string) => Array.from({ length: Math.floor(200 / (w.length + 1)) }, () => w).join(' ');
const times = (k: number, item: (i: number) => string) => Array.from({ length: k }, (_, i) => item(i)).join('\n');
/** 30 aliased searches of a 200-character query of one word repeated. */
const searchFlood = (n: number) =>
  `{ ${times(30, (i) => `s${i}: search(query: "${word(i % 2 ? 'a' : 'and')}", first: 10) { totalCount edges { score } }`)} } # ${n}`;
const bibtex = (
  n: number,
) => `{ papers(first: 100, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { citedBy(first: 100) { edges { node { ...C } } } } } } }
fragment C on Paper { ${times(24, (i) => `c${i}: citation(format: BIBTEX)`)} } # ${n}`;
const neighbourhoods = (ids: string[]) => (n: number) =>
  `{ ${times(30, (i) => `n${i}: neighborhood(id: "${ids[i % ids.length]}", depth: 3, limit: 2000) { truncated nodes { id } }`)} } # ${n}`;

interface Kind {
  name: string;
  body: (n: number) => string;
}

async function main() {
  const results: Record<string, unknown>[] = [];
  for (const kind of flags.kinds!.split(',')) {
    const server = await startServer(flags.snapshot!, flags.server!);
    try {
      const ids = (
        await post(
          server.url,
          JSON.stringify({
            query: '{ papers(first: 30, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id } } } }',
          }),
          new Agent(),
        )
      ).json.data.papers.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
      // The search index builds in the background after start: wait for it.
      await post(server.url, JSON.stringify({ query: '{ search(query: "parsing", first: 1) { totalCount } }' }), new Agent());
      const kinds: Record<string, Kind> = {
        search: { name: '30 aliased 200-char searches', body: (n) => JSON.stringify({ query: searchFlood(n) }) },
        batch: {
          name: 'batch of 10 × 30 aliased searches',
          body: (n) => JSON.stringify(Array.from({ length: 10 }, (_, k) => ({ query: searchFlood(n * 10 + k) }))),
        },
        bibtex: { name: 'BibTeX 100×100 ×24', body: (n) => JSON.stringify({ query: bibtex(n) }) },
        neighbourhood: {
          name: '30 aliased neighbourhoods depth 3 limit 2000',
          body: (n) => JSON.stringify({ query: neighbourhoods(ids)(n) }),
        },
      };
      if (!kinds[kind]) throw new Error(`unknown kind ${kind}`);
      results.push({ kind: kinds[kind].name, ...(await scenario(server, kinds[kind], ids)) });
      process.stderr.write(`${JSON.stringify(results.at(-1))}\n`);
    } finally {
      server.child.kill('SIGKILL');
    }
  }
  console.table(results);
}

async function scenario(server: Server, kind: Kind, ids: string[]) {
  const normals = [
    JSON.stringify({
      query: 'query($id: ID!) { node(id: $id) { id ... on Paper { title year citationCount } } }',
      variables: { id: ids[3] },
    }),
    JSON.stringify({ query: '{ search(query: "dependency parsing", first: 10) { totalCount edges { score node { id } } } }' }),
    JSON.stringify({
      query: 'query($id: ID!) { neighborhood(id: $id, depth: 1, limit: 50) { truncated nodes { id } } }',
      variables: { id: ids[5] },
    }),
  ];
  await server.resetDelay();
  const end = performance.now() + SECONDS * 1000;
  const flood = { firstError: '', ok: 0, timedOut: 0, refused: 0, other: 0, worstMs: 0, inFlight: new Set<number>() };
  const floodAgent = new Agent({ keepAlive: true, maxSockets: FLOOD });
  let n = 0;
  const floodClient = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      flood.inFlight.add(started);
      const answer = await post(server.url, kind.body(n++), floodAgent).catch(() => null);
      flood.inFlight.delete(started);
      if (!answer) return;
      flood.worstMs = Math.max(flood.worstMs, performance.now() - started);
      const text = answer.text;
      if (answer.status !== 200) flood.refused++;
      else if (text.includes('EXECUTION_TIMEOUT')) flood.timedOut++;
      else if (text.includes('"errors"')) flood.other++, (flood.firstError ||= text.slice(0, 300));
      else flood.ok++;
    }
  };
  const latencies: number[] = [];
  const worstByNormal = normals.map(() => 0);
  let normalFailed = 0,
    normalError = '';
  let normalPending: number | null = null;
  const normalAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const normalClient = async () => {
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the flood start
    for (let k = 0; performance.now() < end; k++) {
      const started = (normalPending = performance.now());
      const answer = await post(server.url, normals[k % normals.length], normalAgent).catch(() => null);
      normalPending = null;
      if (!answer) return;
      if (answer.status !== 200 || answer.text.includes('"errors"')) normalFailed++, (normalError ||= answer.text.slice(0, 200));
      latencies.push(performance.now() - started);
      worstByNormal[k % normals.length] = Math.max(worstByNormal[k % normals.length], Math.round(performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const clients = [...Array.from({ length: FLOOD }, floodClient), normalClient()];
  await Promise.race([Promise.all(clients), new Promise((resolve) => setTimeout(resolve, SECONDS * 1000 + 200))]);
  const now = performance.now();
  // Still waiting at the end: censored at the time waited so far.
  if (normalPending !== null) latencies.push(now - normalPending);
  for (const started of flood.inFlight) flood.worstMs = Math.max(flood.worstMs, now - started);
  const delay = await server.maxDelay(5000).catch(() => NaN);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
  floodAgent.destroy();
  normalAgent.destroy();
  return {
    normalN: latencies.length,
    normalP50: q(0.5),
    normalP99: q(0.99),
    normalMax: Math.round(latencies.at(-1) ?? NaN),
    worstByNormal: worstByNormal.join('/'),
    normalFailed,
    normalError,
    maxLoopDelayMs: Math.round(delay),
    floodOk: flood.ok,
    floodTimedOut: flood.timedOut,
    floodRefused: flood.refused,
    floodOther: flood.other,
    floodUnanswered: flood.inFlight.size,
    worstFloodMs: Math.round(flood.worstMs),
    firstError: flood.firstError,
  };
}

interface Server {
  url: string;
  child: ChildProcess;
  resetDelay(): Promise<void>;
  maxDelay(timeoutMs: number): Promise<number>;
}

/** The server with a preloaded event-loop delay monitor that answers over IPC. */
async function startServer(snapshot: string, serverFile: string): Promise<Server> {
  const port = await freePort();
  const monitor = `const { monitorEventLoopDelay } = await import('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on('message', (m) => { if (m === 'reset') { h.reset(); process.send('reset'); } else process.send(h.max / 1e6); });
process.channel?.unref();`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(monitor)}`,
      serverFile,
      '--snapshot',
      snapshot,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Its own data directory (the server takes its lock).
      env: { ...process.env, NODE_ENV: 'development', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-hostage-')) },
    },
  );
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    if (performance.now() > deadline) throw new Error('server did not answer within 60 s');
    const ok = await post(url, JSON.stringify({ query: '{ __typename }' }), new Agent()).catch(() => null);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ask = (message: string, timeoutMs: number) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the monitor')), timeoutMs);
      child.once('message', (m) => (clearTimeout(timer), resolve(m)));
      child.send(message);
    });
  return { url, child, resetDelay: async () => void (await ask('reset', 5000)), maxDelay: async (t) => Number(await ask('max', t)) };
}

function post(url: string, body: string, agent: Agent): Promise<{ status: number; text: string; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

await main();

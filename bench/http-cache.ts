// HTTP caching and compression, measured over loopback on AAN (../shared/datasets/aan; the
// synthetic corpus when it is absent): the size of a ~1 MB neighbourhood as sent identity, gzip
// and brotli (and the time it takes to get it), and the round trip of a GET query answered by
// execution (response cache off), by the response cache (a hit), and by a 304 (If-None-Match,
// before parsing). Medians of sequential requests from this process.
//
//   npx tsx bench/http-cache.ts [--rounds 200]

import { Agent, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { createApp } from '../src/api/yoga.js';
import { createHttpServer } from '../src/server/http.js';
import type { MemoryStore } from '../src/store/memory-store.js';
import { aanStore, missingAan, syntheticStore } from './datasets.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 200;

interface Got {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
  ms: number;
}

function get(port: number, path: string, headers: Record<string, string>): Promise<Got> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: keepAlive }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const urlOf = (query: string, variables: Record<string, unknown>) =>
  `/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;

async function main() {
  const loaded = missingAan().length ? syntheticStore(1) : await aanStore();
  const store: MemoryStore = loaded.store;
  console.log(`graph: ${loaded.name}`);
  const cached = createApp({ store, graphiql: false });
  const uncached = createApp({ store, graphiql: false, responseCache: false });
  const servers = [createHttpServer(cached), createHttpServer(uncached)];
  const [port, uncachedPort] = [await listen(servers[0]), await listen(servers[1])];
  const accept = { accept: 'application/graphql-response+json' };

  // The most cited paper, and the neighbourhood around it that comes closest to 1 MB.
  const topAnswer = await (
    await fetch(
      `http://127.0.0.1:${port}${urlOf('{ papers(first: 1, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id title citationCount } } } }', {})}`,
      { headers: accept },
    )
  ).json();
  const hub = topAnswer.data.papers.edges[0].node;
  console.log(`start node: ${hub.title} (${hub.citationCount} citations)`);
  const NEIGHBOURHOOD = `query Around($id: ID!, $limit: Int!) {
  neighborhood(id: $id, depth: 2, limit: $limit) { truncated nodes { id __typename ... on Paper { title year citationCount authors(first: 10) { edges { node { name } } } } ... on Author { name } ... on Venue { name } } edges { source target type } }
}`;
  let limit = 2000;
  let identity = await get(port, urlOf(NEIGHBOURHOOD, { id: hub.id, limit }), accept);
  if (identity.bytes > 1_300_000) {
    limit = Math.floor((limit * 1_000_000) / identity.bytes);
    identity = await get(port, urlOf(NEIGHBOURHOOD, { id: hub.id, limit }), accept);
  }
  const url = urlOf(NEIGHBOURHOOD, { id: hub.id, limit });
  const sizes: Record<string, { bytes: number; ms: number }> = {};
  for (const [name, encoding] of [
    ['identity', ''],
    ['gzip', 'gzip'],
    ['br', 'br'],
  ] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 15; i++) {
      const got = await get(port, url, { ...accept, ...(encoding ? { 'accept-encoding': encoding } : {}) });
      if (encoding && got.headers['content-encoding'] !== encoding) throw new Error(`${encoding} not applied`);
      bytes = got.bytes;
      times.push(got.ms);
    }
    sizes[name] = { bytes, ms: median(times) };
  }
  const executed: number[] = [];
  for (let i = 0; i < 15; i++) executed.push((await get(uncachedPort, url, accept)).ms);
  sizes['identity, executed (response cache off)'] = { bytes: identity.bytes, ms: median(executed) };
  console.log(`\nneighbourhood depth 2, limit ${limit} (response-cache hits; time = loopback round trip, median of 15):`);
  for (const [name, { bytes, ms }] of Object.entries(sizes))
    console.log(
      `  ${name.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${((100 * bytes) / sizes.identity.bytes).toFixed(1).padStart(5)} %  ${ms.toFixed(2)} ms`,
    );

  // Round trips of a paper page.
  const PAGE = `query PaperPage($id: ID!) { paper(id: $id) { title year venue { name } authors(first: 10) { edges { node { name } } } references(first: 20) { totalCount edges { node { id title year } } } citedBy(first: 20) { totalCount edges { node { id title year } } } } }`;
  const pageUrl = urlOf(PAGE, { id: hub.id });
  const first = await get(port, pageUrl, accept);
  const etag = first.headers.etag as string;
  const cases: [string, number, Record<string, string>][] = [
    ['200, executed (response cache off)', uncachedPort, accept],
    ['200, response-cache hit', port, accept],
    ['304, fast path (no execution)', port, { ...accept, 'if-none-match': etag }],
  ];
  console.log(`\npaper page of the start node (${first.bytes} bytes), median of ${rounds} sequential GETs:`);
  for (const [name, p, headers] of cases) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < rounds; i++) {
      const got = await get(p, pageUrl, headers);
      status = got.status;
      if (got.status !== 200 && got.status !== 304) throw new Error(`${name}: status ${got.status}`);
      times.push(got.ms);
    }
    console.log(`  ${name.padEnd(50)} ${median(times).toFixed(3)} ms  (status ${status})`);
  }
  keepAlive.destroy();
  for (const server of servers) server.close();
}

await main();

// Profiles one server answering one query shape under load from the second process: the CPU
// profile covers the load only, not the set-up. Writes <tmpdir>/papergraph-bench/<query>-<server>.cpuprofile
// (open it in Chrome DevTools, or summarise it with bench/profile-summary.ts).
// Usage: npx tsx bench/profile.ts [Q0..Q7] [papergraph|unbatched|graphql-js|yoga|floor] [seconds] [scale]

import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticStore } from './datasets.js';
import { startLoadClient } from './load.js';
import { QUERIES, type QueryName } from '../test/support/queries.js';
import { startServers, type ServerName } from './servers.js';
import { buildWorkload } from './workload.js';

const [query = 'Q1', server = 'papergraph', seconds = '10', scale = '1'] = process.argv.slice(2) as [QueryName, ServerName, string, string];
const { store } = syntheticStore(Number(scale));
const workload = await buildWorkload(store, 32);
const servers = await startServers(store);
const client = await startLoadClient();
const job = {
  kind: 'latency' as const,
  targets: [{ url: servers.urls[server], label: server }],
  query,
  document: QUERIES[query].document,
  cases: workload[query],
  concurrency: 2,
  warmup: 200,
  maxRequests: 1_000_000,
  minRequests: 1,
  maxMs: 1000,
};
await client.run(job);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const result = await client.run({ ...job, warmup: 0, maxMs: Number(seconds) * 1000 });
const { profile } = await session.post('Profiler.stop');
const dir = join(tmpdir(), 'papergraph-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${query}-${server}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));
const [{ samples, failures, firstProblem }] = result.targets;
console.log(`${query} on ${server}: ${samples.length} requests in ${seconds} s, ${failures} failures ${firstProblem ?? ''}\n${file}`);
session.disconnect();
await client.close();
await servers.close();

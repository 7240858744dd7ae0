// CPU per request of the three queries of issue 15 (QA: one paper, QB: a hub's citers and their
// references, QC: the most cited papers with two totalCounts) on the AAN graph served from a
// snapshot's columns, as the server serves it: papergraph's app (createApp, response cache off)
// answering sequential requests in process through its fetch handler (yoga and every plugin, no
// socket). Reports process CPU per request over many requests, and with --profile writes a CPU
// profile per query (summarise it with bench/profile-summary.ts).
// Usage: npx tsx bench/lean-queries.ts [--requests N] [--profile DIR] [--answers DIR] [QA QB QC]

import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/api/yoga.js';
import { aanSnapshotStore, LEAN_QUERIES, variablesOf, type LeanQuery } from '../test/support/lean-queries.js';
import { AAN_FILES } from './datasets.js';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { requests: { type: 'string', default: '2000' }, profile: { type: 'string' }, answers: { type: 'string' } },
  });
  const queries = (positionals.length ? positionals : Object.keys(LEAN_QUERIES)) as LeanQuery[];
  const requests = Number(values.requests);
  const store = await aanSnapshotStore(AAN_FILES);
  const app = createApp({ store, responseCache: false, graphiql: false });
  const ask = async (query: LeanQuery): Promise<string> => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: LEAN_QUERIES[query].document, variables: variablesOf(query) }),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${query}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  for (const query of queries) {
    const answer = await ask(query);
    if (values.answers) mkdirSync(values.answers, { recursive: true }), writeFileSync(join(values.answers, `${query}.json`), answer);
    for (let i = 0; i < Math.min(500, requests); i++) await ask(query); // warm up: compiled by graphql-jit, optimised by V8
    const measure = async (n: number) => {
      const start = process.cpuUsage();
      const wall = performance.now();
      for (let i = 0; i < n; i++) await ask(query);
      const cpu = process.cpuUsage(start);
      return { cpuMs: (cpu.user + cpu.system) / 1000 / n, wallMs: (performance.now() - wall) / n };
    };
    // Five rounds; the median and the least are reported (the machine is shared: other
    // processes' load inflates CPU time too, through caches and shared cores).
    const rounds: { cpuMs: number; wallMs: number }[] = [];
    for (let r = 0; r < 5; r++) rounds.push(await measure(requests));
    rounds.sort((a, b) => a.cpuMs - b.cpuMs);
    const { cpuMs, wallMs } = rounds[2];
    console.log(
      `${query}  CPU ${cpuMs.toFixed(3)} ms/request median, ${rounds[0].cpuMs.toFixed(3)} least (rounds ${rounds.map((r) => r.cpuMs.toFixed(3)).join(' ')})  wall ${wallMs.toFixed(3)} ms  answer ${answer.length} B  — ${LEAN_QUERIES[query].title}`,
    );
    if (values.profile) {
      mkdirSync(values.profile, { recursive: true });
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      await measure(requests);
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      withoutInspectorTime(profile);
      const file = join(values.profile, `${query}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.log(`   profile: ${file}`);
    }
  }
}

/**
 * The samples of the inspector's own start/stop calls carry the time before profiling began:
 * they are left out (zero time), so that shares are of the requests' time.
 */
function withoutInspectorTime(profile: {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}) {
  const inspector = new Set(profile.nodes.filter((n) => n.callFrame.functionName === 'dispatch').map((n) => n.id));
  profile.samples?.forEach((id, i) => {
    if (inspector.has(id) && profile.timeDeltas) profile.timeDeltas[i] = 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

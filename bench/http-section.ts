// The HTTP comparisons of issue 5, all over the same store and the same questions: papergraph
// vs the floor, with vs without loaders, graphql-jit (as shipped) vs graphql-js, parse/validate cache on vs
// off (every side of a query in the same interleaved rounds), and Q3 under 10 connections.

import { disagreements, sideBySide, type HttpSettings, type Side, type SideResult } from './http-bench.js';
import type { LoadClient } from './load.js';
import { QUERIES, QUERY_NAMES, type QueryName } from '../test/support/queries.js';
import type { RunningServers } from './servers.js';
import { meanSize, type Workload } from './workload.js';

export interface QueryComparison {
  query: QueryName;
  /** Mean answer size of its cases (see QueryShape.sizeOf). */
  meanSize: number;
  /** By side label: papergraph, floor, yoga, unbatched, graphql-js, cache-off. */
  sides: Record<string, SideResult>;
  /** Cases (of those compared) whose data differ from papergraph's, by server. */
  differs: Record<string, { compared: number; differ: number }>;
}

export interface LoadTest {
  server: string;
  connections: number;
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  failures: number;
  firstProblem: string | null;
}

const LOADER_QUERIES = new Set<QueryName>(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7']);
const CACHE_QUERIES = new Set<QueryName>(['Q0', 'Q1', 'Q2']);

export async function compareQueries(
  client: LoadClient,
  servers: RunningServers,
  workload: Workload,
  settings: HttpSettings,
  checkedCases: number,
  log: (line: string) => void,
  floorOnly = false,
): Promise<QueryComparison[]> {
  const out: QueryComparison[] = [];
  for (const query of QUERY_NAMES) {
    const cases = workload[query];
    const differs: QueryComparison['differs'] = {};
    for (const server of floorOnly ? (['floor'] as const) : (['floor', 'graphql-js'] as const)) {
      const compared = cases.slice(0, checkedCases);
      differs[server] = {
        compared: compared.length,
        differ: await disagreements(servers.urls.papergraph, servers.urls[server], query, compared),
      };
    }
    const sides: Side[] = [
      { label: 'papergraph', url: servers.urls.papergraph },
      { label: 'floor', url: servers.urls.floor },
      ...(floorOnly ? [] : [{ label: 'yoga', url: servers.urls.yoga }]),
      ...(floorOnly ? [] : [{ label: 'graphql-js', url: servers.urls['graphql-js'] }]),
      ...(LOADER_QUERIES.has(query) && !floorOnly ? [{ label: 'unbatched', url: servers.urls.unbatched }] : []),
      ...(CACHE_QUERIES.has(query) && !floorOnly ? [{ label: 'cache-off', url: servers.urls.papergraph, uniqueDocuments: true }] : []),
    ];
    const results = await sideBySide(client, query, cases, sides, settings, servers.cpu);
    const comparison = { query, meanSize: meanSize(cases), sides: Object.fromEntries(results.map((r) => [r.label, r])), differs };
    out.push(comparison);
    const pg = comparison.sides.papergraph,
      floor = comparison.sides.floor;
    log(
      `  ${query} ${QUERIES[query].title}: papergraph p50 ${pg.p50.toFixed(2)} ms, floor ${floor.p50.toFixed(2)} ms (${pg.count} + ${floor.count} requests)`,
    );
  }
  return out;
}

/** Q3 from 10 connections with autocannon, bounded by request count and time. */
export async function loadTestQ3(
  client: LoadClient,
  servers: RunningServers,
  workload: Workload,
  amount: number,
  maxSeconds: number,
): Promise<LoadTest[]> {
  const tests: LoadTest[] = [];
  for (const server of ['papergraph', 'floor'] as const) {
    const result = await client.run({
      kind: 'autocannon',
      url: servers.urls[server],
      query: 'Q3',
      document: QUERIES.Q3.document,
      cases: workload.Q3,
      connections: 10,
      amount,
      maxSeconds,
    });
    const s = result.summary!;
    const { failures, firstProblem } = result.targets[0];
    tests.push({ server, connections: 10, p50: s.p50, p99: s.p99, rps: s.rps, requests: s.count, failures, firstProblem });
  }
  return tests;
}

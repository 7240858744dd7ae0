// The peer comparison as tables (goals of issue 15) and as the rounded JSON kept in bench/results.

import { megabytes, ms, ratio, verdict, type Table } from '../report.js';
import { round } from '../stats.js';
import { PEER_LABELS, PEER_NAMES, type PeerName } from '../../test/support/peers/graph-data.js';
import { PEER_QUERIES } from '../../test/support/peers/queries.js';
import { SERVER_LABELS, type PeerResults, type QueryFigures, type ServerLabel } from './section.js';

/** papergraph ÷ Mercurius, in speed (peer CPU per request ÷ papergraph's): data-heavy queries and lookups. */
export const PEER_GOALS = { dataVsMercurius: 1.0, lookupVsMercurius: 0.7, vsApolloAndYoga: 1.0 };

const label = (s: ServerLabel) => (s === 'papergraph' ? 'papergraph' : PEER_LABELS[s]);

/** Speed of papergraph relative to `peer`: the peer's CPU per request ÷ papergraph's (> 1: papergraph cheaper). */
export function speedVs(q: QueryFigures, peer: PeerName): number | null {
  const pg = q.servers.papergraph?.cpuPerRequest,
    other = q.servers[peer]?.cpuPerRequest;
  return pg && other ? other / pg : null;
}

/** The peer with the lowest CPU per request on this query. */
export function bestPeer(q: QueryFigures): PeerName | null {
  let best: PeerName | null = null;
  for (const p of PEER_NAMES) {
    const cpu = q.servers[p]?.cpuPerRequest;
    if (cpu && (best === null || cpu < q.servers[best]!.cpuPerRequest)) best = p;
  }
  return best;
}

/** Answers that differ, bad responses, or a response cache answering (the comparison is of executions). */
const failed = (q: QueryFigures) =>
  q.differs.length > 0 || SERVER_LABELS.some((s) => (q.servers[s]?.failures ?? 0) > 0 || (q.servers[s]?.cacheHits ?? 0) > 0);

export function peerTables(results: PeerResults, mode: string): Table[] {
  const title = `papergraph vs peers (Apollo Server 4, plain yoga, Mercurius jit) over the same graph, ${results.dataset}, ${results.settings.connections} connections${mode}`;
  if (results.skipped)
    return [{ title, header: ['query', ''], rows: [], notes: [`skipped: ${results.skipped} (set up ../shared/datasets/aan to run it)`] }];
  const goalOf = (q: QueryFigures) => (PEER_QUERIES[q.query].kind === 'data' ? PEER_GOALS.dataVsMercurius : PEER_GOALS.lookupVsMercurius);
  const summary: Table = {
    title: `${title}: server CPU per request`,
    header: [
      'query',
      'papergraph',
      ...PEER_NAMES.map((p) => PEER_LABELS[p]),
      'speed ÷ Mercurius',
      '÷ Apollo',
      '÷ yoga',
      '÷ best peer',
      'goal',
      '',
    ],
    rows: results.queries.map((q) => {
      const vsM = speedVs(q, 'mercurius'),
        vsA = speedVs(q, 'apollo'),
        vsY = speedVs(q, 'yoga');
      const best = bestPeer(q);
      const pass = vsM === null || vsA === null || vsY === null ? null : vsM >= goalOf(q) && vsA >= 1 && vsY >= 1;
      return [
        `${q.query} ${PEER_QUERIES[q.query].title}`,
        ms(q.servers.papergraph?.cpuPerRequest),
        ...PEER_NAMES.map((p) => ms(q.servers[p]?.cpuPerRequest)),
        ratio(vsM),
        ratio(vsA),
        ratio(vsY),
        best ? `${ratio(speedVs(q, best))} (${best})` : '—',
        `≥ ${goalOf(q).toFixed(1)}× M, ≥ 1× A, Y`,
        verdict(pass, failed(q)),
      ];
    }),
    notes: [
      'Server CPU per request: utime + stime of the server process (/proc/<pid>/stat) over the timed rounds ÷ requests answered.',
      'speed ÷ X = X’s CPU per request ÷ papergraph’s (> 1×: papergraph does the same work for less). Goals (issue 15): data-heavy',
      `queries (QB, QC, Q2, Q7) ≥ ${PEER_GOALS.dataVsMercurius}× Mercurius, lookups (QA, Q1) ≥ ${PEER_GOALS.lookupVsMercurius}×, and ahead of Apollo and plain yoga on every query.`,
      'papergraph: dist/server/main.mjs (npm run build), PAPERGRAPH_PROFILE=production, PAPERGRAPH_LOG=off, PAPERGRAPH_RATE_LIMIT=0/60s, PAPERGRAPH_WORKERS=1 (one process, like each peer), its response cache as shipped;',
      'every request carries a fresh unused variable, so no answer comes from a cache (hits counted, must be 0). Peers: test/support/peers/, data copied',
      'from the same snapshot into Maps, per-request DataLoaders. Every answer of every peer was compared with papergraph’s before timing, and every',
      'timed response with that server’s checked answer. Not Q3–Q6: graph algorithms and a search index a peer would have to reimplement.',
      `Each server a process of its own; autocannon from another; ${results.settings.rounds} rounds × ${results.settings.roundSeconds} s per server and query after ${results.settings.warmupSeconds} s of warm-up,`,
      `servers alternating; ${results.papers.toLocaleString('en-US')} papers, ${results.citations.toLocaleString('en-US')} citations; load average ${results.loadAverage.toFixed(2)} at the start.`,
      ...results.queries.flatMap((q) => q.differs.slice(0, 3).map((d) => `FAILED ${q.query}: answers differ: ${d}`)),
      ...results.queries.flatMap((q) =>
        SERVER_LABELS.filter((s) => (q.servers[s]?.failures ?? 0) > 0).map(
          (s) => `FAILED ${q.query} on ${label(s)}: ${q.servers[s]!.failures} bad responses, first: ${q.servers[s]!.firstProblem}`,
        ),
      ),
      ...results.queries.flatMap((q) =>
        SERVER_LABELS.filter((s) => (q.servers[s]?.cacheHits ?? 0) > 0).map(
          (s) =>
            `FAILED ${q.query} on ${label(s)}: ${q.servers[s]!.cacheHits} response-cache hits (each request should have been executed)`,
        ),
      ),
    ],
  };
  const detail: Table = {
    title: `${title}: throughput and latency`,
    header: ['query', 'server', 'req/s', 'p50', 'p99', 'CPU / request', 'requests', ''],
    rows: results.queries.flatMap((q) =>
      SERVER_LABELS.filter((s) => q.servers[s]).map((s) => {
        const f = q.servers[s]!;
        return [
          q.query,
          label(s),
          f.rps.toFixed(0),
          ms(f.p50),
          ms(f.p99),
          ms(f.cpuPerRequest),
          String(f.requests),
          verdict(null, f.failures > 0 || f.cacheHits > 0),
        ];
      }),
    ),
    notes: [
      'req/s: mean over the rounds; p50: mean of the rounds’ medians; p99: the worst round’s (autocannon, ms; the load client shares the 2 cores).',
    ],
  };
  const memory: Table = {
    title: `${title}: RSS after load`,
    header: ['server', 'RSS after load', ''],
    rows: SERVER_LABELS.filter((s) => results.rssAfterLoad[s]).map((s) => [label(s), megabytes(results.rssAfterLoad[s]!), '']),
    notes: ['VmRSS of each server process (/proc/<pid>/status) after its last timed round.'],
  };
  return [summary, detail, memory];
}

/** The figures for bench/results/*.json, rounded. */
export function peerJson(results: PeerResults) {
  return {
    ...results,
    queries: results.queries.map((q) => ({
      ...q,
      servers: Object.fromEntries(
        Object.entries(q.servers).map(([s, f]) => [
          s,
          { ...f, rps: round(f.rps), p50: round(f.p50), p99: round(f.p99), cpuPerRequest: round(f.cpuPerRequest) },
        ]),
      ),
      speed: Object.fromEntries(PEER_NAMES.map((p) => [p, round(speedVs(q, p) ?? Number.NaN)])),
      bestPeer: bestPeer(q),
    })),
  };
}

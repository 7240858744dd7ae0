// Section results → tables with verdicts against the goals of issues 3, 4 and 5.

import type { CompactionResult, OverlayResult, ReplayResult, WriteRun } from './curation-results.js';
import type { KernelResult } from './kernels.js';
import type { SideResult } from './http-bench.js';
import type { QueryComparison, LoadTest } from './http-section.js';
import type { ImportTiming } from './imports.js';
import type { LoaderCost } from './loader-bench.js';
import { QUERIES } from '../test/support/queries.js';
import { megabytes, ms, pair, percent, ratio, verdict, type Table } from './report.js';
import type { StartupReport } from './startup.js';
import type { StoreCallCount } from './store-calls.js';
import { median, ratioByCase } from './stats.js';

export const GOALS = {
  floorRatio: 0.5,
  loaderCost: 0.1,
  q3p99Ms: 20,
  startMs: { 1: 2000, 10: 15000 } as Record<number, number>,
  rssBytes: { 1: 400 * 2 ** 20, 10: 3 * 2 ** 30 } as Record<number, number>,
  /** Q1–Q3 throughput with uncompacted changes / compacted (issue 12). */
  overlayRatio: 0.8,
  /** Start-up replay of 100,000 changes (issue 12). */
  replay: { changes: 100_000, ms: 2000 },
};
const FLOOR_GOAL_QUERIES = new Set(['Q1', 'Q2', 'Q3']);

/**
 * How much slower side a is than side b: server CPU per request when logged (immune to other
 * processes taking the CPU), else wall latency; question by question either way.
 */
export function sideRatio(a: SideResult, b: SideResult): number {
  return a.cpu.samples.length && b.cpu.samples.length ? ratioByCase(a.cpu, b.cpu) : ratioByCase(a.byCase, b.byCase);
}

/** "p50 / p99 (cpu p50)" of a side. */
const cell = (s: SideResult) => `${pair(s.p50, s.p99)}${s.cpu.samples.length ? ` (cpu ${ms(s.cpuP50)})` : ''}`;

const failedSide = (c: QueryComparison, label: string) => (c.sides[label]?.failures ?? 0) > 0;
const failureNotes = (comparisons: QueryComparison[]) =>
  comparisons.flatMap((c) =>
    Object.values(c.sides)
      .filter((s) => s.failures > 0)
      .map((s) => `FAILED ${c.query} on ${s.label}: ${s.failures} bad responses, first: ${s.firstProblem}`),
  );

export function floorTable(comparisons: QueryComparison[], dataset: string): Table {
  const withYoga = comparisons.some((c) => c.sides.yoga);
  return {
    title: `papergraph over HTTP vs the floor (bare node:http + graphql-jit + direct resolvers), ${dataset}, 1 connection`,
    header: ['query', 'answer size', 'papergraph', ...(withYoga ? ['yoga, no plugins'] : []), 'floor', 'speed vs floor', 'goal', ''],
    rows: comparisons.map((c) => {
      const pg = c.sides.papergraph,
        floor = c.sides.floor,
        yoga = c.sides.yoga;
      const speed = sideRatio(floor, pg);
      const goal = FLOOR_GOAL_QUERIES.has(c.query);
      const differ = c.differs.floor?.differ ?? 0;
      return [
        `${c.query} ${QUERIES[c.query].title}`,
        c.meanSize.toFixed(0),
        cell(pg),
        ...(withYoga ? [yoga ? cell(yoga) : '—'] : []),
        cell(floor),
        ratio(speed),
        goal ? `≥ ${GOALS.floorRatio}×` : '',
        verdict(goal ? speed >= GOALS.floorRatio : null, failedSide(c, 'papergraph') || failedSide(c, 'floor') || differ > 0),
      ];
    }),
    notes: [
      "Latency p50 / p99 as the client sees it; cpu: the server's CPU time per request (p50), immune to other processes on the box.",
      'speed vs floor = floor / papergraph server CPU per request, question by question (geometric mean of per-question medians).',
      "Every response is checked (no errors, answer size equal to the store's own answer),",
      'and the floor\'s answers are compared with papergraph\'s. "yoga, no plugins": the same schema and loaders on bare yoga.',
      ...comparisons
        .filter((c) => c.differs.floor?.differ)
        .map((c) => `FAILED ${c.query}: ${c.differs.floor.differ} of ${c.differs.floor.compared} answers differ from the floor's`),
      ...failureNotes(comparisons),
    ],
  };
}

export function loaderTables(comparisons: QueryComparison[], inProcess: LoaderCost[]): Table[] {
  const http = comparisons.filter((c) => c.sides.unbatched);
  return [
    {
      title: 'per-request loaders vs none (every load a store call), in process: graphql-js execute only',
      header: ['query', 'with loaders', 'without', 'loader cost', 'goal', ''],
      rows: inProcess.map((l) => [
        `${l.query} ${QUERIES[l.query].title}`,
        `${pair(l.batched.p50, l.batched.p99)} (cpu ${ms(l.batchedCpuP50)})`,
        `${pair(l.unbatched.p50, l.unbatched.p99)} (cpu ${ms(l.unbatchedCpuP50)})`,
        percent(l.cost),
        `≤ +${GOALS.loaderCost * 100} %`,
        verdict(l.cost <= GOALS.loaderCost),
      ]),
      notes: [
        'wall p50 / p99 (cpu p50). loader cost = with / without − 1 in CPU time, question by question (geometric mean of per-question medians);',
        'negative: batching saves time even in memory.',
      ],
    },
    {
      title: 'per-request loaders vs none, over HTTP (papergraph as served)',
      header: ['query', 'with loaders', 'without', 'loader cost', 'goal', ''],
      rows: http.map((c) => {
        const cost = sideRatio(c.sides.papergraph, c.sides.unbatched) - 1;
        return [
          `${c.query} ${QUERIES[c.query].title}`,
          cell(c.sides.papergraph),
          cell(c.sides.unbatched),
          percent(cost),
          `≤ +${GOALS.loaderCost * 100} %`,
          verdict(cost <= GOALS.loaderCost, failedSide(c, 'unbatched')),
        ];
      }),
      notes: ['loader cost = with / without − 1 in server CPU per request, question by question.'],
    },
  ];
}

export function jitTable(comparisons: QueryComparison[]): Table {
  return {
    title: 'graphql-js vs graphql-jit (papergraph as shipped, src/api/plugins/use-jit.ts), over HTTP',
    header: ['query', 'graphql-js', 'graphql-jit', 'jit speed-up', 'same answers', ''],
    rows: comparisons.map((c) => {
      const js = c.differs['graphql-js'];
      const same = js ? `${js.compared - js.differ}/${js.compared}` : '—';
      return [
        `${c.query} ${QUERIES[c.query].title}`,
        cell(c.sides['graphql-js']),
        cell(c.sides.papergraph),
        ratio(sideRatio(c.sides['graphql-js'], c.sides.papergraph)),
        same,
        verdict(null, failedSide(c, 'graphql-js') || (js?.differ ?? 0) > 0),
      ];
    }),
    notes: [
      'jit speed-up = graphql-js / graphql-jit server CPU per request, question by question; answers compared as JSON, question by question.',
      'Each (document, operation) is compiled on its second execution; the first runs on graphql-js.',
    ],
  };
}

export function cacheTable(comparisons: QueryComparison[]): Table {
  const rows = comparisons.filter((c) => c.sides['cache-off']);
  return {
    title: 'parse/validate cache on vs off (off: every document unique, so parsed and validated each time), over HTTP',
    header: ['query', 'cache on', 'cache off', 'cache speed-up', ''],
    rows: rows.map((c) => [
      `${c.query} ${QUERIES[c.query].title}`,
      cell(c.sides.papergraph),
      cell(c.sides['cache-off']),
      ratio(sideRatio(c.sides['cache-off'], c.sides.papergraph)),
      verdict(null, failedSide(c, 'cache-off')),
    ]),
    notes: [],
  };
}

export function loadTestTable(tests: LoadTest[], dataset: string): Table {
  const pg = tests.find((t) => t.server === 'papergraph')!,
    floor = tests.find((t) => t.server === 'floor')!;
  return {
    title: `Q3 neighborhood(depth 2, limit 500) under load: autocannon from a second process, 10 connections, ${dataset}`,
    header: ['server', 'requests', 'p50 / p99 (ms, autocannon)', 'req/s', 'req/s vs floor', 'goal', ''],
    rows: tests.map((t) => [
      t.server,
      String(t.requests),
      `${t.p50} / ${t.p99}`,
      t.rps.toFixed(0),
      ratio(t.rps / floor.rps),
      t === pg ? `p99 ≤ ${GOALS.q3p99Ms} ms` : '',
      verdict(t === pg ? t.p99 <= GOALS.q3p99Ms : null, t.failures > 0),
    ]),
    notes: [
      'autocannon reports whole milliseconds.',
      ...tests.filter((t) => t.failures).map((t) => `FAILED on ${t.server}: ${t.failures} bad responses, first: ${t.firstProblem}`),
    ],
  };
}

export function storeCallTable(count: StoreCallCount): Table {
  const methods = [...new Set([...Object.keys(count.batched), ...Object.keys(count.unbatched)])].sort();
  return {
    title: `store calls of one 3-level fan-out-10 query (papers per level: ${count.papersPerLevel.join(', ')})`,
    header: ['store method', 'with loaders', 'without', 'goal', ''],
    rows: [
      ...methods.map((m) => [
        m,
        String(count.batched[m] ?? 0),
        String(count.unbatched[m] ?? 0),
        '≤ 3',
        verdict((count.batched[m] ?? 0) <= 3),
      ]),
      [
        'total',
        String(Object.values(count.batched).reduce((a, b) => a + b, 0)),
        String(Object.values(count.unbatched).reduce((a, b) => a + b, 0)),
        '',
        '',
      ],
    ],
    notes: [],
  };
}

export function kernelTable(results: KernelResult[], title: string): Table {
  const value = (x: number | null, unit: string) => (x === null ? '—' : unit === 'ms' ? ms(x) : `${x.toFixed(1)} ${unit}`);
  return {
    title,
    header: ['operation', 'papergraph', 'graphology', 'graphology / papergraph', 'goal', ''],
    rows: results.map((r) => [
      r.name,
      value(r.papergraph, r.unit),
      value(r.graphology, r.unit),
      ratio(r.ratio),
      r.target === null ? '' : `< ${r.target} ${r.unit === 'ms' ? 'ms' : r.unit}`,
      verdict(r.pass),
    ]),
    notes: [],
  };
}

export function importTable(timings: ImportTiming[], skipped: string[]): Table {
  return {
    title: 'imports and snapshots (issue 4), in process',
    header: ['operation', 'input', 'median / max', 'goal', ''],
    rows: timings.map((t) => [
      t.name,
      t.input,
      pair(t.summary.p50, Math.max(...t.runs)),
      t.goalMs === null ? '' : `< ${ms(t.goalMs)}`,
      verdict(t.goalMs === null ? null : t.summary.p50 < t.goalMs),
    ]),
    notes: skipped.map((s) => `skipped: ${s}`),
  };
}

export interface StartupResult {
  scale: number;
  snapshotBytes: number;
  reports: StartupReport[];
}

export function startupTable(results: StartupResult[], skipped: string[]): Table {
  const rows: string[][] = [];
  for (const r of results) {
    const m = (pick: (s: StartupReport) => number) => median(r.reports.map(pick));
    const startGoal = GOALS.startMs[r.scale],
      rssGoal = GOALS.rssBytes[r.scale];
    const ready = m((s) => s.processToFirstAnswerMs);
    rows.push([
      `×${r.scale}: node dist/server/main.mjs --snapshot → first answer (${r.reports.length} run(s))`,
      `${megabytes(r.snapshotBytes)}, ${r.reports[0].papers.toLocaleString('en-US')} papers`,
      ms(ready),
      startGoal ? `≤ ${ms(startGoal)}` : '',
      verdict(startGoal ? ready <= startGoal : null),
    ]);
    rows.push([
      `×${r.scale}:   of which read ${ms(m((s) => s.readMs))}, graph ${ms(m((s) => s.graphMs))}, store ${ms(m((s) => s.storeMs))}; then Q1`,
      '',
      ms(m((s) => s.firstQ1Ms)),
      '',
      '',
    ]);
    const rss = m((s) => s.peakRssBytes);
    rows.push([
      `×${r.scale}: peak RSS at the first answers`,
      '',
      megabytes(rss),
      rssGoal ? `≤ ${megabytes(rssGoal)}` : '',
      verdict(rssGoal ? rss <= rssGoal : null),
    ]);
    if (r.reports[0].searchReadyMs !== null) {
      rows.push([
        `×${r.scale}: search index built in the background (MiniSearch), ready after`,
        '',
        ms(m((s) => s.searchReadyMs!)),
        '',
        '',
      ]);
      rows.push([`×${r.scale}: peak RSS with the search index`, '', megabytes(m((s) => s.searchPeakRssBytes!)), '', '']);
    }
  }
  return {
    title: 'cold start from a snapshot and peak RSS, each in a fresh process (median of runs)',
    header: ['measure', 'input', 'value', 'goal', ''],
    rows,
    notes: skipped.map((s) => `skipped: ${s}`),
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/** Acknowledged curation writes with 1 and 10 writers (issue 12: reported, no goal). */
export function writesTable(runs: WriteRun[], sizing = ''): Table {
  return {
    title: `curation writes acknowledged (validated, appended and synced, new version published), ${runs[0]?.seconds ?? 0} s per writer count in alternating rounds${sizing}`,
    header: [
      'corpus, writers',
      'papers',
      'writes',
      'writes/s',
      'p50',
      'p99',
      'writes per append',
      'ms per append: validate / append / apply / store',
      'refused',
      '',
    ],
    rows: runs.map((r) => [
      `${r.dataset}, ${r.writers} writer${r.writers === 1 ? '' : 's'}`,
      count(r.papers),
      count(r.writes),
      r.perSecond.toFixed(0),
      ms(r.p50),
      ms(r.p99),
      r.meanBatch.toFixed(1),
      [r.stages.validate, r.stages.append, r.stages.apply, r.stages.store].map((x) => x.toFixed(2)).join(' / '),
      String(r.failures),
      verdict(null, r.failures > 0),
    ]),
    notes: [
      'Each writer sends paper.update, concept.link (a score change), paper.add and citation.add from the paper it added, in turn; writers never collide.',
      'Group commit: writes that arrive while a batch is appended wait; the next batch is one append (one fsync) and one applyChanges.',
    ],
  };
}

/** Q1–Q3 throughput on the graph with uncompacted changes as a ratio to the same graph compacted. */
export function overlayTable(r: OverlayResult, sizing = ''): Table {
  return {
    title: `reads with ${count(r.changes)} uncompacted changes (${r.versions} versions of ${r.batch}) vs the same graph compacted, ${r.dataset}, in process, interleaved${sizing}`,
    header: ['query', 'with changes p50', 'compacted p50', 'throughput ratio', 'goal', ''],
    rows: r.reads.map((x) => [
      `${x.query} ${x.title}`,
      ms(x.changedP50),
      ms(x.compactedP50),
      x.ratio.toFixed(2),
      x.goal ? `≥ ${GOALS.overlayRatio}` : '(not a goal)',
      verdict(x.goal ? x.ratio >= GOALS.overlayRatio : null),
    ]),
    notes: [
      'Ratio: the geometric mean over questions of compacted time / time with the changes (1 = as fast; above 1 = faster with the changes).',
      'Changes of every kind a curator makes (test/store/versions-changes.ts); compacted = the graph rebuilt from its records, PageRank computed.',
      `The derived store vs one built afresh on the same changed graph (the store's part of the ratio): ${r.reads.map((x) => `${x.query} ${x.storeRatio.toFixed(2)}`).join(', ')}.`,
    ],
  };
}

/** Compaction time, and read p99 while it runs as a ratio to read p99 without it (issue 12: reported). */
export function compactionTable(r: CompactionResult, sizing = ''): Table {
  const times = r.runs.map((x) => x.ms);
  const steps = (k: keyof CompactionResult['runs'][0]['steps']) => ms(median(r.runs.map((x) => x.steps[k])));
  return {
    title: `compaction of ${count(r.changes)} changes, synthetic ×${r.scale} (${count(r.papers)} papers, ${count(r.citations)} citations), reads over HTTP meanwhile${sizing}`,
    header: ['measure', 'without compaction', 'during compaction', 'ratio', ''],
    rows: [
      [`compaction wall time (${r.runs.length} run${r.runs.length === 1 ? '' : 's'}, median)`, '', ms(median(times)), '', ''],
      [
        `  of which load / replay / PageRank / write`,
        '',
        `${steps('load')} / ${steps('replay')} / ${steps('pageRank')} / ${steps('write')}`,
        '',
        '',
      ],
      ...r.reads.map((x) => [
        `${x.query === 'all' ? 'Q1–Q3 pooled' : x.query} p99 (answers)`,
        `${ms(x.p99Without)} (${count(x.answersWithout)})`,
        `${ms(x.p99During)} (${count(x.answersDuring)})`,
        ratio(x.ratio),
        '',
      ]),
    ],
    notes: [
      'Compaction in a worker thread (lower CPU priority on Linux): the base snapshot loaded, the log replayed, PageRank, a new snapshot written.',
      'Reads: a second process asks Q1–Q3 at concurrency 4; "without" pools rounds before and after each compaction. Ratio = p99 during / p99 without.',
    ],
  };
}

/** Start-up replay of the log; the goal is for 100,000 changes (smaller runs are scaled linearly). */
export function replayTable(results: ReplayResult[]): Table {
  const scaled = results.some((r) => r.count !== GOALS.replay.changes);
  return {
    title: `start-up replay of the change log${scaled ? ` (scaled linearly to ${count(GOALS.replay.changes)} changes for the goal)` : ''}`,
    header: [
      'corpus',
      'changes',
      'replay',
      'CPU',
      'applyChanges / store',
      'reading the log alone',
      `for ${count(GOALS.replay.changes)}`,
      'goal',
      '',
    ],
    rows: results.map((r) => {
      const per = (r.totalMs * GOALS.replay.changes) / r.count;
      return [
        `${r.dataset} (${count(r.papers)} papers after)`,
        count(r.count),
        ms(r.totalMs),
        ms(r.cpuMs),
        `${ms(r.applyMs)} / ${ms(r.storeMs)}`,
        ms(r.readMs),
        r.count === GOALS.replay.changes ? ms(per) : `${ms(per)} (scaled)`,
        `≤ ${ms(GOALS.replay.ms)}`,
        verdict(per <= GOALS.replay.ms),
      ];
    }),
    notes: [
      'Changes: 30% paper.add, 30% citation.add, 20% concept.link, 20% paper.update, valid in order; replay = opening the curated graph on the base with the log.',
    ],
  };
}

// Side-by-side HTTP measurements: two or more servers (or settings) asked the same questions,
// each question of every side back to back, so drift of a noisy machine lands on every side
// alike; each side's latencies are pooled, and a comparison is a ratio of medians.

import type { LoadClient } from './load.js';
import { QUERIES, type QueryCase, type QueryName } from '../test/support/queries.js';
import type { CpuLog } from './servers.js';
import { median, summarize, type CaseSamples, type LatencySummary } from './stats.js';

export interface HttpSettings {
  /** Jobs per query; each asks every side every question. */
  rounds: number;
  warmup: number;
  /** Questions per round (each asked of every side). */
  maxRequests: number;
  minRequests: number;
  maxMs: number;
}

export interface Side {
  label: string;
  url: string;
  uniqueDocuments?: boolean;
}

export interface SideResult extends LatencySummary {
  label: string;
  /** Every latency with its question, for ratios question by question (stats.ratioByCase). */
  byCase: CaseSamples;
  /** The server's CPU ms per request, with its question (see servers.CpuLog); empty without a log. */
  cpu: CaseSamples;
  cpuP50: number;
  /** Requests per second of one connection, from the mean latency. */
  rps: number;
  failures: number;
  firstProblem: string | null;
}

/**
 * The sides of one query: each question is asked of every side back to back (who goes first
 * rotates), over `rounds` jobs of bounded length, so a busy machine's drift lands on all alike.
 */
export async function sideBySide(
  client: LoadClient,
  query: QueryName,
  cases: QueryCase[],
  sides: Side[],
  settings: HttpSettings,
  cpuLog?: CpuLog,
): Promise<SideResult[]> {
  const pooled = sides.map(() => ({
    samples: [] as number[],
    cases: [] as number[],
    cpu: { samples: [] as number[], cases: [] as number[] },
    failures: 0,
    firstProblem: null as string | null,
  }));
  for (let round = 0; round < settings.rounds; round++) {
    for (const side of sides) cpuLog?.take(side.label);
    const result = await client.run({
      kind: 'latency',
      targets: sides.map((s) => ({ url: s.url, label: s.label, uniqueDocuments: s.uniqueDocuments })),
      query,
      document: QUERIES[query].document,
      cases,
      concurrency: 1,
      warmup: round === 0 ? settings.warmup : Math.min(settings.warmup, 3),
      maxRequests: settings.maxRequests,
      minRequests: settings.minRequests,
      maxMs: settings.maxMs,
    });
    result.targets.forEach((t, s) => {
      pooled[s].samples.push(...t.samples);
      pooled[s].cases.push(...t.cases);
      if (cpuLog) {
        // Only the timed questions: the log also holds the warm-up.
        const cpu = cpuLog.take(sides[s].label);
        const skip = cpu.samples.length - t.samples.length - t.failures;
        pooled[s].cpu.samples.push(...cpu.samples.slice(Math.max(0, skip)));
        pooled[s].cpu.cases.push(...cpu.cases.slice(Math.max(0, skip)));
      }
      pooled[s].failures += t.failures;
      pooled[s].firstProblem ??= t.firstProblem;
    });
  }
  return sides.map((side, s) => {
    const summary = summarize(pooled[s].samples);
    const { samples, cases, cpu, failures, firstProblem } = pooled[s];
    return {
      label: side.label,
      ...summary,
      byCase: { samples, cases },
      cpu,
      cpuP50: median(cpu.samples),
      rps: summary.mean > 0 ? 1000 / summary.mean : 0,
      failures,
      firstProblem,
    };
  });
}

/** The `data` of one answer, for equality checks between servers (not timed). */
export async function dataOf(url: string, query: QueryName, c: QueryCase): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: QUERIES[query].document, variables: c.variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query} on ${url}: ${body.errors[0].message}`);
  return body.data;
}

/** Cases whose answers differ between two servers (compared as JSON text). */
export async function disagreements(a: string, b: string, query: QueryName, cases: QueryCase[]): Promise<number> {
  let differ = 0;
  for (const c of cases) {
    const [x, y] = await Promise.all([dataOf(a, query, c), dataOf(b, query, c)]);
    if (JSON.stringify(x) !== JSON.stringify(y)) differ++;
  }
  return differ;
}

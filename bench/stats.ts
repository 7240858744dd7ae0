// Small statistics for the bench: percentiles, medians, ratios question by question. Every
// figure the bench prints is a median, a percentile or a ratio of two measured the same way.

/** The p-th percentile (nearest rank) of samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface LatencySummary {
  /** Measured requests (each one checked). */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { count: samples.length, p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99), mean };
}

/** Milliseconds since `start` (a performance.now() reading). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Runs `fn` and returns its value with the wall time it took, in ms. */
export async function timedAsync<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/** Rounds for JSON output: 3 significant figures are all these machines can tell apart. */
export function round(x: number | null, digits = 3): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  if (x === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(x * factor) / factor;
}

/** Latencies, each tagged with the question (case) it answered. */
export interface CaseSamples {
  samples: number[];
  cases: number[];
}

/**
 * How much slower A is than B, question by question: the geometric mean over questions of
 * (A's median / B's median). Questions differ in cost by orders of magnitude; comparing each
 * with itself keeps a mix of cheap and dear ones from deciding a pooled median.
 */
export function ratioByCase(a: CaseSamples, b: CaseSamples): number {
  const byCase = (x: CaseSamples) => {
    const groups = new Map<number, number[]>();
    x.samples.forEach((ms, i) => {
      const list = groups.get(x.cases[i]);
      if (list) list.push(ms);
      else groups.set(x.cases[i], [ms]);
    });
    return new Map([...groups].map(([c, list]) => [c, median(list)]));
  };
  const ma = byCase(a),
    mb = byCase(b);
  let logSum = 0,
    n = 0;
  for (const [c, va] of ma) {
    const vb = mb.get(c);
    if (vb === undefined || !(va > 0) || !(vb > 0)) continue;
    logSum += Math.log(va / vb);
    n++;
  }
  return n ? Math.exp(logSum / n) : NaN;
}

// The bars of a timeline: one per year from the first to the last year given, zero where the
// API lists none (it leaves out years without papers).

export function timelineBars(counts: readonly { year: number; count: number }[]): { year: number; count: number }[] {
  if (counts.length === 0) return [];
  const byYear = new Map(counts.map((c) => [c.year, c.count]));
  const years = counts.map((c) => c.year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const bars: { year: number; count: number }[] = [];
  for (let year = first; year <= last; year++) bars.push({ year, count: byYear.get(year) ?? 0 });
  return bars;
}

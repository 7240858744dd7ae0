// Counters of the work requests make (postings scored, citations formatted): off unless a test
// or the cost calibration turns them on, so serving pays one boolean test for them. Here, the
// lowest layer, because the search index, the formatters and the API all count into it.

export type WorkKind = 'searchPostings' | 'searchResults' | 'citationsFormatted';

class WorkMeter {
  counting = false;
  private readonly counts = new Map<WorkKind, number>();

  add(kind: WorkKind, n: number): void {
    if (this.counting) this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  /** Counts what `run` does (the counters start from zero); counting stops when it settles. */
  async measure<T>(run: () => Promise<T>): Promise<{ result: T; counts: Record<WorkKind, number> }> {
    this.counts.clear();
    this.counting = true;
    try {
      const result = await run();
      return { result, counts: { searchPostings: 0, searchResults: 0, citationsFormatted: 0, ...Object.fromEntries(this.counts) } };
    } finally {
      this.counting = false;
    }
  }
}

/** The process's work counters. */
export const work = new WorkMeter();

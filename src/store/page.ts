// Pages of a list addressed by offsets: what a connection's first/after/last/before become
// once the API has decoded its cursors. The store resolves them, because only it knows the total.

/** A window request. `after`/`before` are exclusive offsets decoded from cursors. */
export interface PageRequest {
  first?: number | null;
  after?: number | null;
  last?: number | null;
  before?: number | null;
}

export interface Page<T> {
  items: T[];
  /** Offset of items[0] in the whole list. */
  start: number;
  totalCount: number;
}

/** The [start, end) slice of a list of `total` items that a request selects (Relay's algorithm on offsets). */
export function resolveSlice(total: number, request: PageRequest): { start: number; end: number } {
  let start = request.after != null ? Math.max(request.after + 1, 0) : 0;
  let end = request.before != null ? Math.min(request.before, total) : total;
  start = Math.min(start, total);
  if (end < start) end = start;
  if (request.first != null) end = Math.min(end, start + request.first);
  if (request.last != null) start = Math.max(start, end - request.last);
  return { start, end };
}

export function pageOf<T>(all: ArrayLike<T>, request: PageRequest): Page<T> {
  const { start, end } = resolveSlice(all.length, request);
  const items: T[] = new Array(end - start);
  for (let i = start; i < end; i++) items[i - start] = all[i];
  return { items, start, totalCount: all.length };
}

/** A stable string key for a request, so loaders can group keys that share one. */
export function pageKey(request: PageRequest): string {
  return `${request.first ?? ''}:${request.after ?? ''}:${request.last ?? ''}:${request.before ?? ''}`;
}

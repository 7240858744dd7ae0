// Compressed sparse row adjacency: the neighbours of node v are targets[offsets[v] .. offsets[v+1]).
// edgeIds[k] is the index of the edge record behind targets[k], so edge data (role, score,
// provenance) stays in plain arrays while traversal touches only typed arrays.

export interface Csr {
  /** offsets.length === nodeCount + 1 */
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Null where the edge records are known another way (citations: sorted by source). */
  edgeIds: Uint32Array | null;
}

/** Both directions of one edge set: `out` from source to target, `in` from target to source. */
export interface BiCsr {
  out: Csr;
  in: Csr;
}

/**
 * Builds a CSR with a counting sort. Stable: a node's neighbours keep the order their edges
 * had in the input (author order, say), which is why this is not a sort by target. Input
 * already grouped by source (a snapshot in graph order) is copied through in one pass.
 */
export function buildCsr(nodeCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>, withEdgeIds = true): Csr {
  const edgeCount = sources.length;
  const offsets = new Uint32Array(nodeCount + 1);
  let grouped = true;
  for (let e = 0; e < edgeCount; e++) {
    offsets[sources[e] + 1]++;
    if (e > 0 && sources[e] < sources[e - 1]) grouped = false;
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  if (grouped) {
    const edgeIds = withEdgeIds ? new Uint32Array(edgeCount) : null;
    if (edgeIds) for (let e = 0; e < edgeCount; e++) edgeIds[e] = e;
    return { offsets, targets: new Uint32Array(targets), edgeIds };
  }
  const cursor = offsets.slice(0, nodeCount);
  const out = new Uint32Array(edgeCount);
  const edgeIds = withEdgeIds ? new Uint32Array(edgeCount) : null;
  for (let e = 0; e < edgeCount; e++) {
    const k = cursor[sources[e]]++;
    out[k] = targets[e];
    if (edgeIds) edgeIds[k] = e;
  }
  return { offsets, targets: out, edgeIds };
}

export function buildBiCsr(sourceCount: number, targetCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>): BiCsr {
  return { out: buildCsr(sourceCount, sources, targets), in: buildCsr(targetCount, targets, sources) };
}

/**
 * Both directions with every neighbour list sorted ascending and no edge-id arrays. `order[k]`
 * is the input edge at position k of `out`, so records sorted by it line up with `out` one to
 * one; `in` lists are sorted too, since they are filled from `out` in source order.
 */
export function buildSortedBiCsr(
  sourceCount: number,
  targetCount: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
): { csr: BiCsr; order: Uint32Array } {
  const out = buildCsr(sourceCount, sources, targets);
  const order = out.edgeIds!;
  const t = out.targets;
  for (let v = 0; v < sourceCount; v++) {
    const start = out.offsets[v],
      end = out.offsets[v + 1];
    // Lists written in graph order (a snapshot of a built graph) are sorted already: one pass checks.
    let sorted = true;
    for (let k = start + 1; k < end && sorted; k++) sorted = t[k - 1] < t[k] || (t[k - 1] === t[k] && order[k - 1] < order[k]);
    if (sorted) continue;
    if (end - start <= 32) insertionSort(t, order, start, end);
    else sortPairs(t, order, start, end);
  }
  const inSources = new Uint32Array(t.length);
  for (let v = 0; v < sourceCount; v++) inSources.fill(v, out.offsets[v], out.offsets[v + 1]);
  const reversed = buildCsr(targetCount, t, inSources, false);
  return { csr: { out: { offsets: out.offsets, targets: t, edgeIds: null }, in: reversed }, order };
}

/** Sorts keys[start, end) ascending, ties by value, moving values along: short lists, in place. */
function insertionSort(keys: Uint32Array, values: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const key = keys[i],
      value = values[i];
    let j = i - 1;
    while (j >= start && (keys[j] > key || (keys[j] === key && values[j] > value))) {
      keys[j + 1] = keys[j];
      values[j + 1] = values[j];
      j--;
    }
    keys[j + 1] = key;
    values[j + 1] = value;
  }
}

/** The same for long lists (hubs): an index sort. */
function sortPairs(keys: Uint32Array, values: Uint32Array, start: number, end: number): void {
  const k = keys.slice(start, end),
    v = values.slice(start, end);
  const idx = Array.from({ length: end - start }, (_, i) => i).sort((a, b) => k[a] - k[b] || v[a] - v[b]);
  idx.forEach((i, j) => {
    keys[start + j] = k[i];
    values[start + j] = v[i];
  });
}

export function degree(csr: Csr, v: number): number {
  return csr.offsets[v + 1] - csr.offsets[v];
}

/** The neighbours of v, as a view (no copy). */
export function neighbours(csr: Csr, v: number): Uint32Array {
  return csr.targets.subarray(csr.offsets[v], csr.offsets[v + 1]);
}

/** The edge record ids of v's neighbours, in the same order as neighbours(csr, v). */
export function edgeIdsOf(csr: Csr, v: number): Uint32Array {
  if (!csr.edgeIds) throw new Error('this adjacency keeps no edge ids');
  return csr.edgeIds.subarray(csr.offsets[v], csr.offsets[v + 1]);
}

/** Position of `target` in v's sorted neighbour list, or -1 (neighbour lists sorted ascending). */
export function positionOf(csr: Csr, v: number, target: number): number {
  let lo = csr.offsets[v],
    hi = csr.offsets[v + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (csr.targets[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < csr.offsets[v + 1] && csr.targets[lo] === target ? lo : -1;
}

export function csrByteSize(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + (csr.edgeIds?.byteLength ?? 0);
}

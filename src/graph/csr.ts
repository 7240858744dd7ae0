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
 * had in the input (author order, say), which is why this is not a sort by target.
 */
export function buildCsr(nodeCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>, withEdgeIds = true): Csr {
  const edgeCount = sources.length;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[sources[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
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

export function buildBiCsr(
  sourceCount: number,
  targetCount: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
): BiCsr {
  return { out: buildCsr(sourceCount, sources, targets), in: buildCsr(targetCount, targets, sources) };
}

/**
 * Both directions with every neighbour list sorted ascending and no edge-id arrays. `order[k]`
 * is the input edge at position k of `out`, so records sorted by it line up with `out` one to
 * one; `in` lists are sorted too, since they are filled from `out` in source order.
 */
export function buildSortedBiCsr(
  sourceCount: number, targetCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>,
): { csr: BiCsr; order: Uint32Array } {
  const out = buildCsr(sourceCount, sources, targets);
  const order = out.edgeIds!;
  const pairs: number[] = [];
  for (let v = 0; v < sourceCount; v++) {
    const start = out.offsets[v], end = out.offsets[v + 1];
    if (end - start < 2) continue;
    pairs.length = 0;
    for (let k = start; k < end; k++) pairs.push(out.targets[k], order[k]);
    const idx = Array.from({ length: end - start }, (_, i) => i).sort((a, b) => pairs[2 * a] - pairs[2 * b] || pairs[2 * a + 1] - pairs[2 * b + 1]);
    idx.forEach((i, j) => { out.targets[start + j] = pairs[2 * i]; order[start + j] = pairs[2 * i + 1]; });
  }
  const inSources = new Uint32Array(out.targets.length);
  for (let v = 0; v < sourceCount; v++) inSources.fill(v, out.offsets[v], out.offsets[v + 1]);
  const reversed = buildCsr(targetCount, out.targets, inSources, false);
  return { csr: { out: { offsets: out.offsets, targets: out.targets, edgeIds: null }, in: reversed }, order };
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
  let lo = csr.offsets[v], hi = csr.offsets[v + 1];
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

// Compressed sparse row adjacency: the neighbours of node v are targets[offsets[v] .. offsets[v+1]).
// edgeIds[k] is the index of the edge record behind targets[k], so edge data (role, score,
// provenance) stays in plain arrays while traversal touches only typed arrays.

export interface Csr {
  /** offsets.length === nodeCount + 1 */
  offsets: Uint32Array;
  targets: Uint32Array;
  edgeIds: Uint32Array;
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
export function buildCsr(nodeCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>): Csr {
  const edgeCount = sources.length;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[sources[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, nodeCount);
  const out = new Uint32Array(edgeCount);
  const edgeIds = new Uint32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const k = cursor[sources[e]]++;
    out[k] = targets[e];
    edgeIds[k] = e;
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

export function degree(csr: Csr, v: number): number {
  return csr.offsets[v + 1] - csr.offsets[v];
}

/** The neighbours of v, as a view (no copy). */
export function neighbours(csr: Csr, v: number): Uint32Array {
  return csr.targets.subarray(csr.offsets[v], csr.offsets[v + 1]);
}

/** The edge record ids of v's neighbours, in the same order as neighbours(csr, v). */
export function edgeIdsOf(csr: Csr, v: number): Uint32Array {
  return csr.edgeIds.subarray(csr.offsets[v], csr.offsets[v + 1]);
}

export function csrByteSize(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + csr.edgeIds.byteLength;
}

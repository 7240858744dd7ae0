// PageRank over citations: a citation passes rank from the citing paper to the cited one.
// Pull-based over the `in` CSR so each node's new rank is one sequential sum (no scattered writes).

import type { BiCsr } from './csr.js';
import type { GraphTopology } from './hetero.js';

export interface PageRankOptions {
  /** The probability of following a citation rather than jumping to a random paper. */
  damping?: number;
  /** The most power iterations run. */
  iterations?: number;
  /** Stop early once the L1 change of one iteration falls below this. */
  tolerance?: number;
}

/** One rank per paper, summing to 1; papers that cite nothing spread their rank uniformly. */
export function pageRank(source: GraphTopology | BiCsr, options: PageRankOptions = {}): Float64Array {
  const { damping = 0.85, iterations = 20, tolerance } = options;
  if (!(damping >= 0 && damping <= 1)) throw new RangeError(`damping must be in [0, 1], got ${damping}`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`iterations must be a non-negative integer, got ${iterations}`);
  const cites = 'cites' in source ? source.cites : source;
  const inOffsets = cites.in.offsets;
  const citers = cites.in.targets;
  const outOffsets = cites.out.offsets;
  const n = inOffsets.length - 1;
  let rank = new Float64Array(n);
  if (n === 0) return rank;

  const inverseOutDegree = new Float64Array(n);
  let danglingCount = 0;
  for (let v = 0; v < n; v++) {
    const outDegree = outOffsets[v + 1] - outOffsets[v];
    if (outDegree > 0) inverseOutDegree[v] = 1 / outDegree;
    else danglingCount++;
  }
  const dangling = new Uint32Array(danglingCount);
  for (let v = 0, d = 0; v < n; v++) if (outOffsets[v + 1] === outOffsets[v]) dangling[d++] = v;

  rank.fill(1 / n);
  let next = new Float64Array(n);
  // share[u] is what u passes along each of its citations this iteration.
  const share = new Float64Array(n);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let danglingRank = 0;
    for (let d = 0; d < danglingCount; d++) danglingRank += rank[dangling[d]];
    for (let v = 0; v < n; v++) share[v] = rank[v] * inverseOutDegree[v];
    const base = (1 - damping) / n + (damping * danglingRank) / n;
    let change = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (let k = inOffsets[v], end = inOffsets[v + 1]; k < end; k++) sum += share[citers[k]];
      const value = base + damping * sum;
      change += Math.abs(value - rank[v]);
      next[v] = value;
    }
    [rank, next] = [next, rank];
    if (tolerance !== undefined && change < tolerance) break;
  }
  return rank;
}

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

function asInt32(array: Uint32Array): Int32Array {
  return new Int32Array(array.buffer, array.byteOffset, array.length);
}

export function csrByteSize(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + (csr.edgeIds?.byteLength ?? 0);
}

/** The reverse of `out` (sources < its node count), lists sorted by source; edge ids carried over from `out`. */
export function reverseCsr(out: Csr, targetCount: number): Csr {
  const sourceCount = out.offsets.length - 1;
  const sources = new Uint32Array(out.targets.length);
  for (let v = 0; v < sourceCount; v++) sources.fill(v, out.offsets[v], out.offsets[v + 1]);
  const reversed = buildCsr(targetCount, out.targets, sources);
  if (out.edgeIds) {
    const positions = reversed.edgeIds!;
    for (let k = 0; k < positions.length; k++) positions[k] = out.edgeIds[positions[k]];
  } else reversed.edgeIds = null;
  return reversed;
}

/** A node's new neighbour list: targets (in the index space of the edit) and the edge ref of each. */
export interface NeighbourList {
  targets: number[];
  refs: number[] | null;
}

/** What changed for one CSR direction (see patchCsr); indexes in the "edit" space: old nodes, then appended ones. */
export interface CsrEdit {
  /** Source nodes in the edit space (old count + appended). */
  count: number;
  /** Replaced neighbour lists, by source. */
  lists: ReadonlyMap<number, NeighbourList>;
  /** Edit space → final index (-1: removed) for sources; null when none moved. */
  sourceRemap: Int32Array | null;
  /** The same for targets. */
  targetRemap: Int32Array | null;
  /** Each old position's edge ref (edge ids, or row codes); null when the CSR carries none. */
  oldRefs: Uint32Array | Int32Array | null;
  /** Edge ref → final one; null when refs keep their values. */
  refRemap: Int32Array | null;
}

/**
 * A new CSR from an old one and replaced lists: O(V) for the offsets, and for the targets
 * bulk copies of the runs between replaced lists (a per-edge loop only when indexes shift).
 * `refs` comes back in the same positions (typed like oldRefs; null without them).
 */
export function patchCsr(old: Csr, edit: CsrEdit): { offsets: Uint32Array; targets: Uint32Array; refs: Uint32Array | Int32Array | null } {
  const oldCount = old.offsets.length - 1;
  const { count, lists, sourceRemap, targetRemap, refRemap } = edit;
  // Refs are read and written as Int32 whatever their type (edge ids are < 2^31): one element
  // kind keeps the per-edge loops monomorphic, and so optimized, across edge types.
  const refsAsUint = edit.oldRefs instanceof Uint32Array;
  const oldRefs = edit.oldRefs === null || edit.oldRefs instanceof Int32Array ? edit.oldRefs : asInt32(edit.oldRefs);
  let finalCount = count;
  if (sourceRemap) {
    finalCount = 0;
    for (let d = 0; d < count; d++) if (sourceRemap[d] >= 0) finalCount++;
  }
  if (lists.size === 0 && !sourceRemap && !targetRemap && !refRemap && count === oldCount)
    return { offsets: old.offsets, targets: old.targets, refs: edit.oldRefs };
  const dirty = [...lists.keys()].sort((a, b) => a - b);
  const degreeOf = (d: number) => (d < oldCount ? old.offsets[d + 1] - old.offsets[d] : 0);
  const offsets = new Uint32Array(finalCount + 1);
  if (!sourceRemap) {
    offsets.set(old.offsets.subarray(0, Math.min(oldCount, count) + 1));
    for (let d = oldCount; d < count; d++) offsets[d + 1] = offsets[oldCount];
    let delta = 0;
    for (let x = 0; x < dirty.length; x++) {
      const d = dirty[x];
      delta += lists.get(d)!.targets.length - degreeOf(d);
      const end = x + 1 < dirty.length ? dirty[x + 1] : count;
      if (delta !== 0) for (let v = d + 1; v <= end; v++) offsets[v] += delta;
    }
  } else {
    for (let d = 0; d < count; d++) {
      const f = sourceRemap[d];
      if (f >= 0) offsets[f + 1] = d < oldCount ? old.offsets[d + 1] - old.offsets[d] : 0;
    }
    for (const d of dirty) if (sourceRemap[d] >= 0) offsets[sourceRemap[d] + 1] = lists.get(d)!.targets.length;
    for (let f = 0; f < finalCount; f++) offsets[f + 1] += offsets[f];
  }
  if (lists.size === 0 && !sourceRemap && !targetRemap && !refRemap)
    // Only nodes appended (with no edges yet): the targets are shared.
    return { offsets, targets: old.targets, refs: edit.oldRefs };
  const edgeCount = offsets[finalCount];
  const targets = new Uint32Array(edgeCount);
  const refs = oldRefs ? new Int32Array(edgeCount) : null;
  const mapTarget = (t: number) => {
    const f = targetRemap ? targetRemap[t] : t;
    if (f < 0 || f === undefined) throw new RangeError(`an edge still refers to removed node ${t}`);
    return f;
  };
  const writeList = (list: NeighbourList, at: number) => {
    for (let k = 0; k < list.targets.length; k++) {
      targets[at + k] = mapTarget(list.targets[k]);
      if (refs) refs[at + k] = refRemap ? refRemap[list.refs![k]] : list.refs![k];
    }
  };
  if (!sourceRemap && !targetRemap && !refRemap) {
    // Runs of untouched lists are contiguous in both: copy them whole.
    let from = 0;
    const copyRun = (start: number, end: number) => {
      const e = Math.min(end, oldCount);
      if (start >= e) return;
      const a = old.offsets[start],
        b = old.offsets[e];
      targets.set(old.targets.subarray(a, b), offsets[start]);
      if (refs) refs.set(oldRefs!.subarray(a, b), offsets[start]);
    };
    for (const d of dirty) {
      copyRun(from, d);
      writeList(lists.get(d)!, offsets[d]);
      from = d + 1;
    }
    copyRun(from, count);
  } else {
    const isDirty = new Uint8Array(count);
    for (const d of dirty) isDirty[d] = 1;
    const oldOffsets = old.offsets,
      oldTargets = old.targets;
    for (let d = 0; d < count; d++) {
      const f = sourceRemap ? sourceRemap[d] : d;
      if (f < 0) continue;
      const at = offsets[f];
      if (isDirty[d]) {
        writeList(lists.get(d)!, at);
        continue;
      }
      if (d >= oldCount) continue;
      const start = oldOffsets[d],
        end = oldOffsets[d + 1],
        shift = at - start;
      // Tight loops (no closures): this runs over every edge when indexes shift.
      if (targetRemap === null) {
        if (end - start > 64) targets.set(oldTargets.subarray(start, end), at);
        else for (let k = start; k < end; k++) targets[k + shift] = oldTargets[k];
      } else
        for (let k = start; k < end; k++) {
          const t = targetRemap[oldTargets[k]];
          if (t < 0) mapTarget(oldTargets[k]);
          targets[k + shift] = t;
        }
      if (refs !== null) {
        if (refRemap === null) for (let k = start; k < end; k++) refs[k + shift] = oldRefs![k];
        else for (let k = start; k < end; k++) refs[k + shift] = refRemap[oldRefs![k]];
      }
    }
  }
  return { offsets, targets, refs: refs && refsAsUint ? new Uint32Array(refs.buffer, refs.byteOffset, refs.length) : refs };
}

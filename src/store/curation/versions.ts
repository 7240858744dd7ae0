// Node versions: a node's version is the seq of the last change that touched it (one of the
// change's targets), 0 when none did. Changes written since start-up are kept in memory, per
// node, in seq order; a node untouched since start-up has the version the log gives as of the
// seq start-up loaded (snapshot and replay), read once and kept. Replay records nothing here:
// the log's index of targets answers for what it replayed, when a node's version is asked.

import type { Change, NodeRef } from '../../model/change.js';
import type { ChangeLog } from '../change-log/change-log.js';

export function nodeKey(ref: NodeRef): string {
  return `${ref.kind}:${ref.id}`;
}

export class NodeVersions {
  /** Node → seqs of the changes since start-up that touched it, ascending. */
  private readonly recent = new Map<string, number[]>();
  /** Node → its version at `baseSeq` (from the log). */
  private readonly atBase = new Map<string, number>();

  constructor(
    private readonly log: ChangeLog,
    /** The seq the graph held at start-up (after replay): changes after it are recorded here. */
    readonly baseSeq: number,
  ) {}

  record(change: Change): void {
    for (const target of change.targets) {
      const key = nodeKey(target);
      const seqs = this.recent.get(key);
      if (!seqs) this.recent.set(key, [change.seq]);
      else if (seqs[seqs.length - 1] !== change.seq) seqs.push(change.seq);
    }
  }

  /** The newest version of each node. */
  async latest(refs: readonly NodeRef[]): Promise<number[]> {
    return this.at(refs, Number.MAX_SAFE_INTEGER);
  }

  /** Each node's version as of `seq`: one log read per node untouched since start-up (once; each time for a seq before start-up). */
  async at(refs: readonly NodeRef[], seq: number): Promise<number[]> {
    const out = new Array<number>(refs.length).fill(0);
    const missing: number[] = [];
    refs.forEach((ref, i) => {
      const seqs = this.recent.get(nodeKey(ref));
      const found = seqs ? lastAtMost(seqs, seq) : -1;
      if (found >= 0) out[i] = found;
      else if (seq >= this.baseSeq && this.atBase.has(nodeKey(ref))) out[i] = this.atBase.get(nodeKey(ref))!;
      else missing.push(i);
    });
    if (missing.length === 0) return out;
    const upTo = Math.min(seq, this.baseSeq);
    if (upTo <= 0) return out;
    const found = await this.log.lastSeqOf(
      missing.map((i) => refs[i]),
      upTo,
    );
    missing.forEach((i, k) => {
      const version = found[k];
      out[i] = version;
      if (upTo === this.baseSeq) this.atBase.set(nodeKey(refs[i]), version);
    });
    return out;
  }
}

/** The greatest element ≤ bound of an ascending array, or -1. */
function lastAtMost(sorted: readonly number[], bound: number): number {
  let lo = 0,
    hi = sorted.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= bound) {
      found = sorted[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

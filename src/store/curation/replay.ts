// Replay: the log's changes after a base applied onto it, page by page (each page one graph
// version). Start-up (curated-graph.ts) and compaction (server/compaction) both replay this way.

import { applyChanges, type GraphVersion } from '../../graph/graph-changes.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import type { Change } from '../../model/change.js';
import type { ReplayPage } from '../change-log/change-log.js';

export interface Replayed {
  graph: KnowledgeGraph;
  /** Changes applied. */
  count: number;
  /** The seq of the last change applied (0 when none was). */
  seq: number;
  /** Time spent decoding and applying the changes (the rest of a replay is fetching rows). */
  applyMs: number;
}

/**
 * Applies `pages` (the lean read, ChangeLog.replaySince, which must follow the graph's seq) up
 * to `uptoSeq`; `onVersion` sees each version made (start-up carries influence through them).
 * A page decodes each change only as it is applied, so parsed payloads die young.
 */
export async function replayPages(
  graph: KnowledgeGraph,
  pages: AsyncIterable<ReplayPage>,
  { uptoSeq = Number.POSITIVE_INFINITY, onVersion }: { uptoSeq?: number; onVersion?: (version: GraphVersion) => void } = {},
): Promise<Replayed> {
  let count = 0;
  let seq = 0;
  let applyMs = 0;
  const apply = (changes: Iterable<Change>, size: number, lastSeq: number) => {
    const started = performance.now();
    const version = applyChanges(graph, changes);
    applyMs += performance.now() - started;
    onVersion?.(version);
    graph = version.graph;
    count += size;
    seq = lastSeq;
  };
  for await (const page of pages) {
    // A ReplayChange holds all that applying reads: the operation, seq and targets.
    if (page.lastSeq <= uptoSeq) {
      apply(page as Iterable<Change>, page.size, page.lastSeq);
      continue;
    }
    const within = [...page].filter((c) => c.seq <= uptoSeq) as Change[];
    if (within.length) apply(within, within.length, within[within.length - 1].seq);
    break;
  }
  return { graph, count, seq, applyMs };
}

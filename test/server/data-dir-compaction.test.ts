// Compaction of a data directory in a worker thread: the log's changes folded onto the curated
// corpus, PageRank computed, a snapshot written in snapshots/ and a checkpoint recorded; the next
// compaction starts from that snapshot; only the newest two snapshots stay.

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { pageRank } from '../../src/graph/pagerank.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import type { Change, ChangeInput } from '../../src/model/change.js';
import { applyChanges } from '../../src/graph/graph-changes.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { compactInWorker, dataDirCompactor } from '../../src/server/compaction/run.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { newPaper } from '../../src/model/index.js';

const BIG_BIRD = 'zaheer2020big';

function addPaper(id: string, actor = 'alice'): ChangeInput {
  return {
    op: 'paper.add',
    actor,
    before: null,
    after: { ...newPaper(id, `Paper ${id}`, { year: 2021 }), authors: [] },
  };
}

function addCitation(citingId: string, citedId: string, actor = 'alice'): ChangeInput {
  return {
    op: 'citation.add',
    actor,
    before: null,
    after: { citingId, citedId, contexts: [], intents: [], isInfluential: null, provenance: [] },
  };
}

describe('compaction in a worker thread', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-compact-'));
  const base = new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR));

  it('folds the log into a snapshot with PageRank and a checkpoint; the next starts from it', async () => {
    const log = openSqliteChangeLog({ dataDir });
    try {
      await log.append([addPaper('c1'), addCitation('c1', BIG_BIRD)]);
      await log.append([addPaper('c2'), addCitation('c2', BIG_BIRD), addCitation('c2', 'c1')]);

      const first = await compactInWorker({ dataDir, baseSource: CURATED_DATA_DIR, uptoSeq: 4 });
      expect(first.seq).toBe(4);
      expect(first.replayed).toBe(4);
      expect(first.snapshot).toBe(join(dataDir, 'snapshots', 'graph-0000000004.pgs'));
      expect(await log.lastCheckpoint()).toMatchObject({ seq: 4, snapshot: join('snapshots', 'graph-0000000004.pgs') });
      const { graph, influence } = loadSnapshotGraph(first.snapshot);
      expect(graph.papers.size).toBe(base.papers.size + 2);
      expect(graph.papers.get('c1')?.provenance).toEqual([{ source: 'curation', recordId: '1' }]);
      const citers = (g: KnowledgeGraph, id: string) => {
        const p = g.papers.indexOf(id);
        return Array.from(g.cites.in.targets.subarray(g.cites.in.offsets[p], g.cites.in.offsets[p + 1]), (i) => g.papers.idAt(i));
      };
      expect(citers(graph, BIG_BIRD)).toEqual(expect.arrayContaining(['c1', 'c2']));
      expect(citers(graph, BIG_BIRD).length).toBe(citers(base, BIG_BIRD).length + 2);
      expect(citers(graph, 'c1')).toEqual([]); // change 5 (c2 → c1) is past seq 4
      // The influence came back whole (transferred) and is the graph's PageRank, also stored in the snapshot.
      expect(first.influence).toBeInstanceOf(Float64Array);
      expect(Array.from(first.influence)).toEqual(Array.from(pageRank(graph)));
      expect(Array.from(influence!)).toEqual(Array.from(first.influence));

      const second = await compactInWorker({ dataDir, baseSource: CURATED_DATA_DIR });
      expect(second).toMatchObject({ seq: 5, baseSeq: 4, replayed: 1 });
      expect(citers(loadSnapshotGraph(second.snapshot).graph, 'c1')).toEqual(['c2']);

      await log.append([addPaper('c3')]);
      const third = await compactInWorker({ dataDir, baseSource: CURATED_DATA_DIR });
      expect(third).toMatchObject({ seq: 6, baseSeq: 5, replayed: 1 });
      expect(readdirSync(join(dataDir, 'snapshots')).sort()).toEqual(['graph-0000000005.pgs', 'graph-0000000006.pgs']);
    } finally {
      await log.close();
    }
  });
});

describe('the CuratedGraph compactor of a data directory', () => {
  it('gives the snapshot name and the influence in the given graph’s paper order, and leaves the checkpoint to its caller', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-compactor-'));
    const log = openSqliteChangeLog({ dataDir });
    try {
      await log.append([addPaper('k1'), addCitation('k1', BIG_BIRD)]);
      const graph = applyChanges(new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR)), await changesOf(log)).graph;
      const { snapshot, influence } = await dataDirCompactor(dataDir, CURATED_DATA_DIR)(graph, 2);
      expect(snapshot).toBe(join('snapshots', 'graph-0000000002.pgs'));
      expect(await log.lastCheckpoint()).toBeNull();
      expect(Array.from(influence)).toEqual(Array.from(pageRank(graph)));
    } finally {
      await log.close();
    }
  });
});

async function changesOf(log: ReturnType<typeof openSqliteChangeLog>): Promise<Change[]> {
  const out: Change[] = [];
  for await (const change of log.readSince(0)) out.push(change);
  return out;
}

// Snapshots keep the paper ids that merges retired: a graph merged by a curation change, written
// and loaded again, still resolves the merged id to the kept paper, on the column path and the
// record path; a snapshot without redirects loads with none; the section is under the checksums.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { graphOfSnapshot, loadSnapshotGraph } from '../../src/ingest/snapshot-graph.js';
import {
  readSnapshotHeader,
  readSnapshotTables,
  readSnapshotWithRedirects,
  SnapshotError,
  writeSnapshot,
} from '../../src/ingest/snapshot.js';
import type { Change, PaperEdges, PaperWithAuthors } from '../../src/model/change.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';

const dir = mkdtempSync(join(tmpdir(), 'papergraph-redirects-'));
const base = new KnowledgeGraph(loadCuratedCorpus(CURATED_DATA_DIR));
const KEPT = 'zaheer2020big';

function withAuthors(graph: KnowledgeGraph, id: string): PaperWithAuthors {
  const p = graph.papers.indexOf(id);
  const authors = Array.from(graph.authored.out.targets.subarray(graph.authored.out.offsets[p], graph.authored.out.offsets[p + 1]), (a) => {
    const author = graph.authors.at(a);
    return { id: author.id, name: author.name };
  });
  return { ...graph.papers.at(p), authors };
}

/** A paper.merge change folding `mergedId` into `keptId`: the merged paper's citations move to the kept one. */
function mergeChange(graph: KnowledgeGraph, keptId: string, mergedId: string, seq: number): Change {
  const corpus = graph.toCorpus();
  const citations = corpus.citations.filter((c) => c.citingId === mergedId || c.citedId === mergedId);
  const mergedEdges: PaperEdges = { citations, paperConcepts: [], authorships: [], paperTopics: [], entries: [] };
  const has = (citing: string, cited: string) => corpus.citations.some((c) => c.citingId === citing && c.citedId === cited);
  const moved: PaperEdges = {
    citations: citations
      .map((c) => ({ ...c, citingId: c.citingId === mergedId ? keptId : c.citingId, citedId: c.citedId === mergedId ? keptId : c.citedId }))
      .filter((c) => c.citingId !== c.citedId && !has(c.citingId, c.citedId)),
    paperConcepts: [],
    authorships: [],
    paperTopics: [],
    entries: [],
  };
  const kept = withAuthors(graph, keptId);
  return {
    op: 'paper.merge',
    before: { kept, merged: withAuthors(graph, mergedId) },
    after: { kept, mergedId },
    mergedEdges,
    moved,
    seq,
    at: '2026-11-27T16:00:00.000Z',
    actor: 'alice',
    reason: 'one paper',
    reverts: null,
    targets: [
      { kind: 'Paper', id: keptId },
      { kind: 'Paper', id: mergedId },
    ],
  };
}

// A paper the guide cites that Big Bird does not: its citers move to Big Bird.
const citedIds = new Set(base.toCorpus().citations.map((c) => c.citedId));
const MERGED = base.papers.records.find((p) => p.id !== KEPT && citedIds.has(p.id) && base.papers.indexOf(p.id) >= 0)!.id;
const merged = applyChanges(base, [mergeChange(base, KEPT, MERGED, 1)]).graph;

function citersOf(graph: KnowledgeGraph, id: string): string[] {
  const p = graph.papers.indexOf(id);
  return Array.from(graph.cites.in.targets.subarray(graph.cites.in.offsets[p], graph.cites.in.offsets[p + 1]), (i) =>
    graph.papers.idAt(i),
  ).sort();
}

describe('snapshot redirects', () => {
  it('a merged graph written and loaded resolves the merged id to the kept paper, with the combined citations', () => {
    expect(merged.paperRedirects.get(MERGED)).toBe(KEPT);
    const path = join(dir, 'merged.pgs');
    writeSnapshot(path, merged.toCorpus(), { redirects: merged.paperRedirects });
    expect(readSnapshotHeader(path).sections.find((s) => s.name === 'graph:redirects')?.count).toBe(1);
    const { graph } = loadSnapshotGraph(path);
    expect(graph.papers.size).toBe(base.papers.size - 1);
    expect([...graph.paperRedirects]).toEqual([[MERGED, KEPT]]);
    expect(graph.papers.get(MERGED)?.id).toBe(KEPT);
    const combined = new Set([...citersOf(base, KEPT), ...citersOf(base, MERGED)]);
    combined.delete(KEPT);
    expect(citersOf(graph, KEPT)).toEqual([...combined].sort());
    expect(citersOf(graph, KEPT).length).toBeGreaterThan(citersOf(base, KEPT).length);
  });

  it('the record path and readSnapshotWithRedirects keep them too; a CorpusWithRedirects writes its own map', () => {
    const path = join(dir, 'own-map.pgs');
    writeSnapshot(path, { ...merged.toCorpus(), redirects: new Map(merged.paperRedirects) } as never);
    const corpus = readSnapshotWithRedirects(path);
    expect([...corpus.redirects]).toEqual([[MERGED, KEPT]]);
    expect('redirects' in readSnapshotTables(path).tables).toBe(false);
    const rebuilt = new KnowledgeGraph(corpus, { redirects: corpus.redirects });
    expect(rebuilt.papers.indexOf(MERGED)).toBe(rebuilt.papers.indexOf(KEPT));
    const { tables, redirects } = readSnapshotTables(path);
    expect(graphOfSnapshot(path, tables, redirects).papers.get(MERGED)?.id).toBe(KEPT);
  });

  it('a snapshot without redirects (as written before them) loads with none', () => {
    const path = join(dir, 'plain.pgs');
    writeSnapshot(path, base.toCorpus());
    expect(readSnapshotHeader(path).sections.map((s) => s.name)).not.toContain('graph:redirects');
    const { graph } = loadSnapshotGraph(path);
    expect(graph.paperRedirects.size).toBe(0);
    expect(graph.papers.get(MERGED)?.id).toBe(MERGED);
  });

  it('a damaged redirects section fails its checksum', () => {
    const path = join(dir, 'damaged.pgs');
    writeSnapshot(path, merged.toCorpus(), { redirects: merged.paperRedirects });
    const section = readSnapshotHeader(path).sections.find((s) => s.name === 'graph:redirects')!;
    const bytes = readFileSync(path);
    bytes[section.offset + section.length - 3] ^= 0x20;
    writeFileSync(path, bytes);
    expect(() => loadSnapshotGraph(path)).toThrow(SnapshotError);
    expect(() => loadSnapshotGraph(path)).toThrow(/checksum mismatch in section graph:redirects/);
  });
});

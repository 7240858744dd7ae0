// Start-up replays the log onto the base: a reopened curated graph equals the one that wrote
// the log (records, edges, redirects, versions), in chunks or not, from a checkpoint or from 0.
// Compaction recomputes influence and records a checkpoint when a compactor wrote a snapshot.

import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { pageRank } from '../../src/graph/pagerank.js';
import { type Change, type NodeRef, OPERATION_NAMES } from '../../src/model/change.js';
import type { Command } from '../../src/store/curation/curation.js';
import { openCuratedGraph } from '../../src/store/curation/curated-graph.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { all } from './change-log-contract.js';
import { baseCorpus, cleanUp, contentOf, graphOf, openCurated, oracle, page } from './curation-fixture.js';

afterEach(cleanUp);
const alice = { actor: 'alice' };

const script: Command[] = [
  { op: 'paper.add', fields: { title: 'Replayed paper', year: 2022, authors: [{ name: 'Rita Replay' }] } },
  { op: 'citation.add', citingId: 'replayed-paper', citedId: 'zaheer2020big' },
  { op: 'paper.merge', keptId: 'vaswani2017attention', mergedId: 'devlin2019bert' },
  { op: 'paper.retract', id: 'lin2004rouge' },
  { op: 'concept.add', fields: { name: 'Linear attention', kind: 'METHOD', broaderIds: ['attention'] } },
  { op: 'concept.link', paperId: 'replayed-paper', conceptId: 'linear-attention', role: 'INTRODUCES', score: 0.9 },
  { op: 'suggestion.reject', paperId: 'zaheer2020big', conceptId: 'question-answering' },
  { op: 'collection.create', slug: 'replays', fields: { title: 'Replays' } },
  { op: 'collection.entry.add', collectionId: 'replays', paperId: 'replayed-paper', fields: {} },
  { op: 'collection.entry.add', collectionId: 'replays', paperId: 'devlin2019bert', rank: 1, fields: {} },
  { op: 'paper.update', id: 'zaheer2020big', fields: { year: 2021 } },
];
const refs: NodeRef[] = [
  { kind: 'Paper', id: 'replayed-paper' },
  { kind: 'Paper', id: 'zaheer2020big' },
  { kind: 'Paper', id: 'devlin2019bert' },
  { kind: 'Paper', id: 'deng2009imagenet' },
  { kind: 'Concept', id: 'linear-attention' },
  { kind: 'Collection', id: 'replays' },
];

describe('CuratedGraph replay', () => {
  it('reopens to the same graph and versions, whatever the chunk size', async () => {
    const { curated, dir } = await openCurated();
    for (const command of script) await curated.write(command, alice);
    const content = contentOf(graphOf(curated.current()));
    const versions = await curated.versionsOf(refs, curated.current().seq);
    const pinned = await curated.versionsOf(refs, 5);
    // The merged id's last change is the merge: the entry naming it went to the kept paper.
    expect(versions).toEqual([9, 11, 3, 0, 6, 10]);
    await curated.close();
    for (const replayChunk of [undefined, 2]) {
      const again = await openCurated(dir, { replayChunk });
      expect(again.curated.replay.changes).toBe(script.length);
      expect(again.curated.current().seq).toBe(script.length);
      expect(contentOf(graphOf(again.curated.current()))).toEqual(content);
      expect(await again.curated.versionsOf(refs, script.length)).toEqual(versions);
      expect(await again.curated.versionsOf(refs, 5)).toEqual(pinned);
      const [resolved] = await again.curated.current().nodesByIds('Paper', ['devlin2019bert']);
      expect(resolved?.id).toBe('vaswani2017attention');
      await again.curated.close();
    }
  });

  it('starts from a checkpoint: the base holds the changes up to it, versions before it come from the log', async () => {
    const { curated, dir, log } = await openCurated();
    for (const command of script.slice(0, 6)) await curated.write(command, alice);
    const base = await oracle(log);
    for (const command of script.slice(6)) await curated.write(command, alice);
    const content = contentOf(graphOf(curated.current()));
    const versions = await curated.versionsOf(refs, script.length);
    await curated.close();
    const reopenedLog = openSqliteChangeLog({ dataDir: dir });
    const again = await openCuratedGraph({ base, baseSeq: 6, log: reopenedLog });
    try {
      expect(again.replay.changes).toBe(script.length - 6);
      expect(contentOf(graphOf(again.current()))).toEqual(content);
      expect(await again.versionsOf(refs, script.length)).toEqual(versions);
      // The new paper was last touched at 6 (before the checkpoint): read from the log's history.
      expect(await again.versionsOf([{ kind: 'Concept', id: 'linear-attention' }], 8)).toEqual([6]);
      const next = await again.write(
        { op: 'paper.update', id: 'replayed-paper', fields: { year: 2023 } },
        { actor: 'bob', expectedVersion: 9 },
      );
      expect(next.change.seq).toBe(script.length + 1);
    } finally {
      await again.close();
    }
  });
});

/** A curator's command of every kind; each written, then reverted (the reverts write the remaining operations). */
const everyKind: Command[] = [
  { op: 'paper.add', fields: { title: 'A new paper', year: 2021, authors: [{ name: 'New Author' }, { id: 'manzil-zaheer', name: '' }] } },
  {
    op: 'paper.update',
    id: 'zaheer2020big',
    fields: { title: 'Big Bird!', year: 2021, authors: [{ id: 'manzil-zaheer', name: '' }], doi: '10.5555/bigbird' },
  },
  { op: 'paper.merge', keptId: 'vaswani2017attention', mergedId: 'devlin2019bert' },
  { op: 'paper.merge', keptId: 'zaheer2020big', mergedId: 'grill2020bootstrap' },
  { op: 'paper.retract', id: 'zaheer2020big' },
  { op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet', contexts: ['x'], intents: ['RESULT'] },
  { op: 'citation.remove', citingId: 'beltagy2020longformer', citedId: 'child2019generating' },
  { op: 'concept.add', slug: 'linear-attention', fields: { name: 'Linear attention', kind: 'METHOD', broaderIds: ['attention'] } },
  { op: 'concept.update', id: 'sparse-attention', fields: { name: 'Sparse attn', broaderIds: ['attention', 'efficient-transformer'] } },
  { op: 'concept.link', paperId: 'hochreiter1997long', conceptId: 'attention', role: 'USES', score: 0.3, note: 'a note' },
  { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'transformer', role: 'STUDIES', score: 0.99 },
  { op: 'concept.unlink', paperId: 'zaheer2020big', conceptId: 'transformer' },
  { op: 'suggestion.accept', paperId: 'zaheer2020big', conceptId: 'expressive-power' },
  { op: 'suggestion.reject', paperId: 'zaheer2020big', conceptId: 'expressive-power' },
  { op: 'collection.create', slug: 'mine', fields: { title: 'Mine', date: '2021' } },
  { op: 'collection.update', id: 'zeta-alpha-neurips-2020', fields: { title: 'Renamed', url: null } },
  { op: 'collection.entry.add', collectionId: 'zeta-alpha-neurips-2020', paperId: 'deng2009imagenet', rank: 2, fields: { why: 'data' } },
  {
    op: 'collection.entry.update',
    collectionId: 'zeta-alpha-neurips-2020',
    paperId: 'zaheer2020big',
    fields: { why: 'changed', sectionId: null },
  },
  { op: 'collection.entry.move', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big', rank: 1 },
  { op: 'collection.entry.remove', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big' },
];

describe('the lean replay read', () => {
  it('makes the graph the full read makes, change by change and in pages, for every operation', async () => {
    const { curated, log } = await openCurated();
    for (const command of everyKind) {
      const done = await curated.write(command, alice);
      await curated.revert(done.change.seq, { actor: 'admin' });
    }
    // Left in place: the graph at the end differs from the base.
    for (const command of script) await curated.write(command, alice);
    const full = await all(log);
    expect(new Set(full.map((c) => c.op))).toEqual(new Set(OPERATION_NAMES));
    const base = new KnowledgeGraph(baseCorpus());

    // Page by page of one change: the graph after each lean change is the one after the full change.
    let byFull = base;
    let byLean = base;
    let k = 0;
    for await (const page of log.replaySince(0, 1)) {
      const [lean] = [...page];
      const change = full[k++];
      expect([lean.seq, lean.op, page.lastSeq]).toEqual([change.seq, change.op, change.seq]);
      expect(lean.targets).toEqual(change.targets);
      byFull = applyChanges(byFull, [change]).graph;
      byLean = applyChanges(byLean, page as Iterable<Change>).graph;
      expect(contentOf(byLean), `after change ${change.seq} (${change.op})`).toEqual(contentOf(byFull));
    }
    expect(k).toBe(full.length);

    // In pages of 7 (pages cut through the ops) and in one page: the same graph again, the one the writes made.
    const expected = contentOf(graphOf(curated.current()));
    expect(contentOf(byFull)).toEqual(expected);
    expect(contentOf(await oracle(log))).toEqual(expected);
    for (const pageSize of [7, 5000]) {
      let graph = base;
      for await (const page of log.replaySince(0, pageSize)) graph = applyChanges(graph, page as Iterable<Change>).graph;
      expect(contentOf(graph)).toEqual(expected);
    }
    await curated.close();
  });
});

describe('CuratedGraph compaction', () => {
  it('without a compactor recomputes influence in process and records no checkpoint', async () => {
    const { curated, log } = await openCurated();
    const added = await curated.write({ op: 'paper.add', fields: { title: 'Influential newcomer' } }, alice);
    const id = added.change.op === 'paper.add' ? added.change.after.id : '';
    for (const citing of ['zaheer2020big', 'beltagy2020longformer', 'brown2020language'])
      await curated.write({ op: 'citation.add', citingId: citing, citedId: id }, alice);
    const stale = curated.current();
    expect(stale.influenceComputed.seq).toBe(0);
    expect((await stale.paperStats([id]))[0]?.influence).toBe(0);
    const report = await curated.compact();
    expect(report).toMatchObject({ seq: 4, snapshot: null });
    const fresh = curated.current();
    expect(fresh.seq).toBe(4);
    expect(fresh.influenceComputed.seq).toBe(4);
    expect((await fresh.paperStats([id]))[0]?.influence).toBeGreaterThan(0);
    // A pinned request keeps the influence it started with.
    expect((await stale.paperStats([id]))[0]?.influence).toBe(0);
    expect(await log.lastCheckpoint()).toBeNull();
    const [top] = await fresh.findPapers([{ orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: { first: 43 } }]);
    expect(top.items).toContain(id);
  });

  it('with a compactor records the checkpoint of the snapshot it wrote', async () => {
    const calls: number[] = [];
    const { curated, log } = await openCurated(undefined, {
      compactor: async (graph, seq) => {
        calls.push(seq);
        return { snapshot: `snapshot-${seq}.pgs`, influence: pageRank(graph) };
      },
    });
    await curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice);
    const report = await curated.compact();
    expect(report.snapshot).toBe('snapshot-1.pgs');
    expect(calls).toEqual([1]);
    expect(await log.lastCheckpoint()).toMatchObject({ seq: 1, snapshot: 'snapshot-1.pgs' });
    expect(curated.current().influenceComputed.seq).toBe(1);
  });

  it('tells listeners each change in seq order, with a version that holds it', async () => {
    const { curated } = await openCurated();
    const events: [number, number][] = [];
    const off = curated.onChange(({ change, store }) => events.push([change.seq, store.seq]));
    await Promise.all([
      curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice),
      curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'he2016deep' }, alice),
    ]);
    await curated.write({ op: 'paper.update', id: 'zaheer2020big', fields: { year: 2021 } }, alice);
    off();
    await curated.write({ op: 'paper.update', id: 'zaheer2020big', fields: { year: 2022 } }, alice);
    expect(events).toEqual([
      [1, 2],
      [2, 2],
      [3, 3],
    ]);
    const [refs] = await curated.current().referencesOf(['zaheer2020big'], page);
    expect(refs.items.map((r) => r.paperId)).toEqual(expect.arrayContaining(['deng2009imagenet', 'he2016deep']));
  });
});

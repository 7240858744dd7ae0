// Graph versions by structural sharing (applyChanges) against the rebuild by the reference
// semantics (applyChangesByRebuild), on the curated corpus and on a snapshot-backed graph of it:
// every operation, random seeded mixes, chained versions; and what a version shares.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChanges, applyChangesByRebuild } from '../../src/graph/graph-changes.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { ChangeApplyError } from '../../src/model/change-apply.js';
import { OPERATION_NAMES, type Change, type OperationName } from '../../src/model/change.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { writeSnapshot } from '../../src/ingest/snapshot.js';
import { graphOfSnapshot } from '../../src/ingest/snapshot-graph.js';
import { readSnapshotTables } from '../../src/ingest/snapshot.js';
import { REPO_ROOT } from '../support/datasets.js';
import { change, makeOperation, randomChanges, seeded } from './graph-changes.generator.js';
import { expectSameGraph } from './graph-changes.support.js';

const curated = new KnowledgeGraph(loadCuratedCorpus(join(REPO_ROOT, 'data')));
const dir = mkdtempSync(join(tmpdir(), 'graph-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapshotGraph() {
  const path = join(dir, `curated-${Math.random().toString(36).slice(2)}.pgsnap`);
  writeSnapshot(path, curated.toCorpus());
  const { tables } = readSnapshotTables(path);
  return { graph: graphOfSnapshot(path, tables), tables };
}

const fast = (g: KnowledgeGraph, changes: Change[]) => applyChanges(g, changes).graph;

const bases: [string, () => KnowledgeGraph][] = [
  ['curated corpus', () => curated],
  ['snapshot of it', () => snapshotGraph().graph],
];

describe.each(bases)('applyChanges on the %s', (_name, base) => {
  // What concept.remove and collection.delete can apply to (the corpus has no unlinked concept or created collection).
  const prepared: Partial<Record<OperationName, OperationName>> = {
    'concept.remove': 'concept.add',
    'collection.delete': 'collection.create',
  };

  it.each(OPERATION_NAMES.filter((op) => op !== 'paper.unmerge'))('%s gives the graph the rebuild gives', (op) => {
    let g = base();
    const before = prepared[op];
    if (before) g = applyChanges(g, [change(makeOperation(g, before, seeded(1), 1000, { merge: null })!, 1000)]).graph;
    const random = seeded(OPERATION_NAMES.indexOf(op) + 1);
    let made = 0;
    for (let seq = 1; made < 4 && seq < 200; seq++) {
      const operation = makeOperation(g, op as OperationName, random, seq, { merge: null });
      if (!operation) continue;
      made++;
      const c = [change(operation, seq)];
      const version = applyChanges(g, c);
      const oracle = applyChangesByRebuild(g, c);
      expectSameGraph(version.graph, oracle.graph);
      expect(version.paperRemap).toEqual(oracle.paperRemap);
      expect(version.conceptRemap).toEqual(oracle.conceptRemap);
      for (const i of oracle.touchedPapers) expect(version.touchedPapers).toContain(i);
      for (const i of oracle.touchedConcepts) expect(version.touchedConcepts).toContain(i);
    }
    expect(made).toBeGreaterThan(0);
  });

  it('paper.unmerge undoes a merge: edges, redirects and the merged paper back', () => {
    const g = base();
    const random = seeded(7);
    const pending = { merge: null };
    const merge = change(makeOperation(g, 'paper.merge', random, 1, pending)!, 1);
    const unmerge = change(makeOperation(g, 'paper.unmerge', random, 2, pending)!, 2);
    const merged = applyChanges(g, [merge]);
    expect(merged.graph.papers.size).toBe(g.papers.size - 1);
    const mergedId = merge.op === 'paper.merge' ? merge.before.merged.id : '';
    const keptId = merge.op === 'paper.merge' ? merge.before.kept.id : '';
    expect(merged.graph.papers.idAt(merged.graph.papers.indexOf(mergedId))).toBe(keptId);
    const back = applyChanges(merged.graph, [unmerge]);
    expectSameGraph(back.graph, applyChangesByRebuild(applyChangesByRebuild(g, [merge]).graph, [unmerge]).graph);
    expect(back.graph.papers.idAt(back.graph.papers.indexOf(mergedId))).toBe(mergedId);
    // Both in one batch.
    expectSameGraph(applyChanges(g, [merge, unmerge]).graph, applyChangesByRebuild(g, [merge, unmerge]).graph);
  });

  it('random seeded mixes of every operation, batch by batch and chained, equal the rebuild at each step', () => {
    const start = base();
    const seen = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const random = seeded(seed);
      let version = start,
        oracle = start;
      let seq = 1;
      for (let step = 0; step < 8; step++) {
        const size = 1 + Math.floor(random() * 12);
        const { changes } = randomChanges(version, size, random, seq, fast);
        seq += 1000;
        for (const c of changes) seen.add(c.op);
        const next = applyChanges(version, changes);
        const expected = applyChangesByRebuild(oracle, changes);
        expectSameGraph(next.graph, expected.graph);
        expect(next.paperRemap).toEqual(expected.paperRemap);
        version = next.graph;
        oracle = expected.graph;
      }
    }
    expect([...seen].sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('versions branching from one parent stay independent (ids and slugs of both branches at the same indexes)', () => {
    const parent = applyChanges(base(), [change(makeOperation(base(), 'paper.add', seeded(1), 1, { merge: null })!, 1)]).graph;
    const branch = (seed: number) => {
      const random = seeded(seed);
      const changes = ['paper.add', 'concept.add', 'collection.create', 'paper.update', 'concept.update'].map((op, k) =>
        change(makeOperation(parent, op as OperationName, random, seed * 100 + k, { merge: null })!, seed * 100 + k),
      );
      return { changes, version: applyChanges(parent, changes).graph };
    };
    const a = branch(2),
      b = branch(3);
    // Made after a, b wrote its ids and slugs into what the two share: a must not see them.
    expectSameGraph(a.version, applyChangesByRebuild(parent, a.changes).graph);
    expectSameGraph(b.version, applyChangesByRebuild(parent, b.changes).graph);
    const bPaper = b.changes[0].op === 'paper.add' ? b.changes[0].after.id : '';
    expect(a.version.papers.indexOf(bPaper)).toBe(-1);
    expect(b.version.papers.indexOf(bPaper)).toBe(parent.papers.size);
    expect(parent.papers.indexOf(bPaper)).toBe(-1);
  });

  it('merge chains: a paper merged into one that is merged in turn resolves to the last kept', () => {
    let g = base();
    const pending = { merge: null };
    const random = seeded(11);
    const ids: string[] = [];
    for (let seq = 1; seq <= 3; seq++) {
      const operation = makeOperation(g, 'paper.merge', random, seq, pending)!;
      if (operation.op === 'paper.merge') ids.push(operation.before.merged.id, operation.before.kept.id);
      const c = [change(operation, seq)];
      const next = applyChanges(g, c);
      expectSameGraph(next.graph, applyChangesByRebuild(g, c).graph);
      g = next.graph;
    }
    for (const id of ids) expect(g.papers.indexOf(id)).toBeGreaterThanOrEqual(0);
  });

  it('refuses what the rebuild refuses', () => {
    const g = base();
    const random = seeded(5);
    const add = change(makeOperation(g, 'citation.add', random, 1, { merge: null })!, 1);
    const twice = [add, { ...add, seq: 2 }];
    expect(() => applyChangesByRebuild(g, twice)).toThrow(ChangeApplyError);
    expect(() => applyChanges(g, twice)).toThrow(ChangeApplyError);
    const dangling = { ...add, after: { ...(add.op === 'citation.add' ? add.after : ({} as never)), citedId: 'no-such-paper' } } as Change;
    expect(() => applyChangesByRebuild(g, [dangling])).toThrow(/no-such-paper/);
    expect(() => applyChanges(g, [dangling])).toThrow(/no-such-paper/);
    // The graph it was applied to is untouched.
    expectSameGraph(g, base());
  });
});

describe('what a version shares with the one before', () => {
  const random = seeded(3);
  const one = (g: KnowledgeGraph, op: OperationName, seq = 1) => {
    let operation = makeOperation(g, op, random, seq, { merge: null });
    for (let s = seq + 1; !operation; s++) operation = makeOperation(g, op, random, s, { merge: null });
    return applyChanges(g, [change(operation, seq)]);
  };
  const csrs = ['cites', 'hasConcept', 'authored', 'inTopic', 'broader'] as const;

  it('record-only changes copy no CSR and share every other table', () => {
    const g = curated;
    let paperUpdate = one(g, 'paper.update');
    // An update that keeps the author list (the generator sometimes changes it).
    for (let s = 2; paperUpdate.graph.authored !== g.authored; s++) paperUpdate = one(g, 'paper.update', s);
    for (const name of csrs) expect(paperUpdate.graph[name], name).toBe(g[name]);
    for (const name of [
      'authors',
      'venues',
      'topics',
      'concepts',
      'collections',
      'citations',
      'paperConcepts',
      'authorships',
      'paperTopics',
    ] as const)
      expect(paperUpdate.graph[name], name).toBe(g[name]);
    expect(paperUpdate.paperRemap).toBeNull();

    let conceptUpdate = one(g, 'concept.update');
    for (let s = 2; conceptUpdate.graph.broader !== g.broader; s++) conceptUpdate = one(g, 'concept.update', s);
    for (const name of csrs) expect(conceptUpdate.graph[name], name).toBe(g[name]);
    for (const name of ['papers', 'authors', 'collections', 'paperConcepts', 'paperVenue'] as const)
      expect(conceptUpdate.graph[name], name).toBe(g[name]);

    for (const op of [
      'collection.update',
      'collection.entry.update',
      'collection.entry.move',
      'collection.entry.remove',
      'collection.create',
    ] as const) {
      const v = one(g, op);
      for (const name of csrs) expect(v.graph[name], `${op}: ${name}`).toBe(g[name]);
      for (const name of ['papers', 'authors', 'concepts', 'citations', 'paperVenue'] as const)
        expect(v.graph[name], `${op}: ${name}`).toBe(g[name]);
    }
  });

  it('an edge change copies only the CSR of its edge type', () => {
    const g = curated;
    const citation = one(g, 'citation.add');
    expect(citation.graph.cites).not.toBe(g.cites);
    for (const name of ['hasConcept', 'authored', 'inTopic', 'broader'] as const) expect(citation.graph[name], name).toBe(g[name]);
    for (const name of [
      'papers',
      'authors',
      'concepts',
      'collections',
      'paperConcepts',
      'authorships',
      'paperTopics',
      'paperVenue',
    ] as const)
      expect(citation.graph[name], name).toBe(g[name]);

    let link = one(g, 'concept.link');
    for (let s = 2; link.graph.hasConcept === g.hasConcept; s++) link = one(g, 'concept.link', s);
    for (const name of ['cites', 'authored', 'inTopic', 'broader'] as const) expect(link.graph[name], name).toBe(g[name]);
    for (const name of ['papers', 'concepts', 'citations', 'authorships'] as const) expect(link.graph[name], name).toBe(g[name]);
  });

  it('papers added are appended: indexes stay, neighbour arrays of untouched directions are shared', () => {
    const g = curated;
    const added = one(g, 'paper.add');
    expect(added.paperRemap).toBeNull();
    expect(added.graph.papers.size).toBe(g.papers.size + 1);
    for (let p = 0; p < g.papers.size; p++) expect(added.graph.papers.idAt(p)).toBe(g.papers.idAt(p));
    expect(added.touchedPapers).toEqual(Uint32Array.of(g.papers.size));
    // Only the offsets grow: the citation targets are the same array.
    expect(added.graph.cites.out.targets).toBe(g.cites.out.targets);
    expect(added.graph.cites.in.targets).toBe(g.cites.in.targets);
    expect(added.graph.hasConcept.in).toBe(g.hasConcept.in);
    expect(added.graph.citations).toBe(g.citations);
    expect(added.graph.concepts).toBe(g.concepts);
  });

  it('a retract shifts the papers after it and says how (paperRemap)', () => {
    const g = curated;
    const p = 5;
    const operation = makeOperation(g, 'paper.retract', () => p / g.papers.size + 1e-9, 1, { merge: null })!;
    const v = applyChanges(g, [change(operation, 1)]);
    expect(v.paperRemap![p]).toBe(-1);
    expect(v.paperRemap![p + 1]).toBe(p);
    expect(v.paperRemap![p - 1]).toBe(p - 1);
    expect(v.graph.papers.indexOf(g.papers.idAt(p))).toBe(-1);
  });

  it('on a snapshot-backed graph, a change builds only the records it touches', () => {
    const { graph, tables } = snapshotGraph();
    let built = 0;
    for (const table of Object.values(tables) as { at(i: number): unknown }[]) {
      const at = table.at.bind(table);
      table.at = (i: number) => (built++, at(i));
    }
    const random = seeded(9);
    let g = graph;
    for (const op of ['paper.update', 'citation.add', 'concept.link', 'paper.add', 'concept.update'] as const) {
      built = 0;
      g = applyChanges(g, [change(makeOperationOn(g, op, random), 1)]).graph;
      expect(built, op).toBeLessThan(25);
    }
  });
});

function makeOperationOn(g: KnowledgeGraph, op: OperationName, random: () => number) {
  for (let seq = 1; ; seq++) {
    const operation = makeOperation(g, op, random, seq, { merge: null });
    if (operation) return operation;
  }
}

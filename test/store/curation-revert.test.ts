// Revert: each operation's inverse restores the graph as it was (records and edges; provenance
// keeps the curation marks of both changes), matches the graph rebuilt from the log, and a
// revert of the revert makes the change again.

import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, type Command } from '../../src/store/curation/curation.js';
import { cleanUp, contentOf, graphOf, openCurated, oracle } from './curation-fixture.js';

afterEach(cleanUp);
const alice = { actor: 'alice' };

/** [what, setup commands, the command reverted, the operation its revert writes]. */
const cases: [string, Command[], Command, string][] = [
  [
    'paper.add',
    [],
    { op: 'paper.add', fields: { title: 'A new paper', year: 2021, authors: [{ name: 'New Author' }, { id: 'manzil-zaheer', name: '' }] } },
    'paper.retract',
  ],
  [
    'paper.update',
    [],
    {
      op: 'paper.update',
      id: 'zaheer2020big',
      fields: { title: 'Big Bird!', year: 2021, authors: [{ id: 'manzil-zaheer', name: '' }], doi: '10.5555/bigbird' },
    },
    'paper.update',
  ],
  ['paper.merge', [], { op: 'paper.merge', keptId: 'vaswani2017attention', mergedId: 'devlin2019bert' }, 'paper.unmerge'],
  [
    'paper.merge of papers in one collection',
    [],
    { op: 'paper.merge', keptId: 'zaheer2020big', mergedId: 'grill2020bootstrap' },
    'paper.unmerge',
  ],
  ['paper.retract', [], { op: 'paper.retract', id: 'zaheer2020big' }, 'paper.add'],
  [
    'citation.add',
    [],
    { op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet', contexts: ['x'], intents: ['RESULT'] },
    'citation.remove',
  ],
  ['citation.remove', [], { op: 'citation.remove', citingId: 'beltagy2020longformer', citedId: 'child2019generating' }, 'citation.add'],
  [
    'concept.add',
    [],
    { op: 'concept.add', slug: 'linear-attention', fields: { name: 'Linear attention', kind: 'METHOD', broaderIds: ['attention'] } },
    'concept.remove',
  ],
  [
    'concept.update',
    [],
    {
      op: 'concept.update',
      id: 'sparse-attention',
      fields: { name: 'Sparse attn', broaderIds: ['attention', 'efficient-transformer'], description: 'd' },
    },
    'concept.update',
  ],
  [
    'concept.link (new)',
    [],
    { op: 'concept.link', paperId: 'hochreiter1997long', conceptId: 'attention', role: 'USES', score: 0.3 },
    'concept.unlink',
  ],
  [
    'concept.link (changed)',
    [],
    { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'transformer', role: 'STUDIES', score: 0.99 },
    'concept.link',
  ],
  ['concept.unlink', [], { op: 'concept.unlink', paperId: 'zaheer2020big', conceptId: 'transformer' }, 'concept.link'],
  ['suggestion.accept', [], { op: 'suggestion.accept', paperId: 'zaheer2020big', conceptId: 'expressive-power' }, 'concept.link'],
  ['suggestion.reject', [], { op: 'suggestion.reject', paperId: 'zaheer2020big', conceptId: 'expressive-power' }, 'concept.link'],
  ['collection.create', [], { op: 'collection.create', slug: 'mine', fields: { title: 'Mine', date: '2021' } }, 'collection.delete'],
  [
    'collection.update',
    [],
    { op: 'collection.update', id: 'zeta-alpha-neurips-2020', fields: { title: 'Renamed', url: null } },
    'collection.update',
  ],
  [
    'collection.entry.add',
    [],
    { op: 'collection.entry.add', collectionId: 'zeta-alpha-neurips-2020', paperId: 'deng2009imagenet', rank: 2, fields: { why: 'data' } },
    'collection.entry.remove',
  ],
  [
    'collection.entry.update',
    [],
    {
      op: 'collection.entry.update',
      collectionId: 'zeta-alpha-neurips-2020',
      paperId: 'zaheer2020big',
      fields: { why: 'changed', sectionId: null },
    },
    'collection.entry.update',
  ],
  [
    'collection.entry.move',
    [],
    { op: 'collection.entry.move', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big', rank: 1 },
    'collection.entry.move',
  ],
  [
    'collection.entry.remove',
    [],
    { op: 'collection.entry.remove', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big' },
    'collection.entry.add',
  ],
];

describe('CuratedGraph.revert', () => {
  it.each(cases)('undoes %s, and a revert of the revert makes it again', async (_name, setup, command, inverse) => {
    const { curated, log } = await openCurated();
    for (const c of setup) await curated.write(c, alice);
    const before = contentOf(graphOf(curated.current()), { provenance: false });
    const beforeWithProvenance = contentOf(graphOf(curated.current()));
    const done = await curated.write(command, alice);
    const after = contentOf(graphOf(done.store), { provenance: false });
    // (An acceptance changes the link's provenance only.)
    expect(contentOf(graphOf(done.store))).not.toEqual(beforeWithProvenance);
    const undone = await curated.revert(done.change.seq, { actor: 'admin', reason: 'oops' });
    expect(undone.change.op).toBe(inverse);
    expect(undone.change.reverts).toBe(done.change.seq);
    expect(undone.change.reason).toBe('oops');
    expect(contentOf(graphOf(undone.store), { provenance: false })).toEqual(before);
    expect(contentOf(graphOf(undone.store))).toEqual(contentOf(await oracle(log)));
    const redone = await curated.revert(undone.change.seq, alice);
    expect(redone.change.reverts).toBe(undone.change.seq);
    expect(contentOf(graphOf(redone.store), { provenance: false })).toEqual(after);
    expect(contentOf(graphOf(redone.store))).toEqual(contentOf(await oracle(log)));
    // Every node the change touched has the revert's seq as its version.
    const versions = await curated.versionsOf(redone.change.targets, redone.store.seq);
    expect(versions).toEqual(redone.change.targets.map(() => redone.change.seq));
  });

  it('refuses a revert when a later change touched a target, naming it; changes nothing', async () => {
    const { curated, log } = await openCurated();
    const first = await curated.write({ op: 'paper.update', id: 'zaheer2020big', fields: { year: 2021 } }, alice);
    await curated.write({ op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'lstm', role: 'USES', score: 0.2 }, alice);
    const store = curated.current();
    const error = await curated.revert(first.change.seq, alice).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/change 2 touched paper "zaheer2020big" after change 1/);
    expect(error.currentVersion).toBe(2);
    expect(await log.lastSeq()).toBe(2);
    expect(curated.current()).toBe(store);
    await expect(curated.revert(99, alice)).rejects.toThrow(NotFoundError);
  });

  it('refuses to undo a concept.add once another concept names it as broader', async () => {
    const { curated } = await openCurated();
    const added = await curated.write({ op: 'concept.add', fields: { name: 'Linear attention', kind: 'METHOD' } }, alice);
    await curated.write(
      { op: 'concept.update', id: 'sparse-attention', fields: { broaderIds: ['self-attention', 'linear-attention'] } },
      alice,
    );
    await expect(curated.revert(added.change.seq, alice)).rejects.toThrow(/narrower concepts now \(sparse-attention\)/);
  });
});

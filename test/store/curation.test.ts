// Curation writes on the curated corpus: each command's effect read back through the GraphStore
// of the version that holds it, pinned versions, optimistic concurrency and the refusals.

import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLogUnavailableError } from '../../src/store/change-log/change-log.js';
import { ConflictError, InvalidInputError, NotFoundError, type Command } from '../../src/store/curation/curation.js';
import { cleanUp, contentOf, graphOf, openCurated, oracle, page } from './curation-fixture.js';

afterEach(cleanUp);
const alice = { actor: 'alice' };

describe('CuratedGraph: each command, read back', () => {
  it("adds a paper citing Big Bird: the next version lists it among Big Bird's citers", async () => {
    const { curated } = await openCurated();
    const before = curated.current();
    const added = await curated.write(
      {
        op: 'paper.add',
        fields: {
          title: 'Sparse Attention for Long Documents',
          year: 2021,
          arxivId: '2101.00001',
          venueId: 'neurips-2020',
          authors: [{ id: 'manzil-zaheer', name: 'ignored' }, { name: 'Ada Lovelace' }],
        },
      },
      { actor: 'alice', reason: 'missing from the guide' },
    );
    expect(added.change.op).toBe('paper.add');
    expect(added.change.seq).toBe(1);
    expect(added.change.reason).toBe('missing from the guide');
    const paper = added.change.op === 'paper.add' ? added.change.after : null;
    expect(paper?.id).toBe('sparse-attention-for-long-documents');
    expect(paper?.authors).toEqual([
      { id: 'manzil-zaheer', name: 'Manzil Zaheer' },
      { id: 'ada-lovelace', name: 'Ada Lovelace' },
    ]);
    const cited = await curated.write({ op: 'citation.add', citingId: paper!.id, citedId: 'zaheer2020big', intents: ['METHOD'] }, alice);
    const store = cited.store;
    expect(store.seq).toBe(2);
    const [citers] = await store.citedByOf(['zaheer2020big'], page);
    expect(citers.items.map((c) => c.paperId)).toContain(paper!.id);
    const [record] = await store.nodesByIds('Paper', [paper!.id]);
    expect(record?.provenance).toEqual([{ source: 'curation', recordId: '1' }]);
    const [authors] = await store.authorsOfPapers([paper!.id], page);
    expect(authors.items.map((a) => [a.authorId, a.position])).toEqual([
      ['manzil-zaheer', 0],
      ['ada-lovelace', 1],
    ]);
    expect(await store.paperIdsByArxivIds(['arXiv:2101.00001v2'])).toEqual([paper!.id]);
    // The version a request pinned before the writes sees the graph as it was.
    expect((await before.nodesByIds('Paper', [paper!.id]))[0]).toBeNull();
    expect((await before.citedByOf(['zaheer2020big'], page))[0].items.map((c) => c.paperId)).not.toContain(paper!.id);
    expect(
      await curated.versionsOf(
        [
          { kind: 'Paper', id: 'zaheer2020big' },
          { kind: 'Paper', id: paper!.id },
        ],
        2,
      ),
    ).toEqual([2, 2]);
    expect(
      await curated.versionsOf(
        [
          { kind: 'Paper', id: 'zaheer2020big' },
          { kind: 'Paper', id: paper!.id },
        ],
        1,
      ),
    ).toEqual([0, 1]);
    // A second paper with the same title gets its own id; one with the same arXiv id is refused.
    const again = await curated.write({ op: 'paper.add', fields: { title: 'Sparse attention for long documents!' } }, alice);
    expect(again.change.op === 'paper.add' && again.change.after.id).toBe('sparse-attention-for-long-documents-2');
    await expect(curated.write({ op: 'paper.add', fields: { title: 'Other', arxivId: '2101.00001' } }, alice)).rejects.toThrow(
      ConflictError,
    );
  });

  it("links a concept: the concept's papers, the facets, the timeline and search include the paper", async () => {
    const { curated } = await openCurated();
    const before = curated.current();
    const { store, change } = await curated.write(
      {
        op: 'concept.link',
        paperId: 'hochreiter1997long',
        conceptId: 'sparse-attention',
        role: 'USES',
        score: 0.4,
        note: 'gating as soft attention',
      },
      alice,
    );
    expect(change.op === 'concept.link' && change.note).toBe('gating as soft attention');
    expect(change.targets).toEqual([
      { kind: 'Paper', id: 'hochreiter1997long' },
      { kind: 'Concept', id: 'sparse-attention' },
    ]);
    const [papers] = await store.papersOfConcepts(['sparse-attention'], { page });
    expect(papers.items.map((pc) => pc.paperId)).toContain('hochreiter1997long');
    const [oldPapers] = await before.papersOfConcepts(['sparse-attention'], { page });
    expect(papers.totalCount).toBe(oldPapers.totalCount + 1);
    const [facets] = await store.paperFacets([{ conceptIds: ['sparse-attention'] }]);
    expect(facets.byYear.find((b) => b.value === '1997')?.count).toBe(1);
    const [timeline] = await store.conceptTimelines(['sparse-attention'], false);
    expect(timeline.find((y) => y.year === 1997)?.count).toBe(1);
    const [oldTimeline] = await before.conceptTimelines(['sparse-attention'], false);
    expect(oldTimeline.find((y) => y.year === 1997)).toBeUndefined();
    const [lstmFacets] = await store.paperFacets([{ year: { eq: 1997 } }]);
    expect(lstmFacets.byConcept.map((b) => b.value)).toContain('sparse-attention');
    const [oldLstmFacets] = await before.paperFacets([{ year: { eq: 1997 } }]);
    expect(oldLstmFacets.byConcept.map((b) => b.value)).not.toContain('sparse-attention');
    // A paper is found by the names of its concepts.
    const hitsOf = async (s: typeof store) =>
      (await s.search([{ text: 'sparse attention', kinds: ['Paper'], page: { first: 100 } }]))[0].items.map((h) => h.node.id);
    expect(await hitsOf(store)).toContain('hochreiter1997long');
    expect(await hitsOf(before)).not.toContain('hochreiter1997long');
    const [found] = await store.findPapers([{ filter: { conceptIds: ['sparse-attention'] }, page }]);
    expect(found.items).toContain('hochreiter1997long');
    // Linking it again as it is: a duplicate.
    await expect(
      curated.write({ op: 'concept.link', paperId: 'hochreiter1997long', conceptId: 'sparse-attention', role: 'USES', score: 0.4 }, alice),
    ).rejects.toThrow(ConflictError);
  });

  it('adds a concept (slug from the name) and search finds it; a broader cycle is refused', async () => {
    const { curated } = await openCurated();
    const { store, change } = await curated.write(
      {
        op: 'concept.add',
        fields: { name: 'Linear Attention', kind: 'METHOD', broaderIds: ['efficient-transformer'], aliases: ['kernelized attention'] },
      },
      alice,
    );
    expect(change.op === 'concept.add' && change.after.id).toBe('linear-attention');
    expect(await store.broaderOf(['linear-attention'])).toEqual([['efficient-transformer']]);
    expect(await store.idsBySlugs('Concept', ['linear-attention'])).toEqual(['linear-attention']);
    const [hits] = await store.search([{ text: 'kernelized attention', page: { first: 5 } }]);
    expect(hits.items[0]?.node).toEqual({ kind: 'Concept', id: 'linear-attention' });
    await expect(
      curated.write({ op: 'concept.update', id: 'efficient-transformer', fields: { broaderIds: ['linear-attention'] } }, alice),
    ).rejects.toThrow(/cycle/);
    await expect(
      curated.write({ op: 'concept.update', id: 'deep-learning', fields: { broaderIds: ['attention'] } }, alice),
    ).rejects.toThrow(ConflictError);
    await expect(curated.write({ op: 'concept.add', fields: { name: 'linear attention', kind: 'METHOD' } }, alice)).rejects.toThrow(
      /slug "linear-attention" exists/,
    );
  });

  it('merges two papers: citations combine, the merged id resolves to the kept paper', async () => {
    const { curated } = await openCurated();
    const before = curated.current();
    const [keptCiters, mergedCiters] = await before.citedByOf(['vaswani2017attention', 'devlin2019bert'], page);
    const { store, change } = await curated.write({ op: 'paper.merge', keptId: 'vaswani2017attention', mergedId: 'devlin2019bert' }, alice);
    if (change.op !== 'paper.merge') throw new Error('not a merge');
    expect(change.targets.map((t) => t.id)).toEqual(['vaswani2017attention', 'devlin2019bert']);
    const [citers] = await store.citedByOf(['vaswani2017attention'], page);
    const expected = new Set(
      [...keptCiters.items, ...mergedCiters.items]
        .map((c) => c.paperId)
        .filter((id) => id !== 'vaswani2017attention' && id !== 'devlin2019bert'),
    );
    expect(new Set(citers.items.map((c) => c.paperId))).toEqual(expected);
    const [resolved] = await store.nodesByIds('Paper', ['devlin2019bert']);
    expect(resolved?.id).toBe('vaswani2017attention');
    expect(resolved?.aliases).toContain('BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding');
    expect((await store.findPapers([{ page }]))[0].items).not.toContain('devlin2019bert');
    // Writes naming the merged id reach the kept paper; merging it with itself is refused.
    await expect(curated.write({ op: 'paper.merge', keptId: 'vaswani2017attention', mergedId: 'devlin2019bert' }, alice)).rejects.toThrow(
      /with itself/,
    );
    const updated = await curated.write({ op: 'paper.update', id: 'devlin2019bert', fields: { year: 2018 } }, alice);
    expect(updated.change.targets).toEqual([{ kind: 'Paper', id: 'vaswani2017attention' }]);
    expect(contentOf(graphOf(updated.store))).toEqual(contentOf(await oracle(curated.log)));
  });

  it('retracts a paper: gone from lists, citations, concepts and collections', async () => {
    const { curated } = await openCurated();
    const before = curated.current();
    const [entriesBefore] = await before.entriesOf(['zeta-alpha-neurips-2020'], page);
    expect(entriesBefore.items.map((e) => e.paperId)).toContain('zaheer2020big');
    const { store, change } = await curated.write({ op: 'paper.retract', id: 'zaheer2020big' }, { actor: 'admin', reason: 'test' });
    if (change.op !== 'paper.retract') throw new Error('not a retract');
    expect(change.edges.paperConcepts.length).toBe(8);
    expect(change.edges.entries.map((e) => e.collectionId)).toEqual(['zeta-alpha-neurips-2020']);
    expect((await store.nodesByIds('Paper', ['zaheer2020big']))[0]).toBeNull();
    expect((await store.findPapers([{ page }]))[0].items).not.toContain('zaheer2020big');
    expect((await store.papersOfConcepts(['sparse-attention'], { page }))[0].items.map((pc) => pc.paperId)).not.toContain('zaheer2020big');
    const [entries] = await store.entriesOf(['zeta-alpha-neurips-2020'], page);
    expect(entries.items.map((e) => e.paperId)).not.toContain('zaheer2020big');
    expect(entries.items.map((e) => e.rank)).toEqual(entries.items.map((_, k) => k + 1));
    await expect(curated.write({ op: 'citation.add', citingId: 'beltagy2020longformer', citedId: 'zaheer2020big' }, alice)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('edits collections: create, add entries at ranks, move, edit, remove', async () => {
    const { curated } = await openCurated();
    const created = await curated.write(
      { op: 'collection.create', slug: 'long-context', fields: { title: 'Long context', date: '2021-02-01', publisher: 'papergraph' } },
      alice,
    );
    expect(created.change.targets).toEqual([{ kind: 'Collection', id: 'long-context' }]);
    for (const paperId of ['zaheer2020big', 'beltagy2020longformer', 'child2019generating'])
      await curated.write(
        { op: 'collection.entry.add', collectionId: 'long-context', paperId, fields: { why: `because ${paperId}` } },
        alice,
      );
    await curated.write(
      { op: 'collection.entry.add', collectionId: 'long-context', paperId: 'tay2020efficient', rank: 1, fields: {} },
      alice,
    );
    const moved = await curated.write(
      { op: 'collection.entry.move', collectionId: 'long-context', paperId: 'child2019generating', rank: 2 },
      alice,
    );
    const ids = async () => (await curated.current().entriesOf(['long-context'], page))[0].items.map((e) => e.paperId);
    expect(await ids()).toEqual(['tay2020efficient', 'child2019generating', 'zaheer2020big', 'beltagy2020longformer']);
    expect(moved.change.op === 'collection.entry.move' && moved.change.before.entries.map((e) => e.paperId)).toEqual([
      'tay2020efficient',
      'zaheer2020big',
      'beltagy2020longformer',
      'child2019generating',
    ]);
    await curated.write(
      {
        op: 'collection.entry.update',
        collectionId: 'long-context',
        paperId: 'zaheer2020big',
        fields: { sectionId: 'transformers-and-attention', keyInsights: 'block sparse' },
      },
      alice,
    );
    await curated.write({ op: 'collection.entry.remove', collectionId: 'long-context', paperId: 'tay2020efficient' }, alice);
    const [entries] = await curated.current().entriesOf(['long-context'], page);
    expect(entries.items.map((e) => [e.rank, e.paperId, e.sectionId])).toEqual([
      [1, 'child2019generating', null],
      [2, 'zaheer2020big', 'transformers-and-attention'],
      [3, 'beltagy2020longformer', null],
    ]);
    await curated.write({ op: 'collection.update', id: 'long-context', fields: { description: 'Attention over long inputs' } }, alice);
    const [collection] = await curated.current().nodesByIds('Collection', ['long-context']);
    expect(collection?.description).toBe('Attention over long inputs');
    expect(collection?.entries.length).toBe(3);
    expect(contentOf(graphOf(curated.current()))).toEqual(contentOf(await oracle(curated.log)));
  });
});

describe('CuratedGraph: suggestions of the tagger', () => {
  it('accepts a tagger link once; rejects one; refuses a link that is not a suggestion', async () => {
    const { curated, log } = await openCurated();
    const rejected = await curated.write({ op: 'suggestion.reject', paperId: 'zaheer2020big', conceptId: 'question-answering' }, alice);
    const [after] = await rejected.store.conceptsOfPapers(['zaheer2020big'], page);
    expect(after.items.map((l) => l.conceptId)).not.toContain('question-answering');
    const accepted = await curated.write({ op: 'suggestion.accept', paperId: 'zaheer2020big', conceptId: 'expressive-power' }, alice);
    const [links] = await accepted.store.conceptsOfPapers(['zaheer2020big'], page);
    expect(links.items.find((l) => l.conceptId === 'expressive-power')?.provenance.map((p) => p.source)).toEqual(['tagger', 'curation']);
    await expect(
      curated.write({ op: 'suggestion.accept', paperId: 'zaheer2020big', conceptId: 'expressive-power' }, alice),
    ).rejects.toThrow(/reviewed already \(change 2\)/);
    await expect(
      curated.write({ op: 'suggestion.reject', paperId: 'zaheer2020big', conceptId: 'sparse-attention' }, alice),
    ).rejects.toThrow(/not a suggestion of the tagger/);
    // The rejection cannot be undone while a later change (the acceptance) touched the paper.
    await expect(curated.revert(rejected.change.seq, alice)).rejects.toThrow(/change 2 touched paper "zaheer2020big" after change 1/);
    // Undoing the acceptance makes the link a suggestion again.
    await curated.revert(accepted.change.seq, alice);
    const again = await curated.write({ op: 'suggestion.accept', paperId: 'zaheer2020big', conceptId: 'expressive-power' }, alice);
    expect(again.change.seq).toBe(4);
    expect(await log.lastSeq()).toBe(4);
  });
});

describe('CuratedGraph: refusals change nothing', () => {
  const refusals: [string, Command, new (...args: never[]) => Error, RegExp | string][] = [
    ['an unknown paper', { op: 'paper.update', id: 'nope', fields: { year: 2020 } }, NotFoundError, /no paper has id "nope"/],
    [
      'an unknown concept',
      { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'nope', role: 'USES', score: 0.5 },
      NotFoundError,
      /concept/,
    ],
    ['an unknown venue', { op: 'paper.update', id: 'zaheer2020big', fields: { venueId: 'nope' } }, NotFoundError, /venue/],
    [
      'an unknown collection',
      { op: 'collection.entry.add', collectionId: 'nope', paperId: 'zaheer2020big', fields: {} },
      NotFoundError,
      /collection/,
    ],
    [
      'an unknown author',
      { op: 'paper.update', id: 'zaheer2020big', fields: { authors: [{ id: 'nobody', name: 'X' }] } },
      NotFoundError,
      /author/,
    ],
    [
      'an unknown topic',
      { op: 'collection.entry.update', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big', fields: { sectionId: 'nope' } },
      NotFoundError,
      /topic/,
    ],
    [
      'a missing citation',
      { op: 'citation.remove', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' },
      NotFoundError,
      /does not cite/,
    ],
    [
      'a duplicate citation',
      { op: 'citation.add', citingId: 'zaheer2020big', citedId: 'vaswani2017attention' },
      ConflictError,
      /already cites/,
    ],
    [
      'a duplicate entry',
      { op: 'collection.entry.add', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big', fields: {} },
      ConflictError,
      /already/,
    ],
    [
      'a duplicate collection slug',
      { op: 'collection.create', slug: 'zeta-alpha-neurips-2020', fields: { title: 'x' } },
      ConflictError,
      /exists/,
    ],
    [
      'a duplicate DOI',
      { op: 'paper.add', fields: { title: 'x', doi: 'https://doi.org/10.1162/neco.1997.9.8.1735' } },
      ConflictError,
      /DOI/,
    ],
    ['a merge with itself', { op: 'paper.merge', keptId: 'zaheer2020big', mergedId: 'zaheer2020big' }, ConflictError, /itself/],
    ['an empty title', { op: 'paper.add', fields: { title: '  ' } }, InvalidInputError, /title must not be empty/],
    ['a year out of range', { op: 'paper.update', id: 'zaheer2020big', fields: { year: 999 } }, InvalidInputError, /year/],
    [
      'a score of 0',
      { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'lstm', role: 'USES', score: 0 },
      InvalidInputError,
      /score/,
    ],
    [
      'a score above 1',
      { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'lstm', role: 'USES', score: 1.5 },
      InvalidInputError,
      /score/,
    ],
    [
      'a rank of 0',
      { op: 'collection.entry.move', collectionId: 'zeta-alpha-neurips-2020', paperId: 'zaheer2020big', rank: 0 },
      InvalidInputError,
      /rank/,
    ],
    ['a bad arXiv id', { op: 'paper.add', fields: { title: 'x', arxivId: '12345' } }, InvalidInputError, /arXiv/],
    ['a bad DOI', { op: 'paper.add', fields: { title: 'x', doi: '11.1/x' } }, InvalidInputError, /DOI/],
    ['a self-citation', { op: 'citation.add', citingId: 'zaheer2020big', citedId: 'zaheer2020big' }, InvalidInputError, /cite itself/],
    [
      'an unknown role',
      { op: 'concept.link', paperId: 'zaheer2020big', conceptId: 'lstm', role: 'LIKES' as 'USES', score: 0.5 },
      InvalidInputError,
      /role/,
    ],
    [
      'an unknown intent',
      { op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet', intents: ['VIBES' as 'METHOD'] },
      InvalidInputError,
      /intents/,
    ],
    ['an unknown concept kind', { op: 'concept.add', fields: { name: 'x', kind: 'THING' as 'METHOD' } }, InvalidInputError, /kind/],
  ];
  it.each(refusals)('refuses %s', async (_name, command, type, message) => {
    const { curated, log } = await openCurated();
    await curated.write({ op: 'paper.update', id: 'lin2004rouge', fields: { aliases: ['ROUGE'] } }, alice);
    const before = curated.current();
    const error = await curated.write(command, alice).catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
    expect(await log.lastSeq()).toBe(1);
    expect(curated.current()).toBe(before);
  });

  it('names the field of an invalid input', async () => {
    const { curated } = await openCurated();
    const error = await curated
      .write({ op: 'paper.add', fields: { title: 'x', authors: [{ name: 'A' }, { name: ' ' }] } }, alice)
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toBe('authors.1.name');
  });

  it('refuses a stale expectedVersion with the current version', async () => {
    const { curated, log } = await openCurated();
    const first = await curated.write(
      { op: 'paper.update', id: 'zaheer2020big', fields: { year: 2021 } },
      { actor: 'alice', expectedVersion: 0 },
    );
    await curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice);
    const stale = await curated
      .write({ op: 'paper.update', id: 'zaheer2020big', fields: { year: 2022 } }, { actor: 'bob', expectedVersion: first.change.seq })
      .catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.currentVersion).toBe(2);
    expect(await log.lastSeq()).toBe(2);
    expect((await curated.current().nodesByIds('Paper', ['zaheer2020big']))[0]?.year).toBe(2021);
    const fresh = await curated.write(
      { op: 'paper.update', id: 'zaheer2020big', fields: { year: 2022 } },
      { actor: 'bob', expectedVersion: 2 },
    );
    expect(fresh.change.seq).toBe(3);
    // The record names the last change that wrote it (the log has the rest), so it stays small.
    const [record] = await fresh.store.nodesByIds('Paper', ['zaheer2020big']);
    expect(record?.provenance.filter((p) => p.source === 'curation')).toEqual([{ source: 'curation', recordId: '3' }]);
    expect(fresh.change.op === 'paper.update' && fresh.change.before.provenance.some((p) => p.source === 'curation')).toBe(false);
  });

  it('fails every write of a batch when the log is closed underneath; reads go on', async () => {
    const { curated, log } = await openCurated();
    await curated.write({ op: 'paper.update', id: 'lin2004rouge', fields: { aliases: ['ROUGE'] } }, alice);
    const before = curated.current();
    await log.close();
    const writes = await Promise.allSettled([
      curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice),
      curated.write({ op: 'paper.add', fields: { title: 'Never written' } }, alice),
    ]);
    expect(writes.map((w) => w.status === 'rejected' && w.reason instanceof ChangeLogUnavailableError)).toEqual([true, true]);
    expect(curated.current()).toBe(before);
    const [refs] = await curated.current().referencesOf(['zaheer2020big'], page);
    expect(refs.items.map((r) => r.paperId)).not.toContain('deng2009imagenet');
    expect((await curated.current().nodesByIds('Paper', ['lin2004rouge']))[0]?.aliases).toEqual(['ROUGE']);
    await curated.close();
    await expect(curated.write({ op: 'paper.add', fields: { title: 'After close' } }, alice)).rejects.toThrow(ChangeLogUnavailableError);
  });

  it('fails a write whose append fails (a full disk), publishes nothing, and takes later writes', async () => {
    const { curated, log, dir } = await openCurated();
    await curated.write({ op: 'paper.update', id: 'lin2004rouge', fields: { aliases: ['ROUGE'] } }, alice);
    await curated.close();
    const { statSync } = await import('node:fs');
    const size = statSync(`${dir}/changes.sqlite`).size;
    const reopened = await openCurated(dir, { logOptions: { maxSizeBytes: size + 16 * 1024 } });
    void log;
    const before = reopened.curated.current();
    const content = contentOf(graphOf(before));
    const huge = reopened.curated.write({ op: 'paper.add', fields: { title: 'Huge', abstract: 'x'.repeat(300_000) } }, alice);
    await expect(huge).rejects.toThrow(ChangeLogUnavailableError);
    expect(reopened.curated.current()).toBe(before);
    expect(contentOf(graphOf(reopened.curated.current()))).toEqual(content);
    expect((await before.findPapers([{ filter: { titleContains: 'Huge' }, page }]))[0].totalCount).toBe(0);
    expect(await reopened.log.lastSeq()).toBe(1);
    const later = await reopened.curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice);
    expect(later.change.seq).toBe(2);
  });
});

describe('CuratedGraph: group commit, history, listeners', () => {
  it('commits 50 concurrent writes in fewer appends, each its own change, all visible', async () => {
    const { curated, log } = await openCurated();
    const seen: number[] = [];
    curated.onChange(({ change }) => seen.push(change.seq));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        curated.write({ op: 'paper.add', fields: { title: `Concurrent paper ${i}` } }, { actor: `w${i % 5}` }),
      ),
    );
    expect(curated.appends).toBeLessThan(50);
    expect(results.map((r) => r.change.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.change.op === 'paper.add' && r.change.after.id)).size).toBe(50);
    const ids = results.map((r) => (r.change.op === 'paper.add' ? r.change.after.id : ''));
    const found = await curated.current().nodesByIds('Paper', ids);
    expect(found.every((p) => p !== null)).toBe(true);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await log.lastSeq()).toBe(50);
    // Within one batch a later write sees the earlier ones: a duplicate of one is refused.
    const pair = await Promise.allSettled([
      curated.write({ op: 'citation.add', citingId: ids[0], citedId: 'zaheer2020big' }, alice),
      curated.write({ op: 'citation.add', citingId: ids[0], citedId: 'zaheer2020big' }, alice),
    ]);
    expect(pair.map((p) => p.status)).toEqual(['fulfilled', 'rejected']);
    expect(contentOf(graphOf(curated.current()))).toEqual(contentOf(await oracle(log)));
  });

  it('answers history, changes and changes by seq from the log', async () => {
    const { curated } = await openCurated();
    await curated.write({ op: 'paper.update', id: 'zaheer2020big', fields: { year: 2021 } }, { actor: 'alice', reason: 'typo' });
    await curated.write({ op: 'citation.add', citingId: 'beltagy2020longformer', citedId: 'deng2009imagenet' }, alice);
    await curated.write({ op: 'citation.add', citingId: 'zaheer2020big', citedId: 'deng2009imagenet' }, alice);
    const history = await curated.historyOf({ kind: 'Paper', id: 'zaheer2020big' }, { limit: 10 });
    expect(history.map((c) => [c.seq, c.op, c.actor])).toEqual([
      [1, 'paper.update', 'alice'],
      [3, 'citation.add', 'alice'],
    ]);
    expect((await curated.changes({ after: 1, limit: 10 })).map((c) => c.seq)).toEqual([2, 3]);
    expect((await curated.changes({ limit: 2, newestFirst: true })).map((c) => c.seq)).toEqual([3, 2]);
    const bySeq = await curated.changesBySeq([3, 9, 1]);
    expect(bySeq.map((c) => c?.seq ?? null)).toEqual([3, null, 1]);
    expect(bySeq[2]?.reason).toBe('typo');
  });
});

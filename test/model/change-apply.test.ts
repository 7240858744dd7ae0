// The reference semantics of curation changes on the curated corpus: what each operation does
// to records and edges, that its undo restores the corpus, and that a change that cannot apply
// (a reordered or damaged log) is refused by name.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeApplyError, applyChangeToCorpus, type CorpusWithRedirects } from '../../src/model/change-apply.js';
import { type Change, type Operation, type PaperEdges, type PaperWithAuthors, targetsOf } from '../../src/model/change.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { REPO_ROOT } from '../support/datasets.js';

const base = loadCuratedCorpus(join(REPO_ROOT, 'data'));

function fresh(): CorpusWithRedirects {
  return structuredClone({ ...base, redirects: new Map<string, string>() });
}

let seq = 0;
function change(operation: Operation): Change {
  seq++;
  return { ...operation, seq, actor: 'alice', reason: null, at: '2026-11-27T00:00:00.000Z', reverts: null, targets: targetsOf(operation) };
}

function withAuthors(corpus: CorpusWithRedirects, id: string): PaperWithAuthors {
  const paper = corpus.papers.find((p) => p.id === id)!;
  const authors = corpus.authorships
    .filter((a) => a.paperId === id)
    .sort((a, b) => a.position - b.position)
    .map((a) => ({ id: a.authorId, name: corpus.authors.find((x) => x.id === a.authorId)!.name }));
  return { ...paper, authors };
}

function edgesOf(corpus: CorpusWithRedirects, id: string): PaperEdges {
  return {
    citations: corpus.citations.filter((c) => c.citingId === id || c.citedId === id),
    paperConcepts: corpus.paperConcepts.filter((pc) => pc.paperId === id),
    authorships: corpus.authorships.filter((a) => a.paperId === id),
    paperTopics: corpus.paperTopics.filter((pt) => pt.paperId === id),
    entries: corpus.collections.flatMap((c) => c.entries.filter((e) => e.paperId === id).map((e) => ({ ...e, collectionId: c.id }))),
  };
}

/** The corpus as sets of facts, order-free where order means nothing (ranks and positions are facts). */
function facts(corpus: CorpusWithRedirects) {
  const sorted = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
  const strip = <T extends { provenance?: unknown }>({ provenance: _p, ...rest }: T) => rest;
  return {
    papers: sorted(corpus.papers.map(strip)),
    citations: sorted(corpus.citations.map(strip)),
    links: sorted(corpus.paperConcepts.map(strip)),
    authorships: sorted(corpus.authorships),
    topics: sorted(corpus.paperTopics),
    entries: sorted(corpus.collections.flatMap((c) => c.entries.map((e) => ({ ...e, c: c.id })))),
    redirects: [...corpus.redirects].sort(),
  };
}

const BIG_BIRD = 'zaheer2020big';
const GUIDE = 'zeta-alpha-neurips-2020';

describe('applyChangeToCorpus', () => {
  it('adds a paper with a new author in order, stamped with the change as provenance', () => {
    const corpus = fresh();
    const existing = corpus.authorships.find((a) => a.paperId === BIG_BIRD)!;
    const c = change({
      op: 'paper.add',
      before: null,
      after: {
        ...withAuthors(corpus, BIG_BIRD),
        id: 'curated-sparse',
        title: 'Sparse attention, revisited',
        arxivId: null,
        doi: null,
        provenance: [],
        authors: [
          { id: 'new-author', name: 'Ada Lovelace' },
          { id: existing.authorId, name: 'known' },
        ],
      },
    });
    applyChangeToCorpus(corpus, c);
    const paper = corpus.papers.find((p) => p.id === 'curated-sparse')!;
    expect(paper.provenance).toEqual([{ source: 'curation', recordId: String(c.seq) }]);
    expect(corpus.authors.find((a) => a.id === 'new-author')!.name).toBe('Ada Lovelace');
    const order = corpus.authorships.filter((a) => a.paperId === 'curated-sparse').sort((a, b) => a.position - b.position);
    expect(order.map((a) => a.authorId)).toEqual(['new-author', existing.authorId]);
    expect(() => applyChangeToCorpus(corpus, c)).toThrow(ChangeApplyError);
  });

  it('merges two papers: edges move to the kept one, entries follow, the old id redirects; unmerge restores every fact', () => {
    const corpus = fresh();
    const before = facts(corpus);
    const kept = BIG_BIRD;
    const merged = corpus.collections.find((c) => c.id === GUIDE)!.entries[0].paperId;
    const mergedEdges = edgesOf(corpus, merged);
    const keptEdges = edgesOf(corpus, kept);
    const moved: PaperEdges = {
      citations: mergedEdges.citations
        .map((c) => ({ ...c, citingId: c.citingId === merged ? kept : c.citingId, citedId: c.citedId === merged ? kept : c.citedId }))
        .filter((c) => c.citingId !== c.citedId && !keptEdges.citations.some((k) => k.citingId === c.citingId && k.citedId === c.citedId)),
      paperConcepts: mergedEdges.paperConcepts
        .map((pc) => ({ ...pc, paperId: kept }))
        .filter((pc) => !keptEdges.paperConcepts.some((k) => k.conceptId === pc.conceptId)),
      authorships: [],
      paperTopics: mergedEdges.paperTopics
        .map((pt) => ({ ...pt, paperId: kept }))
        .filter((pt) => !keptEdges.paperTopics.some((k) => k.topicId === pt.topicId)),
      entries: mergedEdges.entries
        .map((e) => ({ ...e, paperId: kept }))
        .filter((e) => !keptEdges.entries.some((k) => k.collectionId === e.collectionId)),
    };
    const keptBefore = withAuthors(corpus, kept),
      mergedBefore = withAuthors(corpus, merged);
    const keptAfter = { ...keptBefore, aliases: [...keptBefore.aliases, mergedBefore.title] };
    applyChangeToCorpus(
      corpus,
      change({
        op: 'paper.merge',
        before: { kept: keptBefore, merged: mergedBefore },
        after: { kept: keptAfter, mergedId: merged },
        mergedEdges,
        moved,
      }),
    );
    expect(corpus.papers.some((p) => p.id === merged)).toBe(false);
    expect(corpus.redirects.get(merged)).toBe(kept);
    const citers = new Set(corpus.citations.filter((c) => c.citedId === kept).map((c) => c.citingId));
    for (const c of mergedEdges.citations) if (c.citedId === merged && c.citingId !== kept) expect(citers.has(c.citingId)).toBe(true);
    const guide = corpus.collections.find((c) => c.id === GUIDE)!;
    expect(guide.entries.some((e) => e.paperId === merged)).toBe(false);
    expect(guide.entries.map((e) => e.rank)).toEqual(guide.entries.map((_, k) => k + 1));

    applyChangeToCorpus(
      corpus,
      change({
        op: 'paper.unmerge',
        before: { kept: keptAfter, mergedId: merged },
        after: { kept: keptBefore, merged: mergedBefore },
        mergedEdges,
        moved,
      }),
    );
    expect(facts(corpus)).toEqual(before);
  });

  it('retracts a paper with every edge and entry, and a paper.add restoring them undoes it', () => {
    const corpus = fresh();
    const before = facts(corpus);
    const id = corpus.collections.find((c) => c.id === GUIDE)!.entries[2].paperId;
    const paper = withAuthors(corpus, id);
    const edges = edgesOf(corpus, id);
    expect(edges.citations.length).toBeGreaterThan(0);
    applyChangeToCorpus(corpus, change({ op: 'paper.retract', before: paper, after: null, edges }));
    expect(corpus.citations.some((c) => c.citingId === id || c.citedId === id)).toBe(false);
    expect(corpus.collections.find((c) => c.id === GUIDE)!.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    applyChangeToCorpus(corpus, change({ op: 'paper.add', before: null, after: paper, restores: edges }));
    expect(facts(corpus)).toEqual(before);
  });

  it('links upsert, moves renumber, and a change on a missing record is refused by name', () => {
    const corpus = fresh();
    const link = corpus.paperConcepts.find((pc) => pc.paperId === BIG_BIRD)!;
    applyChangeToCorpus(corpus, change({ op: 'concept.link', before: link, after: { ...link, score: 0.5, role: 'INTRODUCES' } }));
    const now = corpus.paperConcepts.filter((pc) => pc.paperId === BIG_BIRD && pc.conceptId === link.conceptId);
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ score: 0.5, role: 'INTRODUCES' });

    const guide = corpus.collections.find((c) => c.id === GUIDE)!;
    const last = [...guide.entries].sort((a, b) => a.rank - b.rank).at(-1)!;
    const entries = [{ ...last, rank: 1 }, ...guide.entries.filter((e) => e !== last).map((e) => ({ ...e, rank: e.rank + 1 }))];
    applyChangeToCorpus(
      corpus,
      change({
        op: 'collection.entry.move',
        before: { collectionId: GUIDE, entries: guide.entries },
        after: { collectionId: GUIDE, entries },
      }),
    );
    expect(corpus.collections.find((c) => c.id === GUIDE)!.entries[0].paperId).toBe(last.paperId);

    const missing = change({ op: 'citation.remove', before: { ...corpus.citations[0], citedId: 'no-such-paper' }, after: null });
    expect(() => applyChangeToCorpus(corpus, missing)).toThrow(/cannot be applied/);
  });
});

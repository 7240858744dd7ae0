// What a change does to a corpus, spelled out on plain records: the reference semantics of every
// curation operation. The graph applies changes its own faster way (graph/graph-changes.ts) and is
// tested against this; the crash test rebuilds a graph from the log with it. A change is applied
// as it was committed: its payload was checked against the graph it was made on (store/curation),
// so this only refuses a change that cannot be applied at all (a corrupt or reordered log).

import type { Change, CollectionEntryRecord, PaperEdges, PaperWithAuthors } from './change.js';
import { CURATION_SOURCE } from './change.js';
import type { Authorship, Citation, Collection, CollectionEntry, Corpus, PaperConcept, Provenance } from './types.js';

/** A corpus with the paper ids that merges retired (merged id → the id of the paper kept). */
export interface CorpusWithRedirects extends Corpus {
  redirects: Map<string, string>;
}

export class ChangeApplyError extends Error {
  override name = 'ChangeApplyError';
}

/** The provenance entry a change writes on what it adds or edits. */
export function curationProvenance(seq: number): Provenance {
  return { source: CURATION_SOURCE, recordId: String(seq) };
}

/** Applies one committed change to the corpus, in place. */
export function applyChangeToCorpus(corpus: CorpusWithRedirects, change: Change): void {
  const mark = curationProvenance(change.seq);
  const stamp = <T extends { provenance: Provenance[] }>(record: T): T => ({
    ...record,
    provenance: withProvenance(record.provenance, mark),
  });
  switch (change.op) {
    case 'paper.add': {
      if (corpus.papers.some((p) => p.id === change.after.id)) fail(change, `paper "${change.after.id}" exists`);
      corpus.papers.push(stamp(paperRecord(change.after)));
      setAuthors(corpus, change.after, mark);
      if (change.restores) addEdges(corpus, change.restores);
      return;
    }
    case 'paper.update': {
      const i = indexOf(corpus.papers, change.before.id, change);
      corpus.papers[i] = stamp(paperRecord(change.after));
      setAuthors(corpus, change.after, mark);
      return;
    }
    case 'paper.retract': {
      const id = change.before.id;
      indexOf(corpus.papers, id, change);
      removePaper(corpus, id);
      return;
    }
    case 'paper.merge': {
      const keptId = change.before.kept.id,
        mergedId = change.before.merged.id;
      indexOf(corpus.papers, keptId, change);
      indexOf(corpus.papers, mergedId, change);
      removePaper(corpus, mergedId);
      addEdges(corpus, change.moved);
      corpus.papers[indexOf(corpus.papers, keptId, change)] = stamp(paperRecord(change.after.kept));
      setAuthors(corpus, change.after.kept, mark);
      corpus.redirects.set(mergedId, keptId);
      for (const [from, to] of corpus.redirects) if (to === mergedId) corpus.redirects.set(from, keptId);
      return;
    }
    case 'paper.unmerge': {
      const keptId = change.after.kept.id,
        mergedId = change.after.merged.id;
      removeEdges(corpus, change.moved);
      corpus.papers[indexOf(corpus.papers, keptId, change)] = stamp(paperRecord(change.after.kept));
      setAuthors(corpus, change.after.kept, mark);
      corpus.papers.push(stamp(paperRecord(change.after.merged)));
      setAuthors(corpus, change.after.merged, mark);
      addEdges(corpus, change.mergedEdges);
      corpus.redirects.delete(mergedId);
      return;
    }
    case 'citation.add':
      if (corpus.citations.some((c) => sameCitation(c, change.after))) fail(change, 'the citation exists');
      corpus.citations.push(stamp(change.after));
      return;
    case 'citation.remove':
      corpus.citations.splice(
        requireIndex(corpus.citations, (c) => sameCitation(c, change.before), change),
        1,
      );
      return;
    case 'concept.add':
      if (corpus.concepts.some((c) => c.id === change.after.id)) fail(change, `concept "${change.after.id}" exists`);
      corpus.concepts.push(stamp(change.after));
      return;
    case 'concept.update':
      corpus.concepts[indexOf(corpus.concepts, change.before.id, change)] = stamp(change.after);
      return;
    case 'concept.remove':
      corpus.concepts.splice(indexOf(corpus.concepts, change.before.id, change), 1);
      return;
    case 'concept.link':
    case 'suggestion.accept': {
      const link = stamp(change.after);
      const i = corpus.paperConcepts.findIndex((pc) => sameLink(pc, link));
      if (i >= 0) corpus.paperConcepts[i] = link;
      else corpus.paperConcepts.push(link);
      return;
    }
    case 'concept.unlink':
    case 'suggestion.reject':
      corpus.paperConcepts.splice(
        requireIndex(corpus.paperConcepts, (pc) => sameLink(pc, change.before), change),
        1,
      );
      return;
    case 'collection.create':
      if (corpus.collections.some((c) => c.id === change.after.id)) fail(change, `collection "${change.after.id}" exists`);
      corpus.collections.push(stamp(change.after));
      return;
    case 'collection.update':
      corpus.collections[indexOf(corpus.collections, change.before.id, change)] = stamp(change.after);
      return;
    case 'collection.delete':
      corpus.collections.splice(indexOf(corpus.collections, change.before.id, change), 1);
      return;
    case 'collection.entry.add':
      return editEntries(corpus, change.after.collectionId, change, (entries) => insertEntry(entries, change.after));
    case 'collection.entry.update':
      return editEntries(corpus, change.after.collectionId, change, (entries) =>
        entries.map((e) => (e.paperId === change.after.paperId ? entryOf(change.after) : e)),
      );
    case 'collection.entry.move':
      return editEntries(corpus, change.after.collectionId, change, () => change.after.entries);
    case 'collection.entry.remove':
      return editEntries(corpus, change.before.collectionId, change, (entries) => removeEntry(entries, change.before.paperId));
  }
}

/** The paper record without its author list (authors are authorship edges). */
export function paperRecord({ authors: _authors, ...paper }: PaperWithAuthors): Omit<PaperWithAuthors, 'authors'> {
  return paper;
}

/** `list` with `entry` appended unless an equal one is there. */
export function withProvenance(list: Provenance[], entry: Provenance): Provenance[] {
  return list.some((p) => p.source === entry.source && p.recordId === entry.recordId) ? list : [...list, entry];
}

export function sameCitation(a: Pick<Citation, 'citingId' | 'citedId'>, b: Pick<Citation, 'citingId' | 'citedId'>): boolean {
  return a.citingId === b.citingId && a.citedId === b.citedId;
}

export function sameLink(a: Pick<PaperConcept, 'paperId' | 'conceptId'>, b: Pick<PaperConcept, 'paperId' | 'conceptId'>): boolean {
  return a.paperId === b.paperId && a.conceptId === b.conceptId;
}

/** Entries ordered by rank, `entry` inserted at its rank; ranks renumbered 1, 2, 3, …. */
export function insertEntry(entries: readonly CollectionEntry[], entry: CollectionEntryRecord | CollectionEntry): CollectionEntry[] {
  const ordered = [...entries].sort((a, b) => a.rank - b.rank);
  const at = Math.max(0, Math.min(ordered.length, entry.rank - 1));
  ordered.splice(at, 0, entryOf(entry));
  return renumber(ordered);
}

/** Entries without the paper's, ranks renumbered 1, 2, 3, …. */
export function removeEntry(entries: readonly CollectionEntry[], paperId: string): CollectionEntry[] {
  return renumber([...entries].sort((a, b) => a.rank - b.rank).filter((e) => e.paperId !== paperId));
}

function renumber(entries: CollectionEntry[]): CollectionEntry[] {
  return entries.map((e, k) => (e.rank === k + 1 ? e : { ...e, rank: k + 1 }));
}

function entryOf({ rank, paperId, sectionId, why, keyInsights }: CollectionEntry): CollectionEntry {
  return { rank, paperId, sectionId, why, keyInsights };
}

function setAuthors(corpus: Corpus, paper: PaperWithAuthors, mark: Provenance): void {
  for (const author of paper.authors)
    if (!corpus.authors.some((a) => a.id === author.id))
      corpus.authors.push({ id: author.id, name: author.name, affiliations: [], provenance: [mark] });
  const kept = new Map(corpus.authorships.filter((a) => a.paperId === paper.id).map((a) => [a.authorId, a]));
  corpus.authorships = corpus.authorships.filter((a) => a.paperId !== paper.id);
  paper.authors.forEach((author, position) =>
    corpus.authorships.push({ paperId: paper.id, authorId: author.id, position, affiliations: kept.get(author.id)?.affiliations ?? [] }),
  );
}

/** Removes a paper, its edges and its collection entries. */
function removePaper(corpus: CorpusWithRedirects, id: string): void {
  corpus.papers = corpus.papers.filter((p) => p.id !== id);
  corpus.citations = corpus.citations.filter((c) => c.citingId !== id && c.citedId !== id);
  corpus.paperConcepts = corpus.paperConcepts.filter((pc) => pc.paperId !== id);
  corpus.authorships = corpus.authorships.filter((a) => a.paperId !== id);
  corpus.paperTopics = corpus.paperTopics.filter((pt) => pt.paperId !== id);
  corpus.collections = corpus.collections.map((c) =>
    c.entries.some((e) => e.paperId === id) ? { ...c, entries: removeEntry(c.entries, id) } : c,
  );
}

/** Adds edges (skipping any already there), entries at their ranks. */
export function addEdges(corpus: Corpus, edges: PaperEdges): void {
  for (const c of edges.citations) if (!corpus.citations.some((x) => sameCitation(x, c))) corpus.citations.push(c);
  for (const pc of edges.paperConcepts) if (!corpus.paperConcepts.some((x) => sameLink(x, pc))) corpus.paperConcepts.push(pc);
  for (const a of edges.authorships)
    if (!corpus.authorships.some((x) => x.paperId === a.paperId && x.authorId === a.authorId)) corpus.authorships.push(a);
  for (const pt of edges.paperTopics)
    if (!corpus.paperTopics.some((x) => x.paperId === pt.paperId && x.topicId === pt.topicId)) corpus.paperTopics.push(pt);
  for (const entry of [...edges.entries].sort((a, b) => a.rank - b.rank))
    corpus.collections = corpus.collections.map((c) =>
      c.id === entry.collectionId && !c.entries.some((e) => e.paperId === entry.paperId)
        ? { ...c, entries: insertEntry(c.entries, entry) }
        : c,
    );
}

function removeEdges(corpus: Corpus, edges: PaperEdges): void {
  corpus.citations = corpus.citations.filter((x) => !edges.citations.some((c) => sameCitation(x, c)));
  corpus.paperConcepts = corpus.paperConcepts.filter((x) => !edges.paperConcepts.some((pc) => sameLink(x, pc)));
  corpus.authorships = corpus.authorships.filter(
    (x: Authorship) => !edges.authorships.some((a) => a.paperId === x.paperId && a.authorId === x.authorId),
  );
  corpus.paperTopics = corpus.paperTopics.filter(
    (x) => !edges.paperTopics.some((pt) => pt.paperId === x.paperId && pt.topicId === x.topicId),
  );
  for (const entry of edges.entries)
    corpus.collections = corpus.collections.map((c) =>
      c.id === entry.collectionId ? { ...c, entries: removeEntry(c.entries, entry.paperId) } : c,
    );
}

function editEntries(corpus: Corpus, collectionId: string, change: Change, edit: (entries: CollectionEntry[]) => CollectionEntry[]): void {
  const i = indexOf(corpus.collections, collectionId, change);
  const collection: Collection = corpus.collections[i];
  corpus.collections[i] = { ...collection, entries: edit(collection.entries) };
}

function indexOf(records: readonly { id: string }[], id: string, change: Change): number {
  return requireIndex(records, (r) => r.id === id, change, `"${id}"`);
}

function requireIndex<T>(records: readonly T[], match: (record: T) => boolean, change: Change, what = 'its record'): number {
  const i = records.findIndex(match);
  if (i < 0) fail(change, `${what} is not in the graph`);
  return i;
}

function fail(change: Change, why: string): never {
  throw new ChangeApplyError(`change ${change.seq} (${change.op}) cannot be applied: ${why}`);
}

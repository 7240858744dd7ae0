// The undo of a committed change: the operation that puts back what it changed, built against
// the graph as it is now (the caller has checked that no later change touched the change's
// targets). Edges to nodes that left the graph since are not put back.

import type { Change, CollectionEntryRecord, Operation, PaperEdges, PaperWithAuthors } from '../../model/change.js';
import { mergeOperation, requirePaper } from './commands.js';
import { ConflictError, NotFoundError } from './curation.js';
import type { Draft } from './draft.js';

export function inverseOperation(change: Change, draft: Draft): Operation {
  switch (change.op) {
    case 'paper.add': {
      const before = requirePaper(draft, change.after.id, 'seq');
      return { op: 'paper.retract', before, after: null, edges: draft.edgesOf(before.id) };
    }
    case 'paper.retract': {
      const after = freePaper(draft, change.before);
      return { op: 'paper.add', before: null, after, restores: liveEdges(draft, change.edges, after.id) };
    }
    case 'paper.update': {
      const before = requirePaper(draft, change.after.id, 'seq');
      return { op: 'paper.update', before, after: checkedKeys(draft, { ...change.before, provenance: before.provenance }) };
    }
    case 'paper.merge': {
      const kept = requirePaper(draft, change.after.kept.id, 'seq');
      // The kept paper may hold the merged one's arXiv id or DOI: the unmerge gives them back.
      const merged = freePaper(draft, change.before.merged, kept.id);
      return {
        op: 'paper.unmerge',
        before: { kept, mergedId: merged.id },
        after: { kept: { ...change.before.kept, provenance: kept.provenance }, merged },
        mergedEdges: liveEdges(draft, change.mergedEdges, merged.id),
        moved: change.moved,
      };
    }
    case 'paper.unmerge':
      return mergeOperation(draft, change.after.kept.id, change.after.merged.id);
    case 'citation.add': {
      const before = draft.citation(change.after.citingId, change.after.citedId);
      if (!before) throw new NotFoundError('Citation', `${change.after.citingId}→${change.after.citedId}`);
      return { op: 'citation.remove', before, after: null };
    }
    case 'citation.remove': {
      requirePaper(draft, change.before.citingId, 'seq');
      requirePaper(draft, change.before.citedId, 'seq');
      if (draft.citation(change.before.citingId, change.before.citedId))
        throw new ConflictError(`"${change.before.citingId}" cites "${change.before.citedId}" already`);
      return { op: 'citation.add', before: null, after: change.before };
    }
    case 'concept.add': {
      const before = requireConcept(draft, change.after.id);
      const narrower = draft.narrowerOf(before.id);
      if (narrower.length) throw new ConflictError(`concept "${before.id}" has narrower concepts now (${narrower.join(', ')})`);
      if (draft.conceptHasLinks(before.id)) throw new ConflictError(`papers link to concept "${before.id}" now`);
      return { op: 'concept.remove', before, after: null };
    }
    case 'concept.update': {
      const before = requireConcept(draft, change.after.id);
      return { op: 'concept.update', before, after: checkedBroader(draft, { ...change.before, provenance: before.provenance }) };
    }
    case 'concept.remove': {
      if (draft.concept(change.before.id) || draft.conceptIdBySlug(change.before.slug))
        throw new ConflictError(`a concept with id "${change.before.id}" or slug "${change.before.slug}" exists now`);
      return { op: 'concept.add', before: null, after: checkedBroader(draft, change.before) };
    }
    case 'concept.link':
    case 'suggestion.accept': {
      const current = draft.link(change.after.paperId, change.after.conceptId);
      if (!current) throw new NotFoundError('ConceptLink', `${change.after.paperId}→${change.after.conceptId}`);
      const before = change.before;
      if (before === null) return { op: 'concept.unlink', before: current, after: null };
      return { op: 'concept.link', before: current, after: before, note: null };
    }
    case 'concept.unlink':
    case 'suggestion.reject': {
      requirePaper(draft, change.before.paperId, 'seq');
      requireConcept(draft, change.before.conceptId);
      if (draft.link(change.before.paperId, change.before.conceptId))
        throw new ConflictError(`"${change.before.paperId}" is linked to "${change.before.conceptId}" already`);
      return { op: 'concept.link', before: null, after: change.before, note: null };
    }
    case 'collection.create': {
      const before = requireCollection(draft, change.after.id);
      return { op: 'collection.delete', before, after: null };
    }
    case 'collection.update': {
      const before = requireCollection(draft, change.after.id);
      return { op: 'collection.update', before, after: { ...change.before, entries: before.entries, provenance: before.provenance } };
    }
    case 'collection.delete': {
      if (draft.collection(change.before.id) || draft.collectionIdBySlug(change.before.slug))
        throw new ConflictError(`a collection with id "${change.before.id}" or slug "${change.before.slug}" exists now`);
      const entries = change.before.entries.filter((e) => draft.paperId(e.paperId) === e.paperId);
      return { op: 'collection.create', before: null, after: { ...change.before, entries: renumber(entries) } };
    }
    case 'collection.entry.add':
      return { op: 'collection.entry.remove', before: requireEntry(draft, change.after), after: null };
    case 'collection.entry.remove': {
      const collection = requireCollection(draft, change.before.collectionId);
      requirePaper(draft, change.before.paperId, 'seq');
      if (collection.entries.some((e) => e.paperId === change.before.paperId))
        throw new ConflictError(`"${change.before.paperId}" is in collection "${collection.id}" already`);
      const rank = Math.min(change.before.rank, collection.entries.length + 1);
      return { op: 'collection.entry.add', before: null, after: { ...change.before, rank } };
    }
    case 'collection.entry.update': {
      const before = requireEntry(draft, change.after);
      return { op: 'collection.entry.update', before, after: { ...change.before, rank: before.rank } };
    }
    case 'collection.entry.move': {
      const collection = requireCollection(draft, change.after.collectionId);
      const current = [...collection.entries].sort((a, b) => a.rank - b.rank);
      const present = new Map(current.map((e) => [e.paperId, e]));
      const order = change.before.entries.filter((e) => present.has(e.paperId)).map((e) => present.get(e.paperId)!);
      for (const e of current) if (!order.includes(e)) order.push(e);
      return {
        op: 'collection.entry.move',
        before: { collectionId: collection.id, entries: current },
        after: { collectionId: collection.id, entries: renumber(order) },
      };
    }
  }
}

/** The paper as it was, if its id, arXiv id and DOI are free now. */
function freePaper(draft: Draft, paper: PaperWithAuthors, mayHoldKeys: string | null = null): PaperWithAuthors {
  if (draft.paperId(paper.id) === paper.id) throw new ConflictError(`a paper with id "${paper.id}" exists now`);
  return checkedKeys(draft, paper, mayHoldKeys);
}

function checkedKeys(draft: Draft, paper: PaperWithAuthors, mayHoldKeys: string | null = null): PaperWithAuthors {
  const free = (holder: string | null) => holder === null || holder === paper.id || holder === mayHoldKeys;
  const arxivHolder = paper.arxivId ? draft.paperByArxivId(paper.arxivId) : null;
  if (!free(arxivHolder)) throw new ConflictError(`paper "${arxivHolder}" has arXiv id ${paper.arxivId} now`);
  const doiHolder = paper.doi ? draft.paperByDoi(paper.doi) : null;
  if (!free(doiHolder)) throw new ConflictError(`paper "${doiHolder}" has DOI ${paper.doi} now`);
  if (paper.venueId !== null && !draft.venueExists(paper.venueId)) return { ...paper, venueId: null };
  return paper;
}

function checkedBroader<T extends { id: string; broaderIds: string[] }>(draft: Draft, concept: T): T {
  const broaderIds = concept.broaderIds.filter((b) => draft.concept(b) !== null);
  for (const b of broaderIds)
    if (draft.reaches(b, concept.id)) throw new ConflictError(`"${b}" is narrower than "${concept.id}" now: it cannot be broader again`);
  return { ...concept, broaderIds };
}

/** The edges of the paper `returning` whose other ends are still in the graph. */
function liveEdges(draft: Draft, edges: PaperEdges, returning: string): PaperEdges {
  const live = (id: string) => id === returning || draft.paperId(id) === id;
  return {
    citations: edges.citations.filter((c) => live(c.citingId) && live(c.citedId)),
    paperConcepts: edges.paperConcepts.filter((pc) => draft.concept(pc.conceptId) !== null),
    authorships: edges.authorships.filter((a) => draft.author(a.authorId) !== null),
    paperTopics: edges.paperTopics.filter((t) => draft.topicExists(t.topicId)),
    entries: edges.entries.filter((e) => draft.collection(e.collectionId) !== null),
  };
}

function requireConcept(draft: Draft, id: string) {
  const concept = draft.concept(id);
  if (!concept) throw new NotFoundError('Concept', id);
  return concept;
}

function requireCollection(draft: Draft, id: string) {
  const collection = draft.collection(id);
  if (!collection) throw new NotFoundError('Collection', id);
  return collection;
}

function requireEntry(draft: Draft, entry: CollectionEntryRecord): CollectionEntryRecord {
  const collection = requireCollection(draft, entry.collectionId);
  const current = collection.entries.find((e) => e.paperId === entry.paperId);
  if (!current) throw new NotFoundError('CollectionEntry', `${entry.collectionId}/${entry.paperId}`);
  return { collectionId: collection.id, ...current };
}

function renumber<T extends { rank: number }>(entries: T[]): T[] {
  return entries.map((e, k) => (e.rank === k + 1 ? e : { ...e, rank: k + 1 }));
}

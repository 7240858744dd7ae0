// A curation change in domain terms: each operation a curator can make, with the record before
// and after it (the audit trail and the undo), and the nodes it touches. The change log
// (store/change-log) keeps them durably; applying one to a corpus is change-apply.ts.

import type {
  Authorship,
  Citation,
  Collection,
  CollectionEntry,
  Concept,
  LinkStatus,
  NodeKind,
  Paper,
  PaperConcept,
  PaperTopic,
} from './index.js';

/** A node by kind and local id (the id of the model, not the global id). */
export interface NodeRef {
  kind: NodeKind;
  id: string;
}

/** An author of a paper as a change names it: an existing author's id, or a new author created with it. */
export interface AuthorRef {
  id: string;
  name: string;
}

/** A paper's record and its authors in order: what paper.add and paper.update write. */
export interface PaperWithAuthors extends Paper {
  authors: AuthorRef[];
}

/** A collection entry with the collection it belongs to. */
export interface CollectionEntryRecord extends CollectionEntry {
  collectionId: string;
}

/** A collection's whole ordered entry list: a move changes the ranks of the entries between. */
export interface CollectionEntries {
  collectionId: string;
  entries: CollectionEntry[];
}

/** The edges of one paper (both directions for citations), as records: what a retract removes or a merge moves. */
export interface PaperEdges {
  citations: Citation[];
  paperConcepts: PaperConcept[];
  authorships: Authorship[];
  paperTopics: PaperTopic[];
  entries: CollectionEntryRecord[];
}

export function noEdges(): PaperEdges {
  return { citations: [], paperConcepts: [], authorships: [], paperTopics: [], entries: [] };
}

/**
 * The `before` and `after` of the touched record for each operation (`null`: the record did not
 * exist before, or does not after), and any other field the operation needs to be applied and
 * undone. One entry here is one kind of change. Records carry no curation provenance: applying
 * a change adds `{ source: 'curation', recordId: '<seq>' }` to what it writes (change-apply.ts).
 */
export interface OperationPayloads {
  /** `restores`: the edges a revert of a retract puts back with the paper. */
  'paper.add': { before: null; after: PaperWithAuthors; restores?: PaperEdges | null };
  'paper.update': { before: PaperWithAuthors; after: PaperWithAuthors };
  /**
   * `merged` is folded into `kept`: its edges move to kept (`moved`: the ones kept did not have
   * already; edges between the two are dropped), its collection entries point to kept, and the
   * merged id resolves to kept from then on. `mergedEdges`: the merged paper's edges before.
   */
  'paper.merge': {
    before: { kept: PaperWithAuthors; merged: PaperWithAuthors };
    after: { kept: PaperWithAuthors; mergedId: string };
    mergedEdges: PaperEdges;
    moved: PaperEdges;
  };
  /** The undo of a merge (only by revert): `moved` leaves kept, merged comes back with `mergedEdges`. */
  'paper.unmerge': {
    before: { kept: PaperWithAuthors; mergedId: string };
    after: { kept: PaperWithAuthors; merged: PaperWithAuthors };
    mergedEdges: PaperEdges;
    moved: PaperEdges;
  };
  /** The paper and every edge it had (`edges`) leave the graph. */
  'paper.retract': { before: PaperWithAuthors; after: null; edges: PaperEdges };
  'citation.add': { before: null; after: Citation };
  'citation.remove': { before: Citation; after: null };
  'concept.add': { before: null; after: Concept };
  'concept.update': { before: Concept; after: Concept };
  /** The undo of a concept.add (only by revert): a concept with no links and no narrower concepts. */
  'concept.remove': { before: Concept; after: null };
  /** Links a concept to a paper, or changes an existing link (role, score); `note`: the curator's note on the link. */
  'concept.link': { before: PaperConcept | null; after: PaperConcept; note?: string | null };
  'concept.unlink': { before: PaperConcept; after: null };
  /** A curator confirms a link the tagger made: the link stays, its provenance then names the curator too. */
  'suggestion.accept': { before: PaperConcept; after: PaperConcept };
  /** A curator rejects a link the tagger made: the link goes. */
  'suggestion.reject': { before: PaperConcept; after: null };
  'collection.create': { before: null; after: Collection };
  'collection.update': { before: Collection; after: Collection };
  /** The undo of a collection.create (only by revert). */
  'collection.delete': { before: Collection; after: null };
  /** Inserted at its rank; the entries from that rank on move down one. */
  'collection.entry.add': { before: null; after: CollectionEntryRecord };
  /** Section, why, key insights (the rank changes by a move). */
  'collection.entry.update': { before: CollectionEntryRecord; after: CollectionEntryRecord };
  'collection.entry.move': { before: CollectionEntries; after: CollectionEntries };
  /** The entries after it move up one. */
  'collection.entry.remove': { before: CollectionEntryRecord; after: null };
}

export type OperationName = keyof OperationPayloads;
export const OPERATION_NAMES = [
  'paper.add',
  'paper.update',
  'paper.merge',
  'paper.unmerge',
  'paper.retract',
  'citation.add',
  'citation.remove',
  'concept.add',
  'concept.update',
  'concept.remove',
  'concept.link',
  'concept.unlink',
  'suggestion.accept',
  'suggestion.reject',
  'collection.create',
  'collection.update',
  'collection.delete',
  'collection.entry.add',
  'collection.entry.update',
  'collection.entry.move',
  'collection.entry.remove',
] as const satisfies readonly OperationName[];
// Every operation of OperationPayloads is listed above (a missing one fails to compile here).
type _AllListed = Exclude<OperationName, (typeof OPERATION_NAMES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

/** One operation: its name and its payload, discriminated by `op`. */
export type Operation = { [K in OperationName]: { op: K } & OperationPayloads[K] }[OperationName];
export type OperationOf<K extends OperationName> = Extract<Operation, { op: K }>;

/** What a writer hands the log: the operation and who, why (and when, if it is a replay). */
export type ChangeInput = Operation & {
  /** The API key's name. */
  actor: string;
  /** Why, as the curator wrote it; null when not given. */
  reason?: string | null;
  /** ISO time; the log stamps the time of append when absent. */
  at?: string;
  /** The seq of the change this one undoes, for a revert. */
  reverts?: number | null;
};

/** A change as the log committed it. */
export type Change = Operation & {
  /** Assigned by the log: 1, 2, 3, … with no gap, in commit order. */
  seq: number;
  actor: string;
  reason: string | null;
  at: string;
  reverts: number | null;
  /** The nodes the change touches (derived from the payload by `targetsOf`). */
  targets: NodeRef[];
};

/** The nodes an operation touches, from its payload: their `version` becomes the change's seq. */
export function targetsOf(operation: Operation): NodeRef[] {
  switch (operation.op) {
    case 'paper.add':
      return [paper(operation.after.id)];
    case 'paper.update':
    case 'paper.retract':
      return [paper(operation.before.id)];
    case 'paper.merge':
      return [paper(operation.before.kept.id), paper(operation.before.merged.id)];
    case 'paper.unmerge':
      return [paper(operation.after.kept.id), paper(operation.after.merged.id)];
    case 'citation.add':
      return [paper(operation.after.citingId), paper(operation.after.citedId)];
    case 'citation.remove':
      return [paper(operation.before.citingId), paper(operation.before.citedId)];
    case 'concept.add':
      return [concept(operation.after.id)];
    case 'concept.update':
    case 'concept.remove':
      return [concept(operation.before.id)];
    case 'concept.link':
    case 'suggestion.accept':
      return [paper(operation.after.paperId), concept(operation.after.conceptId)];
    case 'concept.unlink':
    case 'suggestion.reject':
      return [paper(operation.before.paperId), concept(operation.before.conceptId)];
    case 'collection.create':
      return [collection(operation.after.id)];
    case 'collection.update':
    case 'collection.delete':
      return [collection(operation.before.id)];
    case 'collection.entry.add':
      return [collection(operation.after.collectionId), paper(operation.after.paperId)];
    case 'collection.entry.update':
    case 'collection.entry.remove':
      return [collection(operation.before.collectionId), paper(operation.before.paperId)];
    case 'collection.entry.move':
      return [collection(operation.after.collectionId)];
  }
}

// Module-level, not closures in targetsOf: it runs for every change replayed, and under tsx
// (keepNames) each closure made per call costs a defineProperty.
function paper(id: string): NodeRef {
  return { kind: 'Paper', id };
}
function concept(id: string): NodeRef {
  return { kind: 'Concept', id };
}
function collection(id: string): NodeRef {
  return { kind: 'Collection', id };
}

/** The provenance source a curation change writes: its recordId is the change's seq. */
export const CURATION_SOURCE = 'curation';
/** The provenance source of links made by the concept tagger (ingest/tagger.ts). */
export const TAGGER_SOURCE = 'tagger';

/** A link is SUGGESTED while only the tagger vouches for it; any other source (curated data, a curator's accept) confirms it. */
export function linkStatus(link: Pick<PaperConcept, 'provenance'>): LinkStatus {
  return link.provenance.every((p) => p.source === TAGGER_SOURCE) ? 'SUGGESTED' : 'CONFIRMED';
}

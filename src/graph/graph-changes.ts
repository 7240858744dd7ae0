// A new graph version from committed curation changes. Versions are immutable: a request keeps
// the one it started on while writes make the next.
//
// Structural sharing: a batch of changes is applied to a draft that records only what it
// touches (records by index, the replaced neighbour lists of each CSR, edge records added,
// changed or removed). Finishing it builds the new version from the old one: node tables and
// edge rows are the old ones with a patch layered on the same root rows (patched-rows.ts), and
// each CSR the batch touched is copied once with its replaced lists spliced in (csr.ts
// patchCsr); everything else is the old version's object. Appended nodes keep every index; a
// removal (retract, merge, concept.remove, collection.delete) shifts the indexes after it, at
// the cost of typed-array passes over the tables and CSRs of that kind.
//
// The semantics are those of model/change-apply.ts (applyChangesByRebuild below applies them to
// the corpus and rebuilds: the oracle of the tests). Two orders that no read depends on
// differ from it: the row order of authorship records (an author's papers are listed in
// paper order in both), and paper.update leaves unchanged authorships as they are.

import {
  applyChangeToCorpus,
  ChangeApplyError,
  curationProvenance,
  insertEntry,
  paperRecord,
  removeEntry,
  withProvenance,
  type CorpusWithRedirects,
} from '../model/change-apply.js';
import type { Change, PaperEdges, PaperWithAuthors } from '../model/change.js';
import type {
  Author,
  Authorship,
  Citation,
  Collection,
  CollectionEntry,
  Concept,
  Paper,
  PaperConcept,
  PaperTopic,
  Provenance,
} from '../model/index.js';
import { buildBiCsr, patchCsr, type BiCsr, type Csr, type NeighbourList } from './csr.js';
import { KnowledgeGraph } from './knowledge-graph.js';
import { GraphBuildError, type NodeTable } from './node-table.js';
import { identityCodes, PatchedRows } from './patched-rows.js';
import type { Rows } from './rows.js';

/** Node indexes of one kind in the new graph for those of the old (-1: gone). */
export type IndexRemap = Int32Array;

export interface GraphVersion {
  graph: KnowledgeGraph;
  /**
   * Old paper index → new (-1 for a paper that left). Null when every paper of the old graph
   * kept its index (new papers are appended after them).
   */
  paperRemap: IndexRemap | null;
  /** Old concept index → new; null when unchanged (concepts added are appended). */
  conceptRemap: IndexRemap | null;
  /**
   * Indexes in the new graph of papers whose record or edges the changes touched (added ones
   * included; the other end of an added or removed edge too), ascending.
   */
  touchedPapers: Uint32Array;
  /** Indexes in the new graph of concepts whose record or edges the changes touched, ascending. */
  touchedConcepts: Uint32Array;
}

/**
 * The graph after `changes` (in seq order), sharing what they left alone with `graph`. Any
 * iterable: start-up replay passes a page of the log that decodes each change as it is reached.
 */
export function applyChanges(graph: KnowledgeGraph, changes: Iterable<Change>): GraphVersion {
  const draft = new Draft(graph);
  for (const change of changes) draft.apply(change);
  return draft.finish();
}

/**
 * The same by the reference semantics: the whole corpus rebuilt (slow; every record built).
 * The oracle the tests compare applyChanges with.
 */
export function applyChangesByRebuild(graph: KnowledgeGraph, changes: readonly Change[]): GraphVersion {
  const corpus: CorpusWithRedirects = { ...graph.toCorpus(), redirects: new Map(graph.paperRedirects) };
  corpus.papers = [...corpus.papers];
  corpus.concepts = [...corpus.concepts];
  corpus.collections = [...corpus.collections];
  corpus.authors = [...corpus.authors];
  corpus.citations = [...corpus.citations];
  corpus.paperConcepts = [...corpus.paperConcepts];
  corpus.authorships = [...corpus.authorships];
  corpus.paperTopics = [...corpus.paperTopics];
  for (const change of changes) applyChangeToCorpus(corpus, change);
  const next = new KnowledgeGraph(corpus, { redirects: corpus.redirects });
  const touchedPaperIds = new Set<string>(),
    touchedConceptIds = new Set<string>();
  for (const change of changes)
    for (const target of change.targets) {
      if (target.kind === 'Paper') touchedPaperIds.add(target.id);
      if (target.kind === 'Concept') touchedConceptIds.add(target.id);
    }
  return {
    graph: next,
    paperRemap: remapByIds(graph.papers, next.papers),
    conceptRemap: remapByIds(graph.concepts, next.concepts),
    touchedPapers: indexesOf(touchedPaperIds, (id) => next.papers.indexOf(id)),
    touchedConcepts: indexesOf(touchedConceptIds, (id) => next.concepts.indexOf(id)),
  };
}

function remapByIds(before: NodeTable<{ id: string }>, after: NodeTable<{ id: string }>): IndexRemap | null {
  const out = new Int32Array(before.size);
  let identity = true;
  for (let i = 0; i < before.size; i++) {
    // A merged paper's id now finds the kept paper: it left all the same.
    out[i] = after.indexOfExact(before.idAt(i));
    if (out[i] !== i) identity = false;
  }
  return identity ? null : out;
}

function indexesOf(ids: Set<string>, indexOf: (id: string) => number): Uint32Array {
  return Uint32Array.from(new Set([...ids].map(indexOf).filter((i) => i >= 0))).sort();
}

// ---------------------------------------------------------------------------------------------
// The draft of one batch.

/** The nodes of one table as the batch left them, indexes in the old table's space (appended after). */
class Nodes<T extends { id: string; slug?: string }> {
  size: number;
  readonly records = new Map<number, T>();
  readonly removed = new Set<number>();
  private readonly added = new Map<string, number>();

  constructor(readonly table: NodeTable<T>) {
    this.size = table.size;
  }

  /** Index of an id now (redirects not followed), or -1. */
  indexOf(id: string): number {
    const a = this.added.get(id);
    if (a !== undefined) return a;
    const i = this.table.indexOfExact(id);
    return i < 0 || this.removed.has(i) ? -1 : i;
  }

  at(i: number): T {
    return this.records.get(i) ?? this.table.at(i);
  }

  set(i: number, record: T): void {
    this.records.set(i, record);
  }

  append(record: T): number {
    const i = this.size++;
    this.records.set(i, record);
    this.added.set(record.id, i);
    return i;
  }

  remove(i: number): void {
    const id = this.records.get(i)?.id ?? this.table.idAt(i);
    this.removed.add(i);
    if (this.added.get(id) === i) this.added.delete(id);
  }

  get edited(): boolean {
    return this.records.size > 0 || this.removed.size > 0;
  }

  finish(redirects?: ReadonlyMap<string, string>): { table: NodeTable<T>; remap: Int32Array | null } {
    if (!this.edited && redirects === undefined) return { table: this.table, remap: null };
    return this.table.derive({ length: this.size, records: this.records, removed: this.removed }, redirects);
  }
}

/** Edge records kept by edge id (paper-concept, authorship, paper-topic): changed, added (ids after the old), removed. */
class EdgeRows<E> {
  private readonly old: PatchedRows<E>;
  private readonly oldLength: number;
  private next: number;
  private readonly changed = new Map<number, E>();
  private readonly removed = new Set<number>();

  constructor(private readonly rows: Rows<E>) {
    this.old = PatchedRows.of(rows);
    this.oldLength = rows.length;
    this.next = rows.length;
  }

  at(ref: number): E {
    return this.changed.get(ref) ?? this.old.at(ref)!;
  }

  add(record: E): number {
    const ref = this.next++;
    this.changed.set(ref, record);
    return ref;
  }

  set(ref: number, record: E): void {
    this.changed.set(ref, record);
  }

  remove(ref: number): void {
    this.removed.add(ref);
    this.changed.delete(ref);
  }

  /** The new rows, and old/added edge id → new one when ids shift (null: they keep theirs). */
  finish(): { rows: Rows<E>; refRemap: Int32Array | null } {
    if (this.changed.size === 0 && this.removed.size === 0) return { rows: this.rows, refRemap: null };
    if (this.removed.size === 0) return { rows: this.old.withRecords(this.changed, this.next), refRemap: null };
    const refRemap = new Int32Array(this.next);
    for (const ref of this.removed) refRemap[ref] = -1;
    let n = 0;
    for (let r = 0; r < this.next; r++) if (refRemap[r] === 0) refRemap[r] = n++;
    const codes = new Int32Array(n);
    const { toBase } = this.old;
    if (this.old.overrides.count === 0) {
      // Runs of kept rows: their codes in one pass.
      for (let r = 0; r < this.oldLength; r++) {
        const f = refRemap[r];
        if (f >= 0) codes[f] = toBase === null ? r : toBase[r];
      }
    } else for (let r = 0; r < this.oldLength; r++) if (refRemap[r] >= 0) codes[refRemap[r]] = this.old.encode(r);
    for (const [r, record] of this.changed) if (refRemap[r] >= 0) codes[refRemap[r]] = this.old.pushExtra(record);
    return { rows: this.old.withCodes(codes), refRemap };
  }
}

/** The replaced neighbour lists of one BiCsr. */
class Lists {
  readonly out = new Map<number, NeighbourList>();
  readonly in = new Map<number, NeighbourList>();

  constructor(
    readonly csr: BiCsr,
    readonly outRefs: Uint32Array | Int32Array | null,
    readonly inRefs: Uint32Array | Int32Array | null,
  ) {}

  outList(v: number): NeighbourList {
    return listOf(this.out, this.csr.out, v, this.outRefs);
  }

  inList(v: number): NeighbourList {
    return listOf(this.in, this.csr.in, v, this.inRefs);
  }

  /** v's out list without making it a replaced one (a view of the CSR when not replaced: read only). */
  peekOut(v: number): ListView {
    return this.out.get(v) ?? viewOf(this.csr.out, v, this.outRefs);
  }

  get edited(): boolean {
    return this.out.size > 0 || this.in.size > 0;
  }
}

function listOf(lists: Map<number, NeighbourList>, csr: Csr, v: number, refs: Uint32Array | Int32Array | null): NeighbourList {
  let list = lists.get(v);
  if (!list) lists.set(v, (list = sliceOf(csr, v, refs)));
  return list;
}

/** A neighbour list to read: a replaced one, or a view of the CSR's (typed arrays, not copied). */
interface ListView {
  readonly targets: ArrayLike<number> & { indexOf(x: number): number; includes(x: number): boolean };
  readonly refs: ArrayLike<number> | null;
}

const EMPTY_VIEW: ListView = { targets: new Uint32Array(0), refs: new Uint32Array(0) };

function viewOf(csr: Csr, v: number, refs: Uint32Array | Int32Array | null): ListView {
  if (v >= csr.offsets.length - 1) return EMPTY_VIEW;
  const a = csr.offsets[v],
    b = csr.offsets[v + 1];
  if (a === b) return EMPTY_VIEW;
  return { targets: csr.targets.subarray(a, b), refs: refs ? refs.subarray(a, b) : null };
}

/** A copy of v's list to edit (plain arrays, filled by a loop: Array.from over a typed array is slow). */
function sliceOf(csr: Csr, v: number, refs: Uint32Array | Int32Array | null): NeighbourList {
  const targets: number[] = [];
  const copied: number[] | null = refs ? [] : null;
  if (v < csr.offsets.length - 1) {
    const b = csr.offsets[v + 1];
    for (let k = csr.offsets[v]; k < b; k++) {
      targets.push(csr.targets[k]);
      copied?.push(refs![k]);
    }
  }
  return { targets, refs: copied };
}

function append(list: NeighbourList, target: number, ref: number): void {
  list.targets.push(target);
  list.refs?.push(ref);
}

function removeAt(list: NeighbourList, k: number): void {
  list.targets.splice(k, 1);
  list.refs?.splice(k, 1);
}

function clear(list: NeighbourList): void {
  list.targets.length = 0;
  if (list.refs) list.refs.length = 0;
}

const NO_REF = -1;

class Draft {
  readonly papers: Nodes<Paper>;
  readonly authors: Nodes<Author>;
  readonly concepts: Nodes<Concept>;
  readonly collections: Nodes<Collection>;
  private redirects: Map<string, string> | null = null;
  /** Venue index of papers whose venue changed or that were added. */
  private readonly venueOf = new Map<number, number>();
  /** Concepts whose broader list is to be resolved again. */
  private readonly broaderDirty = new Set<number>();

  private readonly citationRows: PatchedRows<Citation>;
  private readonly cites: Lists;
  private readonly linkRows: EdgeRows<PaperConcept>;
  private readonly hasConcept: Lists;
  private readonly authorshipRows: EdgeRows<Authorship>;
  private readonly authored: Lists;
  private readonly topicRows: EdgeRows<PaperTopic>;
  private readonly inTopic: Lists;

  private readonly touchedPapers = new Set<number>();
  private readonly touchedConcepts = new Set<number>();

  constructor(private readonly graph: KnowledgeGraph) {
    this.papers = new Nodes(graph.papers);
    this.authors = new Nodes(graph.authors);
    this.concepts = new Nodes(graph.concepts);
    this.collections = new Nodes(graph.collections);
    // Citation rows never carry overrides: every version's are codes (or the root rows themselves).
    this.citationRows = PatchedRows.of(graph.citations);
    const codes = this.citationRows.toBase ?? identityCodes(this.citationRows.base);
    this.cites = new Lists(graph.cites, codes, null);
    this.linkRows = new EdgeRows(graph.paperConcepts);
    this.hasConcept = new Lists(graph.hasConcept, graph.hasConcept.out.edgeIds, graph.hasConcept.in.edgeIds);
    this.authorshipRows = new EdgeRows(graph.authorships);
    this.authored = new Lists(graph.authored, graph.authored.out.edgeIds, graph.authored.in.edgeIds);
    this.topicRows = new EdgeRows(graph.paperTopics);
    this.inTopic = new Lists(graph.inTopic, graph.inTopic.out.edgeIds, graph.inTopic.in.edgeIds);
  }

  apply(change: Change): void {
    this.applyOne(change);
    for (const target of change.targets) {
      if (target.kind === 'Paper') {
        const p = this.papers.indexOf(target.id);
        if (p >= 0) this.touchedPapers.add(p);
      } else if (target.kind === 'Concept') {
        const c = this.concepts.indexOf(target.id);
        if (c >= 0) this.touchedConcepts.add(c);
      }
    }
  }

  // stamp, fail and need are module functions, not closures made per change: replay applies
  // 100,000s of changes, and under tsx (keepNames) each closure made costs a defineProperty.
  private applyOne(change: Change): void {
    const mark = curationProvenance(change.seq);
    switch (change.op) {
      case 'paper.add': {
        if (this.papers.indexOf(change.after.id) >= 0) fail(change, `paper "${change.after.id}" exists`);
        const p = this.papers.append(stamp(mark, paperRecord(change.after)) as Paper);
        this.setVenue(p, change.after.venueId, change.after.id);
        this.setAuthors(p, change.after, mark);
        if (change.restores) this.addEdges(change.restores);
        return;
      }
      case 'paper.update': {
        const p = need(change, this.papers, change.before.id);
        this.updatePaper(p, change.after, mark);
        return;
      }
      case 'paper.retract':
        this.removePaper(need(change, this.papers, change.before.id));
        return;
      case 'paper.merge': {
        const keptId = change.before.kept.id,
          mergedId = change.before.merged.id;
        need(change, this.papers, keptId);
        this.removePaper(need(change, this.papers, mergedId));
        this.addEdges(change.moved);
        this.updatePaper(need(change, this.papers, keptId), change.after.kept, mark);
        const redirects = this.editRedirects();
        redirects.set(mergedId, keptId);
        for (const [from, to] of redirects) if (to === mergedId) redirects.set(from, keptId);
        return;
      }
      case 'paper.unmerge': {
        const keptId = change.after.kept.id,
          mergedId = change.after.merged.id;
        this.removeEdges(change.moved);
        this.updatePaper(need(change, this.papers, keptId), change.after.kept, mark);
        if (this.papers.indexOf(mergedId) >= 0) fail(change, `paper "${mergedId}" exists`);
        const m = this.papers.append(stamp(mark, paperRecord(change.after.merged)) as Paper);
        this.setVenue(m, change.after.merged.venueId, mergedId);
        this.setAuthors(m, change.after.merged, mark);
        this.addEdges(change.mergedEdges);
        this.editRedirects().delete(mergedId);
        return;
      }
      case 'citation.add': {
        const [s, t] = this.citationEnds(change.after);
        if (this.findCitation(s, t) >= 0) fail(change, 'the citation exists');
        this.addCitation(s, t, stamp(mark, change.after));
        return;
      }
      case 'citation.remove': {
        const s = this.papers.indexOf(change.before.citingId),
          t = this.papers.indexOf(change.before.citedId);
        if (s < 0 || t < 0 || this.findCitation(s, t) < 0) fail(change, 'its record is not in the graph');
        this.removeCitation(s, t);
        return;
      }
      case 'concept.add': {
        if (this.concepts.indexOf(change.after.id) >= 0) fail(change, `concept "${change.after.id}" exists`);
        const c = this.concepts.append(stamp(mark, change.after));
        this.broaderDirty.add(c);
        this.touchedConcepts.add(c);
        return;
      }
      case 'concept.update': {
        const c = need(change, this.concepts, change.before.id);
        const before = this.concepts.at(c);
        this.concepts.set(c, stamp(mark, change.after));
        if (!sameList(before.broaderIds, change.after.broaderIds)) this.broaderDirty.add(c);
        this.touchedConcepts.add(c);
        return;
      }
      case 'concept.remove': {
        const c = need(change, this.concepts, change.before.id);
        this.concepts.remove(c);
        this.broaderDirty.delete(c);
        return;
      }
      case 'concept.link':
      case 'suggestion.accept': {
        const link = stamp(mark, change.after);
        const [p, c] = this.linkEnds(link);
        const k = this.findLink(p, c);
        if (k >= 0) this.linkRows.set(this.hasConcept.peekOut(p).refs![k], link);
        else this.addLink(p, c, link);
        this.touchedPapers.add(p);
        this.touchedConcepts.add(c);
        return;
      }
      case 'concept.unlink':
      case 'suggestion.reject': {
        const p = this.papers.indexOf(change.before.paperId),
          c = this.concepts.indexOf(change.before.conceptId);
        if (p < 0 || c < 0 || this.findLink(p, c) < 0) fail(change, 'its record is not in the graph');
        this.removeLink(p, c);
        return;
      }
      case 'collection.create': {
        if (this.collections.indexOf(change.after.id) >= 0) fail(change, `collection "${change.after.id}" exists`);
        this.collections.append(stamp(mark, change.after));
        return;
      }
      case 'collection.update':
        this.collections.set(need(change, this.collections, change.before.id), stamp(mark, change.after));
        return;
      case 'collection.delete':
        this.collections.remove(need(change, this.collections, change.before.id));
        return;
      case 'collection.entry.add': {
        const after = change.after;
        return this.editEntries(need(change, this.collections, after.collectionId), (entries) => insertEntry(entries, after));
      }
      case 'collection.entry.update': {
        const after = change.after;
        return this.editEntries(need(change, this.collections, after.collectionId), (entries) =>
          entries.map((e) => (e.paperId === after.paperId ? entryOf(after) : e)),
        );
      }
      case 'collection.entry.move': {
        const after = change.after;
        return this.editEntries(need(change, this.collections, after.collectionId), () => after.entries);
      }
      case 'collection.entry.remove': {
        const before = change.before;
        return this.editEntries(need(change, this.collections, before.collectionId), (entries) => removeEntry(entries, before.paperId));
      }
    }
  }

  private editRedirects(): Map<string, string> {
    return (this.redirects ??= new Map(this.graph.paperRedirects));
  }

  private editEntries(c: number, edit: (entries: CollectionEntry[]) => CollectionEntry[]): void {
    const collection = this.collections.at(c);
    this.collections.set(c, { ...collection, entries: edit(collection.entries) });
  }

  private updatePaper(p: number, after: PaperWithAuthors, mark: Provenance): void {
    const before = this.papers.at(p);
    if (after.id !== before.id) throw new ChangeApplyError(`a paper update cannot change its id ("${before.id}" → "${after.id}")`);
    this.papers.set(p, stamp(mark, paperRecord(after)) as Paper);
    if (after.venueId !== before.venueId) this.setVenue(p, after.venueId, after.id);
    this.setAuthors(p, after, mark);
    this.touchedPapers.add(p);
  }

  private setVenue(p: number, venueId: string | null, paperId: string): void {
    this.venueOf.set(p, venueId === null ? -1 : this.graph.venues.require(venueId, `paper "${paperId}"`));
  }

  /** The paper's authorships become its author list (authors not in the graph are added), as change-apply's setAuthors. */
  private setAuthors(p: number, paper: PaperWithAuthors, mark: Provenance): void {
    this.touchedPapers.add(p);
    const current = this.authored.peekOut(p);
    const rows = this.authorshipRows;
    const unchanged =
      current.targets.length === paper.authors.length &&
      paper.authors.every((author, k) => {
        const record = rows.at(current.refs![k]);
        return record.authorId === author.id && record.position === k && record.paperId === paper.id;
      });
    if (unchanged) return;
    const indexes = paper.authors.map((author) => {
      const a = this.authors.indexOf(author.id);
      return a >= 0 ? a : this.authors.append({ id: author.id, name: author.name, affiliations: [], provenance: [mark] });
    });
    const out = this.authored.outList(p);
    const kept = new Map<string, string[]>();
    for (let k = 0; k < out.targets.length; k++) {
      const ref = out.refs![k];
      const record = rows.at(ref);
      kept.set(record.authorId, record.affiliations);
      this.removeRef(this.authored.inList(out.targets[k]), ref);
      rows.remove(ref);
    }
    clear(out);
    paper.authors.forEach((author, position) => {
      const ref = rows.add({ paperId: paper.id, authorId: author.id, position, affiliations: kept.get(author.id) ?? [] });
      append(out, indexes[position], ref);
      this.insertBySource(this.authored.inList(indexes[position]), p, ref);
    });
  }

  private removeRef(list: NeighbourList, ref: number): void {
    const k = list.refs!.indexOf(ref);
    if (k < 0) throw new Error(`edge ${ref} is missing from its reverse list`);
    removeAt(list, k);
  }

  /** Inserts source `s` into a list sorted by source (ties after). */
  private insertBySource(list: NeighbourList, s: number, ref: number): void {
    let lo = 0,
      hi = list.targets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list.targets[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    list.targets.splice(lo, 0, s);
    list.refs?.splice(lo, 0, ref);
  }

  // Citations: out lists sorted by cited, in lists by citing; refs are row codes.

  private citationEnds(c: Pick<Citation, 'citingId' | 'citedId'>): [number, number] {
    const s = this.papers.indexOf(c.citingId);
    if (s < 0) throw new GraphBuildError(`citation refers to unknown paper "${c.citingId}"`);
    const t = this.papers.indexOf(c.citedId);
    if (t < 0) throw new GraphBuildError(`citation from "${c.citingId}" refers to unknown paper "${c.citedId}"`);
    return [s, t];
  }

  /** Position of the (first) citation s → t in s's out list, or -1. */
  private findCitation(s: number, t: number): number {
    const targets = this.cites.peekOut(s).targets;
    let lo = 0,
      hi = targets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (targets[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo < targets.length && targets[lo] === t ? lo : -1;
  }

  private addCitation(s: number, t: number, record: Citation): void {
    const code = this.citationRows.pushExtra(record);
    this.insertBySource(this.cites.outList(s), t, code);
    this.insertBySource(this.cites.inList(t), s, NO_REF);
    this.touchedPapers.add(s).add(t);
  }

  private removeCitation(s: number, t: number): void {
    const k = this.findCitation(s, t);
    removeAt(this.cites.outList(s), k);
    const back = this.cites.inList(t);
    removeAt(back, back.targets.indexOf(s));
    this.touchedPapers.add(s).add(t);
  }

  // Paper-concept links: lists in edge order (new edges last).

  private linkEnds(link: Pick<PaperConcept, 'paperId' | 'conceptId'>): [number, number] {
    const p = this.papers.indexOf(link.paperId);
    if (p < 0) throw new GraphBuildError(`paper-concept edge refers to unknown paper "${link.paperId}"`);
    const c = this.concepts.indexOf(link.conceptId);
    if (c < 0) throw new GraphBuildError(`paper-concept edge of "${link.paperId}" refers to unknown concept "${link.conceptId}"`);
    return [p, c];
  }

  private findLink(p: number, c: number): number {
    return this.hasConcept.peekOut(p).targets.indexOf(c);
  }

  private addLink(p: number, c: number, record: PaperConcept): void {
    const ref = this.linkRows.add(record);
    append(this.hasConcept.outList(p), c, ref);
    append(this.hasConcept.inList(c), p, ref);
    this.touchedPapers.add(p);
    this.touchedConcepts.add(c);
  }

  private removeLink(p: number, c: number): void {
    const out = this.hasConcept.outList(p);
    const k = out.targets.indexOf(c);
    const ref = out.refs![k];
    removeAt(out, k);
    this.removeRef(this.hasConcept.inList(c), ref);
    this.linkRows.remove(ref);
    this.touchedPapers.add(p);
    this.touchedConcepts.add(c);
  }

  /** A paper leaves with its edges and collection entries (change-apply's removePaper). */
  private removePaper(p: number): void {
    const id = this.papers.at(p).id;
    this.papers.remove(p);
    this.touchedPapers.delete(p);
    const out = this.cites.outList(p);
    for (const t of out.targets) {
      if (t === p) continue;
      const back = this.cites.inList(t);
      removeAt(back, back.targets.indexOf(p));
      this.touchedPapers.add(t);
    }
    clear(out);
    const incoming = this.cites.inList(p);
    for (const s of incoming.targets) {
      if (s === p) continue;
      const forth = this.cites.outList(s);
      removeAt(forth, forth.targets.indexOf(p));
      this.touchedPapers.add(s);
    }
    clear(incoming);
    const dropOut = (lists: Lists, rows: EdgeRows<unknown>, touched: Set<number> | null) => {
      const list = lists.outList(p);
      for (let k = 0; k < list.targets.length; k++) {
        this.removeRef(lists.inList(list.targets[k]), list.refs![k]);
        rows.remove(list.refs![k]);
        touched?.add(list.targets[k]);
      }
      clear(list);
    };
    dropOut(this.hasConcept, this.linkRows, this.touchedConcepts);
    dropOut(this.authored, this.authorshipRows, null);
    dropOut(this.inTopic, this.topicRows, null);
    for (let c = 0; c < this.collections.size; c++) {
      if (this.collections.removed.has(c)) continue;
      const collection = this.collections.at(c);
      if (collection.entries.some((e) => e.paperId === id))
        this.collections.set(c, { ...collection, entries: removeEntry(collection.entries, id) });
    }
  }

  /** Adds edges (skipping any already there), entries at their ranks: change-apply's addEdges. */
  private addEdges(edges: PaperEdges): void {
    for (const c of edges.citations) {
      const [s, t] = this.citationEnds(c);
      if (this.findCitation(s, t) < 0) this.addCitation(s, t, c);
    }
    for (const pc of edges.paperConcepts) {
      const [p, c] = this.linkEnds(pc);
      if (this.findLink(p, c) < 0) this.addLink(p, c, pc);
    }
    for (const a of edges.authorships) {
      const p = this.papers.indexOf(a.paperId);
      if (p < 0) throw new GraphBuildError(`authorship refers to unknown paper "${a.paperId}"`);
      const au = this.authors.indexOf(a.authorId);
      if (au < 0) throw new GraphBuildError(`authorship of "${a.paperId}" refers to unknown author "${a.authorId}"`);
      if (this.authored.peekOut(p).targets.includes(au)) continue;
      const ref = this.authorshipRows.add(a);
      const out = this.authored.outList(p);
      // Out lists are in position order (ties: the older edge first).
      let k = out.targets.length;
      while (k > 0 && this.authorshipRows.at(out.refs![k - 1]).position > a.position) k--;
      out.targets.splice(k, 0, au);
      out.refs!.splice(k, 0, ref);
      this.insertBySource(this.authored.inList(au), p, ref);
      this.touchedPapers.add(p);
    }
    for (const pt of edges.paperTopics) {
      const p = this.papers.indexOf(pt.paperId);
      if (p < 0) throw new GraphBuildError(`paper-topic edge refers to unknown paper "${pt.paperId}"`);
      const t = this.graph.topics.require(pt.topicId, `paper-topic edge of "${pt.paperId}"`);
      if (this.inTopic.peekOut(p).targets.includes(t)) continue;
      const ref = this.topicRows.add(pt);
      append(this.inTopic.outList(p), t, ref);
      append(this.inTopic.inList(t), p, ref);
      this.touchedPapers.add(p);
    }
    for (const entry of [...edges.entries].sort((a, b) => a.rank - b.rank)) {
      const c = this.collections.indexOf(entry.collectionId);
      if (c < 0) continue;
      const collection = this.collections.at(c);
      if (!collection.entries.some((e) => e.paperId === entry.paperId))
        this.collections.set(c, { ...collection, entries: insertEntry(collection.entries, entry) });
    }
  }

  /** Removes these edges (every copy), entries from their collections: change-apply's removeEdges. */
  private removeEdges(edges: PaperEdges): void {
    for (const c of edges.citations) {
      const s = this.papers.indexOf(c.citingId),
        t = this.papers.indexOf(c.citedId);
      if (s >= 0 && t >= 0) while (this.findCitation(s, t) >= 0) this.removeCitation(s, t);
    }
    for (const pc of edges.paperConcepts) {
      const p = this.papers.indexOf(pc.paperId),
        c = this.concepts.indexOf(pc.conceptId);
      if (p >= 0 && c >= 0) while (this.findLink(p, c) >= 0) this.removeLink(p, c);
    }
    const dropPairs = (lists: Lists, rows: EdgeRows<unknown>, p: number, t: number) => {
      if (p < 0 || t < 0) return;
      while (lists.peekOut(p).targets.includes(t)) {
        const out = lists.outList(p);
        const k = out.targets.indexOf(t);
        const ref = out.refs![k];
        removeAt(out, k);
        this.removeRef(lists.inList(t), ref);
        rows.remove(ref);
        this.touchedPapers.add(p);
      }
    };
    for (const a of edges.authorships)
      dropPairs(this.authored, this.authorshipRows, this.papers.indexOf(a.paperId), this.authors.indexOf(a.authorId));
    for (const pt of edges.paperTopics)
      dropPairs(this.inTopic, this.topicRows, this.papers.indexOf(pt.paperId), this.graph.topics.indexOfExact(pt.topicId));
    for (const entry of edges.entries) {
      const c = this.collections.indexOf(entry.collectionId);
      if (c < 0) continue;
      const collection = this.collections.at(c);
      this.collections.set(c, { ...collection, entries: removeEntry(collection.entries, entry.paperId) });
    }
  }

  finish(): GraphVersion {
    const g = this.graph;
    const paperCount = this.papers.size;
    const papers = this.papers.finish(this.redirects ?? undefined);
    const authors = this.authors.finish();
    const concepts = this.concepts.finish();
    const collections = this.collections.finish();
    const paperRemap = papers.remap,
      conceptRemap = concepts.remap;
    const papersGrew = paperCount !== g.papers.size || paperRemap !== null;

    // Collections' entries must name papers and topics of the new graph.
    for (const [c, collection] of this.collections.records) {
      if (this.collections.removed.has(c)) continue;
      for (const entry of collection.entries) {
        papers.table.require(entry.paperId, `collection "${collection.id}" rank ${entry.rank}`);
        if (entry.sectionId !== null) g.topics.require(entry.sectionId, `collection "${collection.id}" rank ${entry.rank}`);
      }
    }
    // Removed nodes must have no edges left (the rebuild would find them dangling).
    for (const c of this.concepts.removed) {
      if (
        c < g.concepts.size &&
        (this.hasConcept.in.get(c)?.targets.length ?? g.hasConcept.in.offsets[c + 1] - g.hasConcept.in.offsets[c]) > 0
      )
        throw new GraphBuildError(`concept "${g.concepts.idAt(c)}" is removed but papers still link to it`);
    }

    // Citations: refs are row codes, which never shift.
    let cites = g.cites,
      citations = g.citations;
    if (this.cites.edited || papersGrew) {
      const out = patchCsr(g.cites.out, {
        count: paperCount,
        lists: this.cites.out,
        sourceRemap: paperRemap,
        targetRemap: paperRemap,
        oldRefs: this.cites.outRefs,
        refRemap: null,
      });
      const back = patchCsr(g.cites.in, {
        count: paperCount,
        lists: this.cites.in,
        sourceRemap: paperRemap,
        targetRemap: paperRemap,
        oldRefs: null,
        refRemap: null,
      });
      cites = { out: csrOf(g.cites.out, out), in: csrOf(g.cites.in, back) };
      if (this.cites.edited || paperRemap) citations = this.citationRows.withCodes(out.refs as Int32Array);
    }

    const conceptCount = this.concepts.size;
    const paperConcepts = this.linkRows.finish();
    const hasConcept = this.patchBi(
      g.hasConcept,
      this.hasConcept,
      paperConcepts.refRemap,
      paperCount,
      paperRemap,
      conceptCount,
      conceptRemap,
    );
    const authorships = this.authorshipRows.finish();
    const authored = this.patchBi(
      g.authored,
      this.authored,
      authorships.refRemap,
      paperCount,
      paperRemap,
      this.authors.size,
      authors.remap,
    );
    const paperTopics = this.topicRows.finish();
    const inTopic = this.patchBi(g.inTopic, this.inTopic, paperTopics.refRemap, paperCount, paperRemap, g.topics.size, null);

    // Broader: the changed concepts' lists resolved now (a concept may name one added after it), then rebuilt whole: small.
    let broader = g.broader;
    if (conceptCount !== g.concepts.size || conceptRemap || this.broaderDirty.size > 0) {
      const lists = new Map<number, NeighbourList>();
      for (const c of this.broaderDirty) {
        const concept = this.concepts.at(c);
        const targets = concept.broaderIds.map((b) => {
          const i = this.concepts.indexOf(b);
          if (i < 0) throw new GraphBuildError(`broader of concept "${concept.id}" refers to unknown concept "${b}"`);
          return i;
        });
        lists.set(c, { targets, refs: null });
      }
      let out: { offsets: Uint32Array; targets: Uint32Array };
      try {
        out = patchCsr(g.broader.out, {
          count: conceptCount,
          lists,
          sourceRemap: conceptRemap,
          targetRemap: conceptRemap,
          oldRefs: null,
          refRemap: null,
        });
      } catch (e) {
        if (e instanceof RangeError) throw new GraphBuildError(`a removed concept is still the broader concept of another: ${e.message}`);
        throw e;
      }
      const n = out.offsets.length - 1;
      const sources = new Uint32Array(out.targets.length);
      for (let v = 0; v < n; v++) sources.fill(v, out.offsets[v], out.offsets[v + 1]);
      broader = buildBiCsr(n, n, sources, out.targets);
    }

    let paperVenue = g.paperVenue;
    if (this.venueOf.size > 0 || papersGrew) {
      const final = papers.table.size;
      paperVenue = new Int32Array(final);
      if (!paperRemap) {
        paperVenue.set(g.paperVenue);
        for (const [p, v] of this.venueOf) paperVenue[p] = v;
      } else {
        for (let d = 0; d < g.papers.size; d++) if (paperRemap[d] >= 0) paperVenue[paperRemap[d]] = g.paperVenue[d];
        for (const [d, v] of this.venueOf) if (paperRemap[d] >= 0) paperVenue[paperRemap[d]] = v;
      }
    }

    const graph = KnowledgeGraph.assemble({
      papers: papers.table,
      authors: authors.table,
      venues: g.venues,
      topics: g.topics,
      concepts: concepts.table,
      collections: collections.table,
      citations,
      paperConcepts: paperConcepts.rows,
      authorships: authorships.rows,
      paperTopics: paperTopics.rows,
      cites,
      hasConcept,
      authored,
      inTopic,
      broader,
      paperVenue,
    });
    const finalIndexes = (touched: Set<number>, remap: Int32Array | null) => {
      const out: number[] = [];
      for (const d of touched) {
        const f = remap ? remap[d] : d;
        if (f >= 0) out.push(f);
      }
      return Uint32Array.from(out).sort();
    };
    return {
      graph,
      paperRemap: this.oldRemap(paperRemap, g.papers, papers.table),
      conceptRemap: this.oldRemap(conceptRemap, g.concepts, concepts.table),
      touchedPapers: finalIndexes(this.touchedPapers, paperRemap),
      touchedConcepts: finalIndexes(this.touchedConcepts, conceptRemap),
    };
  }

  /** Old index → new, by id for the ones that left and came back (as the rebuild's); null when every index stayed. */
  private oldRemap(remap: Int32Array | null, before: NodeTable<{ id: string }>, after: NodeTable<{ id: string }>): Int32Array | null {
    if (!remap) return null;
    const out = remap.slice(0, before.size);
    let identity = true;
    for (let i = 0; i < out.length; i++) {
      if (out[i] < 0) out[i] = after.indexOfExact(before.idAt(i));
      if (out[i] !== i) identity = false;
    }
    return identity ? null : out;
  }

  /** A BiCsr with edge ids after the batch: shared when nothing of it changed. */
  private patchBi(
    old: BiCsr,
    lists: Lists,
    refRemap: Int32Array | null,
    sourceCount: number,
    sourceRemap: Int32Array | null,
    targetCount: number,
    targetRemap: Int32Array | null,
  ): BiCsr {
    const sourcesGrew = sourceCount !== old.out.offsets.length - 1,
      targetsGrew = targetCount !== old.in.offsets.length - 1;
    if (!lists.edited && !sourcesGrew && !targetsGrew && !sourceRemap && !targetRemap && !refRemap) return old;
    const out = patchCsr(old.out, { count: sourceCount, lists: lists.out, sourceRemap, targetRemap, oldRefs: lists.outRefs, refRemap });
    const back = patchCsr(old.in, {
      count: targetCount,
      lists: lists.in,
      sourceRemap: targetRemap,
      targetRemap: sourceRemap,
      oldRefs: lists.inRefs,
      refRemap,
    });
    return { out: csrOf(old.out, out), in: csrOf(old.in, back) };
  }
}

/** The patched CSR, or the old one itself when nothing of it changed; citations keep no edge ids (their refs are row codes). */
function csrOf(old: Csr, patched: { offsets: Uint32Array; targets: Uint32Array; refs: Uint32Array | Int32Array | null }): Csr {
  if (patched.offsets === old.offsets && patched.targets === old.targets) return old;
  return { offsets: patched.offsets, targets: patched.targets, edgeIds: old.edgeIds ? (patched.refs as Uint32Array) : null };
}

/** The record with the change's provenance mark added. */
function stamp<T extends { provenance: Provenance[] }>(mark: Provenance, record: T): T {
  return { ...record, provenance: withProvenance(record.provenance, mark) };
}

function fail(change: Change, why: string): never {
  throw new ChangeApplyError(`change ${change.seq} (${change.op}) cannot be applied: ${why}`);
}

/** The index of a node that must be there. */
function need<T extends { id: string; slug?: string }>(change: Change, nodes: Nodes<T>, id: string): number {
  const i = nodes.indexOf(id);
  return i >= 0 ? i : fail(change, `"${id}" is not in the graph`);
}

function entryOf({ rank, paperId, sectionId, why, keyInsights }: CollectionEntry): CollectionEntry {
  return { rank, paperId, sectionId, why, keyInsights };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

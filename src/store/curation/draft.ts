// What validation reads: a graph version plus the operations of the batch validated so far.
// A batch of writes is validated in order, each command against the graph as the earlier ones
// of the batch leave it; this overlay answers those reads without building a graph per command.
// Touched papers are copied out of the graph whole (record, authors, edges), then edited here;
// the rest is read from the graph. It mirrors model/change-apply.ts for what validation needs.

import { degree, edgeIdsOf, neighbours } from '../../graph/csr.js';
import { type KnowledgeGraph, normalizeArxivId, normalizeDoi } from '../../graph/knowledge-graph.js';
import { curationProvenance, insertEntry, removeEntry, sameCitation, sameLink, withProvenance } from '../../model/change-apply.js';
import type { AuthorRef, CollectionEntryRecord, Operation, PaperEdges, PaperWithAuthors } from '../../model/change.js';
import type { Authorship, Citation, Collection, Concept, PaperConcept, PaperTopic, Provenance } from '../../model/index.js';

/** A paper with everything attached to it except collection entries (those live on collections). */
export interface PaperBundle {
  paper: PaperWithAuthors;
  /** This paper → another. */
  references: Citation[];
  /** Another → this paper. */
  citedBy: Citation[];
  links: PaperConcept[];
  authorships: Authorship[];
  topics: PaperTopic[];
}

export class Draft {
  private readonly bundles = new Map<string, PaperBundle | null>();
  private readonly redirects = new Map<string, string | null>();
  private readonly concepts = new Map<string, Concept | null>();
  private readonly conceptSlugs = new Map<string, string | null>();
  private readonly collections = new Map<string, Collection | null>();
  private readonly collectionSlugs = new Map<string, string | null>();
  private readonly authors = new Map<string, AuthorRef>();
  private readonly arxiv = new Map<string, string | null>();
  private readonly dois = new Map<string, string | null>();
  /** Ids of papers added in this draft (a concept's links on them are in their bundles only). */
  private readonly addedPapers = new Set<string>();

  constructor(readonly graph: KnowledgeGraph) {}

  // ---- papers ----

  /** The current id of a paper id (a merged id gives the kept paper's), or null when there is none. */
  paperId(id: string): string | null {
    let current: string | null | undefined = id;
    for (let hops = 0; hops < 64 && current; hops++) {
      if (this.livePaper(current)) return current;
      current = this.redirectOf(current);
    }
    return null;
  }

  private redirectOf(id: string): string | null | undefined {
    return this.redirects.has(id) ? this.redirects.get(id) : this.graph.paperRedirects.get(id);
  }

  private livePaper(id: string): boolean {
    if (this.bundles.has(id)) return this.bundles.get(id) !== null;
    return this.paperExistsInGraph(id);
  }

  private paperExistsInGraph(id: string): boolean {
    const i = this.graph.papers.indexOf(id);
    return i >= 0 && this.graph.papers.idAt(i) === id;
  }

  /** Whether an id is taken by a paper now or resolves to one (a merged id). */
  paperIdTaken(id: string): boolean {
    return this.livePaper(id) || !!this.redirectOf(id);
  }

  /** The paper, its authors and edges, by its current id (see paperId); null when gone. */
  bundle(id: string): PaperBundle | null {
    if (this.bundles.has(id)) return this.bundles.get(id)!;
    if (!this.paperExistsInGraph(id)) return null;
    return this.graphBundle(id);
  }

  paper(id: string): PaperWithAuthors | null {
    return this.bundle(id)?.paper ?? null;
  }

  /** Every edge of a paper as records, collection entries included. */
  edgesOf(id: string): PaperEdges {
    const b = this.bundle(id);
    if (!b) return { citations: [], paperConcepts: [], authorships: [], paperTopics: [], entries: [] };
    return {
      citations: [...b.references, ...b.citedBy.filter((c) => c.citingId !== id)],
      paperConcepts: [...b.links],
      authorships: [...b.authorships],
      paperTopics: [...b.topics],
      entries: this.entriesOfPaper(id),
    };
  }

  citation(citingId: string, citedId: string): Citation | null {
    return this.bundle(citingId)?.references.find((c) => c.citedId === citedId) ?? null;
  }

  link(paperId: string, conceptId: string): PaperConcept | null {
    return this.bundle(paperId)?.links.find((l) => l.conceptId === conceptId) ?? null;
  }

  /** A paper id holding this arXiv id (normalised), or null. */
  paperByArxivId(arxivId: string): string | null {
    const key = normalizeArxivId(arxivId);
    if (this.arxiv.has(key)) return this.arxiv.get(key)!;
    const i = this.graph.byArxivId.get(key);
    return i === undefined ? null : this.liveGraphPaper(i);
  }

  paperByDoi(doi: string): string | null {
    const key = normalizeDoi(doi);
    if (this.dois.has(key)) return this.dois.get(key)!;
    const i = this.graph.byDoi.get(key);
    return i === undefined ? null : this.liveGraphPaper(i);
  }

  private liveGraphPaper(i: number): string | null {
    const id = this.graph.papers.idAt(i);
    return this.bundles.has(id) && this.bundles.get(id) === null ? null : id;
  }

  author(id: string): AuthorRef | null {
    const added = this.authors.get(id);
    if (added) return added;
    const record = this.graph.authors.get(id);
    return record ? { id: record.id, name: record.name } : null;
  }

  venueExists(id: string): boolean {
    return this.graph.venues.indexOf(id) >= 0;
  }

  topicExists(id: string): boolean {
    return this.graph.topics.indexOf(id) >= 0;
  }

  // ---- concepts ----

  concept(id: string): Concept | null {
    if (this.concepts.has(id)) return this.concepts.get(id)!;
    return this.graph.concepts.get(id) ?? null;
  }

  conceptIdBySlug(slug: string): string | null {
    if (this.conceptSlugs.has(slug)) return this.conceptSlugs.get(slug)!;
    const i = this.graph.concepts.indexOfSlug(slug);
    return i < 0 || this.concepts.get(this.graph.concepts.idAt(i)) === null ? null : this.graph.concepts.idAt(i);
  }

  /** Whether `ancestor` is `id` or reachable from it by broader links. */
  reaches(id: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const c = stack.pop()!;
      if (c === ancestor) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      for (const b of this.concept(c)?.broaderIds ?? []) stack.push(b);
    }
    return false;
  }

  /** Concepts that name `id` as broader. */
  narrowerOf(id: string): string[] {
    const out = new Set<string>();
    const g = this.graph;
    const c = g.concepts.indexOf(id);
    if (c >= 0) for (const n of neighbours(g.broader.in, c)) out.add(g.concepts.idAt(n));
    for (const [nid, concept] of this.concepts) {
      if (concept?.broaderIds.includes(id)) out.add(nid);
      else out.delete(nid);
    }
    return [...out];
  }

  /** Whether any paper links to the concept. */
  conceptHasLinks(id: string): boolean {
    const g = this.graph;
    const c = g.concepts.indexOf(id);
    if (c >= 0 && degree(g.hasConcept.in, c) > 0)
      for (const p of neighbours(g.hasConcept.in, c)) {
        const pid = g.papers.idAt(p);
        if (!this.bundles.has(pid)) return true;
      }
    for (const b of this.bundles.values()) if (b?.links.some((l) => l.conceptId === id)) return true;
    return false;
  }

  // ---- collections ----

  collection(id: string): Collection | null {
    if (this.collections.has(id)) return this.collections.get(id)!;
    return this.graph.collections.get(id) ?? null;
  }

  collectionIdBySlug(slug: string): string | null {
    if (this.collectionSlugs.has(slug)) return this.collectionSlugs.get(slug)!;
    const i = this.graph.collections.indexOfSlug(slug);
    return i < 0 || this.collections.get(this.graph.collections.idAt(i)) === null ? null : this.graph.collections.idAt(i);
  }

  entriesOfPaper(paperId: string): CollectionEntryRecord[] {
    const out: CollectionEntryRecord[] = [];
    const ids = new Set<string>(this.collections.keys());
    for (let i = 0; i < this.graph.collections.size; i++) ids.add(this.graph.collections.idAt(i));
    for (const id of ids) {
      const entry = this.collection(id)?.entries.find((e) => e.paperId === paperId);
      if (entry) out.push({ ...entry, collectionId: id });
    }
    return out;
  }

  // ---- applying an operation (as model/change-apply.ts does) ----

  /** Applies an operation as the change `seq` will be applied (its provenance mark included). */
  apply(operation: Operation, seq: number): void {
    const mark = curationProvenance(seq);
    const stamp = <T extends { provenance: Provenance[] }>(record: T): T => ({
      ...record,
      provenance: withProvenance(record.provenance, mark),
    });
    const op = stampOperation(operation, stamp);
    switch (op.op) {
      case 'paper.add':
        this.putPaper(op.after, []);
        this.addedPapers.add(op.after.id);
        if (op.restores) this.addEdges(op.restores);
        return;
      case 'paper.update':
        this.setPaper(op.before.id, op.after);
        return;
      case 'paper.retract':
        this.removePaper(op.before.id);
        return;
      case 'paper.merge': {
        const keptId = op.before.kept.id,
          mergedId = op.before.merged.id;
        this.removePaper(mergedId);
        this.addEdges(op.moved);
        this.setPaper(keptId, op.after.kept);
        this.redirects.set(mergedId, keptId);
        return;
      }
      case 'paper.unmerge': {
        const keptId = op.after.kept.id;
        this.removeEdges(op.moved);
        this.setPaper(keptId, op.after.kept);
        this.putPaper(op.after.merged, []);
        this.addEdges(op.mergedEdges);
        this.redirects.set(op.after.merged.id, null);
        return;
      }
      case 'citation.add':
        this.addCitation(op.after);
        return;
      case 'citation.remove':
        this.removeCitation(op.before);
        return;
      case 'concept.add':
      case 'concept.update':
        this.concepts.set(op.after.id, op.after);
        this.conceptSlugs.set(op.after.slug, op.after.id);
        return;
      case 'concept.remove':
        this.concepts.set(op.before.id, null);
        this.conceptSlugs.set(op.before.slug, null);
        return;
      case 'concept.link':
      case 'suggestion.accept': {
        const b = this.own(op.after.paperId);
        if (!b) return;
        const i = b.links.findIndex((l) => sameLink(l, op.after));
        if (i >= 0) b.links[i] = op.after;
        else b.links.push(op.after);
        return;
      }
      case 'concept.unlink':
      case 'suggestion.reject': {
        const b = this.own(op.before.paperId);
        if (b) b.links = b.links.filter((l) => !sameLink(l, op.before));
        return;
      }
      case 'collection.create':
      case 'collection.update':
        this.collections.set(op.after.id, op.after);
        this.collectionSlugs.set(op.after.slug, op.after.id);
        return;
      case 'collection.delete':
        this.collections.set(op.before.id, null);
        this.collectionSlugs.set(op.before.slug, null);
        return;
      case 'collection.entry.add':
        this.editEntries(op.after.collectionId, (entries) => insertEntry(entries, op.after));
        return;
      case 'collection.entry.update':
        this.editEntries(op.after.collectionId, (entries) =>
          entries.map((e) =>
            e.paperId === op.after.paperId
              ? {
                  rank: op.after.rank,
                  paperId: op.after.paperId,
                  sectionId: op.after.sectionId,
                  why: op.after.why,
                  keyInsights: op.after.keyInsights,
                }
              : e,
          ),
        );
        return;
      case 'collection.entry.move':
        this.editEntries(op.after.collectionId, () => op.after.entries);
        return;
      case 'collection.entry.remove':
        this.editEntries(op.before.collectionId, (entries) => removeEntry(entries, op.before.paperId));
        return;
    }
  }

  private graphBundle(id: string): PaperBundle {
    const g = this.graph;
    const p = g.papers.indexOf(id);
    const record = g.papers.at(p);
    const authorships = Array.from(edgeIdsOf(g.authored.out, p), (e) => g.authorships.at(e)!);
    return {
      paper: {
        ...record,
        authors: authorships.map((a) => ({ id: a.authorId, name: g.authors.get(a.authorId)?.name ?? a.authorId })),
      },
      references: Array.from(neighbours(g.cites.out, p), (q) => g.citationAt(p, q)),
      citedBy: Array.from(neighbours(g.cites.in, p), (q) => g.citationAt(q, p)),
      links: Array.from(edgeIdsOf(g.hasConcept.out, p), (e) => g.paperConcepts.at(e)!),
      authorships,
      topics: Array.from(edgeIdsOf(g.inTopic.out, p), (e) => g.paperTopics.at(e)!),
    };
  }

  /** A paper's bundle, copied into the draft for editing. */
  private own(id: string): PaperBundle | null {
    const current = this.bundles.get(id);
    if (current) return current;
    if (current === null || !this.paperExistsInGraph(id)) return null;
    const b = this.graphBundle(id);
    this.bundles.set(id, b);
    return b;
  }

  private putPaper(paper: PaperWithAuthors, affiliationsFrom: Authorship[]): void {
    const b: PaperBundle = { paper, references: [], citedBy: [], links: [], authorships: [], topics: [] };
    this.bundles.set(paper.id, b);
    this.redirects.set(paper.id, null);
    this.setAuthors(b, affiliationsFrom);
    this.indexKeys(paper, paper.id);
  }

  private setPaper(id: string, after: PaperWithAuthors): void {
    const b = this.own(id);
    if (!b) return;
    this.indexKeys(b.paper, null);
    b.paper = after;
    this.setAuthors(b, b.authorships);
    this.indexKeys(after, id);
  }

  private setAuthors(b: PaperBundle, previous: Authorship[]): void {
    for (const a of b.paper.authors) if (!this.author(a.id)) this.authors.set(a.id, a);
    const kept = new Map(previous.map((a) => [a.authorId, a]));
    b.authorships = b.paper.authors.map((a, position) => ({
      paperId: b.paper.id,
      authorId: a.id,
      position,
      affiliations: kept.get(a.id)?.affiliations ?? [],
    }));
  }

  private indexKeys(paper: PaperWithAuthors, id: string | null): void {
    if (paper.arxivId) this.arxiv.set(normalizeArxivId(paper.arxivId), id);
    if (paper.doi) this.dois.set(normalizeDoi(paper.doi), id);
  }

  private removePaper(id: string): void {
    const b = this.bundle(id);
    if (!b) return;
    for (const c of [...b.references, ...b.citedBy]) this.removeCitation(c);
    this.indexKeys(b.paper, null);
    this.bundles.set(id, null);
    for (const entry of this.entriesOfPaper(id)) this.editEntries(entry.collectionId, (entries) => removeEntry(entries, id));
  }

  private addCitation(c: Citation): void {
    const from = this.own(c.citingId),
      to = this.own(c.citedId);
    if (from && !from.references.some((x) => sameCitation(x, c))) from.references.push(c);
    if (to && !to.citedBy.some((x) => sameCitation(x, c))) to.citedBy.push(c);
  }

  private removeCitation(c: Citation): void {
    const from = this.own(c.citingId),
      to = this.own(c.citedId);
    if (from) from.references = from.references.filter((x) => !sameCitation(x, c));
    if (to) to.citedBy = to.citedBy.filter((x) => !sameCitation(x, c));
  }

  private addEdges(edges: PaperEdges): void {
    for (const c of edges.citations) this.addCitation(c);
    for (const pc of edges.paperConcepts) {
      const b = this.own(pc.paperId);
      if (b && !b.links.some((l) => sameLink(l, pc))) b.links.push(pc);
    }
    for (const a of edges.authorships) {
      const b = this.own(a.paperId);
      if (b && !b.authorships.some((x) => x.authorId === a.authorId)) b.authorships.push(a);
    }
    for (const t of edges.paperTopics) {
      const b = this.own(t.paperId);
      if (b && !b.topics.some((x) => x.topicId === t.topicId)) b.topics.push(t);
    }
    for (const entry of [...edges.entries].sort((a, b) => a.rank - b.rank))
      this.editEntries(entry.collectionId, (entries) =>
        entries.some((e) => e.paperId === entry.paperId) ? entries : insertEntry(entries, entry),
      );
  }

  private removeEdges(edges: PaperEdges): void {
    for (const c of edges.citations) this.removeCitation(c);
    for (const pc of edges.paperConcepts) {
      const b = this.own(pc.paperId);
      if (b) b.links = b.links.filter((l) => !sameLink(l, pc));
    }
    for (const a of edges.authorships) {
      const b = this.own(a.paperId);
      if (b) b.authorships = b.authorships.filter((x) => x.authorId !== a.authorId);
    }
    for (const t of edges.paperTopics) {
      const b = this.own(t.paperId);
      if (b) b.topics = b.topics.filter((x) => x.topicId !== t.topicId);
    }
    for (const entry of edges.entries) this.editEntries(entry.collectionId, (entries) => removeEntry(entries, entry.paperId));
  }

  private editEntries(collectionId: string, edit: (entries: Collection['entries']) => Collection['entries']): void {
    const c = this.collection(collectionId);
    if (c) this.collections.set(collectionId, { ...c, entries: edit(c.entries) });
  }
}

/** The operation with the records it writes stamped as change-apply.ts stamps them. */
function stampOperation(op: Operation, stamp: <T extends { provenance: Provenance[] }>(record: T) => T): Operation {
  switch (op.op) {
    case 'paper.add':
    case 'paper.update':
    case 'citation.add':
    case 'concept.add':
    case 'concept.update':
    case 'concept.link':
    case 'suggestion.accept':
    case 'collection.create':
    case 'collection.update':
      return { ...op, after: stamp(op.after) } as Operation;
    case 'paper.merge':
      return { ...op, after: { ...op.after, kept: stamp(op.after.kept) } };
    case 'paper.unmerge':
      return { ...op, after: { kept: stamp(op.after.kept), merged: stamp(op.after.merged) } };
    default:
      return op;
  }
}

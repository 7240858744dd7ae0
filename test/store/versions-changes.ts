// Random curation changes that apply to a graph, as the log would commit them: each with its seq,
// actor, time, payload (before and after read from the graph) and targets (targetsOf). For the
// version tests and the overlay bench.

import { neighbours, edgeIdsOf, positionOf } from '../../src/graph/csr.js';
import type { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import {
  targetsOf,
  type Change,
  type CollectionEntryRecord,
  type Operation,
  type PaperEdges,
  type PaperWithAuthors,
} from '../../src/model/change.js';
import { CONCEPT_ROLES, type Citation, type Concept, type PaperConcept } from '../../src/model/index.js';

export type OperationWeights = Partial<Record<Operation['op'], number>>;

/** A mix in which every kind of change a curator makes shows up, edits of papers and links most. */
export const DEFAULT_WEIGHTS: OperationWeights = {
  'paper.add': 6,
  'paper.update': 6,
  'paper.merge': 1,
  'paper.retract': 1,
  'citation.add': 8,
  'citation.remove': 3,
  'concept.add': 2,
  'concept.update': 3,
  'concept.remove': 1,
  'concept.link': 6,
  'concept.unlink': 3,
  'suggestion.accept': 1,
  'suggestion.reject': 1,
  'collection.entry.add': 1,
  'collection.entry.remove': 1,
};

/** Words for new titles and names: some the corpus has, some it has not (so a search finds exactly the new ones). */
const WORDS = ['neural', 'graph', 'attention', 'learning', 'parsing', 'translation', 'sparse', 'retrieval', 'corpus', 'semantic'];

export class ChangeMaker {
  private seq: number;
  private readonly weights: [Operation['op'], number][];

  constructor(
    private readonly random: () => number,
    options: { seq?: number; weights?: OperationWeights } = {},
  ) {
    this.seq = options.seq ?? 0;
    this.weights = Object.entries(options.weights ?? DEFAULT_WEIGHTS) as [Operation['op'], number][];
  }

  get lastSeq(): number {
    return this.seq;
  }

  /**
   * `count` changes, each valid on the graph after the ones before it: `apply` gives that graph
   * (for a batch, the caller applies them one by one to a scratch copy, or keeps batches of changes
   * that do not depend on each other — see `batch`).
   */
  next(graph: KnowledgeGraph): Change {
    for (let tries = 0; tries < 100; tries++) {
      const op = this.pick();
      const operation = this.make(op, graph, this.seq + 1);
      if (!operation) continue;
      this.seq++;
      return {
        ...operation,
        seq: this.seq,
        actor: 'tester',
        reason: null,
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, this.seq)).toISOString(),
        reverts: null,
        targets: targetsOf(operation),
      } as Change;
    }
    throw new Error('no change could be made on this graph');
  }

  /**
   * Up to `size` changes that can be applied in one batch to `graph`: each touches papers and
   * concepts no other change of the batch touches, so each is valid on the graph with the others applied.
   */
  batch(graph: KnowledgeGraph, size: number): Change[] {
    const changes: Change[] = [];
    const used = new Set<string>();
    for (let tries = 0; changes.length < size && tries < size * 10; tries++) {
      const seqBefore = this.seq;
      const change = this.next(graph);
      const keys = [...change.targets.map((t) => `${t.kind}:${t.id}`), ...neighbourKeys(graph, change)];
      if (keys.some((k) => used.has(k))) {
        this.seq = seqBefore;
        continue;
      }
      for (const k of keys) used.add(k);
      changes.push(change);
    }
    return changes;
  }

  private pick(): Operation['op'] {
    const total = this.weights.reduce((t, [, w]) => t + w, 0);
    let r = this.random() * total;
    for (const [op, w] of this.weights) if ((r -= w) < 0) return op;
    return this.weights[0][0];
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private words(count: number, seq: number): string {
    const out = Array.from({ length: count }, () => WORDS[this.int(WORDS.length)]);
    out.push(`marker${seq}`);
    return out.join(' ');
  }

  private make(op: Operation['op'], g: KnowledgeGraph, seq: number): Operation | null {
    const randomPaper = () => (g.papers.size ? this.int(g.papers.size) : -1);
    const randomConcept = () => (g.concepts.size ? this.int(g.concepts.size) : -1);
    switch (op) {
      case 'paper.add': {
        const authors = [{ id: `new-author-${seq}`, name: `Ada ${this.words(0, seq)}` }];
        if (g.authors.size) {
          const a = this.int(g.authors.size);
          authors.unshift({ id: g.authors.idAt(a), name: g.authors.at(a).name });
        }
        const venue = g.venues.size && this.random() < 0.7 ? g.venues.idAt(this.int(g.venues.size)) : null;
        const after: PaperWithAuthors = {
          id: `new-paper-${seq}`,
          title: `A ${this.words(3, seq)}`,
          aliases: this.random() < 0.3 ? [`NP${seq}`] : [],
          abstract: this.random() < 0.5 ? this.words(8, seq) : null,
          year: this.random() < 0.9 ? 1990 + this.int(36) : null,
          venueId: venue,
          arxivId: null,
          doi: null,
          url: null,
          provenance: [],
          unresolvedReferenceCount: 0,
          authors,
          abstractProvenance: null,
          summary: null,
          pdfUrl: null,
          codeUrl: null,
          presentation: null,
          externalIds: [],
          stub: false,
        };
        return { op, before: null, after };
      }
      case 'paper.update': {
        const p = randomPaper();
        if (p < 0) return null;
        const before = paperWithAuthors(g, p);
        const after = { ...before, authors: [...before.authors] };
        const what = this.int(5);
        if (what === 0) after.title = `${before.title} ${this.words(1, seq)}`;
        else if (what === 1)
          after.year = before.year === null ? 2000 + this.int(25) : this.random() < 0.2 ? null : before.year + 1 + this.int(3);
        else if (what === 2) after.aliases = [...before.aliases, `alias ${this.words(1, seq)}`];
        else if (what === 3) after.abstract = this.words(6, seq);
        else after.authors = [...before.authors.slice(1), { id: `new-author-${seq}`, name: `Bo ${this.words(0, seq)}` }];
        return { op, before, after };
      }
      case 'paper.retract': {
        const p = randomPaper();
        if (p < 0 || g.papers.size < 5) return null;
        return { op, before: paperWithAuthors(g, p), after: null, edges: edgesOf(g, p) };
      }
      case 'paper.merge': {
        const k = randomPaper(),
          m = randomPaper();
        if (k < 0 || k === m || g.papers.size < 5) return null;
        const kept = paperWithAuthors(g, k),
          merged = paperWithAuthors(g, m);
        const mergedEdges = edgesOf(g, m);
        const keptEdges = edgesOf(g, k);
        const has = <T>(list: T[], same: (x: T) => boolean) => list.some(same);
        const moved: PaperEdges = {
          citations: mergedEdges.citations
            .map((c) => ({
              ...c,
              citingId: c.citingId === merged.id ? kept.id : c.citingId,
              citedId: c.citedId === merged.id ? kept.id : c.citedId,
            }))
            .filter(
              (c) => c.citingId !== c.citedId && !has(keptEdges.citations, (x) => x.citingId === c.citingId && x.citedId === c.citedId),
            ),
          paperConcepts: mergedEdges.paperConcepts
            .map((pc) => ({ ...pc, paperId: kept.id }))
            .filter((pc) => !has(keptEdges.paperConcepts, (x) => x.conceptId === pc.conceptId)),
          authorships: [],
          paperTopics: mergedEdges.paperTopics
            .map((pt) => ({ ...pt, paperId: kept.id }))
            .filter((pt) => !has(keptEdges.paperTopics, (x) => x.topicId === pt.topicId)),
          entries: mergedEdges.entries
            .map((e) => ({ ...e, paperId: kept.id }))
            .filter((e) => !has(keptEdges.entries, (x) => x.collectionId === e.collectionId)),
        };
        const after = { kept: { ...kept, aliases: [...kept.aliases, merged.title] }, mergedId: merged.id };
        return { op, before: { kept, merged }, after, mergedEdges, moved };
      }
      case 'citation.add': {
        const a = randomPaper(),
          b = randomPaper();
        if (a < 0 || a === b || positionOf(g.cites.out, a, b) >= 0) return null;
        const after: Citation = {
          citingId: g.papers.idAt(a),
          citedId: g.papers.idAt(b),
          contexts: this.random() < 0.5 ? [this.words(4, seq)] : [],
          intents: this.random() < 0.5 ? ['METHOD'] : [],
          isInfluential: null,
          provenance: [],
        };
        return { op, before: null, after };
      }
      case 'citation.remove': {
        const a = this.withEdges(g.papers.size, (p) => neighbours(g.cites.out, p).length);
        if (a < 0) return null;
        const refs = neighbours(g.cites.out, a);
        return { op, before: g.citationAt(a, refs[this.int(refs.length)]), after: null };
      }
      case 'concept.add': {
        const broaderIds = g.concepts.size && this.random() < 0.5 ? [g.concepts.idAt(randomConcept())] : [];
        const after: Concept = {
          id: `new-concept-${seq}`,
          slug: `new-concept-${seq}`,
          name: `Concept ${this.words(1, seq)}`,
          kind: 'METHOD',
          aliases: [],
          description: this.random() < 0.5 ? this.words(5, seq) : null,
          broaderIds,
          provenance: [],
          scheme: 'curated',
          externalIds: [],
          mappings: [],
        };
        return { op, before: null, after };
      }
      case 'concept.update': {
        const c = randomConcept();
        if (c < 0) return null;
        const before = g.concepts.at(c);
        const what = this.int(3);
        const after: Concept =
          what === 0
            ? { ...before, name: `${before.name} ${this.words(1, seq)}` }
            : what === 1
              ? { ...before, aliases: [...before.aliases, `AKA${seq}`] }
              : { ...before, description: this.words(5, seq) };
        return { op, before, after };
      }
      case 'concept.remove': {
        // Only a concept no paper and no narrower concept refers to (the undo of an add).
        for (let tries = 0; tries < 20; tries++) {
          const c = randomConcept();
          if (c < 0) return null;
          if (neighbours(g.hasConcept.in, c).length || neighbours(g.broader.in, c).length) continue;
          return { op, before: g.concepts.at(c), after: null };
        }
        return null;
      }
      case 'concept.link': {
        const p = randomPaper(),
          c = randomConcept();
        if (p < 0 || c < 0) return null;
        const edges = edgeIdsOf(g.hasConcept.out, p);
        const at = Array.from(neighbours(g.hasConcept.out, p)).indexOf(c);
        const before: PaperConcept | null = at >= 0 ? g.paperConcepts.at(edges[at])! : null;
        const after: PaperConcept = {
          paperId: g.papers.idAt(p),
          conceptId: g.concepts.idAt(c),
          role: CONCEPT_ROLES[this.int(CONCEPT_ROLES.length)],
          score: Math.round((0.05 + 0.95 * this.random()) * 100) / 100,
          provenance: before?.provenance ?? [],
          evidence: [],
        };
        return { op, before, after, note: null };
      }
      case 'concept.unlink':
      case 'suggestion.reject':
      case 'suggestion.accept': {
        const p = this.withEdges(g.papers.size, (q) => neighbours(g.hasConcept.out, q).length);
        if (p < 0) return null;
        const edges = edgeIdsOf(g.hasConcept.out, p);
        const before = g.paperConcepts.at(edges[this.int(edges.length)])!;
        if (op === 'suggestion.accept') return { op, before, after: before };
        return { op, before, after: null };
      }
      case 'collection.entry.add': {
        if (!g.collections.size) return null;
        const collection = g.collections.at(this.int(g.collections.size));
        const p = randomPaper();
        if (p < 0 || collection.entries.some((e) => e.paperId === g.papers.idAt(p))) return null;
        const after: CollectionEntryRecord = {
          collectionId: collection.id,
          rank: 1 + this.int(collection.entries.length + 1),
          paperId: g.papers.idAt(p),
          sectionId: null,
          why: this.words(3, seq),
          keyInsights: null,
        };
        return { op, before: null, after };
      }
      case 'collection.entry.remove': {
        if (!g.collections.size) return null;
        const collection = g.collections.at(this.int(g.collections.size));
        if (!collection.entries.length) return null;
        const entry = collection.entries[this.int(collection.entries.length)];
        return { op, before: { ...entry, collectionId: collection.id }, after: null };
      }
      default:
        return null;
    }
  }

  /** A random node with edges (by `degree`), or -1 after a few misses. */
  private withEdges(size: number, degree: (i: number) => number): number {
    for (let tries = 0; tries < 50 && size > 0; tries++) {
      const i = this.int(size);
      if (degree(i) > 0) return i;
    }
    return -1;
  }
}

/** A paper's record with its authors in order. */
export function paperWithAuthors(g: KnowledgeGraph, p: number): PaperWithAuthors {
  const authors = Array.from(edgeIdsOf(g.authored.out, p), (e) => {
    const id = g.authorships.at(e)!.authorId;
    return { id, name: g.authors.get(id)!.name };
  });
  return { ...g.papers.at(p), authors };
}

/** Every edge of a paper, as records (citations in both directions). */
export function edgesOf(g: KnowledgeGraph, p: number): PaperEdges {
  const id = g.papers.idAt(p);
  return {
    citations: [
      ...Array.from(neighbours(g.cites.out, p), (q) => g.citationAt(p, q)),
      ...Array.from(neighbours(g.cites.in, p), (q) => g.citationAt(q, p)),
    ],
    paperConcepts: Array.from(edgeIdsOf(g.hasConcept.out, p), (e) => g.paperConcepts.at(e)!),
    authorships: Array.from(edgeIdsOf(g.authored.out, p), (e) => g.authorships.at(e)!),
    paperTopics: Array.from(edgeIdsOf(g.inTopic.out, p), (e) => g.paperTopics.at(e)!),
    entries: g.collections.records.flatMap((c) => c.entries.filter((e) => e.paperId === id).map((e) => ({ ...e, collectionId: c.id }))),
  };
}

/**
 * Nodes a change reads beyond its targets (a retracted or merged paper's neighbours, a citation's
 * ends): a batch keeps changes apart on them too, so each stays valid with the others applied.
 */
function neighbourKeys(g: KnowledgeGraph, change: Change): string[] {
  const paper = (id: string) => `Paper:${id}`;
  switch (change.op) {
    case 'paper.retract':
      return edgeKeys(change.edges);
    case 'paper.merge':
      return [...edgeKeys(change.mergedEdges), ...edgeKeys(edgesOf(g, g.papers.indexOf(change.before.kept.id)))];
    case 'concept.remove':
      return [`Concept:${change.before.id}`];
    case 'concept.add':
      return [...change.after.broaderIds.map((b) => `Concept:${b}`)];
    case 'collection.entry.add':
    case 'collection.entry.remove':
      return [`Collection:${(change.after ?? change.before)!.collectionId}`, paper((change.after ?? change.before)!.paperId)];
    default:
      return [];
  }
}

function edgeKeys(edges: PaperEdges): string[] {
  return [
    ...edges.citations.flatMap((c) => [`Paper:${c.citingId}`, `Paper:${c.citedId}`]),
    ...edges.paperConcepts.map((pc) => `Concept:${pc.conceptId}`),
    ...edges.entries.map((e) => `Collection:${e.collectionId}`),
  ];
}

// Changes made on a graph as a curation front end would make them (payloads read from the graph
// they apply to), for every operation, seeded. Used by the graph-changes tests and
// bench/graph-changes.ts.

import { edgeIdsOf, neighbours } from '../../src/graph/csr.js';
import type { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import {
  OPERATION_NAMES,
  targetsOf,
  type Change,
  type CollectionEntryRecord,
  type Operation,
  type OperationName,
  type PaperEdges,
  type PaperWithAuthors,
} from '../../src/model/change.js';
import type { Citation, CollectionEntry, PaperConcept } from '../../src/model/index.js';

export type Random = () => number;

/** mulberry32: a seeded generator. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const below = (random: Random, n: number) => Math.floor(random() * n);

export function change(operation: Operation, seq: number): Change {
  return {
    ...operation,
    seq,
    actor: 'test',
    reason: null,
    at: '2026-11-27T00:00:00Z',
    reverts: null,
    targets: targetsOf(operation),
  } as Change;
}

export function paperWithAuthors(g: KnowledgeGraph, p: number): PaperWithAuthors {
  const paper = g.papers.at(p);
  return { ...paper, authors: Array.from(neighbours(g.authored.out, p), (a) => ({ id: g.authors.idAt(a), name: g.authors.at(a).name })) };
}

/** Every edge of a paper, as records. */
export function edgesOf(g: KnowledgeGraph, p: number): PaperEdges {
  const id = g.papers.idAt(p);
  const citations: Citation[] = [];
  for (let k = g.cites.out.offsets[p]; k < g.cites.out.offsets[p + 1]; k++) citations.push(g.citations.at(k)!);
  for (const s of neighbours(g.cites.in, p)) if (s !== p) citations.push(g.citationAt(s, p));
  const entries: CollectionEntryRecord[] = [];
  for (let c = 0; c < g.collections.size; c++) {
    const collection = g.collections.at(c);
    for (const e of collection.entries) if (e.paperId === id) entries.push({ ...e, collectionId: collection.id });
  }
  return {
    citations,
    paperConcepts: Array.from(edgeIdsOf(g.hasConcept.out, p), (e) => g.paperConcepts.at(e)!),
    authorships: Array.from(edgeIdsOf(g.authored.out, p), (e) => g.authorships.at(e)!),
    paperTopics: Array.from(edgeIdsOf(g.inTopic.out, p), (e) => g.paperTopics.at(e)!),
    entries,
  };
}

interface Pending {
  merge: Extract<Operation, { op: 'paper.merge' }> | null;
}

/**
 * One operation of kind `op` valid on `g`, or null when `g` has nothing it could apply to.
 * `pending` carries the last merge, which an unmerge undoes.
 */
export function makeOperation(g: KnowledgeGraph, op: OperationName, random: Random, seq: number, pending: Pending): Operation | null {
  const P = g.papers.size;
  const randomPaper = () => below(random, P);
  const links = () => {
    const out: { p: number; e: number }[] = [];
    for (let p = 0; p < P; p++) for (const e of edgeIdsOf(g.hasConcept.out, p)) out.push({ p, e });
    return out;
  };
  const collectionsWithEntries = () => g.collections.records.filter((c) => c.entries.length > 0);
  switch (op) {
    case 'paper.add': {
      const authors = [
        ...(g.authors.size ? [{ id: g.authors.idAt(below(random, g.authors.size)), name: 'kept' }] : []),
        { id: `new-author-${seq}-a`, name: `Author ${seq} A` },
        { id: `new-author-${seq}-b`, name: `Author ${seq} B` },
      ].map((a) => (a.name === 'kept' ? { id: a.id, name: g.authors.get(a.id)!.name } : a));
      return {
        op,
        before: null,
        after: {
          id: `new-paper-${seq}`,
          title: `Paper ${seq}`,
          aliases: [],
          abstract: null,
          year: 2000 + below(random, 25),
          venueId: g.venues.size && random() < 0.5 ? g.venues.idAt(below(random, g.venues.size)) : null,
          arxivId: random() < 0.5 ? `2611.${String(seq).padStart(5, '0')}` : null,
          doi: random() < 0.3 ? `10.1234/Test.${seq}` : null,
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
        },
      };
    }
    case 'paper.update': {
      if (P === 0) return null;
      const p = randomPaper();
      const before = paperWithAuthors(g, p);
      const after: PaperWithAuthors = { ...before, title: `${before.title} (rev ${seq})`, year: random() < 0.5 ? before.year : 1999 };
      const r = random();
      if (r < 0.2) after.authors = [...before.authors].reverse();
      else if (r < 0.35) after.authors = [...before.authors, { id: `new-author-${seq}-u`, name: `Author ${seq} U` }];
      else if (r < 0.45 && before.authors.length) after.authors = before.authors.slice(1);
      if (random() < 0.3) after.venueId = g.venues.size && random() < 0.7 ? g.venues.idAt(below(random, g.venues.size)) : null;
      if (random() < 0.3) after.arxivId = `2612.${String(seq).padStart(5, '0')}`;
      return { op, before, after };
    }
    case 'paper.retract': {
      if (P < 3) return null;
      const p = randomPaper();
      return { op, before: paperWithAuthors(g, p), after: null, edges: edgesOf(g, p) };
    }
    case 'paper.merge': {
      if (P < 3) return null;
      const kept = randomPaper();
      let merged = randomPaper();
      if (merged === kept) merged = (kept + 1) % P;
      const keptId = g.papers.idAt(kept),
        mergedId = g.papers.idAt(merged);
      const mergedEdges = edgesOf(g, merged);
      const keptEdges = edgesOf(g, kept);
      const rewire = (id: string) => (id === mergedId ? keptId : id);
      const has = <T>(list: T[], same: (x: T) => boolean) => list.some(same);
      const moved: PaperEdges = {
        citations: mergedEdges.citations
          .map((c) => ({ ...c, citingId: rewire(c.citingId), citedId: rewire(c.citedId) }))
          .filter(
            (c) => c.citingId !== c.citedId && !has(keptEdges.citations, (x) => x.citingId === c.citingId && x.citedId === c.citedId),
          ),
        paperConcepts: mergedEdges.paperConcepts
          .map((pc) => ({ ...pc, paperId: keptId }))
          .filter((pc) => !has(keptEdges.paperConcepts, (x) => x.conceptId === pc.conceptId)),
        authorships: mergedEdges.authorships
          .map((a) => ({ ...a, paperId: keptId }))
          .filter((a) => !has(keptEdges.authorships, (x) => x.authorId === a.authorId)),
        paperTopics: mergedEdges.paperTopics
          .map((pt) => ({ ...pt, paperId: keptId }))
          .filter((pt) => !has(keptEdges.paperTopics, (x) => x.topicId === pt.topicId)),
        entries: mergedEdges.entries
          .map((e) => ({ ...e, paperId: keptId }))
          .filter((e) => !has(keptEdges.entries, (x) => x.collectionId === e.collectionId)),
      };
      const keptBefore = paperWithAuthors(g, kept);
      const mergedBefore = paperWithAuthors(g, merged);
      const authors = [...keptBefore.authors, ...mergedBefore.authors.filter((a) => !keptBefore.authors.some((k) => k.id === a.id))];
      const operation: Extract<Operation, { op: 'paper.merge' }> = {
        op,
        before: { kept: keptBefore, merged: mergedBefore },
        after: { kept: { ...keptBefore, aliases: [...keptBefore.aliases, mergedBefore.title], authors }, mergedId },
        mergedEdges,
        moved,
      };
      pending.merge = operation;
      return operation;
    }
    case 'paper.unmerge': {
      const merge = pending.merge;
      if (!merge) return null;
      pending.merge = null;
      return {
        op,
        before: { kept: merge.after.kept, mergedId: merge.after.mergedId },
        after: { kept: merge.before.kept, merged: merge.before.merged },
        mergedEdges: merge.mergedEdges,
        moved: merge.moved,
      };
    }
    case 'citation.add': {
      for (let tries = 0; tries < 50; tries++) {
        const s = randomPaper(),
          t = randomPaper();
        if (s === t || neighbours(g.cites.out, s).includes(t)) continue;
        return {
          op,
          before: null,
          after: {
            citingId: g.papers.idAt(s),
            citedId: g.papers.idAt(t),
            contexts: [`context ${seq}`],
            intents: random() < 0.5 ? ['METHOD'] : [],
            isInfluential: random() < 0.5 ? null : true,
            provenance: [],
          },
        };
      }
      return null;
    }
    case 'citation.remove': {
      if (g.citations.length === 0) return null;
      return { op, before: g.citations.at(below(random, g.citations.length))!, after: null };
    }
    case 'concept.add': {
      const broaderIds = g.concepts.size && random() < 0.7 ? [g.concepts.idAt(below(random, g.concepts.size))] : [];
      return {
        op,
        before: null,
        after: {
          id: `new-concept-${seq}`,
          slug: `new-concept-${seq}`,
          name: `Concept ${seq}`,
          kind: 'METHOD',
          aliases: [],
          description: null,
          broaderIds,
          provenance: [],
          scheme: 'curated',
          externalIds: [],
          mappings: [],
        },
      };
    }
    case 'concept.update': {
      if (g.concepts.size === 0) return null;
      const before = g.concepts.at(below(random, g.concepts.size));
      const after = { ...before, name: `${before.name} (rev ${seq})`, aliases: [...before.aliases, `alias ${seq}`] };
      if (random() < 0.3)
        after.broaderIds = g.concepts.size > 1 ? [g.concepts.idAt(below(random, g.concepts.size))].filter((b) => b !== before.id) : [];
      if (random() < 0.2) after.slug = `${before.slug}-${seq}`;
      return { op, before, after };
    }
    case 'concept.remove': {
      const free: number[] = [];
      for (let c = 0; c < g.concepts.size; c++)
        if (neighbours(g.hasConcept.in, c).length === 0 && neighbours(g.broader.in, c).length === 0) free.push(c);
      if (!free.length) return null;
      return { op, before: g.concepts.at(pick(random, free)), after: null };
    }
    case 'concept.link': {
      if (P === 0 || g.concepts.size === 0) return null;
      const p = randomPaper(),
        c = below(random, g.concepts.size);
      const k = neighbours(g.hasConcept.out, p).indexOf(c);
      const before = k < 0 ? null : g.paperConcepts.at(edgeIdsOf(g.hasConcept.out, p)[k])!;
      const after: PaperConcept = {
        paperId: g.papers.idAt(p),
        conceptId: g.concepts.idAt(c),
        role: pick(random, ['INTRODUCES', 'USES', 'STUDIES', 'EVALUATES_ON'] as const),
        score: Math.round(random() * 100) / 100 || 0.5,
        provenance: before?.provenance ?? [],
        evidence: [],
      };
      return { op, before, after, note: random() < 0.5 ? `note ${seq}` : null };
    }
    case 'concept.unlink':
    case 'suggestion.reject':
    case 'suggestion.accept': {
      const all = links();
      if (!all.length) return null;
      const { e } = pick(random, all);
      const link = g.paperConcepts.at(e)!;
      if (op === 'suggestion.accept') return { op, before: link, after: link };
      return { op, before: link, after: null };
    }
    case 'collection.create': {
      const entries: CollectionEntry[] = P
        ? [{ rank: 1, paperId: g.papers.idAt(randomPaper()), sectionId: null, why: 'why', keyInsights: null }]
        : [];
      return {
        op,
        before: null,
        after: {
          id: `new-collection-${seq}`,
          slug: `new-collection-${seq}`,
          title: `Collection ${seq}`,
          publisher: null,
          date: null,
          url: null,
          description: null,
          entries,
          provenance: [],
        },
      };
    }
    case 'collection.update': {
      if (g.collections.size === 0) return null;
      const before = g.collections.at(below(random, g.collections.size));
      return { op, before, after: { ...before, title: `${before.title} (rev ${seq})`, description: `edited ${seq}` } };
    }
    case 'collection.delete': {
      const created = g.collections.records.filter((c) => c.id.startsWith('new-collection-'));
      if (!created.length) return null;
      return { op, before: pick(random, created), after: null };
    }
    case 'collection.entry.add': {
      if (g.collections.size === 0 || P === 0) return null;
      const collection = g.collections.at(below(random, g.collections.size));
      const paperId = g.papers.idAt(randomPaper());
      if (collection.entries.some((e) => e.paperId === paperId)) return null;
      const topic = g.topics.size && random() < 0.5 ? g.topics.idAt(below(random, g.topics.size)) : null;
      return {
        op,
        before: null,
        after: {
          collectionId: collection.id,
          rank: 1 + below(random, collection.entries.length + 1),
          paperId,
          sectionId: topic,
          why: `why ${seq}`,
          keyInsights: null,
        },
      };
    }
    case 'collection.entry.update':
    case 'collection.entry.remove': {
      const withEntries = collectionsWithEntries();
      if (!withEntries.length) return null;
      const collection = pick(random, withEntries);
      const before = { ...pick(random, collection.entries), collectionId: collection.id };
      if (op === 'collection.entry.remove') return { op, before, after: null };
      return { op, before, after: { ...before, why: `rewritten ${seq}`, keyInsights: `insight ${seq}` } };
    }
    case 'collection.entry.move': {
      const withEntries = collectionsWithEntries().filter((c) => c.entries.length > 1);
      if (!withEntries.length) return null;
      const collection = pick(random, withEntries);
      const ordered = [...collection.entries].sort((a, b) => a.rank - b.rank);
      const [moving] = ordered.splice(below(random, ordered.length), 1);
      ordered.splice(below(random, ordered.length + 1), 0, moving);
      return {
        op,
        before: { collectionId: collection.id, entries: collection.entries },
        after: { collectionId: collection.id, entries: ordered.map((e, k) => ({ ...e, rank: k + 1 })) },
      };
    }
  }
}

/** A random mix of every operation: each operation made on the graph the previous ones left (apply is how to get it). */
export function randomChanges(
  start: KnowledgeGraph,
  count: number,
  random: Random,
  firstSeq: number,
  apply: (g: KnowledgeGraph, changes: Change[]) => KnowledgeGraph,
  ops: readonly OperationName[] = OPERATION_NAMES,
): { changes: Change[]; graph: KnowledgeGraph } {
  const pending: Pending = { merge: null };
  const changes: Change[] = [];
  let g = start;
  for (let seq = firstSeq; changes.length < count; seq++) {
    const op = pending.merge && random() < 0.3 ? 'paper.unmerge' : pick(random, ops);
    const operation = makeOperation(g, op, random, seq, pending);
    if (!operation) continue;
    const c = change(operation, seq);
    changes.push(c);
    g = apply(g, [c]);
  }
  return { changes, graph: g };
}

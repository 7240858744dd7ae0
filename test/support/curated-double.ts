// TEST DOUBLE of CuratedGraph (store/curation/curation.ts) for the API tests, until the real one
// (store/curation/curated-graph.ts) is on main: commands become changes against the newest
// corpus, kept in an in-memory log (nothing durable), and each commit makes a new graph version
// with applyChanges. It covers the commands the API tests make (paper add/update/merge/retract,
// citations, concept links, collection entries, revert of an addition); anything else throws.

import { targetsOf, type Change, type NodeRef, type Operation, type PaperEdges, type PaperWithAuthors } from '../../src/model/change.js';
import type { Corpus } from '../../src/model/index.js';
import { applyChanges } from '../../src/graph/graph-changes.js';
import type { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { ChangeLogUnavailableError, type HistoryOptions } from '../../src/store/change-log/change-log.js';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  type ChangeEvent,
  type Command,
  type CompactionReport,
  type CuratedGraph,
  type VersionedStore,
  type WriteMeta,
  type WriteResult,
} from '../../src/store/curation/curation.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { loadCuratedStore } from '../../src/server/load-default-store.js';

type DoubleVersion = MemoryStore & VersionedStore;

/** A MemoryStore of `graph` as the version `seq` (set on the instance, whichever MemoryStore this is). */
function doubleVersion(graph: KnowledgeGraph, seq: number, influenceComputed: { at: string; seq: number }): DoubleVersion {
  const store = new MemoryStore(graph, { seq, influenceComputed } as never);
  Object.defineProperty(store, 'seq', { value: seq, enumerable: true });
  Object.defineProperty(store, 'influenceComputed', { value: influenceComputed, enumerable: true });
  return store as DoubleVersion;
}

export class CuratedGraphDouble implements CuratedGraph {
  private version: DoubleVersion;
  private readonly log: Change[] = [];
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Set to make writes fail as a log that cannot write does. */
  failWrites = false;

  constructor(graph: KnowledgeGraph = loadCuratedStore().graph) {
    this.version = doubleVersion(graph, 0, { at: new Date(0).toISOString(), seq: 0 });
  }

  current(): VersionedStore {
    return this.version;
  }

  write(command: Command, meta: WriteMeta): Promise<WriteResult> {
    return this.serial(() => {
      const corpus = this.version.graph.toCorpus();
      const operation = this.operationOf(command, corpus);
      return this.commit(operation, meta, null);
    });
  }

  revert(seq: number, meta: WriteMeta): Promise<WriteResult> {
    return this.serial(() => {
      const change = this.log[seq - 1];
      if (!change) throw new NotFoundError('Change', String(seq), `no change has seq ${seq}`);
      for (const target of change.targets) {
        const later = this.lastTouching(target, Infinity);
        if (later > seq)
          throw new ConflictError(`change ${later} touched ${target.kind} "${target.id}" after change ${seq}: revert it first`);
      }
      let inverse: Operation;
      if (change.op === 'citation.add') inverse = { op: 'citation.remove', before: change.after, after: null };
      else if (change.op === 'concept.link' && change.before === null)
        inverse = { op: 'concept.unlink', before: change.after, after: null };
      else throw new Error(`the test double cannot revert ${change.op}`);
      return this.commit(inverse, meta, seq);
    });
  }

  async versionsOf(nodes: readonly NodeRef[], seq: number): Promise<number[]> {
    return nodes.map((n) => this.lastTouching(n, seq));
  }

  async historyOf(node: NodeRef, options: HistoryOptions): Promise<Change[]> {
    return this.select(
      this.log.filter((c) => c.targets.some((t) => t.kind === node.kind && t.id === node.id)),
      options,
    );
  }

  async changes(options: HistoryOptions): Promise<Change[]> {
    return this.select(this.log, options);
  }

  async changesBySeq(seqs: readonly number[]): Promise<(Change | null)[]> {
    return seqs.map((s) => this.log[s - 1] ?? null);
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async compact(): Promise<CompactionReport> {
    throw new Error('the test double does not compact');
  }

  async close(): Promise<void> {
    await this.queue;
  }

  private serial<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private lastTouching(node: NodeRef, seq: number): number {
    let last = 0;
    for (const c of this.log) if (c.seq <= seq && c.targets.some((t) => t.kind === node.kind && t.id === node.id)) last = c.seq;
    return last;
  }

  private select(changes: Change[], { after = 0, before = Infinity, limit, newestFirst }: HistoryOptions): Change[] {
    const within = changes.filter((c) => c.seq > after && c.seq < before);
    return (newestFirst ? within.reverse() : within).slice(0, limit);
  }

  private commit(operation: Operation, meta: WriteMeta, reverts: number | null): WriteResult {
    const targets = targetsOf(operation);
    if (meta.expectedVersion != null && targets.length) {
      const current = this.lastTouching(targets[0], Infinity);
      if (current !== meta.expectedVersion)
        throw new ConflictError(`${targets[0].kind} "${targets[0].id}" is at version ${current}, not ${meta.expectedVersion}`, current);
    }
    if (this.failWrites) throw new ChangeLogUnavailableError('disk full (test double)');
    const change = {
      ...operation,
      seq: this.log.length + 1,
      actor: meta.actor,
      reason: meta.reason ?? null,
      at: new Date().toISOString(),
      reverts,
      targets,
    } as Change;
    this.log.push(change);
    const next = applyChanges(this.version.graph, [change]);
    this.version = doubleVersion(next.graph, change.seq, this.version.influenceComputed);
    const store = this.version;
    for (const listener of this.listeners) listener({ change, store });
    return { change, store };
  }

  private operationOf(command: Command, corpus: Corpus): Operation {
    const paper = (id: string): PaperWithAuthors => {
      const record = corpus.papers.find((p) => p.id === id);
      if (!record) throw new NotFoundError('Paper', id);
      const authors = corpus.authorships
        .filter((a) => a.paperId === id)
        .sort((a, b) => a.position - b.position)
        .map((a) => ({ id: a.authorId, name: corpus.authors.find((x) => x.id === a.authorId)?.name ?? a.authorId }));
      return { ...record, authors };
    };
    const concept = (id: string) => {
      const record = corpus.concepts.find((c) => c.id === id);
      if (!record) throw new NotFoundError('Concept', id);
      return record;
    };
    const withAuthors = (fields: { authors?: { id?: string | null; name: string }[] }, fallback: PaperWithAuthors['authors']) =>
      fields.authors ? fields.authors.map((a) => ({ id: a.id ?? `double-author-${this.nextId++}`, name: a.name })) : fallback;
    switch (command.op) {
      case 'paper.add': {
        if (!command.fields.title.trim()) throw new InvalidInputError('title', 'a paper needs a title');
        const { authors: _a, ...fields } = command.fields;
        const after: PaperWithAuthors = {
          id: `double-paper-${this.nextId++}`,
          aliases: [],
          abstract: null,
          year: null,
          venueId: null,
          arxivId: null,
          doi: null,
          url: null,
          provenance: [],
          unresolvedReferenceCount: 0,
          ...fields,
          title: command.fields.title,
          authors: [],
        };
        after.authors = withAuthors(command.fields, []);
        return { op: 'paper.add', before: null, after };
      }
      case 'paper.update': {
        const before = paper(command.id);
        const { authors: _a, ...fields } = command.fields;
        return { op: 'paper.update', before, after: { ...before, ...fields, authors: withAuthors(command.fields, before.authors) } };
      }
      case 'paper.merge': {
        if (command.keptId === command.mergedId) throw new InvalidInputError('mergedId', 'a paper cannot be merged into itself');
        const kept = paper(command.keptId),
          merged = paper(command.mergedId);
        const mergedEdges = edgesOf(corpus, merged.id);
        const keptEdges = edgesOf(corpus, kept.id);
        const swap = (id: string) => (id === merged.id ? kept.id : id);
        const moved: PaperEdges = {
          citations: mergedEdges.citations
            .map((c) => ({ ...c, citingId: swap(c.citingId), citedId: swap(c.citedId) }))
            .filter(
              (c) => c.citingId !== c.citedId && !keptEdges.citations.some((k) => k.citingId === c.citingId && k.citedId === c.citedId),
            ),
          paperConcepts: mergedEdges.paperConcepts
            .map((pc) => ({ ...pc, paperId: kept.id }))
            .filter((pc) => !keptEdges.paperConcepts.some((k) => k.conceptId === pc.conceptId)),
          authorships: [],
          paperTopics: mergedEdges.paperTopics
            .map((pt) => ({ ...pt, paperId: kept.id }))
            .filter((pt) => !keptEdges.paperTopics.some((k) => k.topicId === pt.topicId)),
          entries: mergedEdges.entries
            .map((e) => ({ ...e, paperId: kept.id }))
            .filter((e) => !keptEdges.entries.some((k) => k.collectionId === e.collectionId)),
        };
        return { op: 'paper.merge', before: { kept, merged }, after: { kept, mergedId: merged.id }, mergedEdges, moved };
      }
      case 'paper.retract': {
        const before = paper(command.id);
        return { op: 'paper.retract', before, after: null, edges: edgesOf(corpus, before.id) };
      }
      case 'citation.add': {
        paper(command.citingId);
        paper(command.citedId);
        if (corpus.citations.some((c) => c.citingId === command.citingId && c.citedId === command.citedId))
          throw new ConflictError('the citation exists');
        return {
          op: 'citation.add',
          before: null,
          after: {
            citingId: command.citingId,
            citedId: command.citedId,
            contexts: command.contexts ?? [],
            intents: command.intents ?? [],
            isInfluential: null,
            provenance: [],
          },
        };
      }
      case 'citation.remove': {
        const before = corpus.citations.find((c) => c.citingId === command.citingId && c.citedId === command.citedId);
        if (!before) throw new NotFoundError('Citation', `${command.citingId}→${command.citedId}`, 'no such citation');
        return { op: 'citation.remove', before, after: null };
      }
      case 'concept.link': {
        paper(command.paperId);
        concept(command.conceptId);
        if (!(command.score > 0 && command.score <= 1)) throw new InvalidInputError('score', 'a score is in (0, 1]');
        const before = corpus.paperConcepts.find((pc) => pc.paperId === command.paperId && pc.conceptId === command.conceptId) ?? null;
        const after = {
          paperId: command.paperId,
          conceptId: command.conceptId,
          role: command.role,
          score: command.score,
          provenance: before?.provenance ?? [],
        };
        return { op: 'concept.link', before, after, note: command.note ?? null };
      }
      case 'collection.entry.add': {
        const collection = corpus.collections.find((c) => c.id === command.collectionId);
        if (!collection) throw new NotFoundError('Collection', command.collectionId);
        paper(command.paperId);
        const rank = command.rank ?? collection.entries.length + 1;
        return {
          op: 'collection.entry.add',
          before: null,
          after: {
            collectionId: collection.id,
            paperId: command.paperId,
            rank,
            sectionId: command.fields.sectionId ?? null,
            why: command.fields.why ?? null,
            keyInsights: command.fields.keyInsights ?? null,
          },
        };
      }
      default:
        throw new Error(`the test double does not implement ${command.op}`);
    }
  }
}

function edgesOf(corpus: Corpus, id: string): PaperEdges {
  return {
    citations: corpus.citations.filter((c) => c.citingId === id || c.citedId === id),
    paperConcepts: corpus.paperConcepts.filter((pc) => pc.paperId === id),
    authorships: corpus.authorships.filter((a) => a.paperId === id),
    paperTopics: corpus.paperTopics.filter((pt) => pt.paperId === id),
    entries: corpus.collections.flatMap((c) => c.entries.filter((e) => e.paperId === id).map((e) => ({ ...e, collectionId: c.id }))),
  };
}

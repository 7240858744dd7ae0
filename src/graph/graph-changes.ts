// A new graph version from committed curation changes. Versions are immutable: a request keeps
// the one it started on while writes make the next.
//
// NAIVE FIRST CUT (to be replaced by structural sharing, keeping this signature): rebuilds the
// whole graph from its corpus with the reference semantics of model/change-apply.ts.

import { applyChangeToCorpus, type CorpusWithRedirects } from '../model/change-apply.js';
import type { Change } from '../model/change.js';
import { KnowledgeGraph } from './knowledge-graph.js';
import type { NodeTable } from './node-table.js';

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
  /** Indexes in the new graph of papers whose record or edges the changes touched (added ones included). */
  touchedPapers: Uint32Array;
  /** Indexes in the new graph of concepts whose record or edges the changes touched. */
  touchedConcepts: Uint32Array;
}

/** The graph after `changes` (in seq order), sharing what they left alone with `graph`. */
export function applyChanges(graph: KnowledgeGraph, changes: readonly Change[]): GraphVersion {
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
    paperRemap: remap(graph.papers, next.papers),
    conceptRemap: remap(graph.concepts, next.concepts),
    touchedPapers: indexesOf(touchedPaperIds, (id) => next.papers.indexOf(id)),
    touchedConcepts: indexesOf(touchedConceptIds, (id) => next.concepts.indexOf(id)),
  };
}

function remap(before: NodeTable<{ id: string }>, after: NodeTable<{ id: string }>): IndexRemap | null {
  const out = new Int32Array(before.size);
  let identity = true;
  for (let i = 0; i < before.size; i++) {
    const id = before.idAt(i);
    const j = after.indexOf(id);
    // A merged paper's id now finds the kept paper: it left all the same.
    out[i] = j >= 0 && after.idAt(j) === id ? j : -1;
    if (out[i] !== i) identity = false;
  }
  return identity ? null : out;
}

function indexesOf(ids: Set<string>, indexOf: (id: string) => number): Uint32Array {
  return Uint32Array.from([...ids].map(indexOf).filter((i) => i >= 0));
}

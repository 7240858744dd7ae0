// Paper selections for exports, the file an export writes, and the error an export raises for a
// paper that is not there.

import { papersOfConceptTree } from '../../graph/concepts.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';

/** One file an export writes. */
export interface ExportFile {
  /** A file name to write under (the CLI's --out decides the directory). */
  name: string;
  content: string;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

export function requirePaper(graph: KnowledgeGraph, paperId: string): number {
  const index = graph.papers.indexOf(paperId);
  if (index < 0) throw new ExportError(`no paper with id "${paperId}"`);
  return index;
}

export interface PaperSelection {
  /** Only papers of this year. */
  year?: number;
  /** Only papers with this concept (by slug), or with one of its narrower concepts. */
  conceptSlug?: string;
}

/** Indexes of the papers matching every criterion given, ascending; null when none is given (the whole graph). */
export function selectPapers(graph: KnowledgeGraph, selection: PaperSelection): number[] | null {
  if (selection.year === undefined && selection.conceptSlug === undefined) return null;
  let allowed: Uint8Array | null = null;
  if (selection.conceptSlug !== undefined) {
    const concept = graph.concepts.indexOfSlug(selection.conceptSlug);
    if (concept < 0) throw new ExportError(`no concept with slug "${selection.conceptSlug}"`);
    allowed = new Uint8Array(graph.papers.size);
    for (const p of papersOfConceptTree(graph, concept, true)) allowed[p] = 1;
  }
  const indexes: number[] = [];
  graph.papers.records.forEach((paper, i) => {
    if (allowed && !allowed[i]) return;
    if (selection.year !== undefined && paper.year !== selection.year) return;
    indexes.push(i);
  });
  return indexes;
}

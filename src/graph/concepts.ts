// Concept lineage over the `broader` hierarchy (a DAG, but cycles in imported data must not hang
// us) and the papers behind a concept: co-occurring concepts and papers per year.

import type { Csr } from './csr.js';
import type { KnowledgeGraph } from './knowledge-graph.js';
import { StampSet } from './hetero.js';

export interface ConceptCount {
  index: number;
  /** Papers the two concepts share. */
  count: number;
}

export interface YearCount {
  year: number;
  count: number;
}

/** Every broader concept, transitively, nearest first; each once, the concept itself excluded. */
export function ancestors(graph: KnowledgeGraph, conceptIndex: number): number[] {
  return reachable(graph, graph.broader.out, conceptIndex);
}

/** Every narrower concept, transitively, nearest first; each once, the concept itself excluded. */
export function descendants(graph: KnowledgeGraph, conceptIndex: number): number[] {
  return reachable(graph, graph.broader.in, conceptIndex);
}

function reachable(graph: KnowledgeGraph, csr: Csr, conceptIndex: number): number[] {
  requireConcept(graph, conceptIndex);
  const seen = new Uint8Array(graph.concepts.size);
  seen[conceptIndex] = 1;
  const order: number[] = [];
  for (let head = -1; head < order.length; head++) {
    const c = head < 0 ? conceptIndex : order[head];
    for (let k = csr.offsets[c]; k < csr.offsets[c + 1]; k++) {
      const next = csr.targets[k];
      if (seen[next] === 0) (seen[next] = 1), order.push(next);
    }
  }
  return order;
}

const paperMarks = new WeakMap<KnowledgeGraph, StampSet>();

function paperMarksOf(graph: KnowledgeGraph): StampSet {
  let marks = paperMarks.get(graph);
  if (!marks) paperMarks.set(graph, (marks = new StampSet(graph.papers.size)));
  marks.clear();
  return marks;
}

/** The distinct papers of a concept (and of all its narrower concepts when asked), ascending. */
export function papersOfConceptTree(graph: KnowledgeGraph, conceptIndex: number, includeNarrower: boolean): Uint32Array {
  requireConcept(graph, conceptIndex);
  const tree = includeNarrower ? [conceptIndex, ...descendants(graph, conceptIndex)] : [conceptIndex];
  const { offsets, targets } = graph.hasConcept.in;
  const marks = paperMarksOf(graph);
  const papers: number[] = [];
  for (const c of tree) {
    for (let k = offsets[c]; k < offsets[c + 1]; k++) {
      const p = targets[k];
      if (!marks.has(p)) marks.add(p), papers.push(p);
    }
  }
  return Uint32Array.from(papers).sort();
}

/** Concepts sharing papers with this one, by shared papers descending, then index. */
export function conceptCooccurrence(graph: KnowledgeGraph, conceptIndex: number): ConceptCount[] {
  const papers = papersOfConceptTree(graph, conceptIndex, false);
  const { offsets, targets } = graph.hasConcept.out;
  const counts = new Uint32Array(graph.concepts.size);
  // lastPaper dedups a concept listed twice on one paper.
  const lastPaper = new Int32Array(graph.concepts.size).fill(-1);
  const touched: number[] = [];
  for (const p of papers) {
    for (let k = offsets[p]; k < offsets[p + 1]; k++) {
      const c = targets[k];
      if (c === conceptIndex || lastPaper[c] === p) continue;
      lastPaper[c] = p;
      if (counts[c]++ === 0) touched.push(c);
    }
  }
  return touched.map((index) => ({ index, count: counts[index] })).sort((a, b) => b.count - a.count || a.index - b.index);
}

/** Papers per year on a concept (and its narrower ones when asked), years ascending; undated papers skipped. */
export function conceptTimeline(graph: KnowledgeGraph, conceptIndex: number, options: { includeNarrower: boolean }): YearCount[] {
  const perYear = new Map<number, number>();
  const yearOf = graph.papers.field('year');
  for (const p of papersOfConceptTree(graph, conceptIndex, options.includeNarrower)) {
    const year = yearOf(p);
    if (year !== null) perYear.set(year, (perYear.get(year) ?? 0) + 1);
  }
  return [...perYear].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
}

function requireConcept(graph: KnowledgeGraph, conceptIndex: number): void {
  if (!Number.isInteger(conceptIndex) || conceptIndex < 0 || conceptIndex >= graph.concepts.size) {
    throw new RangeError(`no concept with index ${conceptIndex} (there are ${graph.concepts.size})`);
  }
}

// Papers related to a paper, each with a score and the evidence behind it (shared references,
// shared citers, shared concepts). Scores are summed in sparse accumulators: a Float64Array
// per method plus the list of candidates touched, both reused across calls. Text similarity
// (TEXT) needs the full-text index, which lives in the store: the store scores it and hands the
// scores in (`TextScores`); here they are one more component, blended into HYBRID for papers
// with few citation neighbours (`hybridUsesText`).

import type { KnowledgeGraph } from './knowledge-graph.js';
import type { Csr } from './csr.js';
import { StampSet } from './hetero.js';
import { fieldOf } from './rows.js';

/** The methods scored from the graph alone (TEXT needs text scores from the store). */
export const RELATED_METHODS = [
  'CO_CITATION',
  'BIBLIOGRAPHIC_COUPLING',
  'SHARED_CONCEPTS',
  'ADAMIC_ADAR',
  'DIRECT_CITATION',
  'HYBRID',
] as const;
export type RelatedMethod = (typeof RELATED_METHODS)[number] | 'TEXT';

/**
 * Text-similarity scores of a paper's candidates, computed by the store over its full-text index
 * (store/text-related.ts): paper indexes and their scores, positive, in any order, the anchor
 * left out.
 */
export interface TextScores {
  indexes: ArrayLike<number>;
  scores: ArrayLike<number>;
}

export interface RelatedPaper {
  index: number;
  score: number;
  /** Papers both cite, ascending. */
  sharedReferences: number[];
  /** Papers citing both, ascending. */
  sharedCiters: number[];
  /** Concepts of both, ascending. */
  sharedConcepts: number[];
  /** Whether the anchor paper cites this one. */
  citedByAnchor: boolean;
  /** Whether this paper cites the anchor. */
  citesAnchor: boolean;
}

const CO_CITATION = 0,
  COUPLING = 1,
  CONCEPTS = 2,
  ADAMIC_ADAR = 3,
  DIRECT = 4,
  TEXT = 5;

/**
 * HYBRID = Σ weight × (component score / its largest value among the candidates).
 * Co-citation and coupling weigh most (what citers and authors judged related); a direct
 * citation either way is the plainest link; shared concepts find topical neighbours of papers
 * too new or too old to share citations; Adamic–Adar adds the wider citation neighbourhood
 * (papers one step apart through a rare intermediary).
 */
export const HYBRID_WEIGHTS: Readonly<Record<Exclude<RelatedMethod, 'HYBRID' | 'TEXT'>, number>> = {
  CO_CITATION: 0.25,
  BIBLIOGRAPHIC_COUPLING: 0.25,
  SHARED_CONCEPTS: 0.15,
  ADAMIC_ADAR: 0.15,
  DIRECT_CITATION: 0.2,
};
const HYBRID_WEIGHT_BY_COMPONENT = [
  HYBRID_WEIGHTS.CO_CITATION,
  HYBRID_WEIGHTS.BIBLIOGRAPHIC_COUPLING,
  HYBRID_WEIGHTS.SHARED_CONCEPTS,
  HYBRID_WEIGHTS.ADAMIC_ADAR,
  HYBRID_WEIGHTS.DIRECT_CITATION,
];

/**
 * Where citations are thin, HYBRID reads the text too: a paper with fewer than
 * `citationNeighbours` distinct papers citing it or cited by it (most new papers, and most of a
 * conference's papers when the citation data covers few of them) gets TEXT at `weight`, and the
 * five graph components keep their proportions in the rest (each × (1 − weight)). A paper with
 * that many neighbours or more is scored as before: its citations already say what it is near.
 */
export const HYBRID_TEXT = { citationNeighbours: 5, weight: 0.4 } as const;
const HYBRID_WEIGHT_WITH_TEXT = [...HYBRID_WEIGHT_BY_COMPONENT.map((w) => w * (1 - HYBRID_TEXT.weight)), HYBRID_TEXT.weight];

class RelatedScratch {
  /** One accumulator per method, indexed like RELATED_METHODS (HYBRID excluded). */
  readonly components: Float64Array[];
  readonly blend: Float64Array;
  readonly isCandidate: StampSet;
  readonly candidates: Uint32Array;
  candidateCount = 0;
  /** Dedups a neighbour list: seenIn[q] === token while scanning the list `token` stands for. */
  private readonly seenIn: Uint32Array;
  private token = 0;
  readonly papersSeen: StampSet;
  readonly conceptsSeen: StampSet;
  /** log(N / papers with the concept); 0 for a concept every paper has. */
  readonly inverseDocumentFrequency: Float64Array;
  /** Distinct neighbours in the undirected citation graph, self excluded (Adamic–Adar degree). */
  readonly undirectedDegree: Uint32Array;
  /** Paper–concept scores in hasConcept CSR order, so the hot loop reads no records. */
  readonly conceptScoreOut: Float64Array;
  readonly conceptScoreIn: Float64Array;

  constructor(paperCount: number, conceptCount: number, paperConceptEdges: number) {
    this.conceptScoreOut = new Float64Array(paperConceptEdges);
    this.conceptScoreIn = new Float64Array(paperConceptEdges);
    this.components = HYBRID_WEIGHT_WITH_TEXT.map(() => new Float64Array(paperCount));
    this.blend = new Float64Array(paperCount);
    this.isCandidate = new StampSet(paperCount);
    this.candidates = new Uint32Array(paperCount);
    this.seenIn = new Uint32Array(paperCount);
    this.papersSeen = new StampSet(paperCount);
    this.conceptsSeen = new StampSet(conceptCount);
    this.inverseDocumentFrequency = new Float64Array(conceptCount);
    this.undirectedDegree = new Uint32Array(paperCount);
  }

  newList(): number {
    // On wrap-around stale tokens could match new ones: wipe them once.
    if (++this.token === 0xffffffff) this.seenIn.fill(0), (this.token = 1);
    return this.token;
  }

  /** True the first time q is offered under `token`. */
  firstIn(q: number, token: number): boolean {
    if (this.seenIn[q] === token) return false;
    this.seenIn[q] = token;
    return true;
  }

  add(component: number, q: number, amount: number): void {
    if (!this.isCandidate.has(q)) {
      this.isCandidate.add(q);
      this.candidates[this.candidateCount++] = q;
    }
    this.components[component][q] += amount;
  }

  clear(): void {
    for (let i = 0; i < this.candidateCount; i++) {
      const q = this.candidates[i];
      for (const component of this.components) component[q] = 0;
      this.blend[q] = 0;
    }
    this.candidateCount = 0;
    this.isCandidate.clear();
  }
}

const scratches = new WeakMap<KnowledgeGraph, RelatedScratch>();

function scratchOf(graph: KnowledgeGraph): RelatedScratch {
  let scratch = scratches.get(graph);
  if (scratch) return scratch;
  const { hasConcept, cites } = graph;
  scratch = new RelatedScratch(graph.papers.size, graph.concepts.size, hasConcept.out.targets.length);
  const scoreOf = fieldOf(graph.paperConcepts, 'score');
  hasConcept.out.edgeIds!.forEach((e, k) => (scratch!.conceptScoreOut[k] = scoreOf(e)));
  hasConcept.in.edgeIds!.forEach((e, k) => (scratch!.conceptScoreIn[k] = scoreOf(e)));
  for (let c = 0; c < graph.concepts.size; c++) {
    const token = scratch.newList();
    let papers = 0;
    for (let k = hasConcept.in.offsets[c]; k < hasConcept.in.offsets[c + 1]; k++)
      if (scratch.firstIn(hasConcept.in.targets[k], token)) papers++;
    if (papers > 0) scratch.inverseDocumentFrequency[c] = Math.log(graph.papers.size / papers);
  }
  for (let v = 0; v < graph.papers.size; v++) {
    const token = scratch.newList();
    let degree = 0;
    for (const csr of [cites.out, cites.in]) {
      for (let k = csr.offsets[v]; k < csr.offsets[v + 1]; k++) {
        const u = csr.targets[k];
        if (u !== v && scratch.firstIn(u, token)) degree++;
      }
    }
    scratch.undirectedDegree[v] = degree;
  }
  scratches.set(graph, scratch);
  return scratch;
}

/** Distinct papers citing the paper or cited by it, itself excluded. */
export function citationNeighbourCount(graph: KnowledgeGraph, paperIndex: number): number {
  checkPaper(graph, paperIndex);
  return scratchOf(graph).undirectedDegree[paperIndex];
}

/** Whether `method` for this paper reads text scores: TEXT always, HYBRID where citations are thin (HYBRID_TEXT). */
export function usesText(graph: KnowledgeGraph, paperIndex: number, method: RelatedMethod): boolean {
  if (method === 'TEXT') return true;
  return method === 'HYBRID' && citationNeighbourCount(graph, paperIndex) < HYBRID_TEXT.citationNeighbours;
}

function checkPaper(graph: KnowledgeGraph, paperIndex: number): void {
  if (!Number.isInteger(paperIndex) || paperIndex < 0 || paperIndex >= graph.papers.size) {
    throw new RangeError(`no paper with index ${paperIndex} (there are ${graph.papers.size})`);
  }
}

/**
 * The `first` papers most related to a paper by `method`: score descending, then index; never
 * itself. `text`: the paper's text scores, read by TEXT (none: nothing is related) and by HYBRID
 * when usesText() says so (without them HYBRID is the graph-only blend).
 */
export function relatedPapers(
  graph: KnowledgeGraph,
  paperIndex: number,
  method: RelatedMethod,
  first: number,
  text: TextScores | null = null,
): RelatedPaper[] {
  checkPaper(graph, paperIndex);
  if (!Number.isInteger(first) || first < 0) throw new RangeError(`first must be a non-negative integer, got ${first}`);
  const methodOrdinal = method === 'TEXT' ? TEXT : RELATED_METHODS.indexOf(method);
  if (methodOrdinal < 0) throw new RangeError(`unknown related-papers method "${method}"`);
  const scratch = scratchOf(graph);
  scratch.clear();
  const hybrid = method === 'HYBRID';
  const withText = method === 'TEXT' || (hybrid && text !== null && usesText(graph, paperIndex, method));
  if (withText && text) accumulateText(scratch, paperIndex, text);
  const { cites } = graph;
  if (hybrid || method === 'CO_CITATION') accumulateThroughIntermediaries(scratch, paperIndex, CO_CITATION, cites.in, cites.out);
  if (hybrid || method === 'BIBLIOGRAPHIC_COUPLING') accumulateThroughIntermediaries(scratch, paperIndex, COUPLING, cites.out, cites.in);
  if (hybrid || method === 'SHARED_CONCEPTS') accumulateSharedConcepts(graph, scratch, paperIndex);
  if (hybrid || method === 'ADAMIC_ADAR') accumulateAdamicAdar(graph, scratch, paperIndex);
  if (hybrid || method === 'DIRECT_CITATION') accumulateDirectCitations(graph, scratch, paperIndex);
  const scores = hybrid
    ? blendComponents(scratch, withText ? HYBRID_WEIGHT_WITH_TEXT : HYBRID_WEIGHT_BY_COMPONENT)
    : scratch.components[methodOrdinal];
  const top = topByScore(scratch.candidates, scratch.candidateCount, scores, first);
  return withEvidence(graph, paperIndex, top, scores);
}

/** +1 for each distinct `via` in p's first-hop list whose second-hop list holds q (co-citation: in then out). */
function accumulateThroughIntermediaries(scratch: RelatedScratch, p: number, component: number, firstHop: Csr, secondHop: Csr): void {
  scratch.papersSeen.clear();
  for (let k = firstHop.offsets[p]; k < firstHop.offsets[p + 1]; k++) {
    const via = firstHop.targets[k];
    if (scratch.papersSeen.has(via)) continue;
    scratch.papersSeen.add(via);
    const token = scratch.newList();
    for (let j = secondHop.offsets[via]; j < secondHop.offsets[via + 1]; j++) {
      const q = secondHop.targets[j];
      if (q !== p && scratch.firstIn(q, token)) scratch.add(component, q, 1);
    }
  }
}

/** Σ over shared concepts of min(score on p, score on q) × IDF of the concept. */
function accumulateSharedConcepts(graph: KnowledgeGraph, scratch: RelatedScratch, p: number): void {
  const { out: conceptsOf, in: papersOf } = graph.hasConcept;
  scratch.conceptsSeen.clear();
  for (let k = conceptsOf.offsets[p]; k < conceptsOf.offsets[p + 1]; k++) {
    const c = conceptsOf.targets[k];
    const idf = scratch.inverseDocumentFrequency[c];
    if (scratch.conceptsSeen.has(c) || idf === 0) continue;
    scratch.conceptsSeen.add(c);
    const anchorScore = scratch.conceptScoreOut[k];
    const token = scratch.newList();
    for (let j = papersOf.offsets[c]; j < papersOf.offsets[c + 1]; j++) {
      const q = papersOf.targets[j];
      if (q !== p && scratch.firstIn(q, token)) {
        scratch.add(CONCEPTS, q, Math.min(anchorScore, scratch.conceptScoreIn[j]) * idf);
      }
    }
  }
}

/** Σ over common neighbours z in the undirected citation graph of 1 / log(degree of z). */
function accumulateAdamicAdar(graph: KnowledgeGraph, scratch: RelatedScratch, p: number): void {
  const sides = [graph.cites.out, graph.cites.in];
  scratch.papersSeen.clear();
  for (const around of sides) {
    for (let k = around.offsets[p]; k < around.offsets[p + 1]; k++) {
      const z = around.targets[k];
      if (z === p || scratch.papersSeen.has(z)) continue;
      scratch.papersSeen.add(z);
      const degree = scratch.undirectedDegree[z];
      // A neighbour of p alone links p to nobody (and log(1) = 0 would divide by zero).
      if (degree < 2) continue;
      const weight = 1 / Math.log(degree);
      const token = scratch.newList();
      for (const csr of sides) {
        for (let j = csr.offsets[z]; j < csr.offsets[z + 1]; j++) {
          const q = csr.targets[j];
          if (q !== p && q !== z && scratch.firstIn(q, token)) scratch.add(ADAMIC_ADAR, q, weight);
        }
      }
    }
  }
}

/** 1 for a paper the anchor cites, 1 for a paper citing it (2 when both). */
function accumulateDirectCitations(graph: KnowledgeGraph, scratch: RelatedScratch, p: number): void {
  for (const csr of [graph.cites.out, graph.cites.in]) {
    const token = scratch.newList();
    for (let k = csr.offsets[p]; k < csr.offsets[p + 1]; k++) {
      const q = csr.targets[k];
      if (q !== p && scratch.firstIn(q, token)) scratch.add(DIRECT, q, 1);
    }
  }
}

/** The store's text scores, as they are (a paper listed twice counts once, its best score). */
function accumulateText(scratch: RelatedScratch, p: number, text: TextScores): void {
  const values = scratch.components[TEXT];
  for (let i = 0; i < text.indexes.length; i++) {
    const q = text.indexes[i],
      score = text.scores[i];
    if (q === p || !(score > 0) || q >= values.length) continue;
    if (score > values[q]) scratch.add(TEXT, q, score - values[q]);
  }
}

/** HYBRID scores of the candidates, into the scratch's blend array: Σ weight × component / its largest value. */
function blendComponents(scratch: RelatedScratch, weights: readonly number[]): Float64Array {
  const factors = scratch.components.map((values, c) => {
    if (!(weights[c] > 0)) return 0;
    let max = 0;
    for (let i = 0; i < scratch.candidateCount; i++) max = Math.max(max, values[scratch.candidates[i]]);
    return max > 0 ? weights[c] / max : 0;
  });
  for (let i = 0; i < scratch.candidateCount; i++) {
    const q = scratch.candidates[i];
    let score = 0;
    for (let c = 0; c < factors.length; c++) score += scratch.components[c][q] * factors[c];
    scratch.blend[q] = score;
  }
  return scratch.blend;
}

/** The best `first` candidates with a positive score, kept sorted by insertion (first is small). */
function topByScore(candidates: Uint32Array, count: number, scores: Float64Array, first: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  for (let i = 0; i < count && first > 0; i++) {
    const q = candidates[i];
    if (!(scores[q] > 0)) continue;
    if (top.length === first && !before(q, top[first - 1])) continue;
    let at = top.length;
    while (at > 0 && before(q, top[at - 1])) at--;
    top.splice(at, 0, q);
    if (top.length > first) top.pop();
  }
  return top;
}

function withEvidence(graph: KnowledgeGraph, p: number, top: number[], scores: Float64Array): RelatedPaper[] {
  const { cites, hasConcept } = graph;
  const { papersSeen, conceptsSeen } = scratchOf(graph);
  return top.map((q) => ({
    index: q,
    score: scores[q],
    sharedReferences: intersection(cites.out, p, q, papersSeen),
    sharedCiters: intersection(cites.in, p, q, papersSeen),
    sharedConcepts: intersection(hasConcept.out, p, q, conceptsSeen),
    citedByAnchor: contains(cites.out, p, q),
    citesAnchor: contains(cites.out, q, p),
  }));
}

function contains(csr: { offsets: Uint32Array; targets: Uint32Array }, from: number, to: number): boolean {
  for (let k = csr.offsets[from]; k < csr.offsets[from + 1]; k++) if (csr.targets[k] === to) return true;
  return false;
}

/** The distinct neighbours p and q have in common in one CSR, ascending. */
function intersection(csr: { offsets: Uint32Array; targets: Uint32Array }, p: number, q: number, marks: StampSet): number[] {
  marks.clear();
  for (let k = csr.offsets[p]; k < csr.offsets[p + 1]; k++) marks.add(csr.targets[k]);
  const found: number[] = [];
  for (let k = csr.offsets[q]; k < csr.offsets[q + 1]; k++) {
    const x = csr.targets[k];
    // Unmarking once taken keeps a repeated entry from being listed twice.
    if (marks.has(x)) found.push(x), marks.delete(x);
  }
  return found.sort((a, b) => a - b);
}

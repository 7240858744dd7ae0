// The questions of the peer comparison (issue 15): QA, QB and QC as the issue measured them, and
// the project's own Q1, Q2 and Q7 (test/support/queries.ts), which the peers can express over the
// same data. Not Q3–Q6: a neighbourhood, a shortest path, related papers and ranked search are
// graph algorithms and a search index papergraph implements; a peer would have to reimplement
// them, which is no longer "the same schema over plain Maps".

import { QUERIES } from '../queries.js';
import type { PeerData } from './graph-data.js';
import { toGlobalId } from './graph-data.js';

export type PeerQueryName = 'QA' | 'QB' | 'QC' | 'Q1' | 'Q2' | 'Q7';

export interface PeerQuery {
  name: PeerQueryName;
  title: string;
  document: string;
  /** Data-heavy (goal ≥ 1.0× Mercurius) or a lookup bound by per-request framework cost (≥ 0.7×). */
  kind: 'data' | 'lookup';
}

/** J93-2004 (Marcus et al., the Penn Treebank): the most cited paper of AAN. */
export const QB_PAPER = 'aan:J93-2004';

export const PEER_QUERIES: Record<PeerQueryName, PeerQuery> = {
  QA: {
    name: 'QA',
    title: 'one paper by id (id, title, year)',
    kind: 'lookup',
    document: 'query QA($id: ID!) { paper(id: $id) { id title year } }',
  },
  QB: {
    name: 'QB',
    title: "J93-2004 → citedBy(first: 50) → each citer's references(first: 5) titles",
    kind: 'data',
    document: `query QB($id: ID!) {
  paper(id: $id) { id title citedBy(first: 50) { totalCount edges { node { id title references(first: 5) { edges { node { title } } } } } } }
}`,
  },
  QC: {
    name: 'QC',
    title: 'papers(first: 50, CITATION_COUNT DESC) + references/citedBy totalCount',
    kind: 'data',
    document: `query QC {
  papers(first: 50, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) {
    totalCount edges { node { id title references { totalCount } citedBy { totalCount } } }
  }
}`,
  },
  Q1: { name: 'Q1', title: QUERIES.Q1.title, kind: 'lookup', document: QUERIES.Q1.document },
  Q2: { name: 'Q2', title: QUERIES.Q2.title, kind: 'data', document: QUERIES.Q2.document },
  Q7: { name: 'Q7', title: QUERIES.Q7.title, kind: 'data', document: QUERIES.Q7.document },
};

export const PEER_QUERY_NAMES = Object.keys(PEER_QUERIES) as PeerQueryName[];

/** A small deterministic generator (mulberry32), so every run asks the same questions. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The variables of each question: QA and Q1 over random papers, Q2 over random papers that cite
 * something, Q7 over a few years; QB on `qbPaper` (J93-2004 on AAN), QC has none.
 */
export function peerCases(data: PeerData, count: number, qbPaper: string, seed = 15): Record<PeerQueryName, Record<string, unknown>[]> {
  const next = random(seed);
  const pick = (ids: string[], n: number) => Array.from({ length: n }, () => ids[Math.floor(next() * ids.length)]);
  const all = data.papers.map((p) => p.id);
  const citing = all.filter((id) => data.references[id]?.length);
  const years = [...new Set(data.papers.map((p) => p.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const paper = (id: string) => ({ id: toGlobalId('Paper', id) });
  return {
    QA: pick(all, count).map(paper),
    QB: [paper(qbPaper)],
    QC: [{}],
    Q1: pick(all, count).map(paper),
    Q2: pick(citing, Math.max(1, count >> 1)).map(paper),
    // Late years: lists of a few hundred to a few thousand papers.
    Q7: years.slice(-Math.min(4, years.length)).map((year) => ({ year })),
  };
}

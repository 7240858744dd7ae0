// Hostile and normal queries for the work-per-cost test (test/security/cost.test.ts) and the
// wall-time-per-cost calibration (bench/cost-calibration.ts), over AAN (test/support/aan.ts).

import type { PapergraphApp } from '../../src/api/yoga.js';

export interface CostAnchors {
  hub: string;
  leaf: string;
  concept: string;
}

export interface CostQuery {
  name: string;
  hostile: boolean;
  /** A JSON body: one operation or a batch. */
  body: (a: CostAnchors) => unknown;
}

const repeated = (word: string) => Array(200).fill(word).join(' ').slice(0, 200).trim();
/** Frequent words of AAN titles, short and long (prefix and typo matches), one per alias. */
const WORDS = [
  'and',
  'the',
  'of',
  'for',
  'in',
  'with',
  'on',
  'to',
  'using',
  'from',
  'by',
  'an',
  'as',
  'at',
  'is',
  'language',
  'learning',
  'model',
  'models',
  'parsing',
  'translation',
  'machine',
  'semantic',
  'text',
  'word',
  'system',
  'based',
  'corpus',
  'statistical',
  'natural',
];
const op = (query: string) => ({ query });

export const COST_QUERIES: CostQuery[] = [
  {
    name: '30 aliased searches, each one word repeated',
    hostile: true,
    body: () => op(`{ ${WORDS.map((w, i) => `s${i}: search(query: "${repeated(w)}") { edges { node { id } } }`).join(' ')} }`),
  },
  {
    name: 'one "a a a …" search',
    hostile: true,
    body: () => op(`{ search(query: "${repeated('a')}", first: 100) { totalCount edges { score node { id } } } }`),
  },
  {
    name: 'a search of 12 frequent short words',
    hostile: true,
    body: () => op('{ search(query: "a of the and for in on to with an is by", first: 100) { edges { node { id } } } }'),
  },
  {
    name: 'a search of 12 long words (prefix and typo matches)',
    hostile: true,
    body: () =>
      op(
        '{ search(query: "language learning translation statistical semantic parsing machine natural generation information evaluation dependency", first: 100) { edges { node { id } } } }',
      ),
  },
  {
    name: 'batch of 10 × 30 searches',
    hostile: true,
    body: () => Array(10).fill(op(`{ ${WORDS.map((w, i) => `s${i}: search(query: "${repeated(w)}") { totalCount }`).join(' ')} }`)),
  },
  {
    name: 'BibTeX of 100 papers and 100 citers each',
    hostile: true,
    body: () =>
      op(
        '{ papers(first: 100, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { citation citedBy(first: 100) { edges { node { citation } } } } } } }',
      ),
  },
  {
    name: 'CSL-JSON of 100 papers and 100 citers each',
    hostile: true,
    body: () =>
      op(
        '{ papers(first: 100, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { citation(format: CSL_JSON) citedBy(first: 100) { edges { node { citation(format: CSL_JSON) } } } } } } }',
      ),
  },
  {
    name: 'BibTeX spread 24 times through a fragment',
    hostile: true,
    body: () =>
      op(
        `{ ${Array.from({ length: 24 }, (_, i) => `f${i}: papers(first: 100) { ...F }`).join(' ')} } fragment F on PaperConnection { edges { node { citation(format: BIBTEX) } } }`,
      ),
  },
  {
    name: 'neighbourhood of the hub, depth 4, limit 2000',
    hostile: true,
    body: (a) => op(`{ neighborhood(id: "${a.hub}", depth: 4, limit: 2000) { nodes { id } edges { type source target } } }`),
  },
  {
    name: 'path hub → oldest paper, maxDepth 10',
    hostile: true,
    body: (a) => op(`{ path(from: "${a.hub}", to: "${a.leaf}", maxDepth: 10) { nodes { id } edges { type } } }`),
  },
  {
    name: 'related papers of the hub with evidence',
    hostile: true,
    body: (a) =>
      op(
        `{ relatedPapers(id: "${a.hub}", first: 100) { paper { id } evidence { sharedCiters(first: 100) { id } sharedReferences(first: 100) { id } } } }`,
      ),
  },
  {
    name: 'facets of every paper',
    hostile: true,
    body: () =>
      op(
        '{ papers(first: 100) { facets { byYear(first: 100) { count } byConcept(first: 100) { count } byVenue(first: 100) { count } } edges { node { id } } } }',
      ),
  },
  {
    name: 'concept timelines and co-occurrence',
    hostile: true,
    body: () =>
      op(
        '{ concepts(first: 100) { edges { node { timeline(includeNarrower: true) { year count } cooccurring(first: 100) { count } descendants { id } } } } }',
      ),
  },
  {
    name: 'a title filter over every paper, sorted by title',
    hostile: true,
    body: () =>
      op(
        '{ papers(first: 100, where: { titleContains: "a" }, orderBy: [{ field: TITLE, direction: DESC }, { field: YEAR }]) { totalCount edges { node { id } } } }',
      ),
  },
  {
    name: 'every paper sorted by title then year',
    hostile: true,
    body: () =>
      op('{ papers(first: 100, orderBy: [{ field: TITLE, direction: DESC }, { field: YEAR }]) { totalCount edges { node { id } } } }'),
  },
  {
    name: 'a title filter over every paper',
    hostile: true,
    body: () => op('{ papers(first: 100, where: { titleContains: "a" }) { totalCount edges { node { id } } } }'),
  },
  {
    name: 'papers of every concept, narrower included, sorted by influence',
    hostile: true,
    body: () =>
      op(
        '{ concepts(first: 100) { edges { node { papers(first: 100, where: { includeNarrower: true }, orderBy: [{ field: INFLUENCE, direction: DESC }]) { totalCount edges { node { id } } } } } } }',
      ),
  },
  {
    name: 'papers → references → citers (3 levels)',
    hostile: true,
    body: () =>
      op(
        '{ papers(first: 100, orderBy: [{ field: REFERENCE_COUNT, direction: DESC }]) { edges { node { references(first: 100) { edges { node { citedBy(first: 40) { edges { node { id title } } } } } } } } } }',
      ),
  },
  {
    name: 'a paper and its first references',
    hostile: false,
    body: (a) =>
      op(
        `{ node(id: "${a.hub}") { ... on Paper { title year authors(first: 5) { edges { node { name } } } references(first: 10) { totalCount edges { node { title } } } } } }`,
      ),
  },
  {
    name: 'a normal search',
    hostile: false,
    body: () => op('{ search(query: "statistical parsing", first: 20) { edges { score node { id ... on Paper { title } } } } }'),
  },
  {
    name: 'a paper list with filters',
    hostile: false,
    body: () =>
      op(
        '{ papers(first: 20, where: { year: { gte: 2000 }, concept: "parsing" }, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { totalCount edges { node { title citation } } } }',
      ),
  },
  {
    name: 'a small neighbourhood',
    hostile: false,
    body: (a) => op(`{ neighborhood(id: "${a.hub}", depth: 1, limit: 50) { nodes { id } edges { type } } }`),
  },
];

/** The graph's anchors: the most cited paper, the oldest, the concept with most papers. */
export async function costAnchors(app: PapergraphApp): Promise<CostAnchors> {
  const { data } = (await post(
    app,
    op(`{
    hubs: papers(first: 1, orderBy: [{ field: CITATION_COUNT, direction: DESC }]) { edges { node { id } } }
    leaves: papers(first: 1, orderBy: [{ field: YEAR, direction: ASC }], where: { year: { gte: 1 } }) { edges { node { id } } }
    concepts(first: 1, orderBy: [{ field: PAPER_COUNT, direction: DESC }]) { edges { node { id } } }
  }`),
  )) as unknown as { data: any };
  return { hub: data.hubs.edges[0].node.id, leaf: data.leaves.edges[0].node.id, concept: data.concepts.edges[0].node.id };
}

/** The JSON answer to a body (an array for a batch) and its HTTP status. */
export async function post(app: PapergraphApp, body: unknown): Promise<{ status: number } & Record<string, unknown>> {
  const response = await app.fetch('http://papergraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  return { status: response.status, ...(Array.isArray(json) ? { batch: json } : json) };
}

/** The cost charged for an answer (a batch: the sum of its operations'); undefined when refused. */
export function costCharged(answer: Record<string, unknown>): number | undefined {
  const costOf = (r: any) => r?.extensions?.cost?.requested as number | undefined;
  if (Array.isArray(answer.batch)) {
    const costs = answer.batch.map(costOf);
    return costs.every((c) => c !== undefined) ? costs.reduce((a, b) => a + b, 0) : undefined;
  }
  return costOf(answer);
}

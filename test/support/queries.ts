// The query shapes of the bench (Q0–Q7) and how big each answer must be. Light on purpose:
// the load client (a second process) imports it to check every response it times.

export type QueryName = 'Q0' | 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'Q6' | 'Q7';

export interface QueryShape {
  name: QueryName;
  /** What it asks, for the table. */
  title: string;
  document: string;
  /** The size of an answer (papers, nodes, edges, hits: see each shape); compared with the store's own answer. */
  sizeOf(data: any): number;
}

const count = (list: unknown[] | null | undefined) => list?.length ?? 0;

export const QUERIES: Record<QueryName, QueryShape> = {
  Q0: {
    name: 'Q0',
    title: '{ __typename } (transport floor)',
    document: 'query Q0 { __typename }',
    sizeOf: (data) => (data?.__typename === 'Query' ? 1 : 0),
  },
  Q1: {
    name: 'Q1',
    title: 'paper by id + authors + concepts',
    document: `query Q1($id: ID!) {
  paper(id: $id) {
    id title year citationCount referenceCount venue { name }
    authors(first: 10) { totalCount edges { position node { id name } } }
    concepts(first: 10) { totalCount edges { role score node { id name kind } } }
  }
}`,
    // The paper, its authors and its concepts.
    sizeOf: (data) => (data?.paper ? 1 + count(data.paper.authors.edges) + count(data.paper.concepts.edges) : 0),
  },
  Q2: {
    name: 'Q2',
    title: 'references ×10 → references ×10 (~110 papers)',
    document: `query Q2($id: ID!) {
  paper(id: $id) {
    id title
    references(first: 10) { totalCount edges { node { id title
      references(first: 10) { totalCount edges { node { id title year concepts(first: 5) { edges { node { id name } } } } } }
    } } }
  }
}`,
    // Papers at both levels, plus the concept links of the second level.
    sizeOf: (data) => {
      if (!data?.paper) return 0;
      let size = 0;
      for (const e of data.paper.references.edges) {
        size++;
        for (const f of e.node.references.edges) size += 1 + count(f.node.concepts.edges);
      }
      return size;
    },
  },
  Q3: {
    name: 'Q3',
    title: 'neighborhood(depth: 2, limit: 500)',
    // hubDegree: null keeps the question of the earlier results (hubs expanded, as the store's own answer in bench/workload.ts).
    document: `query Q3($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 500, hubDegree: null) {
    truncated
    nodes { id __typename ... on Paper { title year } ... on Concept { name } ... on Author { name } ... on Topic { name } ... on Venue { name } }
    edges { type source target }
  }
}`,
    // Nodes plus edges.
    sizeOf: (data) => (data?.neighborhood ? count(data.neighborhood.nodes) + count(data.neighborhood.edges) : 0),
  },
  Q4: {
    name: 'Q4',
    title: 'path(CITES, maxDepth 6) between random papers',
    document: `query Q4($from: ID!, $to: ID!) {
  path(from: $from, to: $to, edgeTypes: [CITES], maxDepth: 6) {
    length nodes { id __typename ... on Paper { title } } edges { type source target }
  }
}`,
    // Nodes on the path; 0 when there is none (null is a valid answer, checked against the store).
    sizeOf: (data) => (data?.path ? count(data.path.nodes) : 0),
  },
  Q5: {
    name: 'Q5',
    title: 'relatedPapers(HYBRID, first: 20) + evidence',
    document: `query Q5($id: ID!) {
  relatedPapers(id: $id, method: HYBRID, first: 20) {
    score paper { id title }
    evidence { sharedReferenceCount sharedCiterCount sharedConceptCount sharedConcepts(first: 3) { name } }
  }
}`,
    sizeOf: (data) => count(data?.relatedPapers),
  },
  Q6: {
    name: 'Q6',
    title: 'search of a two-word query (first: 10)',
    document: `query Q6($q: String!) {
  search(query: $q, first: 10) {
    totalCount
    edges { score node { id __typename ... on Paper { title } ... on Concept { name } ... on Author { name } } }
  }
}`,
    // Hits on the page plus the total: a different ranking or filter changes it.
    sizeOf: (data) => (data?.search ? count(data.search.edges) + data.search.totalCount : 0),
  },
  Q7: {
    name: 'Q7',
    title: 'papers(first: 100, orderBy: INFLUENCE) + facets',
    document: `query Q7($year: Int!) {
  papers(first: 100, where: { year: { gte: $year } }, orderBy: [{ field: INFLUENCE, direction: DESC }]) {
    totalCount
    edges { node { id title influence } }
    facets { byYear { value count } byConcept(first: 10) { value count } }
  }
}`,
    // Papers on the page and facet buckets.
    sizeOf: (data) =>
      data?.papers ? count(data.papers.edges) + count(data.papers.facets.byYear) + count(data.papers.facets.byConcept) : 0,
  },
};

export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

/** One request of a workload: the variables and the answer size the store itself gives for them. */
export interface QueryCase {
  variables: Record<string, unknown>;
  expectedSize: number;
}

/** Why a response does not count: null when it is a full, correct-sized answer. */
export function responseProblem(name: QueryName, status: number, body: string, expectedSize: number): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let parsed: { data?: unknown; errors?: { message: string }[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (parsed.errors?.length)
    return `errors: ${parsed.errors
      .map((e) => e.message)
      .join('; ')
      .slice(0, 300)}`;
  const size = QUERIES[name].sizeOf(parsed.data);
  return size === expectedSize ? null : `answer of size ${size}, expected ${expectedSize}`;
}

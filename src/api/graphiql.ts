// GraphiQL: the page comes from @graphql-yoga/render-graphiql (its scripts, styles and editor
// workers inline in the HTML, nothing from a CDN), and it opens on example operations that fit
// the graph being served: the guide collection when there is one, else the most cited paper with
// its references, concepts and neighbourhood; then a concept page, search, an explorer step and a
// path. The examples are fixed documents; what fits the data is their variables, chosen from the
// store each time the page is asked for (a curated write or a swapped store shows at the next load)
// and written into the documents as the variables' defaults.

import type { GraphiQLOptions } from 'graphql-yoga';
import type { GraphStore } from '../store/graph-store.js';
import { toGlobalId } from './global-id.js';

/** The Zeta Alpha guide to NeurIPS 2020, the collection of the curated corpus (data/collections.json). */
export const GUIDE_SLUG = 'zeta-alpha-neurips-2020';

/** The guide (or any collection) as a ranked reading list: each entry's paper with its concepts and references. */
export const GUIDE_OPERATION = `# A ranked reading list: each entry's paper, its concepts and what it cites.
# Press the play button; the other tabs hold more examples.
query GuideEssentials($slug: String!) {
  collection(by: { slug: $slug }) {
    title
    publisher
    entries(first: 10) {
      edges {
        node {
          rank
          section { name }
          paper {
            title
            year
            arxivId
            concepts(first: 3) { edges { role node { name kind } } }
            references(first: 5) { totalCount edges { node { title year } } }
          }
        }
      }
    }
  }
}
`;

/** A paper page: the paper, who wrote it, what it is about, what it cites and who cites it. */
export const PAPER_PAGE_OPERATION = `# A paper page: authors, concepts, references and citers of one paper.
query PaperPage($id: ID!) {
  paper(by: { id: $id }) {
    id
    title
    year
    arxivId
    doi
    venue { name }
    authors(first: 10) { edges { node { name } } }
    concepts(first: 5) { edges { role score node { name kind slug } } }
    referenceCount
    citationCount
    references(first: 5) { edges { node { id title year } } }
    citedBy(first: 5) { edges { node { id title year } } }
  }
}
`;

/** The opening example on a graph without a collection: the most cited paper and the graph around it. */
export const MOST_CITED_OPERATION = `# The most cited paper of this graph: its references, its concepts, and the graph around it.
# Press the play button; the other tabs hold more examples.
query MostCitedPaper($id: ID!) {
  paper(by: { id: $id }) {
    title
    year
    citationCount
    concepts(first: 5) { edges { role node { name kind } } }
    references(first: 5) { totalCount edges { node { title year } } }
  }
  neighborhood(id: $id, depth: 1, limit: 25) {
    truncated
    nodes { id nodeKind label degree }
    edges { id type source target role score }
  }
}
`;

/** A concept page: the concept in its hierarchy, its timeline, its most cited papers and their facets. */
export const CONCEPT_PAGE_OPERATION = `# A concept page: where the concept sits, how it grew, its most cited papers, and their facets.
query ConceptPage($slug: String!) {
  concept(by: { slug: $slug }) {
    name
    kind
    description
    broader { name slug }
    narrower { name slug }
    timeline { year count }
    cooccurring(first: 5) { count concept { name slug } }
  }
  papers(where: { concept: $slug, includeNarrower: true }, orderBy: [{ field: CITATION_COUNT, direction: DESC }], first: 5) {
    totalCount
    facets {
      byVenue(first: 5) { value count }
      byConcept(first: 5) { value count }
    }
    edges { node { title year citationCount } }
  }
}
`;

/** Search across papers, concepts, topics, authors and venues, as a search box would ask. */
export const SEARCH_OPERATION = `# Search as a search box asks: ranked results of every kind.
query Search($query: String!) {
  search(query: $query, first: 10) {
    totalCount
    edges {
      score
      node {
        __typename
        ... on Node { id }
        ... on Paper { title year }
        ... on Concept { name kind }
        ... on Topic { name }
        ... on Author { name }
        ... on Venue { name }
      }
    }
  }
}
`;

/** One step of an explorer: two hops over citations and concepts, capped for a graph view. */
export const NEIGHBORHOOD_OPERATION = `# An explorer step: two hops over citations and concepts around a node, capped at 50 nodes.
query Neighborhood($id: ID!) {
  neighborhood(id: $id, depth: 2, edgeTypes: [CITES, HAS_CONCEPT], limit: 50) {
    truncated
    nodes { id nodeKind label ... on Paper { year } }
    edges { id type source target }
  }
}
`;

/** How two nodes connect: a shortest path over citations and concepts. */
export const PATH_OPERATION = `# How a paper reaches a concept it is not tagged with: a shortest path over citations and concepts.
query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, edgeTypes: [CITES, HAS_CONCEPT], maxDepth: 4) {
    length
    nodes { id nodeKind label ... on Paper { year } }
    edges { id type source target }
  }
}
`;

/** Every example document, by operation name (the tests validate each against the schema). */
export const EXAMPLE_OPERATIONS = {
  GuideEssentials: GUIDE_OPERATION,
  MostCitedPaper: MOST_CITED_OPERATION,
  PaperPage: PAPER_PAGE_OPERATION,
  ConceptPage: CONCEPT_PAGE_OPERATION,
  Search: SEARCH_OPERATION,
  Neighborhood: NEIGHBORHOOD_OPERATION,
  Path: PATH_OPERATION,
} as const;

export type ExampleName = keyof typeof EXAMPLE_OPERATIONS;

/** An example operation with variables that fit the graph served. */
export interface Example {
  name: ExampleName;
  query: string;
  variables: Record<string, unknown>;
}

/** The most concepts tried as the end of the path example before it is left out. */
const PATH_CANDIDATES = 10;

/**
 * The examples for this store, the opening one first: the guide (or else the first collection)
 * when the graph has a collection, else the most cited paper with its neighbourhood. An example
 * whose subject the graph lacks (no paper, no concept, no path) is left out; an empty graph gets
 * a search for "graph".
 */
export async function examplesFor(store: GraphStore): Promise<Example[]> {
  const [guide] = await store.idsBySlugs('Collection', [GUIDE_SLUG]);
  const [collections, papers, concepts] = await Promise.all([
    guide ? null : store.findNamed('Collection', [{ page: { first: 1 } }]).then(([page]) => page.items),
    store.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 1 } }]).then(([page]) => page.items),
    store
      .findNamed('Concept', [{ orderBy: [{ field: 'PAPER_COUNT', direction: 'DESC' }], page: { first: PATH_CANDIDATES } }])
      .then(([page]) => page.items),
  ]);
  const collectionId = guide ?? collections?.[0] ?? null;
  const paperId = papers[0] ?? null;
  const [collection] = collectionId ? await store.nodesByIds('Collection', [collectionId]) : [null];
  const conceptRecords = (await store.nodesByIds('Concept', concepts)).filter((c) => c !== null);
  const topConcept = conceptRecords[0] ?? null;

  const examples: Example[] = [];
  if (collection) examples.push({ name: 'GuideEssentials', query: GUIDE_OPERATION, variables: { slug: collection.slug } });
  if (paperId) {
    const id = toGlobalId('Paper', paperId);
    if (collection) examples.push({ name: 'PaperPage', query: PAPER_PAGE_OPERATION, variables: { id } });
    else examples.push({ name: 'MostCitedPaper', query: MOST_CITED_OPERATION, variables: { id } });
  }
  if (topConcept) examples.push({ name: 'ConceptPage', query: CONCEPT_PAGE_OPERATION, variables: { slug: topConcept.slug } });
  examples.push({ name: 'Search', query: SEARCH_OPERATION, variables: { query: topConcept?.name ?? collection?.title ?? 'graph' } });
  if (paperId) {
    examples.push({ name: 'Neighborhood', query: NEIGHBORHOOD_OPERATION, variables: { id: toGlobalId('Paper', paperId) } });
    const to = await pathTarget(
      store,
      paperId,
      conceptRecords.map((c) => c.id),
    );
    if (to)
      examples.push({
        name: 'Path',
        query: PATH_OPERATION,
        variables: { from: toGlobalId('Paper', paperId), to: toGlobalId('Concept', to) },
      });
  }
  return examples;
}

/** A frequent concept the paper is not tagged with but reaches within the path example's bounds, or null. */
async function pathTarget(store: GraphStore, paperId: string, conceptIds: string[]): Promise<string | null> {
  const [own] = await store.conceptsOfPapers([paperId], {});
  const tagged = new Set(own.items.map((link) => link.conceptId));
  const candidates = conceptIds.filter((id) => !tagged.has(id));
  if (candidates.length === 0) return null;
  const paths = await store.paths(
    candidates.map((id) => ({
      from: { kind: 'Paper' as const, id: paperId },
      to: { kind: 'Concept' as const, id },
      edgeTypes: ['CITES' as const, 'HAS_CONCEPT' as const],
      maxDepth: 4,
    })),
  );
  const found = paths.findIndex((path) => path !== null);
  return found < 0 ? null : candidates[found];
}

/**
 * An example's document with its variables written in as the defaults of their definitions
 * (`$id: ID! = "…"`): it runs as it stands, and a value given in the variables pane still wins.
 * (GraphiQL 5 drops the first tab's `variables` when it has no stored tabs, and a top-level
 * `variables` option adds a stray tab once it has: defaults in the text avoid both.)
 */
export function withDefaults({ query, variables }: Pick<Example, 'query' | 'variables'>): string {
  let text = query;
  for (const [name, value] of Object.entries(variables)) {
    const definition = new RegExp(`(\\$${name}:\\s*[A-Za-z]+!?)(?![!A-Za-z]|\\s*=)`);
    if (!definition.test(text)) throw new Error(`example has no variable $${name}`);
    text = text.replace(definition, `$1 = ${JSON.stringify(value)}`);
  }
  return text;
}

/**
 * GraphiQL's options: the examples as tabs, the opening one also as the default query. With no
 * store (reads need a key: the page is served to anyone, so it shows nothing of the data), every
 * example without values, and the header a key goes in.
 */
export async function graphiqlOptionsFor(store: GraphStore | null): Promise<GraphiQLOptions> {
  const options: GraphiQLOptions = { title: 'papergraph' };
  if (!store) {
    const documents = Object.values(EXAMPLE_OPERATIONS).filter((text) => text !== MOST_CITED_OPERATION);
    const headers = JSON.stringify({ Authorization: 'Bearer pgk_…' }, null, 2);
    return { ...options, defaultQuery: documents[0], defaultHeaders: headers, defaultTabs: documents.map((query) => ({ query, headers })) };
  }
  const documents = (await examplesFor(store)).map(withDefaults);
  return { ...options, defaultQuery: documents[0], defaultTabs: documents.map((query) => ({ query })) };
}

let lastPage: { key: string; html: string } | null = null;

/**
 * The GraphiQL page for these options, from @graphql-yoga/render-graphiql. The package is
 * imported on the first page asked for (loading its 9 MB of inlined assets takes some 0.4 s,
 * which a start-up or a production server should not pay), and the last page is kept (building
 * one takes some 20 ms).
 */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  if (lastPage?.key === key) return lastPage.html;
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL(options);
  lastPage = { key, html };
  return html;
}

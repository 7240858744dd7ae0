// The real server for the client tests, and what every client runs against it: a concept page,
// a paper page, an explorer step, search as you type and a curation write. The server is
// startServer (src/server/serve.ts: the HTTP server of src/server/http.ts, the development
// profile's config) on a free loopback port, over the curated corpus with a change log and API
// keys in a temporary data directory. It records the method of each request, so a test can
// say how its client sent each operation.

import { expect } from 'vitest';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { configFromEnv } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import { curationHarness } from '../support/curation-app.js';

export interface SeenRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: boolean;
  csrfHeader: boolean;
}

export interface ClientServer {
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** A key with the curate scope, as `Bearer pgk_…`. */
  authorization: string;
  /** Every request to /graphql, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startClientServer(env: NodeJS.ProcessEnv = {}): Promise<ClientServer> {
  const harness = await curationHarness();
  const running = await startServer({
    store: harness.curation.current(),
    curation: harness.curation,
    keys: harness.keys,
    config: configFromEnv(env),
    port: 0,
    host: '127.0.0.1',
    signals: false,
  });
  const requests: SeenRequest[] = [];
  running.server.prependListener('request', (request) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') return;
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization !== undefined,
      csrfHeader: request.headers['x-graphql-yoga-csrf'] !== undefined || request.headers['apollo-require-preflight'] !== undefined,
    });
  });
  return {
    url: `http://127.0.0.1:${running.port}/graphql`,
    authorization: `Bearer ${harness.key.curate}`,
    requests,
    close: async () => {
      await running.shutdown.shutdown('test done');
      await harness.close();
    },
  };
}

/** The schema as clients get it: the introspection query over HTTP. */
export async function introspect(url: string): Promise<IntrospectionQuery> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await response.json()) as { data: IntrospectionQuery };
  return body.data;
}

/** A plain POST with fetch, no client: the reference answer a client's answer is compared with. */
export async function plainPost<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

// The operations, written as a frontend would: named, with variables.

export const CONCEPT_PAGE = `query ConceptPage($slug: String!) {
  concept(by: { slug: $slug }) {
    id
    name
    kind
    description
    broader { id name }
    narrower { id name }
    timeline { year count }
    papers(first: 5) { totalCount edges { role score node { id title year } } }
  }
}`;

export const PAPER_PAGE = `query PaperPage($arxivId: String!) {
  paper(by: { arxivId: $arxivId }) {
    id
    title
    year
    venue { id name }
    authors(first: 3) { totalCount edges { node { id name } } }
    concepts(first: 5) { edges { role score node { id name } } }
    references(first: 5) { totalCount edges { node { id title year } } }
    citationCount
  }
}`;

export const EXPLORER_STEP = `query ExplorerStep($id: ID!) {
  neighborhood(id: $id, depth: 1, limit: 50) {
    truncated
    nodes { id nodeKind label degree }
    edges { id source target type role score }
  }
}`;

export const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 8) {
    totalCount
    edges {
      node {
        id
        __typename
        ... on Paper { title }
        ... on Concept { name }
        ... on Author { name }
        ... on Topic { name }
      }
    }
  }
}`;

/** What a user types into the search box, keystroke by keystroke up to a word. */
export const KEYSTROKES = ['c', 'co', 'con', 'contrastive'];

/**
 * The other objects a frontend keeps in a normalised cache: related papers with their evidence,
 * provenance, a collection's entries, facet buckets and search hits. Run through graphcache to
 * find the types it cannot key.
 */
export const CACHE_COVERAGE = `query CacheCoverage($id: ID!, $concept: String!) {
  paper(by: { id: $id }) {
    id
    provenance { source recordId }
    related(first: 3) { score paper { id title } evidence { sharedReferenceCount sharedConceptCount sharedConcepts { id name } } }
  }
  relatedPapers(id: $id, first: 3) { score paper { id title } evidence { sharedCiterCount citesAnchor } }
  collection(by: { slug: "zeta-alpha-neurips-2020" }) { id title entries(first: 3) { edges { node { rank why paper { id title } section { id name } } } } }
  papers(where: { concept: $concept }, first: 2) {
    totalCount
    edges { node { id title } }
    facets { timeline { year count } byVenue { value count node { id } } byConcept(first: 3) { value count node { id } } }
  }
}`;

export const ADD_PAPER = `mutation AddPaper($input: AddPaperInput!) {
  addPaper(input: $input) {
    __typename
    ... on AddPaperPayload { paper { id title year } }
    ... on UserError { message }
  }
}`;

export const LINK_CONCEPT = `mutation LinkConcept($input: LinkConceptInput!) {
  linkConcept(input: $input) {
    __typename
    ... on LinkConceptPayload { paper { id } concept { id papers(first: 5) { totalCount } } }
    ... on UserError { message }
  }
}`;

export const BYOL = '2006.07733';
export const BYOL_TITLE = 'Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning';
export const BYOL_ID = 'UGFwZXI6Z3JpbGwyMDIwYm9vdHN0cmFw';
export const CONTRASTIVE = 'contrastive-learning';
export const CONTRASTIVE_ID = 'Q29uY2VwdDpjb250cmFzdGl2ZS1sZWFybmluZw==';

// What the answers must say on the curated corpus (the same for every client).

export function expectConceptPage(data: any, papers = 9): void {
  const concept = data.concept;
  expect(concept).toMatchObject({ id: CONTRASTIVE_ID, name: 'Contrastive learning', kind: 'METHOD' });
  expect(concept.broader.map((c: { name: string }) => c.name).sort()).toEqual(['Representation learning', 'Self-supervised learning']);
  expect(concept.narrower.map((c: { name: string }) => c.name)).toEqual(['Hard negative mining']);
  expect(concept.papers.totalCount).toBe(papers);
  expect(concept.papers.edges).toHaveLength(5);
  expect(concept.papers.edges.map((e: any) => e.node.title)).toContain('Momentum Contrast for Unsupervised Visual Representation Learning');
  expect(concept.timeline.reduce((n: number, y: { count: number }) => n + y.count, 0)).toBe(papers);
}

export function expectPaperPage(data: any): void {
  const paper = data.paper;
  expect(paper).toMatchObject({ id: BYOL_ID, title: BYOL_TITLE, year: 2020, venue: { name: 'NeurIPS 2020' } });
  expect(paper.authors.totalCount).toBe(14);
  expect(paper.authors.edges[0].node.name).toBe('Jean-Bastien Grill');
  expect(paper.concepts.edges.map((e: any) => e.node.name)).toContain('Self-supervised learning');
  expect(paper.references.totalCount).toBe(6);
  expect(paper.references.edges.map((e: any) => e.node.title)).toContain(
    'A Simple Framework for Contrastive Learning of Visual Representations',
  );
}

export function expectExplorerStep(data: any): void {
  const { nodes, edges, truncated } = data.neighborhood;
  expect(truncated).toBe(false);
  const ids = new Set(nodes.map((n: { id: string }) => n.id));
  expect(ids.has(BYOL_ID)).toBe(true);
  // Its references, its concepts and its authors, one hop away.
  expect(
    nodes.find((n: any) => n.nodeKind === 'PAPER' && n.label === 'Momentum Contrast for Unsupervised Visual Representation Learning'),
  ).toBeDefined();
  expect(nodes.find((n: any) => n.nodeKind === 'CONCEPT' && n.label === 'Self-supervised learning')).toBeDefined();
  expect(nodes.find((n: any) => n.nodeKind === 'AUTHOR' && n.label === 'Jean-Bastien Grill')).toBeDefined();
  // Each edge has its own id; a node's degree counts at least the edges shown at it.
  expect(new Set(edges.map((e: { id: string }) => e.id)).size).toBe(edges.length);
  const byol = nodes.find((n: any) => n.id === BYOL_ID);
  expect(byol.degree).toBeGreaterThanOrEqual(edges.filter((e: any) => e.source === BYOL_ID || e.target === BYOL_ID).length);
  // Every edge joins two nodes of the answer, and every node is one edge from BYOL.
  expect(edges.length).toBeGreaterThan(10);
  const adjacent = new Set<string>([BYOL_ID]);
  for (const edge of edges) {
    expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    if (edge.source === BYOL_ID) adjacent.add(edge.target);
    if (edge.target === BYOL_ID) adjacent.add(edge.source);
  }
  expect([...ids].filter((id) => !adjacent.has(id as string))).toEqual([]);
}

/**
 * Search as you type: each keystroke's answer as the client got it equals the server's answer
 * to a plain POST (`reference`), and the word finds the concept and its papers.
 */
export function expectSearch(byKeystroke: Map<string, any>, reference: Map<string, any>): void {
  // Compared as the hits' ids and the count: clients add `__typename` where they need it.
  const hits = (answer: any) => ({ totalCount: answer.search.totalCount, ids: answer.search.edges.map((e: any) => e.node.id) });
  for (const text of KEYSTROKES) expect(hits(byKeystroke.get(text)), text).toEqual(hits(reference.get(text)));
  const word = byKeystroke.get('contrastive').search;
  expect(word.totalCount).toBeGreaterThanOrEqual(10);
  expect(word.edges[0].node).toMatchObject({ __typename: 'Concept', name: 'Contrastive learning', id: CONTRASTIVE_ID });
  const titles = word.edges.filter((e: any) => e.node.__typename === 'Paper').map((e: any) => e.node.title);
  expect(titles).toContain('Hard Negative Mixing for Contrastive Learning');
  // Three letters find something already (one and two, once search answers from the first letter).
  expect(byKeystroke.get('con').search.totalCount).toBeGreaterThan(0);
}

/** The reference answers of search, keystroke by keystroke. */
export async function referenceSearch(url: string): Promise<Map<string, any>> {
  const answers = new Map<string, any>();
  for (const text of KEYSTROKES) answers.set(text, await plainPost(url, SEARCH, { query: text }));
  return answers;
}

export const newPaperInput = (client: string) => ({
  title: `Contrastive learning as a frontend sees it (${client})`,
  year: 2021,
  reason: `written by the ${client} client test`,
});

export const linkInput = (paperId: string) => ({
  paperId,
  conceptId: CONTRASTIVE_ID,
  role: 'STUDIES',
  score: 0.9,
  reason: 'the client test links it',
});

/** The methods the client used: queries over GET (where it does so by default), mutations over POST. */
export function methodsOf(requests: SeenRequest[]): string[] {
  return requests.map((r) => r.method);
}

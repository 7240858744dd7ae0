// What the peers serve (issue 15): the papergraph graph copied out of a loaded MemoryStore into
// plain arrays and Maps (a paper by id, its references and citers in papergraph's order, the
// citation-count and influence orderings), the GraphQL SDL of the part of papergraph's schema the
// measured queries use (same type and field names, Relay connections), and the resolvers with
// per-request DataLoaders that all three peers share, as a user of graphql-js would write them.

import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { MemoryStore } from '../../../src/store/memory-store.js';

/** One paper, as a peer holds it. */
export interface PeerPaper {
  id: string;
  title: string;
  year: number | null;
  venueId: string | null;
  citationCount: number;
  referenceCount: number;
  influence: number;
}

/** The graph as plain JSON: written to a file for the peer processes, or used in process. */
export interface PeerData {
  papers: PeerPaper[];
  /** Paper id → ids of the papers it cites / that cite it, in papergraph's order (stubs left out). */
  references: Record<string, string[]>;
  citedBy: Record<string, string[]>;
  /** Paper id → its authors in byline order (position 0-based). */
  authorships: Record<string, { authorId: string; position: number }[]>;
  /** Paper id → its concept links, strongest first. */
  paperConcepts: Record<string, { conceptId: string; role: string; score: number }[]>;
  authors: { id: string; name: string }[];
  concepts: { id: string; name: string; kind: string }[];
  venues: { id: string; name: string }[];
  /** Every (non-stub) paper id: most cited first; highest PageRank first. */
  byCitationCount: string[];
  byInfluence: string[];
}

/** Copies the store's graph out through its public reads, so every list is in papergraph's own order. */
export async function peerDataFromStore(store: MemoryStore): Promise<PeerData> {
  const g = store.graph;
  const ids = Array.from({ length: g.papers.size }, (_, i) => g.papers.idAt(i));
  const [records, stats, refs, citers, authorships, links] = await Promise.all([
    store.nodesByIds('Paper', ids),
    store.paperStats(ids),
    store.referencesOf(ids, {}),
    store.citedByOf(ids, {}),
    store.authorsOfPapers(ids, {}),
    store.conceptsOfPapers(ids, {}),
  ]);
  const [byCitationCount, byInfluence] = await store.findPapers([
    { orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: {} },
    { orderBy: [{ field: 'INFLUENCE', direction: 'DESC' }], page: {} },
  ]);
  const data: PeerData = {
    papers: [],
    references: {},
    citedBy: {},
    authorships: {},
    paperConcepts: {},
    authors: [],
    concepts: [],
    venues: [],
    byCitationCount: byCitationCount.items,
    byInfluence: byInfluence.items,
  };
  ids.forEach((id, i) => {
    const p = records[i]!;
    const s = stats[i]!;
    data.papers.push({
      id,
      title: p.title,
      year: p.year,
      venueId: p.venueId,
      citationCount: s.citationCount,
      referenceCount: s.referenceCount,
      influence: s.influence,
    });
    if (refs[i].totalCount) data.references[id] = refs[i].items.map((l) => l.paperId);
    if (citers[i].totalCount) data.citedBy[id] = citers[i].items.map((l) => l.paperId);
    if (authorships[i].totalCount) data.authorships[id] = authorships[i].items.map((a) => ({ authorId: a.authorId, position: a.position }));
    if (links[i].totalCount) data.paperConcepts[id] = links[i].items.map((l) => ({ conceptId: l.conceptId, role: l.role, score: l.score }));
  });
  const all = <K extends 'Author' | 'Concept' | 'Venue'>(kind: K, table: { size: number; idAt(i: number): string }) =>
    store.nodesByIds(
      kind,
      Array.from({ length: table.size }, (_, i) => table.idAt(i)),
    );
  data.authors = (await all('Author', g.authors)).map((a) => ({ id: a!.id, name: a!.name }));
  data.concepts = (await all('Concept', g.concepts)).map((c) => ({ id: c!.id, name: c!.name, kind: c!.kind }));
  data.venues = (await all('Venue', g.venues)).map((v) => ({ id: v!.id, name: v!.name }));
  return data;
}

/** The graph in the Maps the resolvers read. */
export class PeerGraph {
  readonly papers = new Map<string, PeerPaper>();
  readonly references: Map<string, string[]>;
  readonly citedBy: Map<string, string[]>;
  readonly authorships: Map<string, { authorId: string; position: number }[]>;
  readonly paperConcepts: Map<string, { conceptId: string; role: string; score: number }[]>;
  readonly authors = new Map<string, { id: string; name: string }>();
  readonly concepts = new Map<string, { id: string; name: string; kind: string }>();
  readonly venues = new Map<string, { id: string; name: string }>();
  readonly byCitationCount: string[];
  readonly byInfluence: string[];

  constructor(data: PeerData) {
    for (const p of data.papers) this.papers.set(p.id, p);
    this.references = new Map(Object.entries(data.references));
    this.citedBy = new Map(Object.entries(data.citedBy));
    this.authorships = new Map(Object.entries(data.authorships));
    this.paperConcepts = new Map(Object.entries(data.paperConcepts));
    for (const a of data.authors) this.authors.set(a.id, a);
    for (const c of data.concepts) this.concepts.set(c.id, c);
    for (const v of data.venues) this.venues.set(v.id, v);
    this.byCitationCount = data.byCitationCount;
    this.byInfluence = data.byInfluence;
  }
}

/** The part of papergraph's schema the measured queries use: the same names and shapes. */
export const typeDefs = /* GraphQL */ `
  type Query {
    "One paper by global id; null when none has it."
    paper(id: ID!): Paper
    "All papers, filtered and sorted."
    papers(first: Int, where: PaperWhere, orderBy: [PaperOrder!]): PaperConnection
  }

  input PaperWhere {
    year: IntRange
  }
  input IntRange {
    eq: Int
    gte: Int
    lte: Int
  }
  input PaperOrder {
    field: PaperOrderField!
    direction: OrderDirection = ASC
  }
  enum PaperOrderField {
    CITATION_COUNT
    INFLUENCE
  }
  enum OrderDirection {
    ASC
    DESC
  }

  type Paper {
    id: ID!
    title: String!
    year: Int
    influence: Float!
    citationCount: Int!
    referenceCount: Int!
    venue: Venue
    authors(first: Int): PaperAuthorConnection!
    concepts(first: Int): PaperConceptConnection!
    references(first: Int): CitationConnection!
    citedBy(first: Int): CitationConnection!
  }
  type Venue {
    id: ID!
    name: String!
  }
  type Author {
    id: ID!
    name: String!
  }
  enum ConceptKind {
    DATASET
    FIELD
    METHOD
    METRIC
    TASK
  }
  enum ConceptRole {
    INTRODUCES
    USES
    STUDIES
    EVALUATES_ON
  }
  type Concept {
    id: ID!
    name: String!
    kind: ConceptKind!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type CitationConnection {
    totalCount: Int!
    edges: [CitationEdge!]!
    pageInfo: PageInfo!
  }
  type CitationEdge {
    cursor: String!
    node: Paper!
  }
  type PaperConnection {
    totalCount: Int!
    edges: [PaperEdge!]!
    pageInfo: PageInfo!
    facets: PaperFacets!
  }
  type PaperEdge {
    cursor: String!
    node: Paper!
  }
  type PaperFacets {
    byYear(first: Int = 20): [FacetBucket!]!
    byConcept(first: Int = 20): [FacetBucket!]!
  }
  type FacetBucket {
    value: String!
    count: Int!
  }
  type PaperAuthorConnection {
    totalCount: Int!
    edges: [PaperAuthorEdge!]!
    pageInfo: PageInfo!
  }
  type PaperAuthorEdge {
    cursor: String!
    position: Int!
    node: Author!
  }
  type PaperConceptConnection {
    totalCount: Int!
    edges: [PaperConceptEdge!]!
    pageInfo: PageInfo!
  }
  type PaperConceptEdge {
    cursor: String!
    role: ConceptRole!
    score: Float!
    node: Concept!
  }
`;

/** Relay global ids as papergraph issues them: base64 of "Type:localId". */
export const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
export function fromGlobalId(globalId: string, type: string): string | null {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === type ? decoded.slice(colon + 1) : null;
}

/** The loaders of one request: batched, cached for the request's life. */
export function createLoaders(graph: PeerGraph) {
  const list = <T>(map: Map<string, T[]>) => new DataLoader<string, T[]>(async (ids) => ids.map((id) => map.get(id) ?? []));
  return {
    paper: new DataLoader<string, PeerPaper | null>(async (ids) => ids.map((id) => graph.papers.get(id) ?? null)),
    author: new DataLoader<string, { id: string; name: string } | null>(async (ids) => ids.map((id) => graph.authors.get(id) ?? null)),
    concept: new DataLoader<string, { id: string; name: string; kind: string } | null>(async (ids) =>
      ids.map((id) => graph.concepts.get(id) ?? null),
    ),
    references: list(graph.references),
    citedBy: list(graph.citedBy),
    authorships: list(graph.authorships),
    paperConcepts: list(graph.paperConcepts),
  };
}

export interface PeerContext {
  loaders: ReturnType<typeof createLoaders>;
}

const DEFAULT_FIRST = 20;
const MAX_FIRST = 100;

/** Offset cursors, opaque like papergraph's (not compared: the measured queries do not select them). */
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_FIRST;
  if (n < 1 || n > MAX_FIRST) throw new GraphQLError(`"first" must be between 1 and ${MAX_FIRST}, got ${n}`);
  return n;
}

/** A Relay connection over a whole list: edges for the first `first` items, each made by `edge`. */
function connection<T, E>(all: T[], first: number | null | undefined, edge: (item: T, cursor: string) => E) {
  const n = Math.min(pageSize(first), all.length);
  const edges: E[] = new Array(n);
  for (let i = 0; i < n; i++) edges[i] = edge(all[i], cursorOf(i));
  return {
    totalCount: all.length,
    edges,
    pageInfo: {
      hasNextPage: all.length > n,
      hasPreviousPage: false,
      startCursor: n ? cursorOf(0) : null,
      endCursor: n ? cursorOf(n - 1) : null,
    },
  };
}

interface PaperListArgs {
  first?: number | null;
  where?: { year?: { eq?: number | null; gte?: number | null; lte?: number | null } | null } | null;
  orderBy?: { field: 'CITATION_COUNT' | 'INFLUENCE'; direction: 'ASC' | 'DESC' }[] | null;
}

/** The resolvers (graphql-js style: parent, args, context), shared by the three peers. */
export function createResolvers(graph: PeerGraph) {
  const citations = (map: 'references' | 'citedBy') => async (paper: PeerPaper, args: { first?: number | null }, ctx: PeerContext) =>
    connection(await ctx.loaders[map].load(paper.id), args.first, (id, cursor) => ({ cursor, paperId: id }));
  return {
    Query: {
      paper: (_: unknown, args: { id: string }, ctx: PeerContext) => {
        const id = fromGlobalId(args.id, 'Paper');
        return id === null ? null : ctx.loaders.paper.load(id);
      },
      papers: (_: unknown, args: PaperListArgs) => {
        const order = args.orderBy ?? [];
        if (order.length !== 1 || order[0].direction !== 'DESC')
          throw new GraphQLError('this peer sorts by one key, DESC: CITATION_COUNT or INFLUENCE');
        let ids = order[0].field === 'CITATION_COUNT' ? graph.byCitationCount : graph.byInfluence;
        const year = args.where?.year;
        if (year) {
          ids = ids.filter((id) => {
            const y = graph.papers.get(id)!.year;
            return (
              y !== null && (year.eq == null || y === year.eq) && (year.gte == null || y >= year.gte) && (year.lte == null || y <= year.lte)
            );
          });
        }
        return { ...connection(ids, args.first, (id, cursor) => ({ cursor, paperId: id })), ids };
      },
    },
    Paper: {
      id: (p: PeerPaper) => toGlobalId('Paper', p.id),
      venue: (p: PeerPaper) => (p.venueId === null ? null : (graph.venues.get(p.venueId) ?? null)),
      authors: async (p: PeerPaper, args: { first?: number | null }, ctx: PeerContext) =>
        connection(await ctx.loaders.authorships.load(p.id), args.first, (a, cursor) => ({ cursor, ...a })),
      concepts: async (p: PeerPaper, args: { first?: number | null }, ctx: PeerContext) =>
        connection(await ctx.loaders.paperConcepts.load(p.id), args.first, (l, cursor) => ({ cursor, ...l })),
      references: citations('references'),
      citedBy: citations('citedBy'),
    },
    CitationEdge: { node: (e: { paperId: string }, _: unknown, ctx: PeerContext) => ctx.loaders.paper.load(e.paperId) },
    PaperEdge: { node: (e: { paperId: string }, _: unknown, ctx: PeerContext) => ctx.loaders.paper.load(e.paperId) },
    PaperAuthorEdge: {
      position: (e: { position: number }) => e.position + 1,
      node: (e: { authorId: string }, _: unknown, ctx: PeerContext) => ctx.loaders.author.load(e.authorId),
    },
    PaperConceptEdge: { node: (e: { conceptId: string }, _: unknown, ctx: PeerContext) => ctx.loaders.concept.load(e.conceptId) },
    PaperConnection: {
      // Counted over the whole filtered list when asked for, as papergraph's facets are.
      facets: (c: { ids: string[] }) => c.ids,
    },
    PaperFacets: {
      byYear: (ids: string[], args: { first: number }) => {
        const counts = new Map<number, number>();
        for (const id of ids) {
          const y = graph.papers.get(id)!.year;
          if (y !== null) counts.set(y, (counts.get(y) ?? 0) + 1);
        }
        return [...counts]
          .sort((a, b) => b[0] - a[0])
          .slice(0, args.first)
          .map(([year, count]) => ({ value: String(year), count }));
      },
      byConcept: async (ids: string[], args: { first: number }, ctx: PeerContext) => {
        const counts = new Map<string, number>();
        for (const links of await ctx.loaders.paperConcepts.loadMany(ids))
          for (const l of links as { conceptId: string }[]) counts.set(l.conceptId, (counts.get(l.conceptId) ?? 0) + 1);
        return [...counts]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, args.first)
          .map(([value, count]) => ({ value, count }));
      },
    },
    Venue: { id: (v: { id: string }) => toGlobalId('Venue', v.id) },
    Author: { id: (a: { id: string }) => toGlobalId('Author', a.id) },
    Concept: { id: (c: { id: string }) => toGlobalId('Concept', c.id) },
  };
}

/** A peer listening on loopback. */
export interface RunningPeer {
  url: string;
  close(): Promise<void>;
}

export type PeerName = 'apollo' | 'yoga' | 'mercurius';
export const PEER_NAMES: PeerName[] = ['apollo', 'yoga', 'mercurius'];
export const PEER_LABELS: Record<PeerName, string> = {
  apollo: 'Apollo Server 4',
  yoga: 'plain yoga',
  mercurius: 'Mercurius (jit)',
};

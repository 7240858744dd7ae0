// The floor's resolvers: the fields Q0–Q7 ask for, written straight over the GraphStore — no
// loaders, no Pothos wrappers, no plugins — on the schema built from the checked-in SDL. What
// papergraph does per request beyond this is its overhead; the bench checks both give the same data.

import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLFieldResolver, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { connectionOf, pageRequestFrom } from '../src/api/connection.js';
import { fromGlobalId, toGlobalId, tryDecode } from '../src/api/global-id.js';
import type { Author, Concept, Paper, PaperConcept } from '../src/model/index.js';
import type {
  EdgeType,
  GraphEdge,
  GraphNodeKind,
  GraphStore,
  NodeKey,
  PaperFilter,
  RelatedResult,
  Subgraph,
} from '../src/store/graph-store.js';

export interface FloorContext {
  store: GraphStore;
}

type Resolver = GraphQLFieldResolver<any, FloorContext, any>;

const ALL_EDGE_TYPES: EdgeType[] = ['CITES', 'HAS_CONCEPT', 'BROADER', 'AUTHORED', 'IN_TOPIC', 'PUBLISHED_IN'];
/** The GraphQL type of each record an interface field returns (records are shared, the kind never changes). */
const kindOf = new WeakMap<object, GraphNodeKind>();

const first = <T>(values: T[]) => values[0];

async function loadNodes(store: GraphStore, keys: readonly NodeKey[]): Promise<(object | null)[]> {
  const byKind = new Map<GraphNodeKind, number[]>();
  keys.forEach((key, i) => {
    const list = byKind.get(key.kind);
    if (list) list.push(i);
    else byKind.set(key.kind, [i]);
  });
  const out = new Array<object | null>(keys.length).fill(null);
  const lookups: Record<GraphNodeKind, (ids: string[]) => Promise<(object | null)[]>> = {
    Paper: (ids) => store.nodesByIds('Paper', ids),
    Concept: (ids) => store.nodesByIds('Concept', ids),
    Author: (ids) => store.nodesByIds('Author', ids),
    Topic: (ids) => store.nodesByIds('Topic', ids),
    Venue: (ids) => store.nodesByIds('Venue', ids),
  };
  await Promise.all(
    [...byKind].map(async ([kind, positions]) => {
      const records = await lookups[kind](positions.map((i) => keys[i].id));
      positions.forEach((at, k) => {
        const record = records[k];
        if (record) kindOf.set(record, kind);
        out[at] = record;
      });
    }),
  );
  return out;
}

const edgeOf = (e: GraphEdge) => ({
  type: e.type,
  source: toGlobalId(e.source.kind, e.source.id),
  target: toGlobalId(e.target.kind, e.target.id),
});

function nodeKey(globalId: string): NodeKey {
  const decoded = tryDecode(globalId);
  if (!decoded) throw new Error(`bad global id ${globalId}`);
  return { kind: decoded.typename as GraphNodeKind, id: decoded.id };
}

async function subgraphOf(store: GraphStore, sub: Subgraph | null, keepNulls: boolean) {
  if (!sub) return null;
  const nodes = await loadNodes(store, sub.nodes);
  return {
    nodes: keepNulls ? nodes : nodes.filter((n) => n !== null),
    edges: sub.edges.map(edgeOf),
    truncated: sub.truncated,
    length: sub.edges.length,
  };
}

const RESOLVERS: Record<string, Record<string, Resolver>> = {
  Query: {
    paper: async (_root, args, { store }) => first(await store.nodesByIds('Paper', [fromGlobalId(String(args.id), 'Paper')])),
    papers: async (_root, args, { store }) => {
      const filter: PaperFilter = { year: args.where?.year ?? null };
      const query = {
        filter,
        orderBy: args.orderBy?.map((o: any) => ({ field: o.field, direction: o.direction ?? 'ASC' })) ?? null,
        page: pageRequestFrom(args),
      };
      const page = first(await store.findPapers([query]));
      const papers = await store.nodesByIds('Paper', page.items);
      return { ...connectionOf(page, (_id, cursor, k) => ({ cursor, node: papers[k] })), filter };
    },
    neighborhood: async (_root, args, { store }) =>
      subgraphOf(
        store,
        first(
          await store.neighborhoods([
            {
              start: nodeKey(String(args.id)),
              depth: args.depth,
              limit: args.limit,
              edgeTypes: args.edgeTypes ?? ALL_EDGE_TYPES,
              direction: args.direction,
            },
          ]),
        ),
        false,
      ),
    path: async (_root, args, { store }) => {
      const path = first(
        await store.paths([
          {
            from: nodeKey(String(args.from)),
            to: nodeKey(String(args.to)),
            edgeTypes: args.edgeTypes ?? ALL_EDGE_TYPES,
            maxDepth: args.maxDepth,
          },
        ]),
      );
      return path && subgraphOf(store, path, true);
    },
    relatedPapers: async (_root, args, { store }) => {
      const related = first(
        await store.relatedPapers([{ paperId: fromGlobalId(String(args.id), 'Paper'), method: args.method, first: args.first }]),
      );
      const papers = await store.nodesByIds(
        'Paper',
        related.map((r) => r.paperId),
      );
      return related.map((r, k) => ({ score: r.score, paper: papers[k], evidence: r }));
    },
    search: async (_root, args, { store }) => {
      const page = first(await store.search([{ text: String(args.query).trim(), kinds: args.types ?? null, page: pageRequestFrom(args) }]));
      const nodes = await loadNodes(
        store,
        page.items.map((h) => h.node),
      );
      return connectionOf(page, (hit, cursor, k) => ({ cursor, node: nodes[k], score: hit.score }));
    },
  },
  Paper: {
    id: (p: Paper) => toGlobalId('Paper', p.id),
    venue: async (p: Paper, _a, { store }) => (p.venueId ? first(await store.nodesByIds('Venue', [p.venueId])) : null),
    citationCount: async (p: Paper, _a, { store }) => first(await store.paperStats([p.id]))!.citationCount,
    referenceCount: async (p: Paper, _a, { store }) => first(await store.paperStats([p.id]))!.referenceCount,
    influence: async (p: Paper, _a, { store }) => first(await store.paperStats([p.id]))!.influence,
    authors: async (p: Paper, args, { store }) => {
      const page = first(await store.authorsOfPapers([p.id], pageRequestFrom(args)));
      const authors = await store.nodesByIds(
        'Author',
        page.items.map((a) => a.authorId),
      );
      return connectionOf(page, (a, cursor, k) => ({ cursor, node: authors[k], position: a.position + 1 }));
    },
    concepts: async (p: Paper, args, { store }) => {
      const page = first(await store.conceptsOfPapers([p.id], pageRequestFrom(args)));
      const concepts = await store.nodesByIds(
        'Concept',
        page.items.map((l: PaperConcept) => l.conceptId),
      );
      return connectionOf(page, (l, cursor, k) => ({ cursor, node: concepts[k], role: l.role, score: l.score }));
    },
    references: async (p: Paper, args, { store }) => {
      const page = first(await store.referencesOf([p.id], pageRequestFrom(args)));
      const papers = await store.nodesByIds(
        'Paper',
        page.items.map((l) => l.paperId),
      );
      return connectionOf(page, (_l, cursor, k) => ({ cursor, node: papers[k] }));
    },
  },
  Author: { id: (a: Author) => toGlobalId('Author', a.id) },
  Concept: { id: (c: Concept) => toGlobalId('Concept', c.id) },
  Topic: { id: (t: { id: string }) => toGlobalId('Topic', t.id) },
  Venue: { id: (v: { id: string }) => toGlobalId('Venue', v.id) },
  RelatedEvidence: {
    sharedReferenceCount: (r: RelatedResult) => r.sharedReferenceIds.length,
    sharedCiterCount: (r: RelatedResult) => r.sharedCiterIds.length,
    sharedConceptCount: (r: RelatedResult) => r.sharedConceptIds.length,
    sharedConcepts: async (r: RelatedResult, args, { store }) =>
      (await store.nodesByIds('Concept', r.sharedConceptIds.slice(0, args.first ?? 10))).filter(Boolean),
  },
  PaperConnection: {
    facets: async (c: { filter: PaperFilter }, _a, { store }) => first(await store.paperFacets([c.filter])),
  },
  PaperFacets: {
    byYear: (f, args) => f.byYear.slice(0, args.first ?? 20),
    byConcept: (f, args) => f.byConcept.slice(0, args.first ?? 20),
    byTopic: (f, args) => f.byTopic.slice(0, args.first ?? 20),
    byVenue: (f, args) => f.byVenue.slice(0, args.first ?? 20),
  },
};

/** papergraph's schema, from its checked-in SDL, with the floor's resolvers attached. */
export function floorSchema(sdlPath = new URL('../schema/schema.graphql', import.meta.url)): GraphQLSchema {
  const schema = buildSchema(readFileSync(sdlPath, 'utf8'));
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type) throw new Error(`floor: the schema has no type ${typeName}`);
    const defined = type.getFields();
    for (const [field, resolve] of Object.entries(fields)) {
      if (!defined[field]) throw new Error(`floor: ${typeName} has no field ${field}`);
      defined[field].resolve = resolve;
    }
  }
  (schema.getType('Node') as GraphQLInterfaceType).resolveType = (value: object) => kindOf.get(value);
  return schema;
}

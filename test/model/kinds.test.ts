// The one list of kinds agrees with everything that spells a kind: the GraphQL schema's types
// and enums, the global ids clients store, the corpus and graph tables.

import { GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/api/global-id.js';
import { schema } from '../../src/api/schema.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import {
  EDGE_KINDS,
  EDGE_TYPES,
  GRAPH_NODE_KINDS,
  NODE_KINDS,
  SLUGGED_KINDS,
  TRAVERSAL_DIRECTIONS,
  emptyCorpus,
  isGraphNodeKind,
  kindConstant,
} from '../../src/model/index.js';

const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.value as string);

describe('node and edge kinds', () => {
  it('each node kind is a GraphQL object type implementing Node, with a root lookup; slugged kinds are looked up by slug', () => {
    const query = schema.getQueryType()!.getFields();
    for (const { kind } of NODE_KINDS) {
      const type = schema.getType(kind);
      expect(type, kind).toBeInstanceOf(GraphQLObjectType);
      expect(
        (type as GraphQLObjectType).getInterfaces().map((i) => i.name),
        kind,
      ).toContain('Node');
      const lookup = query[kind.charAt(0).toLowerCase() + kind.slice(1)];
      expect(lookup, kind).toBeDefined();
      // The lookup's `by` is a @oneOf input named after the kind, with a slug for slugged kinds.
      const by = lookup.args.find((a) => a.name === 'by')?.type as GraphQLInputObjectType;
      expect(by?.name, kind).toBe(`${kind}Lookup`);
      expect(by.isOneOf, kind).toBe(true);
      expect(Object.hasOwn(by.getFields(), 'slug'), kind).toBe(SLUGGED_KINDS.includes(kind as never));
    }
  });

  it("the schema's enums of kinds are the lists: SearchableType, EdgeType, TraversalDirection", () => {
    // The PascalCase values are deprecated aliases, kept for one release.
    const current = (schema.getType('SearchableType') as GraphQLEnumType).getValues().filter((v) => !v.deprecationReason);
    expect(new Set(current.map((v) => v.value))).toEqual(new Set(GRAPH_NODE_KINDS));
    expect(enumValues('EdgeType')).toEqual(EDGE_TYPES);
    expect((schema.getType('EdgeType') as GraphQLEnumType).getValues().map((v) => v.description)).toEqual(
      EDGE_KINDS.map((e) => e.description),
    );
    expect(enumValues('TraversalDirection')).toEqual([...TRAVERSAL_DIRECTIONS]);
  });

  it('global ids are base64 of "Kind:localId", byte for byte (clients store them)', () => {
    for (const { kind } of NODE_KINDS) {
      expect(toGlobalId(kind, 'vaswani2017attention')).toBe(Buffer.from(`${kind}:vaswani2017attention`, 'utf8').toString('base64'));
    }
    expect(toGlobalId('Paper', 'vaswani2017attention')).toBe('UGFwZXI6dmFzd2FuaTIwMTdhdHRlbnRpb24=');
  });

  it("each kind's collection is a table of the corpus and of the graph; edges join graph kinds", () => {
    const corpus = emptyCorpus(),
      graph = new KnowledgeGraph(corpus);
    for (const { kind, collection } of NODE_KINDS) {
      expect(corpus, kind).toHaveProperty(collection);
      expect(graph[collection].size, kind).toBe(0);
    }
    for (const e of EDGE_KINDS) expect(isGraphNodeKind(e.source) && isGraphNodeKind(e.target), e.type).toBe(true);
    expect(GRAPH_NODE_KINDS.map(kindConstant)).toEqual(['PAPER', 'CONCEPT', 'AUTHOR', 'TOPIC', 'VENUE']);
  });
});

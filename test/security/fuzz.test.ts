// Property-based fuzzing: thousands of operations built from the schema (real fields, arguments
// of the right and the wrong types, aliases, fragments), random variables, garbage documents and
// junk HTTP requests, through app.fetch. Whatever comes in: never a 5xx, never an unhandled
// rejection (vitest fails the run on one), always spec-shaped JSON, never "Unexpected error".

import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/api/schema.js';
import { createApp } from '../../src/api/yoga.js';
import { curatedStore, query } from '../support/app.js';
import { ENDPOINT } from './support.js';

// A smaller budget keeps each accepted execution short; the limits are the same code at any size.
const apps = [
  createApp({ store: curatedStore(), graphiql: false, security: { costBudget: 20_000 } }),
  createApp({ store: curatedStore(), graphiql: false, security: { costBudget: 20_000, introspection: false, maxFields: 100 } }),
];
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = { operations: 4000 * scale, variables: 1500 * scale, garbage: 2500 * scale, http: 1000 * scale };
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
let realIds: string[] = [];
let runs = 0;
/** How the answers came out: executed with data, a GraphQL error in a 200, or a 4xx. */
const outcomes = { data: 0, errors: 0, refused: 0 };

beforeAll(async () => {
  const data = await query(
    apps[0],
    `{ papers(first: 5) { edges { node { id authors(first: 2) { edges { node { id } } } venue { id } } } }
    concepts(first: 5) { edges { node { id } } } topics(first: 3) { edges { node { id } } } collections { edges { node { id } } } }`,
  );
  realIds = JSON.stringify(data)
    .match(/"id":"([^"]+)"/g)!
    .map((m) => m.slice(6, -1));
});

/** Sends one request and checks the invariants; the response body, parsed. */
async function check(appIndex: number, init: RequestInit & { url?: string }): Promise<void> {
  runs++;
  const response = await apps[appIndex].fetch(init.url ?? ENDPOINT, init);
  const text = await response.text();
  const context = `${response.status} for ${String(init.body ?? init.url).slice(0, 400)}\n→ ${text.slice(0, 400)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status >= 400) outcomes.refused++;
  if (text === '') return; // a CORS preflight (204), a 405: nothing to shape
  const body = JSON.parse(text);
  if (response.status < 400) outcomes[!Array.isArray(body) && body.data ? 'data' : 'errors']++;
  for (const result of Array.isArray(body) ? body : [body]) {
    expect(typeof result === 'object' && result !== null && ('data' in result || 'errors' in result), context).toBe(true);
    for (const key of Object.keys(result)) expect(['data', 'errors', 'extensions'], context).toContain(key);
    for (const error of result.errors ?? []) {
      expect(typeof error.message, context).toBe('string');
      expect(error.message, context).not.toMatch(/Unexpected error/);
    }
  }
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

// ---- values, right and wrong, as GraphQL literals ----
const junkString = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '\u0000', '\n', '💥', 'é', '\u202e', '{', '$', '#'),
  maxLength: 12,
});
const wrongLiteral = fc.constantFrom(
  '"s"',
  '1',
  '-1',
  '1.5',
  'true',
  'null',
  'NOPE',
  '[1, "a"]',
  '{ a: 1 }',
  '""',
  '99999999999',
  '$missing',
);
const intLiteral = fc.oneof(fc.integer({ min: -3, max: 110 }), fc.constantFrom(0, 1, 100, 101, 2147483647, -2147483648)).map(String);

function literalOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  if (isNonNullType(type)) return literalOf(type.ofType, depth);
  if (isListType(type)) return fc.array(literalOf(type.ofType, depth), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);
  let right: fc.Arbitrary<string>;
  if (isEnumType(type)) right = fc.constantFrom(...type.getValues().map((v) => v.name));
  else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    right =
      depth > 2
        ? fc.constant('{}')
        : fc
            .subarray(fields, { maxLength: Math.min(3, fields.length) })
            .chain((chosen) => fc.tuple(...chosen.map((f) => literalOf(f.type, depth + 1).map((v) => `${f.name}: ${v}`))))
            .map((pairs) => `{ ${pairs.join(', ')} }`);
  } else if (type.name === 'Int') right = intLiteral;
  else if (type.name === 'Float') right = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => String(n));
  else if (type.name === 'Boolean') right = fc.boolean().map(String);
  else if (type.name === 'ID')
    right = fc.oneof(fc.constantFrom(...(realIds.length ? realIds : ['x'])), junkString).map((s) => JSON.stringify(s));
  else
    right = fc
      .oneof(fc.constantFrom('learning', 'attention', 'zeta-alpha-neurips-2020', 'contrastive-learning', '2007.14062'), junkString)
      .map((s) => JSON.stringify(s));
  return fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: wrongLiteral, weight: 1 });
}

// ---- selections built from the schema ----
type Composite = GraphQLObjectType | GraphQLInterfaceType;

function selectionOf(type: Composite, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  const parts: fc.Arbitrary<string>[] = [fc.constantFrom(...fields).chain((field) => fieldOf(field, depth)), fc.constant('__typename')];
  if (isInterfaceType(type)) {
    parts.push(
      fc
        .constantFrom(...schema.getPossibleTypes(type))
        .chain((t) => (depth > 0 ? selectionOf(t, depth - 1) : fc.constant('{ __typename }')).map((s) => `... on ${t.name} ${s}`)),
    );
  }
  return fc.array(fc.oneof(...parts), { minLength: 1, maxLength: 4 }).map((items) => `{ ${items.join(' ')} }`);
}

function fieldOf(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const args = fc
    .subarray([...field.args], { maxLength: Math.min(4, field.args.length) })
    .chain((chosen) => fc.tuple(...chosen.map((a) => literalOf(a.type).map((v) => `${a.name}: ${v}`))))
    .map((pairs) => (pairs.length ? `(${pairs.join(', ')})` : ''));
  const alias = fc.option(fc.constantFrom('a', 'b', 'twin'), { freq: 6 }).map((a) => (a ? `${a}: ` : ''));
  const sub = isLeafType(named) ? fc.constant('') : depth > 0 ? selectionOf(named as Composite, depth - 1) : fc.constant('{ __typename }');
  return fc.tuple(alias, args, sub).map(([a, ar, s]) => `${a}${field.name}${ar} ${s}`);
}

const operation = fc.integer({ min: 0, max: 3 }).chain((depth) => selectionOf(schema.getQueryType()!, depth));
const withFragment = operation.map((op) => `query Fuzz ${op.replace(/^\{/, '{ ...F ')}\nfragment F on Query { __typename }`);

describe('fuzzing through app.fetch', () => {
  it(`operations built from the schema (${RUNS.operations} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(operation, withFragment), fc.nat(1), async (text, app) => check(app, postJson({ query: text }))),
      { numRuns: RUNS.operations, seed },
    );
  });

  it(`random variables for real operations (${RUNS.variables} runs)`, async () => {
    const templates = [
      'query($id: ID!) { node(id: $id) { id ... on Paper { title } } }',
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      'query($first: Int, $after: String, $last: Int, $before: String) { papers(first: $first, after: $after, last: $last, before: $before) { totalCount edges { cursor } } }',
      'query($where: PaperWhere, $orderBy: [PaperOrder!]) { papers(first: 3, where: $where, orderBy: $orderBy) { totalCount facets { byYear { value count } } } }',
      'query($q: String!, $types: [SearchableType!], $first: Int) { search(query: $q, types: $types, first: $first) { totalCount edges { score node { id } } } }',
      'query($id: ID!, $depth: Int, $limit: Int, $edgeTypes: [EdgeType!], $direction: TraversalDirection) { neighborhood(id: $id, depth: $depth, limit: $limit, edgeTypes: $edgeTypes, direction: $direction) { truncated nodes { id } } }',
      'query($from: ID!, $to: ID!, $maxDepth: Int) { path(from: $from, to: $to, maxDepth: $maxDepth) { length } }',
      'query($id: ID!, $method: RelatedMethod, $first: Int) { relatedPapers(id: $id, method: $method, first: $first) { score paper { title } } }',
      'query($slug: String, $inc: Boolean) { concept(slug: $slug) { name timeline(includeNarrower: $inc) { year } } }',
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(...(realIds.length ? realIds : ['x'])),
      intLiteral.map(Number),
      junkString,
    );
    const variables = fc.dictionary(
      fc.constantFrom(
        'id',
        'ids',
        'first',
        'after',
        'last',
        'before',
        'where',
        'orderBy',
        'q',
        'types',
        'depth',
        'limit',
        'edgeTypes',
        'direction',
        'from',
        'to',
        'maxDepth',
        'method',
        'slug',
        'inc',
        'junk',
      ),
      value,
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...templates),
        fc.oneof(variables, fc.jsonValue({ maxDepth: 2 })),
        fc.nat(1),
        async (text, vars, app) => check(app, postJson({ query: text, variables: vars })),
      ),
      { numRuns: RUNS.variables, seed },
    );
  });

  it(`garbage documents and bodies (${RUNS.garbage} runs)`, async () => {
    const tokens = fc
      .array(
        fc.constantFrom(
          '{',
          '}',
          '(',
          ')',
          '[',
          ']',
          ':',
          '...',
          '$',
          '@',
          '!',
          '=',
          ',',
          '|',
          '#',
          'query',
          'fragment',
          'on',
          'mutation',
          'paper',
          'papers',
          'node',
          'edges',
          'first',
          '100',
          '"x"',
          'id',
          'title',
          '@include',
          'if',
          'true',
          '__schema',
          '__typename',
          'Paper',
        ),
        { maxLength: 60 },
      )
      .map((t) => t.join(' '));
    const mutated = fc
      .tuple(operation, fc.nat(), fc.constantFrom('', '{', '}', '(', '"', '\u0000', '$', '...', 'ü'))
      .map(([op, at, insert]) => {
        const i = at % (op.length + 1);
        return op.slice(0, i) + insert + op.slice(i + 1);
      });
    const document = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), tokens, mutated);
    const body = fc.oneof(
      document.map((query) => JSON.stringify({ query })),
      fc
        .record(
          {
            query: fc.oneof(document, fc.jsonValue({ maxDepth: 2 })),
            variables: fc.jsonValue({ maxDepth: 2 }),
            operationName: fc.jsonValue({ maxDepth: 1 }),
            extensions: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((b) => JSON.stringify(b)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .array(
          document.map((query) => ({ query })),
          { maxLength: 12 },
        )
        .map((b) => JSON.stringify(b)),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.nat(1), async (b, app) => check(app, postJson(b))),
      { numRuns: RUNS.garbage, seed },
    );
  });

  it(`junk HTTP: methods, content types, query strings (${RUNS.http} runs)`, async () => {
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      contentType: fc.constantFrom(
        'application/json',
        'application/graphql',
        'text/plain',
        'multipart/form-data',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        '💥',
        '',
      ),
      accept: fc.constantFrom('application/graphql-response+json', 'application/json', 'text/html', '*/*', 'image/png', ''),
      csrf: fc.boolean(),
      search: fc.oneof(
        operation.map((q) => `query=${encodeURIComponent(q)}`),
        fc.string({ maxLength: 40 }),
        fc.constant('query=%7B__typename%7D&variables=%7B'),
      ),
      body: fc.oneof(
        operation.map((query) => JSON.stringify({ query })),
        fc.string({ maxLength: 60 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, fc.nat(1), async (r, app) => {
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.accept) headers.accept = r.accept;
        if (r.csrf) headers['x-graphql-yoga-csrf'] = '1';
        const hasBody = r.method !== 'GET' && r.method !== 'OPTIONS';
        await check(app, { url: `${ENDPOINT}?${r.search}`, method: r.method, headers, body: hasBody ? r.body : undefined });
      }),
      { numRuns: RUNS.http, seed },
    );
    console.log(
      `[fuzz] ${runs} requests (${outcomes.data} answered with data, ${outcomes.errors} with GraphQL errors, ${outcomes.refused} refused with a 4xx): ` +
        'no 5xx, no unhandled rejection, every answer spec-shaped',
    );
  });
});

// urql (@urql/core 6) with its defaults against the real server: queries go out as GET (its
// default preferGetMethod 'within-url-limit'), with no CSRF header; a mutation goes out as POST
// with the key. Then the same pages through graphcache, the normalised cache, built from the
// schema the server introspects: every warning it logs is recorded, and a type it cannot key is
// a failure naming that type. Then urql's automatic persisted queries (@urql/exchange-persisted).

import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { cacheExchange as graphcacheExchange } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { readFileSync } from 'node:fs';
import {
  Kind,
  TypeInfo,
  buildClientSchema,
  isInterfaceType,
  isObjectType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_PAPER,
  BYOL,
  BYOL_ID,
  CACHE_COVERAGE,
  CONCEPT_PAGE,
  CONTRASTIVE,
  EXPLORER_STEP,
  KEYSTROKES,
  LINK_CONCEPT,
  PAPER_PAGE,
  SEARCH,
  expectConceptPage,
  expectExplorerStep,
  expectPaperPage,
  expectSearch,
  introspect,
  linkInput,
  newPaperInput,
  referenceSearch,
  startClientServer,
  type ClientServer,
} from './support.js';
import { REPO_ROOT } from '../support/datasets.js';

let server: ClientServer;
beforeAll(async () => {
  server = await startClientServer();
});
afterAll(() => server?.close());

/** One operation's data, failing on any error (network or GraphQL). */
async function run(
  client: Client,
  query: string | ReturnType<typeof gql>,
  variables: Record<string, unknown>,
  requestPolicy?: 'network-only',
): Promise<any> {
  const result = await client.query(query, variables, requestPolicy ? { requestPolicy } : undefined).toPromise();
  expect(result.error, result.error?.message).toBeUndefined();
  return result.data;
}

async function write(client: Client, query: string, variables: Record<string, unknown>): Promise<any> {
  const result = await client.mutation(query, variables).toPromise();
  expect(result.error, result.error?.message).toBeUndefined();
  return result.data;
}

describe('urql with its defaults (document cache, fetch)', () => {
  it('runs the concept page, the paper page, an explorer step and search as you type, each as a GET', async () => {
    const client = new Client({ url: server.url, exchanges: [cacheExchange, fetchExchange] });
    const before = server.requests.length;
    expectConceptPage(await run(client, CONCEPT_PAGE, { slug: CONTRASTIVE }));
    expectPaperPage(await run(client, PAPER_PAGE, { arxivId: BYOL }));
    expectExplorerStep(await run(client, EXPLORER_STEP, { id: BYOL_ID }));
    const typed = new Map<string, any>();
    for (const text of KEYSTROKES) typed.set(text, await run(client, SEARCH, { query: text }));
    expectSearch(typed, await referenceSearch(server.url));
    const sent = server.requests.slice(before, before + 3 + KEYSTROKES.length);
    expect(sent.map((r) => r.method)).toEqual(Array(3 + KEYSTROKES.length).fill('GET'));
    expect(sent.some((r) => r.csrfHeader)).toBe(false);
  });

  it('writes with a key over POST; the concept page asked again shows the new paper', async () => {
    const client = new Client({
      url: server.url,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { authorization: server.authorization } },
    });
    expectConceptPage(await run(client, CONCEPT_PAGE, { slug: CONTRASTIVE }));
    const before = server.requests.length;
    const added = await write(client, ADD_PAPER, { input: newPaperInput('urql') });
    expect(added.addPaper).toMatchObject({ __typename: 'AddPaperPayload', paper: { title: newPaperInput('urql').title, year: 2021 } });
    const linked = await write(client, LINK_CONCEPT, { input: linkInput(added.addPaper.paper.id) });
    expect(linked.linkConcept).toMatchObject({ __typename: 'LinkConceptPayload', concept: { papers: { totalCount: 10 } } });
    expect(server.requests.slice(before).map((r) => [r.method, r.authorization])).toEqual([
      ['POST', true],
      ['POST', true],
    ]);
    // urql's document cache drops the results holding a type the mutation returned (Concept).
    expectConceptPage(await run(client, CONCEPT_PAGE, { slug: CONTRASTIVE }), 10);
    expect(server.requests.at(-1)!.method).toBe('GET');
  });
});

describe('urql with graphcache (normalised cache, schema from introspection)', () => {
  /** Warnings graphcache logged, by the type it named. */
  const warnings = new Map<string, string[]>();
  const record = (severity: string, message: string) => {
    if (severity !== 'warn' && severity !== 'error') return;
    const type = /for `(\w+)`/.exec(message)?.[1] ?? /on `(\w+)`/.exec(message)?.[1] ?? '(unnamed)';
    warnings.set(type, [...(warnings.get(type) ?? []), message.split('\n')[0]]);
  };
  let client: Client;
  /** A document as graphcache's users write it: `id` asked wherever the type has one. */
  let keyed: (text: string) => DocumentNode;
  beforeAll(async () => {
    const schema = await introspect(server.url);
    keyed = withIds(buildClientSchema(schema));
    // The keys the README gives to paste: its value types, stored in their parents.
    const keys = Object.fromEntries([...documentedEmbeddedTypes()].map((type) => [type, () => null]));
    client = new Client({
      url: server.url,
      exchanges: [graphcacheExchange({ schema, keys, logger: record }), fetchExchange],
      fetchOptions: { headers: { authorization: server.authorization } },
    });
  });

  it('runs the pages and search from the cache the second time, with the answers the server gave', async () => {
    const pages: [string, Record<string, unknown>, (data: any) => void][] = [
      [CONCEPT_PAGE, { slug: CONTRASTIVE }, (d) => expectConceptPage(d, d.concept.papers.totalCount)],
      [PAPER_PAGE, { arxivId: BYOL }, expectPaperPage],
      [EXPLORER_STEP, { id: BYOL_ID }, expectExplorerStep],
    ];
    for (const [query, variables, check] of pages) check(await run(client, keyed(query), variables));
    const typed = new Map<string, any>();
    for (const text of KEYSTROKES) typed.set(text, await run(client, keyed(SEARCH), { query: text }));
    expectSearch(typed, await referenceSearch(server.url));
    // Asked again: answered from the normalised cache, nothing sent.
    const before = server.requests.length;
    for (const [query, variables, check] of pages) check(await run(client, keyed(query), variables));
    expect(server.requests.length).toBe(before);
  });

  it('runs the related papers, provenance, a collection and facets (the objects a cache must key) with real answers', async () => {
    const data = await run(client, keyed(CACHE_COVERAGE), { id: BYOL_ID, concept: CONTRASTIVE });
    expect(data.paper.provenance).toMatchObject([{ source: 'curated', recordId: 'papers#grill2020bootstrap' }]);
    expect(data.paper.related[0].paper.title).toBe('What Makes for Good Views for Contrastive Learning?');
    expect(data.paper.related[0].evidence.sharedConcepts.map((c: { name: string }) => c.name)).toContain('Contrastive learning');
    expect(data.relatedPapers.map((r: any) => r.paper.id)).toEqual(data.paper.related.map((r: any) => r.paper.id));
    expect(data.collection.entries.edges.map((e: any) => e.node.rank)).toEqual([1, 2, 3]);
    expect(data.papers.totalCount).toBeGreaterThanOrEqual(9);
    const years = data.papers.facets.timeline as { year: number; count: number }[];
    expect(years.reduce((n, b) => n + b.count, 0)).toBe(data.papers.totalCount);
  });

  it('a write updates the cached concept through its key: the page read from the cache shows the new count', async () => {
    const page = await run(client, keyed(CONCEPT_PAGE), { slug: CONTRASTIVE });
    const count = page.concept.papers.totalCount;
    const added = await client.mutation(keyed(ADD_PAPER), { input: newPaperInput('graphcache') }).toPromise();
    expect(added.error).toBeUndefined();
    const linked = await client.mutation(keyed(LINK_CONCEPT), { input: linkInput(added.data.addPaper.paper.id) }).toPromise();
    expect(linked.data.linkConcept.concept.papers.totalCount).toBe(count + 1);
    // The mutation's answer wrote Concept:<id>.papers({first: 5}).totalCount; the page reads it back.
    const before = server.requests.length;
    const cached = await client.query(keyed(CONCEPT_PAGE), { slug: CONTRASTIVE }, { requestPolicy: 'cache-only' }).toPromise();
    expect(cached.data.concept.papers.totalCount).toBe(count + 1);
    expect(server.requests.length).toBe(before);
  });

  it('logs no "missing key" or "invalid key" warning with the README\'s keys', () => {
    // Types still without a key fail here, by name (other branches add the keys); a type the
    // README documents as an embedded value (its `keys` config to paste) is configured so.
    const unkeyed = [...warnings.keys()].sort();
    expect(unkeyed, unkeyed.map((type) => warnings.get(type)![0]).join('\n')).toEqual([]);
  });
});

describe('urql with automatic persisted queries (@urql/exchange-persisted)', () => {
  it('sends the hash alone as a GET, gets PERSISTED_QUERY_NOT_FOUND, sends the document, then the hash alone is enough', async () => {
    const make = () =>
      new Client({
        url: server.url,
        exchanges: [cacheExchange, persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
      });
    const before = server.requests.length;
    expectPaperPage(await run(make(), PAPER_PAGE, { arxivId: BYOL }));
    const first = server.requests.slice(before);
    // The hash alone (GET), refused as not found; then the document with its hash.
    expect(first.length).toBe(2);
    expect(first[0].method).toBe('GET');
    expect(first[0].path).not.toMatch(/query=/);
    expect(first[1].path).toMatch(/query=/);
    // A new client (an empty document cache): the server knows the hash now, one GET suffices.
    const again = server.requests.length;
    expectPaperPage(await run(make(), PAPER_PAGE, { arxivId: BYOL }));
    expect(server.requests.slice(again).map((r) => [r.method, /query=/.test(r.path)])).toEqual([['GET', false]]);
    // gql-parsed documents hash the same way.
    expectExplorerStep(await run(make(), gql(EXPLORER_STEP), { id: BYOL_ID }));
  });
});

/**
 * The types the README's graphcache `keys` block (the one under "One consistent schema") maps to
 * `() => null`: embedded values, stored in their parent.
 */
function documentedEmbeddedTypes(): Set<string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf("// graphcache keys for papergraph's embedded values");
  expect(at, 'README.md has the graphcache keys block').toBeGreaterThan(0);
  const block = readme.slice(at, readme.indexOf('```', at));
  return new Set([...block.matchAll(/^\s*(\w+): \(\) => null,?$/gm)].map((m) => m[1]));
}

/** Adds `id` to every selection set whose type has an `id` field and does not ask for it. */
function withIds(schema: GraphQLSchema): (text: string) => DocumentNode {
  return (text) => {
    const typeInfo = new TypeInfo(schema);
    return visit(
      parse(text),
      visitWithTypeInfo(typeInfo, {
        SelectionSet(node) {
          const type = typeInfo.getParentType();
          if (!(isObjectType(type) || isInterfaceType(type)) || !type.getFields().id) return undefined;
          if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias)) return undefined;
          return { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } }, ...node.selections] };
        },
      }),
    );
  };
}

// graphql-jit (src/api/plugins/use-jit.ts, papergraph's executor) answers exactly as graphql-js
// does: every operation of the acceptance files with the variables their tests use, the bench's
// query shapes, and errors a client can cause — compared as whole response bodies. Each
// comparison also checks that the jit app did run the operation compiled.

import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import { beforeAll, expect, it } from 'vitest';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { QUERIES, QUERY_NAMES } from '../../bench/queries.js';
import { curatedStore, execute, query, type GraphQLResponse } from '../support/app.js';
import { describeWithShared, sharedPath } from '../support/datasets.js';

const FILES = ['acceptance/foundation.graphql', 'acceptance/exploration.graphql'];

describeWithShared('graphql-jit gives the same answers as graphql-js', FILES, () => {
  const js = createApp({ store: curatedStore(), graphiql: false, jit: false });
  // Compiled at the first execution (the default waits for the second), so every answer below is jit's.
  const compiled: (string | null)[] = [];
  const refused: (string | null)[] = [];
  const jit = createApp({
    store: curatedStore(), graphiql: false,
    jit: { runsBeforeCompile: 0, onCompile: (name, ok) => (ok ? compiled : refused).push(name) },
  });
  const documents = new Map<string, string>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const file of FILES) documents.set(file, readFileSync(sharedPath(file), 'utf8'));
    for (const [name, arxivId] of Object.entries({ bigBird: '2007.14062', byol: '2006.07733', gpt3: '2005.14165', goodViews: '2005.10243', transformer: '1706.03762' })) {
      ids[name] = (await query(js, 'query($a: String!) { paper(arxivId: $a) { id } }', { a: arxivId })).paper.id;
    }
  });

  /** The operation `name` of an acceptance file as a document of its own, so that jit runs it. */
  const operation = (file: string, name: string) => {
    const found = parse(documents.get(file)!).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
    if (!found) throw new Error(`${file} has no operation ${name}`);
    return print(found);
  };

  /**
   * Both answers, whole; a difference shows where they part. A document new to the jit app must
   * have been compiled for it (documents refused at validation never reach an executor).
   */
  const seen = new Set<string>();
  async function same(document: string, variables?: Record<string, unknown>, operationName?: string) {
    const before = compiled.length;
    const [a, b] = await Promise.all([execute(js, document, variables, operationName), execute(jit, document, variables, operationName)]);
    expect(b).toEqual(a);
    const key = `${operationName ?? ''}\n${document}`;
    if (!seen.has(key) && a.status === 200) {
      expect(compiled.slice(before), 'compiled for the jit app').toEqual([operationName ?? null]);
      seen.add(key);
    }
    return a;
  }

  it('foundation.graphql: every operation', async () => {
    const op = (name: string) => operation(FILES[0], name);
    for (const name of ['GuideEssentials', 'BigBirdByArxiv', 'ContrastiveLearning', 'Papers2020OnAttention', 'TransformerCitedBy', 'TransformersTopic']) {
      expect((await same(op(name))).errors).toBeUndefined();
    }
    await same(op('NodeRoundTrip'), { id: ids.transformer });
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await same(op('PapersPage'), { after });
      if (!result.data.papers.pageInfo.hasNextPage) break;
      after = result.data.papers.pageInfo.endCursor;
    }
  });

  it('exploration.graphql: every operation', async () => {
    const op = (name: string) => operation(FILES[1], name);
    await same(op('BigBirdNeighborhood'), { id: ids.bigBird });
    await same(op('BigBirdNeighborhood'), { id: ids.bigBird, limit: 3 });
    await same(op('PathByolToGpt3'), { from: ids.byol, to: ids.gpt3 });
    await same(op('RelatedToGoodViews'), { id: ids.goodViews });
    await same(op('Search'), { q: 'contrastive' });
    await same(op('Search'), { q: 'big bird transformers long sequences' });
    await same(op('InfluenceAndFacets'));
    await same(op('AttentionLineage'));
  });

  it('a document of several operations runs the one named, each compiled on its own', async () => {
    const doc = documents.get(FILES[1])!;
    const first = await same(doc, { id: ids.bigBird }, 'BigBirdNeighborhood');
    const second = await same(doc, { from: ids.byol, to: ids.gpt3 }, 'PathByolToGpt3');
    expect(Object.keys(first.data)).toEqual(['neighborhood']);
    expect(Object.keys(second.data)).toEqual(['path']);
    // The first compiled operation is not reused for another name, nor for none (an error: several operations).
    expect((await same(doc, { id: ids.bigBird }, 'BigBirdNeighborhood')).data).toEqual(first.data);
    const unnamed = await same(doc, { id: ids.bigBird });
    expect(unnamed.errors?.[0].message).toMatch(/operation/i);
    expect(refused).toEqual([]);
  });

  it('as shipped, a document runs on graphql-js first, then compiled, with the same answer', async () => {
    const names: (string | null)[] = [];
    const app = createApp({ store: curatedStore(), graphiql: false, jit: { onCompile: (name) => names.push(name) } });
    const document = QUERIES.Q2.document;
    const first = await execute(app, document, { id: ids.bigBird });
    expect(names).toEqual([]);
    const second = await execute(app, document, { id: ids.bigBird });
    expect(names).toEqual([null]); // the request names no operation
    expect(second).toEqual(first);
    expect(first.errors).toBeUndefined();
  });

  it('the bench query shapes Q0–Q7', async () => {
    const variables = { Q0: {}, Q1: { id: ids.bigBird }, Q2: { id: ids.bigBird }, Q3: { id: ids.bigBird }, Q4: { from: ids.byol, to: ids.transformer }, Q5: { id: ids.goodViews }, Q6: { q: 'contrastive learning' }, Q7: { year: 2017 } };
    for (const name of QUERY_NAMES) expect((await same(QUERIES[name].document, variables[name])).errors).toBeUndefined();
  });

  it('errors a client can cause: same messages, locations, paths and codes; a missing node is null', async () => {
    const cases: [string, Record<string, unknown>?][] = [
      ['{ paper(id: "bm90LWFuLWlk") { title } }'],
      ['query($id: ID!) { neighborhood(id: $id, depth: 9) { truncated } }', { id: ids.bigBird }],
      ['query($id: ID!) { paper(id: $id) { references(first: 1000) { totalCount } } }', { id: ids.bigBird }],
      ['query($id: ID!) { paper(id: $id) { references(first: 2, after: "bad cursor") { totalCount } } }', { id: ids.bigBird }],
      ['query($n: Int!) { papers(first: $n) { totalCount } }', { n: 'ten' }],
      ['{ paper(arxivId: "2007.14062", doi: "10.1/x") { title } }'],
      ['{ search(query: "   ") { totalCount } }'],
      ['query($id: ID!) { paper(id: $id) { title } other: paper(id: "bm90LWFuLWlk") { title } }', { id: ids.bigBird }],
    ];
    for (const [document, variables] of cases) expect((await same(document, variables)).errors).toBeDefined();
    // A well-formed id of no paper: null, no error, on both.
    expect((await same('{ paper(id: "UGFwZXI6bm9uZQ==") { title } }')).data).toEqual({ paper: null });
  });
});

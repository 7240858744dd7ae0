// graphql-jit (src/api/plugins/use-jit.ts, papergraph's executor) answers exactly as graphql-js
// does: every operation of the acceptance files with the variables their tests use, the bench's
// query shapes, and errors a client can cause — compared as whole response bodies. Each
// comparison also checks that the jit app did run the operation compiled.

import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { QUERIES, QUERY_NAMES } from '../support/queries.js';
import { acceptanceCases, acceptanceOperations, acceptancePaperIds, ACCEPTANCE_FILES } from '../support/acceptance.js';
import { curatedStore, execute } from '../support/app.js';
import { describeWithShared, sharedPath } from '../support/datasets.js';

describeWithShared('graphql-jit gives the same answers as graphql-js', ACCEPTANCE_FILES, () => {
  // No response cache: every answer below is executed, none a copy of an earlier one.
  const js = createApp({ store: curatedStore(), graphiql: false, jit: false, responseCache: false });
  // Compiled at the first execution (the default waits for the second), so every answer below is jit's.
  const compiled: (string | null)[] = [];
  const refused: (string | null)[] = [];
  const jit = createApp({
    store: curatedStore(),
    graphiql: false,
    jit: { runsBeforeCompile: 0, onCompile: (name, ok) => (ok ? compiled : refused).push(name) },
    responseCache: false,
  });
  let ids: Awaited<ReturnType<typeof acceptancePaperIds>>;
  beforeAll(async () => {
    ids = await acceptancePaperIds(js);
  });

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

  it('every acceptance operation, and every page of PapersPage', async () => {
    for (const { name, document, variables } of await acceptanceCases(js)) {
      expect((await same(document, variables)).errors, name).toBeUndefined();
    }
    const pages = acceptanceOperations().get('PapersPage')!;
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await same(pages, { after });
      if (!result.data.papers.pageInfo.hasNextPage) break;
      after = result.data.papers.pageInfo.endCursor;
    }
  });

  it('a document of several operations runs the one named, each compiled on its own', async () => {
    const doc = readFileSync(sharedPath(ACCEPTANCE_FILES[1]), 'utf8');
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
    const app = createApp({ store: curatedStore(), graphiql: false, jit: { onCompile: (name) => names.push(name) }, responseCache: false });
    const document = QUERIES.Q2.document;
    const first = await execute(app, document, { id: ids.bigBird });
    expect(names).toEqual([]);
    const second = await execute(app, document, { id: ids.bigBird });
    expect(names).toEqual([null]); // the request names no operation
    expect(second).toEqual(first);
    expect(first.errors).toBeUndefined();
  });

  it('the bench query shapes Q0–Q7', async () => {
    const variables = {
      Q0: {},
      Q1: { id: ids.bigBird },
      Q2: { id: ids.bigBird },
      Q3: { id: ids.bigBird },
      Q4: { from: ids.byol, to: ids.transformer },
      Q5: { id: ids.goodViews },
      Q6: { q: 'contrastive learning' },
      Q7: { year: 2017 },
    };
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
      ['{ search(query: "   ", first: 0) { totalCount } }'],
      // An error on one root field or one item of a list, the rest answered.
      ['query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [ids.bigBird, 'garbage', 'UGFwZXI6bm9uZQ=='] }],
      ['query($id: ID!) { papers(where: { concept: "no-such-concept" }) { totalCount } paper(id: $id) { title } }', { id: ids.bigBird }],
      ['query($id: ID!) { paper(id: $id) { title } other: paper(id: "bm90LWFuLWlk") { title } }', { id: ids.bigBird }],
    ];
    for (const [document, variables] of cases) expect((await same(document, variables)).errors).toBeDefined();
    // A well-formed id of no paper: null, no error, on both.
    expect((await same('{ paper(id: "UGFwZXI6bm9uZQ==") { title } }')).data).toEqual({ paper: null });
  });
});

// Cost honesty: exploration arguments are capped with clear errors, and a query whose computed
// cost exceeds the budget is refused before anything runs, with the cost in the message.

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { countingStore, curatedApp, curatedStore, execute, query } from '../support/app.js';

const app = curatedApp();
const bigBird = async () => (await query(app, '{ paper(arxivId: "2007.14062") { id } }')).paper.id as string;

describe('exploration caps', () => {
  const cases: [string, (id: string) => string, RegExp][] = [
    ['depth above 4', (id) => `{ neighborhood(id: "${id}", depth: 5) { truncated } }`, /"depth" must be between 0 and 4, got 5/],
    [
      'limit above 2000',
      (id) => `{ neighborhood(id: "${id}", limit: 2001) { truncated } }`,
      /"limit" must be between 1 and 2000, got 2001/,
    ],
    ['limit of zero', (id) => `{ neighborhood(id: "${id}", limit: 0) { truncated } }`, /"limit" must be between 1 and 2000, got 0/],
    [
      'path maxDepth above 10',
      (id) => `{ path(from: "${id}", to: "${id}", maxDepth: 11) { length } }`,
      /"maxDepth" must be between 1 and 10, got 11/,
    ],
    [
      'related first above 100',
      (id) => `{ relatedPapers(id: "${id}", first: 101) { score } }`,
      /"first" must be between 1 and 100, got 101/,
    ],
    [
      'a collection as a start node',
      () => '{ neighborhood(id: "Q29sbGVjdGlvbjp6ZXRhLWFscGhhLW5ldXJpcHMtMjAyMA==") { truncated } }',
      /is a Collection; exploration starts from a Paper/,
    ],
    [
      'a search of too many characters',
      () => `{ search(query: "${'a'.repeat(201)}") { totalCount } }`,
      /"query" is 201 characters; the most is 200/,
    ],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const result = await execute(app, text(await bigBird()));
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0]?.message).toMatch(message);
    });
  }

  it('a neighbourhood or path from a well-formed id of no node is null, as node(id:) is', async () => {
    const nobody = Buffer.from('Paper:no-such-paper').toString('base64');
    const result = await execute(
      app,
      `{ neighborhood(id: "${nobody}") { truncated } path(from: "${nobody}", to: "${await bigBird()}") { length } }`,
    );
    expect(result).toMatchObject({ status: 200, data: { neighborhood: null, path: null } });
    expect(result.errors).toBeUndefined();
  });

  it('a path from a node to itself has length 0', async () => {
    const id = await bigBird();
    const { path } = await query(app, `{ path(from: "${id}", to: "${id}") { length nodes { id } } }`);
    expect(path).toEqual({ length: 0, nodes: [{ id }] });
  });
});

describe('query cost', () => {
  it('refuses a nested citedBy at depth 6 with first: 100 before running it, stating cost and budget', async () => {
    const counted = countingStore(curatedStore());
    const guarded = createApp({ store: counted.store, graphiql: false });
    let selection = 'title';
    for (let i = 0; i < 6; i++) selection = `citedBy(first: 100) { edges { node { ${selection} } } }`;
    const result = await execute(guarded, `{ paper(arxivId: "1706.03762") { ${selection} } }`);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toMatch(/^Query is too expensive: its computed cost is \d+, the budget is 500000/);
    expect(Number(result.errors?.[0]?.extensions?.cost)).toBeGreaterThan(100 ** 6);
    expect(result.data?.paper ?? null).toBeNull();
    expect(counted.calls.size).toBe(0); // nothing reached the store
  });

  it('a neighbourhood costs its limit: a big limit under a wide selection is refused', async () => {
    const id = await bigBird();
    const ok = await execute(app, `{ neighborhood(id: "${id}", limit: 2000) { nodes { id } } }`);
    expect(ok.errors).toBeUndefined();
    const wide = (limit: number) =>
      `{ neighborhood(id: "${id}", limit: ${limit}) { nodes { id ... on Paper { references(first: 100) { edges { node { id title } } } } } } }`;
    const refused = await execute(app, wide(2000));
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.message).toMatch(/too expensive: its computed cost is \d+/);
    const accepted = await execute(app, wide(10));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.extensions?.cost).toEqual({ requested: expect.any(Number), budget: 500000 });
  });
});

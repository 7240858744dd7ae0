// Relay contract on the curated corpus: ids round-trip, pages are capped, bad input is a clear error.

import { describe, expect, it } from 'vitest';
import { curatedApp, execute, query } from '../support/app.js';

const app = curatedApp();

describe('global ids', () => {
  it('every node of every kind round-trips through node(id) and nodes(ids)', async () => {
    const lists = await query(
      app,
      `{
      papers(first: 100) { totalCount edges { node { id __typename } } }
      concepts(first: 100) { totalCount edges { node { id __typename } } }
      topics(first: 100) { edges { node { id __typename } } }
      venues(first: 100) { edges { node { id __typename } } }
      authors(first: 100) { totalCount edges { node { id __typename } } }
      collections(first: 100) { edges { node { id __typename } } }
    }`,
    );
    const nodes = Object.values(lists).flatMap((c: any) => c.edges.map((e: any) => e.node));
    expect(lists.papers.totalCount).toBeLessThanOrEqual(100);
    expect(nodes.length).toBeGreaterThan(150);
    const ids = nodes.map((n: any) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of nodes) expect(n.id).not.toMatch(/:/); // opaque, not "Paper:..."
    const { nodes: back } = await query(app, 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', { ids });
    expect(back).toEqual(nodes);
    const { node } = await query(app, 'query($id: ID!) { node(id: $id) { id __typename } }', { id: ids[0] });
    expect(node).toEqual(nodes[0]);
  });

  it('ids are stable: the same paper gets the same id from a fresh load', async () => {
    const first = await query(app, '{ paper(arxivId: "1706.03762") { id } }');
    const again = await query(
      curatedApp((await import('../../src/server/load-default-store.js')).loadCuratedStore()),
      '{ paper(arxivId: "1706.03762") { id } }',
    );
    expect(again.paper.id).toBe(first.paper.id);
  });

  it('lookups by slug, DOI and arXiv id with version agree with node ids', async () => {
    const data = await query(
      app,
      `{
      a: paper(arxivId: "2007.14062v2") { id title }
      b: paper(arxivId: "arXiv:2007.14062") { id }
      lstm: paper(doi: "https://doi.org/10.1162/NECO.1997.9.8.1735") { title year }
      c: concept(slug: "sparse-attention") { id name broader { slug } }
      t: topic(slug: "graphs") { name }
      v: venue(slug: "neurips-2020") { name papers(first: 1) { totalCount } }
      none: paper(arxivId: "9999.99999") { id }
    }`,
    );
    expect(data.a.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(data.b.id).toBe(data.a.id);
    expect(data.lstm).toEqual({ title: 'Long Short-Term Memory', year: 1997 });
    expect(data.c.broader.map((b: any) => b.slug)).toContain('self-attention');
    expect(data.t.name).toBe('Graphs');
    expect(data.v.papers.totalCount).toBeGreaterThanOrEqual(20);
    expect(data.none).toBeNull();
  });
});

describe('bad input gets a clear GraphQL error, never a 5xx', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown global id shape', '{ node(id: "not-an-id!") { id } }', /Invalid global ID|not an id/i],
    ['malformed global id in paper(id)', '{ paper(id: "%%%") { id } }', /Invalid global id "%%%"/],
    ['a concept id where a paper is expected', '{ paper(id: "Q29uY2VwdDphdHRlbnRpb24=") { id } }', /is a Concept, expected a Paper/],
    ['first above the cap', '{ papers(first: 1000) { totalCount } }', /"first" must be between 1 and 100, got 1000/],
    ['negative first', '{ papers(first: -1) { totalCount } }', /"first" must be between 1 and 100, got -1/],
    [
      'negative last on a nested list',
      '{ paper(arxivId: "2007.14062") { references(last: -5) { totalCount } } }',
      /"last" must be between 1 and 100, got -5/,
    ],
    ['bad cursor', '{ papers(first: 5, after: "garbage") { totalCount } }', /Invalid cursor in "after": "garbage"/],
    ['two lookup keys', '{ paper(arxivId: "2007.14062", doi: "10.1/x") { id } }', /exactly one of "id", "arxivId", "doi"/],
    ['no lookup key', '{ concept { id } }', /exactly one of "id", "slug"/],
    [
      'unknown concept in a filter',
      '{ papers(where: { concept: "no-such-concept" }) { totalCount } }',
      /Unknown concept "no-such-concept"/,
    ],
    ['wrong argument type', '{ papers(first: "ten") { totalCount } }', /Int cannot represent|"first" has invalid value "ten"/],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const result = await execute(app, text);
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(result.errors?.[0]?.message).not.toMatch(/Unexpected error/);
    });
  }

  it('an unknown id is null, not an error', async () => {
    const result = await execute(app, '{ node(id: "UGFwZXI6bm9wZQ==") { id } paper(id: "UGFwZXI6bm9wZQ==") { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null, paper: null });
  });
});

describe('paging', () => {
  it('last/before walk backwards over the same items as first/after', async () => {
    const forward = await query(app, '{ papers(first: 100) { edges { node { id } } } }');
    const all = forward.papers.edges.map((e: any) => e.node.id);
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const { papers }: any = await query(
        app,
        'query($before: String) { papers(last: 7, before: $before) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }',
        { before },
      );
      seen.unshift(...papers.edges.map((e: any) => e.node.id));
      if (!papers.pageInfo.hasPreviousPage) break;
      before = papers.pageInfo.startCursor;
    }
    expect(seen).toEqual(all);
  });

  it('a default page is 20', async () => {
    const { papers } = await query(app, '{ papers { edges { cursor } totalCount } }');
    expect(papers.edges).toHaveLength(Math.min(20, papers.totalCount));
  });
});

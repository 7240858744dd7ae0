// Nested queries batch: the store is called once per level and kind, however wide the fan-out,
// on either executor (a document runs on graphql-js first, then compiled by graphql-jit).

import { describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../src/api/yoga.js';
import { countingStore, curatedStore, query } from '../support/app.js';

describe.each([
  ['graphql-js', false],
  ['graphql-jit', { runsBeforeCompile: 0 }],
] as [string, AppOptions['jit']][])('batching through per-request loaders, on %s', (_executor, jit) => {
  const counted = countingStore(curatedStore());
  const app = createApp({ store: counted.store, graphiql: false, jit });

  it('a 3-level nested references query makes at most one store call per level and kind', async () => {
    counted.reset();
    const data = await query(
      app,
      `{
      papers(first: 12, where: { year: { eq: 2020 } }) { edges { node { title
        references(first: 10) { edges { node { title
          references(first: 10) { edges { node { title
            references(first: 10) { totalCount edges { node { title } } }
          } } }
        } } }
      } } }
    }`,
    );
    const level1 = data.papers.edges.map((e: any) => e.node);
    const level2 = level1.flatMap((p: any) => p.references.edges.map((e: any) => e.node));
    const level3 = level2.flatMap((p: any) => p.references.edges.map((e: any) => e.node));
    expect(level1).toHaveLength(12);
    expect(level2.length).toBeGreaterThan(12);
    expect(level3.length).toBeGreaterThan(5);
    // findPapers once; references once per level (3); papers loaded once for the root page and once per level.
    expect(counted.calls.get('findPapers')).toBe(1);
    expect(counted.calls.get('referencesOf')).toBeLessThanOrEqual(3);
    expect(counted.calls.get('paperStats') ?? 0).toBe(0);
    expect(counted.calls.get('nodesByIds(Paper)')).toBeLessThanOrEqual(4);
  });

  it('sibling relations of many papers batch per kind', async () => {
    counted.reset();
    await query(
      app,
      `{ papers(first: 50) { edges { node {
      venue { name } topics { name } citationCount influence
      authors(first: 3) { edges { node { name } } }
      concepts(first: 5) { edges { role node { name broader { name } } } }
      citedBy(first: 5) { totalCount pageInfo { hasNextPage } } } } } }`,
    );
    for (const method of [
      'nodesByIds(Venue)',
      'topicsOfPapers',
      'nodesByIds(Topic)',
      'paperStats',
      'authorsOfPapers',
      'nodesByIds(Author)',
      'conceptsOfPapers',
      'broaderOf',
      'citedByOf',
    ]) {
      expect([method, counted.calls.get(method)]).toEqual([method, 1]);
    }
    // Concepts at two levels: the papers' concepts, then their broader concepts.
    expect(counted.calls.get('nodesByIds(Concept)')).toBe(2);
  });

  it('different page arguments at one level are one call per distinct page', async () => {
    counted.reset();
    await query(
      app,
      `{ papers(first: 30) { edges { node {
      a: references(first: 2) { pageInfo { endCursor } } b: references(first: 3) { pageInfo { endCursor } } c: references(first: 2) { pageInfo { endCursor } } } } } }`,
    );
    expect(counted.calls.get('referencesOf')).toBe(2);
  });
});

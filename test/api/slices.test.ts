// Long store work gives way and stops: the request's clock (Deadline) as the signal of store
// calls. Answers are compared with the store's own; nothing here depends on timing.

import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/api/context.js';
import type { WorkSignal } from '../../src/store/graph-store.js';
import { curatedStore } from '../support/app.js';

/** A signal whose slice is always used up: every check gives way (one turn of the event loop). */
function alwaysDue(): WorkSignal & { waits: number } {
  const signal = { waits: 0, due: () => true, wait: () => (signal.waits++, new Promise<void>((resolve) => setImmediate(resolve))) };
  return signal;
}

const settledWithin = (promise: Promise<unknown>, turns: number) =>
  new Promise<boolean>((resolve) => {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const tick = (left: number) => (settled || left === 0 ? resolve(settled) : setImmediate(() => tick(left - 1)));
    tick(turns);
  });

describe('store calls that give way', () => {
  const queries = [
    'contrastive learning',
    'self supervised contrastive learning of visual representations',
    'learning learning learning',
    'graph neural networks attention transformers',
    'a the of and',
    'language models are few shot learners',
  ];

  it('search answers the same, scored a term at a time, as in one piece', async () => {
    const store = curatedStore();
    for (const text of queries) {
      for (const kinds of [null, ['Paper' as const], ['Concept' as const, 'Author' as const]]) {
        const [whole] = await store.search([{ text, kinds, page: { first: 100 } }]);
        const signal = alwaysDue();
        const [sliced] = await store.search([{ text, kinds, page: { first: 100 } }], { signal });
        expect(sliced.totalCount).toBe(whole.totalCount);
        expect(sliced.items.map((h) => `${h.node.kind}:${h.node.id}`)).toEqual(whole.items.map((h) => `${h.node.kind}:${h.node.id}`));
        sliced.items.forEach((h, k) => expect(h.score).toBeCloseTo(whole.items[k].score, 9));
        if (text.split(' ').length > 2) expect(signal.waits).toBeGreaterThan(0);
      }
    }
  });

  it('neighbourhoods, related papers and facets give way between queries and answer the same', async () => {
    const store = curatedStore();
    const ids = store.graph.papers.records.slice(0, 4).map((p) => p.id);
    const around = ids.map((id) => ({
      start: { kind: 'Paper' as const, id },
      depth: 2,
      limit: 50,
      edgeTypes: ['CITES', 'HAS_CONCEPT'],
      direction: 'BOTH',
    }));
    const signal = alwaysDue();
    expect(await store.neighborhoods(around as never, { signal })).toEqual(await store.neighborhoods(around as never));
    const related = ids.map((paperId) => ({ paperId, method: 'HYBRID' as const, first: 5 }));
    expect(await store.relatedPapers(related as never, { signal })).toEqual(await store.relatedPapers(related as never));
    expect(await store.paperFacets([null, { year: { gte: 2020 } }], { signal })).toEqual(
      await store.paperFacets([null, { year: { gte: 2020 } }]),
    );
    expect(signal.waits).toBeGreaterThanOrEqual(4 + 4 + 2);
  });

  it('a request past its deadline stops inside a store call: the call never answers', async () => {
    const store = curatedStore();
    const deadline = new Deadline();
    deadline.expire();
    expect(deadline.due()).toBe(true);
    const call = store.search(
      queries.map((text) => ({ text, kinds: null, page: { first: 10 } })),
      { signal: deadline },
    );
    expect(await settledWithin(call, 50)).toBe(false);
    // The same call with a live clock answers.
    expect(
      (await store.search([{ text: queries[0], kinds: null, page: { first: 10 } }], { signal: new Deadline() }))[0].totalCount,
    ).toBeGreaterThan(0);
  });
});

// The per-request loaders: what DataLoader promised (one store call per tick and kind, a cache
// per request, failures not cached), and the unbatched baseline the bench compares them with.

import { describe, expect, it } from 'vitest';
import { createContext, loadAll } from '../../src/api/context.js';
import { countingStore, curatedStore } from '../support/app.js';

describe('per-request loaders', () => {
  it('batch the loads of one tick into one store call, and cache them for the request', async () => {
    const counted = countingStore(curatedStore());
    const { loaders } = createContext(counted.store);
    const ids = curatedStore()
      .graph.papers.records.slice(0, 5)
      .map((p) => p.id);
    const [one, many, again] = await Promise.all([loaders.paper.load(ids[0]), loadAll(loaders.paper, ids), loaders.paper.load(ids[4])]);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(1);
    expect(one?.id).toBe(ids[0]);
    expect(many.map((p) => p?.id)).toEqual(ids);
    expect(again?.id).toBe(ids[4]);
    expect((await loadAll(loaders.paper, ids)).map((p) => p?.id)).toEqual(ids);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(1);
    // A new request starts with an empty cache.
    await createContext(counted.store).loaders.paper.load(ids[0]);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(2);
  });

  it('keep a batch per page for paged relations, and answer unknown keys with null', async () => {
    const counted = countingStore(curatedStore());
    const { loaders } = createContext(counted.store);
    const id = curatedStore().graph.papers.records[0].id;
    const [a, b, c, missing] = await Promise.all([
      loaders.references.load({ id, page: { first: 2 } }),
      loaders.references.load({ id, page: { first: 3 } }),
      loaders.references.load({ id, page: { first: 2 } }),
      loaders.paper.load('no-such-paper'),
    ]);
    expect(counted.calls.get('referencesOf')).toBe(2);
    expect(a).toBe(c);
    expect(b.items.length).toBeGreaterThanOrEqual(a.items.length);
    expect(missing).toBeNull();
  });

  it('do not cache a failed batch: asking again asks the store again', async () => {
    let calls = 0;
    const store = new Proxy(curatedStore(), {
      get(target, prop, receiver) {
        if (prop !== 'nodesByIds') return Reflect.get(target, prop, receiver);
        return async (kind: 'Paper', ids: readonly string[]) => {
          if (++calls === 1) throw new Error('store down');
          return target.nodesByIds(kind, ids);
        };
      },
    });
    const { loaders } = createContext(store);
    const id = curatedStore().graph.papers.records[0].id;
    await expect(Promise.all([loaders.paper.load(id), loadAll(loaders.paper, [id])])).rejects.toThrow('store down');
    expect((await loaders.paper.load(id))?.id).toBe(id);
    expect(calls).toBe(2);
  });

  it("keep DataLoader's loadMany: a failed batch gives an Error per key, and loadAll rejects with it", async () => {
    const store = new Proxy(curatedStore(), {
      get(target, prop, receiver) {
        if (prop !== 'referencesOf') return Reflect.get(target, prop, receiver);
        return async () => {
          throw new Error('store down');
        };
      },
    });
    const ids = curatedStore()
      .graph.papers.records.slice(0, 2)
      .map((p) => p.id);
    const { loaders } = createContext(store);
    const values = await loaders.references.loadMany(ids.map((id) => ({ id, page: { first: 2 } })));
    expect(values.map((v) => (v instanceof Error ? v.message : v))).toEqual(['store down', 'store down']);
    const papers = await loaders.paper.loadMany([ids[0], 'no-such-paper']);
    expect(papers.map((p) => (p instanceof Error ? p : (p?.id ?? null)))).toEqual([ids[0], null]);
    await expect(loadAll(createContext(store).loaders.references, [{ id: ids[0], page: { first: 2 } }])).rejects.toThrow('store down');
  });

  it('without batching, every load is a store call of its own and the answers are the same', async () => {
    const counted = countingStore(curatedStore());
    const { loaders } = createContext(counted.store, { batching: false });
    const ids = curatedStore()
      .graph.papers.records.slice(0, 3)
      .map((p) => p.id);
    const [one, many] = await Promise.all([loaders.paper.load(ids[0]), loadAll(loaders.paper, ids)]);
    expect(counted.calls.get('nodesByIds(Paper)')).toBe(2);
    expect(one?.id).toBe(ids[0]);
    expect(many.map((p) => p?.id)).toEqual(ids);
  });
});

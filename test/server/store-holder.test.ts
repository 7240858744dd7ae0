// The server is given its store, and the app reads it through the holder per request: a swap
// while serving sends the next requests to the new store.

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { StoreHolder } from '../../src/server/store-holder.js';
import { countingStore, curatedStore, query } from '../support/app.js';

const BIG_BIRD = '{ paper(arxivId: "2007.14062") { title } }';

describe('StoreHolder', () => {
  it('serves the store it holds, and the swapped-in one from the next request on', async () => {
    const first = countingStore(curatedStore());
    const second = countingStore(curatedStore());
    const holder = new StoreHolder(first.store);
    const app = createApp({ store: holder.current, graphiql: false });
    expect(await query(app, BIG_BIRD)).toEqual({ paper: { title: 'Big Bird: Transformers for Longer Sequences' } });
    const firstCalls = [...first.calls.values()].reduce((a, b) => a + b, 0);
    expect(firstCalls).toBeGreaterThan(0);
    expect(holder.swap(second.store)).toBe(first.store);
    expect(await query(app, BIG_BIRD)).toEqual({ paper: { title: 'Big Bird: Transformers for Longer Sequences' } });
    expect([...first.calls.values()].reduce((a, b) => a + b, 0)).toBe(firstCalls);
    expect([...second.calls.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

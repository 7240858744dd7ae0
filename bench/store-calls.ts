// Store calls per query: a 3-level fan-out-10 query (10 papers, their references, theirs) must
// make at most one store call per level and kind — counted, with and without the loaders.

import type { GraphStore } from '../src/store/graph-store.js';
import { createApp } from '../src/api/yoga.js';
import { useUnbatchedLoaders } from './servers.js';
import { countingStore } from '../test/support/counting-store.js';

export const FAN_OUT_QUERY = `query FanOut {
  papers(first: 10, where: { year: { gte: 2019 } }) { edges { node { title venue { name } concepts(first: 3) { edges { node { name } } }
    references(first: 10) { edges { node { title venue { name } concepts(first: 3) { edges { node { name } } }
      references(first: 10) { edges { node { title venue { name } concepts(first: 3) { edges { node { name } } } } } }
    } } }
  } } }
}`;
export const FAN_OUT_LEVELS = 3;

export interface StoreCallCount {
  /** Papers at each level of the answer. */
  papersPerLevel: number[];
  batched: Record<string, number>;
  unbatched: Record<string, number>;
  /** The most calls any one store method got with loaders: at most FAN_OUT_LEVELS to pass. */
  maxPerKind: number;
}

async function run(store: GraphStore, batched: boolean): Promise<{ data: any; calls: Record<string, number> }> {
  const counted = countingStore(store);
  const app = createApp({ store: counted.store, graphiql: false, plugins: batched ? [] : [useUnbatchedLoaders(counted.store)] });
  const response = await app.fetch('http://bench.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: FAN_OUT_QUERY }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`fan-out query: ${body.errors[0].message}`);
  return { data: body.data, calls: Object.fromEntries([...counted.calls].sort()) };
}

export async function countStoreCalls(store: GraphStore): Promise<StoreCallCount> {
  const withLoaders = await run(store, true);
  const without = await run(store, false);
  const level1 = withLoaders.data.papers.edges.map((e: any) => e.node);
  const level2 = level1.flatMap((p: any) => p.references.edges.map((e: any) => e.node));
  const level3 = level2.flatMap((p: any) => p.references.edges.map((e: any) => e.node));
  return {
    papersPerLevel: [level1.length, level2.length, level3.length],
    batched: withLoaders.calls,
    unbatched: without.calls,
    maxPerKind: Math.max(...Object.values(withLoaders.calls)),
  };
}

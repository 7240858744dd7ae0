// Only the in-process loader cost of `npm run bench` (Q1, Q2, Q3, Q5, Q7 on synthetic ×1, batched vs
// unbatched CPU per question), for checking a change to src/api/context.ts in a minute or two.
// Usage: npx tsx bench/loader-only.ts [--budget 1200] [--cases 16]

import { parseArgs } from 'node:util';
import { syntheticStore } from './datasets.js';
import { loaderCosts } from './loader-bench.js';
import { buildWorkload } from './workload.js';

const { values } = parseArgs({ options: { budget: { type: 'string', default: '1200' }, cases: { type: 'string', default: '16' } } });
const { store } = syntheticStore(1);
await store.search([{ text: 'index', page: { first: 1 } }]);
const workload = await buildWorkload(store, Number(values.cases));
const costs = await loaderCosts(store, workload, ['Q1', 'Q2', 'Q3', 'Q5', 'Q7'], Number(values.budget));
for (const c of costs) {
  console.log(
    `${c.query}: loader cost ${(c.cost * 100).toFixed(1)} %  (CPU p50 batched ${c.batchedCpuP50.toFixed(2)} ms, unbatched ${c.unbatchedCpuP50.toFixed(2)} ms)`,
  );
}

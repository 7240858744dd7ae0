// Wall time per unit of cost on AAN, for the hostile and normal queries of
// test/support/cost-queries.ts, run in process (no HTTP) one at a time: each query's median of
// five runs (the worst hostile ratio is what COST_UNIT_MS documents), and its first run apart.
// Run: npm run bench:cost (noisy on a loaded machine: compare runs, not single figures).

import { createApp } from '../src/api/yoga.js';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { work } from '../src/model/work.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { COST_UNIT_MS } from '../src/api/complexity.js';
import { loadAanCorpus } from '../test/support/aan.js';
import { COST_QUERIES, costAnchors, costCharged, post } from '../test/support/cost-queries.js';

const RUNS = Number(process.env.RUNS ?? 5);
const store = new MemoryStore(new KnowledgeGraph(loadAanCorpus()));
await store.prepareSearch();
// No response cache: each query is timed executing, not answered from an earlier run.
const app = createApp({ store, graphiql: false, security: { timeoutMs: 600_000 }, responseCache: false });
const anchors = await costAnchors(app);

const rows: {
  name: string;
  hostile: boolean;
  cost?: number;
  ms: number;
  cold: number;
  msPerUnit?: number;
  counts: object;
  refused?: string;
}[] = [];
for (const q of COST_QUERIES.filter((c) => !process.env.ONLY || c.name.includes(process.env.ONLY))) {
  const body = q.body(anchors);
  // The first run is timed on its own: a hostile client sends words the server has not seen.
  const coldStart = performance.now();
  await post(app, body);
  const cold = performance.now() - coldStart;
  const { result: first, counts } = await work.measure(() => post(app, body));
  const cost = costCharged(first);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await post(app, body);
    times.push(performance.now() - start);
  }
  const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const refused = cost === undefined ? JSON.stringify(first).slice(0, 160) : undefined;
  rows.push({ name: q.name, hostile: q.hostile, cost, ms, cold, msPerUnit: cost ? ms / cost : undefined, counts, refused });
}

for (const r of rows) {
  const ratio =
    r.msPerUnit === undefined
      ? `refused: ${r.refused}`
      : `${(r.msPerUnit * 1000).toFixed(2)} µs/unit (first run ${((r.cold / r.cost!) * 1000).toFixed(2)})`;
  console.log(
    `${r.hostile ? 'hostile' : 'normal '} | ${r.name}: cost ${r.cost ?? '-'}, ${r.ms.toFixed(1)} ms (first ${r.cold.toFixed(1)}), ${ratio} | ${JSON.stringify(r.counts)}`,
  );
}
const worst = Math.max(...rows.filter((r) => r.hostile && r.msPerUnit !== undefined).map((r) => r.msPerUnit!));
const worstCold = Math.max(...rows.filter((r) => r.hostile && r.cost).map((r) => r.cold / r.cost!));
console.log(
  `worst hostile: ${(worst * 1000).toFixed(2)} µs per unit of cost (documented: ${(COST_UNIT_MS * 1000).toFixed(2)} µs); at the budget of 500,000: ${((worst * 500_000) / 1000).toFixed(2)} s`,
);
console.log(
  `worst hostile first run (words never searched, orders not yet built, code not yet optimised): ${(worstCold * 1000).toFixed(2)} µs per unit`,
);

// Q3-shaped neighbourhoods over a built graph, timed in process, for the code of a checkout:
// the old shape (a fragment per type) and the explorer shape (label, degree, edge id and
// attributes), hubs damped or not. Run it alternately on a checkout of the code before a change
// and after it (README "Exploring the graph" has the figures):
//   npx tsx bench/explorer-shape.ts <checkout root> <variant> [snapshot]
// variants: q3 (Q3 as it was), q3-undamped, explorer-damped, explorer-undamped, label-only,
// degree-only, edge-id, edge-attrs. The snapshot: `npm run build:neurips` (neurips-2020.pgs).
import { resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const variant = process.argv[3] ?? 'explorer-damped';
const snapshot = process.argv[4] ?? 'neurips-2020.pgs';
const { loadSnapshotGraph } = await import(`${root}/src/ingest/snapshot-graph.ts`);
const { MemoryStore } = await import(`${root}/src/store/memory-store.ts`);
const { createApp } = await import(`${root}/src/api/yoga.ts`);
const { toGlobalId } = await import(`${root}/src/api/global-id.ts`);
const { graph, influence } = loadSnapshotGraph(snapshot);
const store = new MemoryStore(graph, { influence: influence ?? undefined });
const app = createApp({ store, graphiql: false });
const Q3 = (args: string, nodes: string, edges: string) =>
  `query Q3($id: ID!) { neighborhood(id: $id, depth: 2, limit: 500${args}) { truncated nodes { ${nodes} } edges { ${edges} } } }`;
const OLD_NODES =
  'id __typename ... on Paper { title year } ... on Concept { name } ... on Author { name } ... on Topic { name } ... on Venue { name }';
const docs: Record<string, string> = {
  q3: Q3('', OLD_NODES, 'type source target'),
  'q3-undamped': Q3(', hubDegree: null', OLD_NODES, 'type source target'),
  'explorer-damped': Q3('', 'id __typename label degree', 'id type source target role score position'),
  'label-only': Q3(', hubDegree: null', 'id __typename label', 'type source target'),
  'degree-only': Q3(', hubDegree: null', 'id degree', 'type source target'),
  'edge-id': Q3(', hubDegree: null', 'id', 'id type source target'),
  'edge-attrs': Q3(', hubDegree: null', 'id', 'type source target role score position'),
  'explorer-undamped': Q3(', hubDegree: null', 'id __typename label degree', 'id type source target role score position'),
};
const doc = docs[variant];
if (!doc) throw new Error(`unknown variant ${variant}: ${Object.keys(docs).join(', ')}`);
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const ids = Array.from({ length: 200 }, () => toGlobalId('Paper', graph.papers.idAt(Math.floor(rnd() * graph.papers.size))));
const run = async (id: string) => {
  const r = await app.fetch('http://x/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: doc, variables: { id } }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.neighborhood.nodes.length + body.data.neighborhood.edges.length;
};
for (const id of ids.slice(0, 40)) await run(id);
const ms: number[] = [];
let size = 0;
for (let pass = 0; pass < 3; pass++)
  for (const id of ids) {
    const t = performance.now();
    size += await run(id);
    ms.push(performance.now() - t);
  }
ms.sort((a, b) => a - b);
console.log(
  `${root} ${variant.padEnd(18)} p50 ${ms[ms.length >> 1].toFixed(2)} ms  p90 ${ms[Math.floor(ms.length * 0.9)].toFixed(2)} ms  mean size ${(size / ms.length).toFixed(0)}`,
);

// Search for a UI, timed: each query as the index alone scores it (the search of before: BM25 hits,
// no match classes) and as the store answers it now (rankedSearch: identifier lookup, match
// classes, completions, counts per kind), on the same index, alternating, after a warm-up.
// Usage: npx tsx bench/search-ui.ts [--snapshot neurips-2020.pgs] [--aan] [--synthetic] [--runs 30]

import { parseArgs } from 'node:util';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { readSnapshot } from '../src/ingest/snapshot.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { rankedSearch } from '../src/store/search-ranking.js';
import { aanStore, missingAan, syntheticStore } from './datasets.js';
import { median, percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string' },
    aan: { type: 'boolean', default: false },
    synthetic: { type: 'boolean', default: false },
    runs: { type: 'string', default: '30' },
  },
});
const runs = Number(values.runs);

/** Search-as-you-type and the lookups of #14, per graph (the identifiers are of papers it holds). */
const QUERIES: Record<string, string[]> = {
  'NeurIPS 2020': [
    'a',
    'at',
    'att',
    'attention',
    'contrastive learning',
    'graph neural networks',
    'learning',
    'https://arxiv.org/abs/2007.14062v2',
    '10.1162/neco.1997.9.8.1735',
  ],
  AAN: ['a', 'pa', 'par', 'parsing', 'statistical parsing', 'building a large annotated corpus of english the penn treebank', 'the'],
  'synthetic ×1': ['a', 'ne', 'net', 'network', 'learning', 'graph neural network'],
};

async function measure(name: string, store: MemoryStore, queries: string[]): Promise<void> {
  const started = performance.now();
  const index = await store.prepareSearch();
  console.log(`${name}: index built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const graph = (store as unknown as { graph: KnowledgeGraph }).graph;
  const rows: string[] = ['| query | hits | index alone, median / p95 ms | ranked now, median / p95 ms |', '|---|---|---|---|'];
  for (const q of queries) {
    const before: number[] = [];
    const after: number[] = [];
    let hits = 0;
    for (let i = 0; i < runs + 3; i++) {
      let t = performance.now();
      await index.search(q);
      const b = performance.now() - t;
      t = performance.now();
      const ranked = await rankedSearch(index, graph, q);
      const a = performance.now() - t;
      hits = ranked.hits.length;
      if (i >= 3) before.push(b), after.push(a);
    }
    const f = (xs: number[]) => `${median(xs).toFixed(2)} / ${percentile(xs, 95).toFixed(2)}`;
    rows.push(`| ${JSON.stringify(q)} | ${hits} | ${f(before)} | ${f(after)} |`);
  }
  console.log(rows.join('\n'));
}

if (values.snapshot) {
  const store = new MemoryStore(new KnowledgeGraph(readSnapshot(values.snapshot)));
  await measure('NeurIPS 2020', store, QUERIES['NeurIPS 2020']);
}
if (values.aan) {
  if (missingAan().length) console.log(`AAN: missing ${missingAan().join(', ')}`);
  else await measure('AAN', (await aanStore()).store, QUERIES.AAN);
}
if (values.synthetic) await measure('synthetic ×1', syntheticStore(1).store, QUERIES['synthetic ×1']);

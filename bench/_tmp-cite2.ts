// @ts-nocheck
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import { KnowledgeGraph } from '../src/graph/knowledge-graph.js';
import { loadAanCorpus } from '../test/support/aan.js';
import { cslItem } from '../src/ingest/export/csl.js';
const g = new KnowledgeGraph(loadAanCorpus());
const items = Array.from({ length: 3000 }, (_, i) => cslItem(g, i));
const ways = {
  cite: (it) => new Cite(structuredClone(it)).format('bibtex', { format: 'text' }),
  outputOne: (it) => plugins.output.format('bibtex', [it], { format: 'text' }),
};
for (let round = 0; round < 3; round++) {
  for (const [name, f] of Object.entries(ways)) {
    const t = performance.now();
    for (const it of items) f(it);
    console.log(round, name, ((performance.now() - t) / items.length * 1000).toFixed(1), 'µs/item');
  }
  const t = performance.now();
  plugins.output.format('bibtex', items, { format: 'text' });
  console.log(round, 'batched', ((performance.now() - t) / items.length * 1000).toFixed(1), 'µs/item');
}

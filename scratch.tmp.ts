import { MemoryStore } from './src/store/memory-store.js';
import { neuripsAbstractsGraph } from './test/support/neurips-abstracts.js';
const g = await neuripsAbstractsGraph();
const ns = new MemoryStore(g);
let t = performance.now(); await ns.prepareSearch(); console.log('neurips index', performance.now() - t);
const title = (i: string) => g.papers.get(i)!.title;
const find = (s: string) => g.papers.records.find((p) => p.title.startsWith(s) || p.aliases.some((a) => a.startsWith(s)))!.id;
for (const s of ['Bootstrap Your Own Latent', 'Unsupervised Data Augmentation', 'What Makes for Good Views', 'Hard Negative Mixing', 'Untangling', 'Big Bird', 'Retrieval-Augmented', 'Language Models are Few-Shot', 'Learning to summarize', 'Open Graph Benchmark']) {
  const id = find(s);
  t = performance.now();
  const [r] = await ns.relatedPapers([{ paperId: id, method: 'TEXT', first: 8 }]);
  console.log(`== ${id} ${title(id)} (${(performance.now() - t).toFixed(1)} ms)`);
  for (const x of r) console.log(`  ${x.score.toFixed(0)} ${x.paperId} ${title(x.paperId).slice(0, 80)} | ${x.sharedTerms.slice(0, 8).join(', ')}`);
}
const ids = Array.from({ length: 300 }, (_, i) => g.papers.idAt((i * 7919) % g.papers.size));
for (const method of ['TEXT', 'HYBRID'] as const) {
  t = performance.now();
  for (const id of ids) await ns.relatedPapers([{ paperId: id, method, first: 10 }]);
  console.log(method, 'mean ms', ((performance.now() - t) / ids.length).toFixed(2));
}

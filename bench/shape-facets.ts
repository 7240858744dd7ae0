// Facet counts of paper lists (PaperConnection.facets and the facets of every scoped list: an
// author's papers, a concept's, a paper's citers…) and paperCounts, on AAN and the synthetic graph.
// Run: npx tsx bench/shape-facets.ts (README, "One consistent schema").

import type { PaperFilter } from '../src/store/graph-store.js';
import { aanStore, syntheticStore } from './datasets.js';
async function main() {
  for (const loaded of [await aanStore(), syntheticStore()]) {
    const { store } = loaded;
    const g = store.graph;
    const top = async (kind: 'Venue' | 'Author' | 'Concept') => {
      const page = await store.findNamed(kind, [{ orderBy: [{ field: 'PAPER_COUNT', direction: 'DESC' }], page: { first: 1 } }]);
      return page[0].items[0];
    };
    const venue = await top('Venue'),
      author = await top('Author'),
      concept = await top('Concept');
    const hub = (await store.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 1 } }]))[0].items[0];
    const filters: [string, PaperFilter | null][] = [
      ['all papers', null],
      [`top venue`, { venueIds: [venue] }],
      [`top author`, { authorIds: [author] }],
      [`top concept`, { conceptIds: [concept] }],
      [`most cited paper's citers`, { citingPaperIds: [hub] }],
      ['a year', { year: { eq: 2005 } }],
    ];
    console.log(`${loaded.name}: ${g.papers.size} papers, ${g.authors.size} authors, ${g.concepts.size} concepts`);
    for (const [name, filter] of filters) {
      const runs: number[] = [];
      let total = 0;
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        const [f] = await store.paperFacets([filter]);
        runs.push(performance.now() - t);
        total = f.byYear.reduce((s, b) => s + b.count, 0);
      }
      runs.sort((a, b) => a - b);
      console.log(`  facets of ${name}: median ${runs[15].toFixed(2)} ms (${total} dated papers)`);
    }
    const ids = Array.from({ length: g.authors.size }, (_, i) => g.authors.idAt(i));
    let t = performance.now();
    await store.paperCounts('Author', ids);
    console.log(`  paperCounts of all ${ids.length} authors: ${(performance.now() - t).toFixed(2)} ms`);
  }
}
await main();

// CSL-JSON items of the graph's papers (the item itself is built in model/citation.ts).

import { neighbours } from '../../graph/csr.js';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { cslItemOf, type CslItem } from '../../model/citation.js';
import { requirePaper } from './papers.js';

export { cslItemOf, cslName, citationKey, type CslItem, type CslName } from '../../model/citation.js';

/** The CSL item of the paper at `paperIndex`, authors in order. */
export function cslItem(graph: KnowledgeGraph, paperIndex: number): CslItem {
  const venueIndex = graph.paperVenue[paperIndex];
  return cslItemOf(
    graph.papers.records[paperIndex],
    Array.from(neighbours(graph.authored.out, paperIndex), (a) => graph.authors.records[a]),
    venueIndex < 0 ? null : graph.venues.records[venueIndex],
  );
}

/** The CSL-JSON item of one paper. */
export function paperCsl(graph: KnowledgeGraph, paperId: string): CslItem {
  return cslItem(graph, requirePaper(graph, paperId));
}

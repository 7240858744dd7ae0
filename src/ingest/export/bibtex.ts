// BibTeX exports: CSL items of the papers, formatted by model/citation.ts (citation-js).

import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { bibtexOf, type CslItem } from '../../model/citation.js';
import { cslItem } from './csl.js';
import { requirePaper } from './papers.js';

/** Items per formatting call: bounds its memory on big exports and lets progress move. */
const BATCH = 500;

export function toBibtex(items: CslItem[], tick: (count: number) => void = () => {}): string {
  const parts: string[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    parts.push(bibtexOf(batch).trim());
    tick(batch.length);
  }
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

/** The BibTeX entry of one paper. */
export function paperBibtex(graph: KnowledgeGraph, paperId: string): string {
  return toBibtex([cslItem(graph, requirePaper(graph, paperId))]);
}

// BibTeX through citation-js: we build CSL items, it handles entry types and LaTeX escaping.

import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import type { KnowledgeGraph } from '../../graph/knowledge-graph.js';
import { cslItem, type CslItem } from './csl.js';
import { requirePaper } from './papers.js';

/** Items per citation-js call: bounds its memory on big exports and lets progress move. */
const BATCH = 500;

export function toBibtex(items: CslItem[], tick: (count: number) => void = () => {}): string {
  const parts: string[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    // citation-js annotates the objects it is given: hand it copies.
    parts.push(new Cite(batch.map((item) => structuredClone(item))).format('bibtex', { format: 'text' }).trim());
    tick(batch.length);
  }
  return parts.length ? `${parts.join('\n\n')}\n` : '';
}

/** The BibTeX entry of one paper, for the API's `Paper.bibtex`. */
export function paperBibtex(graph: KnowledgeGraph, paperId: string): string {
  return toBibtex([cslItem(graph, requirePaper(graph, paperId))]);
}

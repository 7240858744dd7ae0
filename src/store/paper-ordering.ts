// Filtering and ordering of paper lists for the memory store, over paper indexes.

import { degree, neighbours, type Csr } from '../graph/csr.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { NodeTable } from '../graph/node-table.js';
import { descendants } from '../graph/concepts.js';
import type { OrderBy, PaperFilter, PaperOrderField } from './graph-store.js';

type Comparator = (a: number, b: number) => number;

export class PaperOrdering {
  private titleRank: Uint32Array | null = null;

  constructor(private readonly graph: KnowledgeGraph, private readonly influence: Float64Array) {}

  /**
   * The paper indexes that pass `filter`, drawn from `candidates` (all papers when null), in
   * `orderBy` order; ties and an empty orderBy fall back to `fallback`, then to corpus order.
   */
  select(candidates: Uint32Array | null, filter: PaperFilter | null, orderBy?: OrderBy<PaperOrderField>[] | null, fallback?: Comparator): number[] {
    const keep = this.predicate(filter);
    const out: number[] = [];
    if (candidates) {
      for (const p of candidates) if (keep(p)) out.push(p);
    } else {
      for (let p = 0; p < this.graph.papers.size; p++) if (keep(p)) out.push(p);
    }
    const comparators = (orderBy ?? []).map((o) => this.comparator(o));
    if (fallback) comparators.push(fallback);
    if (comparators.length === 0) return out;
    return out.sort((a, b) => {
      for (const compare of comparators) {
        const c = compare(a, b);
        if (c !== 0) return c;
      }
      return a - b;
    });
  }

  private predicate(filter: PaperFilter | null): (p: number) => boolean {
    if (!filter) return () => true;
    const g = this.graph;
    const tests: ((p: number) => boolean)[] = [];
    const year = filter.year;
    if (year) {
      const years = year.in ? new Set(year.in) : null;
      tests.push((p) => {
        const y = g.papers.records[p].year;
        if (y === null) return false;
        return (year.eq == null || y === year.eq) && (year.gte == null || y >= year.gte)
          && (year.lte == null || y <= year.lte) && (years === null || years.has(y));
      });
    }
    if (filter.conceptIds) {
      const roots = filter.conceptIds.map((id) => g.concepts.indexOf(id)).filter((c) => c >= 0);
      const tree = filter.includeNarrower ? roots.flatMap((c) => [c, ...descendants(g, c)]) : roots;
      tests.push(membership(g.papers.size, g.hasConcept.in, tree));
    }
    if (filter.topicIds) tests.push(membership(g.papers.size, g.inTopic.in, indexesOf(g.topics, filter.topicIds)));
    if (filter.authorIds) tests.push(membership(g.papers.size, g.authored.in, indexesOf(g.authors, filter.authorIds)));
    if (filter.venueIds) {
      const venues = new Set(indexesOf(g.venues, filter.venueIds));
      tests.push((p) => venues.has(g.paperVenue[p]));
    }
    const needle = filter.titleContains?.trim().toLowerCase();
    if (needle) {
      tests.push((p) => {
        const paper = g.papers.records[p];
        return paper.title.toLowerCase().includes(needle) || paper.aliases.some((a) => a.toLowerCase().includes(needle));
      });
    }
    return (p) => tests.every((test) => test(p));
  }

  private comparator({ field, direction }: OrderBy<PaperOrderField>): Comparator {
    const sign = direction === 'DESC' ? -1 : 1;
    const g = this.graph;
    switch (field) {
      case 'YEAR': {
        // Papers without a year sort last in either direction.
        return (a, b) => {
          const ya = g.papers.records[a].year, yb = g.papers.records[b].year;
          if (ya === yb) return 0;
          if (ya === null) return 1;
          if (yb === null) return -1;
          return sign * (ya - yb);
        };
      }
      case 'TITLE': {
        const rank = this.titleRanks();
        return (a, b) => sign * (rank[a] - rank[b]);
      }
      case 'CITATION_COUNT': return (a, b) => sign * (degree(g.cites.in, a) - degree(g.cites.in, b));
      case 'REFERENCE_COUNT': return (a, b) => sign * (degree(g.cites.out, a) - degree(g.cites.out, b));
      case 'INFLUENCE': return (a, b) => sign * (this.influence[a] - this.influence[b]);
    }
  }

  /** Each paper's position in title order, computed once: localeCompare per comparison is slow. */
  private titleRanks(): Uint32Array {
    if (!this.titleRank) {
      const papers = this.graph.papers.records;
      const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
      const order = papers.map((_, i) => i).sort((a, b) => collator.compare(papers[a].title, papers[b].title));
      this.titleRank = new Uint32Array(papers.length);
      order.forEach((p, rank) => { this.titleRank![p] = rank; });
    }
    return this.titleRank;
  }
}

/** A test for "paper is linked (through `csr`, target → papers) to one of `targets`". */
function membership(paperCount: number, csr: Csr, targets: number[]): (p: number) => boolean {
  const mask = new Uint8Array(paperCount);
  for (const t of targets) for (const p of neighbours(csr, t)) mask[p] = 1;
  return (p) => mask[p] === 1;
}

function indexesOf(table: NodeTable<{ id: string }>, ids: string[]): number[] {
  return ids.map((id) => table.indexOf(id)).filter((i) => i >= 0);
}

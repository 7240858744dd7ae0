// Filtering and ordering of paper lists for the memory store, over paper indexes.

import { degree, neighbours, type Csr } from '../graph/csr.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { NodeTable } from '../graph/node-table.js';
import { descendants } from '../graph/concepts.js';
import type { FacetBucket, OrderBy, PaperFacets, PaperFilter, PaperOrderField } from './graph-store.js';
import { resolveSlice, type Page, type PageRequest } from './page.js';

type Comparator = (a: number, b: number) => number;

/** A year column for filters that scan every paper: no record is touched. */
const NO_YEAR = -2147483648;

export class PaperOrdering {
  private titleRank: Uint32Array | null = null;
  private yearColumn: Int32Array | null = null;
  private span: { min: number; max: number } | null = null;
  /** Every paper in the order of one sort key (ties by index), built on first use: lists then need no sort. */
  private readonly orders = new Map<string, Uint32Array>();

  constructor(
    private readonly graph: KnowledgeGraph,
    private readonly influence: Float64Array,
  ) {}

  /**
   * One page of `select(null, filter, orderBy)` and the size of the whole list, without ordering
   * the whole list: papers are visited in a precomputed order and only the page is kept.
   */
  selectPage(filter: PaperFilter | null, orderBy: OrderBy<PaperOrderField>[] | null | undefined, page: PageRequest): Page<number> {
    const keys = orderBy ?? [];
    // `last` and `before` count from the end: those need the whole list.
    if (keys.length > 1 || page.last != null || page.before != null) return pageOfList(this.select(null, filter, orderBy), page);
    const order = keys.length ? this.orderOf(keys[0]) : null;
    const keep = this.predicate(filter);
    const size = this.graph.papers.size;
    const start = page.after != null ? Math.max(page.after + 1, 0) : 0;
    const end = page.first != null ? start + page.first : Infinity;
    const items: number[] = [];
    let total = 0;
    for (let k = 0; k < size; k++) {
      const p = order ? order[k] : k;
      if (!keep(p)) continue;
      if (total >= start && total < end) items.push(p);
      total++;
    }
    return { items, start: Math.min(start, total), totalCount: total };
  }

  /**
   * The paper indexes that pass `filter`, drawn from `candidates` (all papers when null), in
   * `orderBy` order; ties and an empty orderBy fall back to `fallback`, then to corpus order.
   */
  select(
    candidates: Uint32Array | null,
    filter: PaperFilter | null,
    orderBy?: OrderBy<PaperOrderField>[] | null,
    fallback?: Comparator,
  ): number[] {
    const keep = this.predicate(filter);
    const out: number[] = [];
    if (!candidates && !fallback && orderBy?.length === 1) {
      for (const p of this.orderOf(orderBy[0])) if (keep(p)) out.push(p);
      return out;
    }
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

  /**
   * Facet counts over every paper that passes `filter`, in one pass over typed arrays (no list
   * of the papers, no record touched): by year (latest first), concept, topic and venue (largest first).
   */
  facets(filter: PaperFilter | null): PaperFacets {
    const g = this.graph;
    const keep = this.predicate(filter);
    const years = this.years();
    const { min: firstYear, max: lastYear } = this.yearSpan();
    const perYear = new Uint32Array(Math.max(0, lastYear - firstYear + 1));
    const concepts = new Uint32Array(g.concepts.size);
    const topics = new Uint32Array(g.topics.size);
    const venues = new Uint32Array(g.venues.size);
    const { offsets: conceptAt, targets: conceptOf } = g.hasConcept.out;
    const { offsets: topicAt, targets: topicOf } = g.inTopic.out;
    for (let p = 0; p < g.papers.size; p++) {
      if (!keep(p)) continue;
      if (years[p] !== NO_YEAR) perYear[years[p] - firstYear]++;
      for (let k = conceptAt[p]; k < conceptAt[p + 1]; k++) concepts[conceptOf[k]]++;
      for (let k = topicAt[p]; k < topicAt[p + 1]; k++) topics[topicOf[k]]++;
      if (g.paperVenue[p] >= 0) venues[g.paperVenue[p]]++;
    }
    const byYear: FacetBucket[] = [];
    for (let y = perYear.length - 1; y >= 0; y--) if (perYear[y] > 0) byYear.push({ value: String(firstYear + y), count: perYear[y] });
    return { byYear, byConcept: buckets(concepts, g.concepts), byTopic: buckets(topics, g.topics), byVenue: buckets(venues, g.venues) };
  }

  private yearSpan(): { min: number; max: number } {
    if (!this.span) {
      let min = Infinity,
        max = -Infinity;
      for (const y of this.years()) if (y !== NO_YEAR) (min = Math.min(min, y)), (max = Math.max(max, y));
      this.span = min <= max ? { min, max } : { min: 0, max: -1 };
    }
    return this.span;
  }

  /** Every paper index sorted by one key, ties by index (what `select` gives for that key alone). */
  private orderOf(key: OrderBy<PaperOrderField>): Uint32Array {
    const name = `${key.field}:${key.direction}`;
    let order = this.orders.get(name);
    if (!order) {
      const compare = this.comparator(key);
      order = Uint32Array.from({ length: this.graph.papers.size }, (_, i) => i).sort((a, b) => compare(a, b) || a - b);
      this.orders.set(name, order);
    }
    return order;
  }

  private years(): Int32Array {
    if (!this.yearColumn) {
      const yearOf = this.graph.papers.field('year');
      this.yearColumn = Int32Array.from({ length: this.graph.papers.size }, (_, p) => yearOf(p) ?? NO_YEAR);
    }
    return this.yearColumn;
  }

  private predicate(filter: PaperFilter | null): (p: number) => boolean {
    if (!filter) return () => true;
    const g = this.graph;
    const tests: ((p: number) => boolean)[] = [];
    const year = filter.year;
    if (year) {
      const column = this.years();
      const years = year.in ? new Set(year.in) : null;
      const min = Math.max(year.gte ?? -Infinity, year.eq ?? -Infinity);
      const max = Math.min(year.lte ?? Infinity, year.eq ?? Infinity);
      tests.push((p) => {
        const y = column[p];
        return y !== NO_YEAR && y >= min && y <= max && (years === null || years.has(y));
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
      const titleOf = g.papers.field('title');
      const aliasesOf = g.papers.field('aliases');
      tests.push((p) => titleOf(p).toLowerCase().includes(needle) || aliasesOf(p).some((a) => a.toLowerCase().includes(needle)));
    }
    if (tests.length === 0) return () => true;
    if (tests.length === 1) return tests[0];
    return (p) => tests.every((test) => test(p));
  }

  private comparator({ field, direction }: OrderBy<PaperOrderField>): Comparator {
    const sign = direction === 'DESC' ? -1 : 1;
    const g = this.graph;
    switch (field) {
      case 'YEAR': {
        // Papers without a year sort last in either direction.
        const years = this.years();
        return (a, b) => {
          const ya = years[a],
            yb = years[b];
          if (ya === yb) return 0;
          if (ya === NO_YEAR) return 1;
          if (yb === NO_YEAR) return -1;
          return sign * (ya - yb);
        };
      }
      case 'TITLE': {
        const rank = this.titleRanks();
        return (a, b) => sign * (rank[a] - rank[b]);
      }
      case 'CITATION_COUNT':
        return (a, b) => sign * (degree(g.cites.in, a) - degree(g.cites.in, b));
      case 'REFERENCE_COUNT':
        return (a, b) => sign * (degree(g.cites.out, a) - degree(g.cites.out, b));
      case 'INFLUENCE':
        return (a, b) => sign * (this.influence[a] - this.influence[b]);
    }
  }

  /** Each paper's position in title order, computed once: localeCompare per comparison is slow. */
  private titleRanks(): Uint32Array {
    if (!this.titleRank) {
      const size = this.graph.papers.size;
      const titleOf = this.graph.papers.field('title');
      const titles = Array.from({ length: size }, (_, p) => titleOf(p));
      const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
      const order = titles.map((_, i) => i).sort((a, b) => collator.compare(titles[a], titles[b]));
      this.titleRank = new Uint32Array(size);
      order.forEach((p, rank) => {
        this.titleRank![p] = rank;
      });
    }
    return this.titleRank;
  }
}

/** Non-zero counts as buckets, largest first, ties by id. */
function buckets(counts: Uint32Array, table: NodeTable<{ id: string }>): FacetBucket[] {
  const out: FacetBucket[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) out.push({ value: table.idAt(i), count: counts[i] });
  return out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

function pageOfList(list: number[], request: PageRequest): Page<number> {
  const { start, end } = resolveSlice(list.length, request);
  return { items: list.slice(start, end), start, totalCount: list.length };
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

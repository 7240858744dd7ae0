// Filtering and ordering of paper lists for the memory store, over paper indexes. The orders,
// title ranks and year column built on one graph version are carried to the next one and brought
// up to date there on first use in O(n) (papers whose keys changed are taken out and put back at
// their sorted places) instead of sorted again.

import { degree, neighbours, type Csr } from '../graph/csr.js';
import type { KnowledgeGraph } from '../graph/knowledge-graph.js';
import type { NodeTable } from '../graph/node-table.js';
import { descendants } from '../graph/concepts.js';
import type { FacetBucket, OrderBy, PaperFacets, PaperFilter, PaperOrderField } from './graph-store.js';
import { resolveSlice, type Page, type PageRequest } from './page.js';

type Comparator = (a: number, b: number) => number;

/** A year column for filters that scan every paper: no record is touched. */
const NO_YEAR = -2147483648;

/** How paper indexes moved from one graph version to the next, and which papers may sort elsewhere now. */
export interface PaperStep {
  /** Old index → new, -1 for a paper that left; null when every old paper kept its index (new ones are appended). */
  remap: Int32Array | null;
  /** New indexes of the papers whose sort keys may have changed: touched, added, citation counts changed. */
  dirty: Uint32Array;
}

/** A step in a chain of versions; `depth` counts versions from the first ordering of the chain. */
interface StepLink extends PaperStep {
  depth: number;
  /** Paper count after the step. */
  size: number;
  /** False when the remap reorders papers that stay (then carried orders are sorted afresh). */
  monotone: boolean;
  /** The step before, or null when nothing carried needs it. */
  prev: StepLink | null;
}

/** Something built on the version at `depth`, to bring up to date on first use. */
interface Carried<T> {
  value: T;
  depth: number;
}

/**
 * An item carried over this many versions unused is brought up to date when the next version is
 * made: the steps it waits for (remaps are n entries each) are not kept longer.
 */
const MAX_CARRIED_STEPS = 32;
/** Above this share of papers to put back (and this many), a carried order is sorted afresh. */
const MAX_DIRTY_SHARE = 0.25;
const MIN_DIRTY_RESORT = 256;

const TITLE_ORDER = 'title';
const YEARS = 'years';
const STUBS = 'stubs';

/** The predicate of a list that holds every paper (no filter, no stubs to leave out). */
const KEEP_ALL = (_p: number): boolean => true;

export class PaperOrdering {
  private titleRank: Uint32Array | null = null;
  private titleOrder: Uint32Array | null = null;
  private yearColumn: Int32Array | null = null;
  /** 1 for a stub paper (a placeholder a source made for a reference), 0 otherwise; and whether any is 1. */
  private stubColumn: Int32Array | null = null;
  private anyStub = false;
  private span: { min: number; max: number } | null = null;
  /** Every paper in the order of one sort key (ties by index), built on first use: lists then need no sort. */
  private readonly orders = new Map<string, Uint32Array>();
  /** Orders (and the title order, the year column) built on an earlier version, not yet brought up to date here. */
  private readonly carried = new Map<string, Carried<Uint32Array | Int32Array>>();
  private depth = 0;
  /** The step that made this version from the one before (null for the first of a chain). */
  private chain: StepLink | null = null;
  /** Times each kind of work ran on this ordering (derivations, sorts): what tests and the bench check. */
  readonly stats = { sorted: 0, derived: 0 };

  constructor(
    private readonly graph: KnowledgeGraph,
    private readonly influence: Float64Array,
  ) {}

  /**
   * The ordering of the next graph version, `step` away from this one. What this ordering has
   * built is carried over and brought up to date on first use; nothing is computed now unless an
   * item has waited MAX_CARRIED_STEPS versions.
   */
  next(graph: KnowledgeGraph, influence: Float64Array, step: PaperStep): PaperOrdering {
    const next = new PaperOrdering(graph, influence);
    next.depth = this.depth + 1;
    for (const [name, item] of this.carriedItems()) next.carried.set(name, item);
    const size = graph.papers.size;
    const monotone = step.remap === null || isMonotone(step.remap);
    next.chain = { ...step, size, monotone, depth: next.depth, prev: this.chain };
    for (const [name, item] of next.carried) if (next.depth - item.depth >= MAX_CARRIED_STEPS) next.bringUp(name);
    next.trimChain();
    return next;
  }

  /** This ordering over the same graph with another influence: all it built is kept but the influence orders. */
  withInfluence(influence: Float64Array): PaperOrdering {
    const next = new PaperOrdering(this.graph, influence);
    next.depth = this.depth;
    next.chain = this.chain;
    next.titleRank = this.titleRank;
    next.titleOrder = this.titleOrder;
    next.yearColumn = this.yearColumn;
    next.stubColumn = this.stubColumn;
    next.anyStub = this.anyStub;
    next.span = this.span;
    for (const [name, order] of this.orders) if (!name.startsWith('INFLUENCE:')) next.orders.set(name, order);
    for (const [name, item] of this.carried) if (!name.startsWith('INFLUENCE:')) next.carried.set(name, item);
    return next;
  }

  /** What this ordering has built or carries, as carried items for the next version. */
  private *carriedItems(): Generator<[string, Carried<Uint32Array | Int32Array>]> {
    const depth = this.depth;
    for (const [name, order] of this.orders) yield [name, { value: order, depth }];
    if (this.titleOrder) yield [TITLE_ORDER, { value: this.titleOrder, depth }];
    if (this.yearColumn) yield [YEARS, { value: this.yearColumn, depth }];
    if (this.stubColumn) yield [STUBS, { value: this.stubColumn, depth }];
    for (const [name, item] of this.carried) {
      const built =
        name === TITLE_ORDER
          ? this.titleOrder
          : name === YEARS
            ? this.yearColumn
            : name === STUBS
              ? this.stubColumn
              : this.orders.get(name);
      if (!built) yield [name, item];
    }
  }

  /** Brings a carried item up to date now. */
  private bringUp(name: string): void {
    if (name === TITLE_ORDER) this.titleOrderOf();
    else if (name === YEARS) this.years();
    else if (name === STUBS) this.stubs();
    else {
      const [field, direction] = name.split(':') as [PaperOrderField, 'ASC' | 'DESC'];
      this.orderOf({ field, direction });
    }
  }

  /**
   * Keeps only the steps something carried still needs: links are shared with older orderings,
   * so the needed ones (at most MAX_CARRIED_STEPS) are copied rather than cut.
   */
  private trimChain(): void {
    let oldest = this.depth;
    for (const item of this.carried.values()) oldest = Math.min(oldest, item.depth);
    const needed: StepLink[] = [];
    for (let link = this.chain; link && link.depth > oldest; link = link.prev) needed.push(link);
    let prev: StepLink | null = null;
    for (let k = needed.length - 1; k >= 0; k--) prev = { ...needed[k], prev };
    this.chain = prev;
  }

  /** The steps from the version at `depth` to this one, oldest first; null when a step is missing. */
  private stepsSince(depth: number): StepLink[] | null {
    const steps: StepLink[] = [];
    let link = this.chain;
    while (link && link.depth > depth) {
      steps.push(link);
      link = link.prev;
    }
    if (steps.length !== this.depth - depth) return null;
    return steps.reverse();
  }

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
    if (keep === KEEP_ALL) {
      // Every paper is in the list: the page is a slice of the order, the total the graph's size
      // (no walk over every paper per request, as a root list of a graph without stubs asks).
      const items: number[] = [];
      for (let k = Math.min(start, size); k < Math.min(end, size); k++) items.push(order ? order[k] : k);
      return { items, start: Math.min(start, size), totalCount: size };
    }
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
    const scope = this.scopeOf(filter);
    const end = scope ? scope.length : g.papers.size;
    for (let k = 0; k < end; k++) {
      const p = scope ? scope[k] : k;
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

  /**
   * The papers a filter's scope admits, each once, when the filter names one (a concept, an
   * author, a venue, a paper's references…): facets then visit the list's papers, not the whole
   * graph (see README, "One consistent schema"). Null: every paper.
   */
  private scopeOf(filter: PaperFilter | null): number[] | null {
    if (!filter) return null;
    const g = this.graph;
    let lists: { csr: Csr; from: number[] } | null = null;
    if (filter.authorIds) lists = { csr: g.authored.in, from: indexesOf(g.authors, filter.authorIds) };
    else if (filter.citedByPaperIds) lists = { csr: g.cites.out, from: indexesOf(g.papers, filter.citedByPaperIds) };
    else if (filter.citingPaperIds) lists = { csr: g.cites.in, from: indexesOf(g.papers, filter.citingPaperIds) };
    else if (filter.conceptIds) {
      const roots = filter.conceptIds.map((id) => g.concepts.indexOf(id)).filter((c) => c >= 0);
      lists = { csr: g.hasConcept.in, from: filter.includeNarrower ? roots.flatMap((c) => [c, ...descendants(g, c)]) : roots };
    } else if (filter.topicIds) lists = { csr: g.inTopic.in, from: indexesOf(g.topics, filter.topicIds) };
    else if (filter.collectionIds)
      return [
        ...new Set(
          indexesOf(g.collections, filter.collectionIds).flatMap((c) =>
            g.collections
              .at(c)
              .entries.map((e) => g.papers.indexOf(e.paperId))
              .filter((p) => p >= 0),
          ),
        ),
      ];
    if (!lists) return null; // venues and years: the scan is as good
    // A scope of more than an eighth of the graph: the plain scan is as fast (no list to build).
    let size = 0;
    for (const t of lists.from) size += degree(lists.csr, t);
    if (size > g.papers.size / 8) return null;
    const seen = new Uint8Array(g.papers.size);
    const out: number[] = [];
    for (const t of lists.from) for (const p of neighbours(lists.csr, t)) if (!seen[p]) (seen[p] = 1), out.push(p);
    return out;
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
      order = this.sortedBy(name, (a, b) => compare(a, b) || a - b);
      this.orders.set(name, order);
    }
    return order;
  }

  /** Every paper index in `compare` order (a total order): the carried order brought up to date, or a sort. */
  private sortedBy(name: string, compare: Comparator): Uint32Array {
    const carried = this.carried.get(name);
    this.carried.delete(name);
    if (carried) {
      const order = this.updatedOrder(carried as Carried<Uint32Array>, compare);
      if (order) {
        this.stats.derived++;
        return order;
      }
    }
    this.stats.sorted++;
    return Uint32Array.from({ length: this.graph.papers.size }, (_, i) => i).sort(compare);
  }

  /**
   * A carried order brought up to date: the papers that stay and kept their keys are in the same
   * order still (their indexes keep their order too), so only the others are sorted and each is
   * put back at its place by binary search. O(n) copying plus O(d log n) comparisons for d papers
   * put back; null when sorting afresh is as good (too many to put back, a reordering remap).
   */
  private updatedOrder(carried: Carried<Uint32Array>, compare: Comparator): Uint32Array | null {
    const steps = this.stepsSince(carried.depth);
    if (!steps || steps.some((s) => !s.monotone)) return null;
    const size = this.graph.papers.size;
    let capacity = Math.max(size, carried.value.length);
    for (const step of steps) capacity = Math.max(capacity, step.size);
    let list: Uint32Array = carried.value;
    let dirty: Uint8Array = new Uint8Array(capacity);
    for (const step of steps) {
      if (step.remap) {
        const moved = new Uint32Array(list.length);
        let k = 0;
        for (let i = 0; i < list.length; i++) {
          const j = step.remap[list[i]];
          if (j >= 0) moved[k++] = j;
        }
        list = moved.subarray(0, k);
        dirty = remapMask(dirty, step.remap, capacity);
      }
      for (const d of step.dirty) dirty[d] = 1;
    }
    // Papers that stay put, in order; every other paper (dirty, or new) is put back.
    const kept = new Uint32Array(list.length);
    const placed = new Uint8Array(size);
    let keptCount = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (p >= size) return null;
      if (dirty[p]) continue;
      kept[keptCount++] = p;
      placed[p] = 1;
    }
    const back: number[] = [];
    for (let p = 0; p < size; p++) if (!placed[p]) back.push(p);
    if (back.length > Math.max(MIN_DIRTY_RESORT, size * MAX_DIRTY_SHARE)) return null;
    back.sort(compare);
    const out = new Uint32Array(size);
    let o = 0,
      from = 0;
    for (const p of back) {
      // The first kept paper after p.
      let lo = from,
        hi = keptCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(kept[mid], p) < 0) lo = mid + 1;
        else hi = mid;
      }
      out.set(kept.subarray(from, lo), o);
      o += lo - from;
      out[o++] = p;
      from = lo;
    }
    out.set(kept.subarray(from, keptCount), o);
    return o + keptCount - from === size ? out : null;
  }

  private years(): Int32Array {
    if (!this.yearColumn) {
      const yearOf = this.graph.papers.field('year');
      const carried = this.carried.get(YEARS) as Carried<Int32Array> | undefined;
      this.carried.delete(YEARS);
      const column = carried && this.updatedColumn(carried);
      if (column) {
        // Only papers added or touched since are read.
        for (let p = 0; p < column.values.length; p++) if (!column.known[p]) column.values[p] = yearOf(p) ?? NO_YEAR;
        this.yearColumn = column.values;
      } else this.yearColumn = Int32Array.from({ length: this.graph.papers.size }, (_, p) => yearOf(p) ?? NO_YEAR);
    }
    return this.yearColumn;
  }

  /**
   * Which papers are stubs (1) — null when none is, the common case, so that filters skip the test.
   * Carried from version to version like the year column: only papers added or touched are read.
   */
  stubs(): Int32Array | null {
    if (!this.stubColumn) {
      const stubOf = this.graph.papers.field('stub') as (p: number) => boolean | undefined;
      const carried = this.carried.get(STUBS) as Carried<Int32Array> | undefined;
      this.carried.delete(STUBS);
      const column = carried && this.updatedColumn(carried);
      if (column) {
        for (let p = 0; p < column.values.length; p++) if (!column.known[p]) column.values[p] = stubOf(p) ? 1 : 0;
        this.stubColumn = column.values;
      } else this.stubColumn = Int32Array.from({ length: this.graph.papers.size }, (_, p) => (stubOf(p) ? 1 : 0));
      this.anyStub = this.stubColumn.includes(1);
    }
    return this.anyStub ? this.stubColumn : null;
  }

  /** A carried column moved to this version's indexes; `known` is 0 where the value must be read again. */
  private updatedColumn(carried: Carried<Int32Array>): { values: Int32Array; known: Uint8Array } | null {
    const steps = this.stepsSince(carried.depth);
    if (!steps) return null;
    let values: Int32Array = carried.value;
    let known: Uint8Array = new Uint8Array(values.length).fill(1);
    for (const step of steps) {
      if (step.remap) {
        const movedValues = new Int32Array(step.size);
        const movedKnown = new Uint8Array(step.size);
        for (let i = 0; i < step.remap.length; i++) {
          const j = step.remap[i];
          if (j >= 0 && i < values.length) (movedValues[j] = values[i]), (movedKnown[j] = known[i]);
        }
        (values = movedValues), (known = movedKnown);
      } else if (step.size !== values.length) {
        const grown = new Int32Array(step.size);
        grown.set(values.subarray(0, Math.min(values.length, step.size)));
        const grownKnown = new Uint8Array(step.size);
        grownKnown.set(known.subarray(0, Math.min(known.length, step.size)));
        (values = grown), (known = grownKnown);
      } else if (values === carried.value) values = values.slice();
      for (const d of step.dirty) known[d] = 0;
    }
    if (values.length !== this.graph.papers.size) return null;
    if (values === carried.value) values = values.slice();
    return { values, known };
  }

  private predicate(filter: PaperFilter | null): (p: number) => boolean {
    // Stubs are left out of every list unless the filter asks for them.
    const stubs = filter?.includeStubs ? null : this.stubs();
    if (!filter) return stubs ? (p) => stubs[p] === 0 : KEEP_ALL;
    const g = this.graph;
    const tests: ((p: number) => boolean)[] = [];
    if (stubs) tests.push((p) => stubs[p] === 0);
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
    // A paper's references and citers (its `references`/`citedBy` lists), a collection's entries.
    if (filter.citedByPaperIds) tests.push(membership(g.papers.size, g.cites.out, indexesOf(g.papers, filter.citedByPaperIds)));
    if (filter.citingPaperIds) tests.push(membership(g.papers.size, g.cites.in, indexesOf(g.papers, filter.citingPaperIds)));
    if (filter.collectionIds) {
      const entries = new Uint8Array(g.papers.size);
      for (const c of indexesOf(g.collections, filter.collectionIds))
        for (const entry of g.collections.at(c).entries) {
          const p = g.papers.indexOf(entry.paperId);
          if (p >= 0) entries[p] = 1;
        }
      tests.push((p) => entries[p] === 1);
    }
    const needle = filter.titleContains?.trim().toLowerCase();
    if (needle) {
      const titleOf = g.papers.field('title');
      const aliasesOf = g.papers.field('aliases');
      tests.push((p) => titleOf(p).toLowerCase().includes(needle) || aliasesOf(p).some((a) => a.toLowerCase().includes(needle)));
    }
    if (tests.length === 0) return KEEP_ALL;
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
      case 'CITATION_COUNT': {
        const count = this.citationCounter(g.cites.in);
        return (a, b) => sign * (count(a) - count(b));
      }
      case 'REFERENCE_COUNT': {
        const count = this.citationCounter(g.cites.out);
        return (a, b) => sign * (count(a) - count(b));
      }
      case 'INFLUENCE':
        return (a, b) => sign * (this.influence[a] - this.influence[b]);
    }
  }

  /** A paper's citations (or references) as the API counts them: stub papers left out, when the graph has any. */
  private citationCounter(csr: Csr): (p: number) => number {
    const stubs = this.stubs();
    if (!stubs) return (p) => degree(csr, p);
    return (p) => {
      let n = 0;
      for (const q of neighbours(csr, p)) n += 1 - stubs[q];
      return n;
    };
  }

  /** Each paper's position in title order, computed once: localeCompare per comparison is slow. */
  private titleRanks(): Uint32Array {
    if (!this.titleRank) {
      const order = this.titleOrderOf();
      this.titleRank = new Uint32Array(order.length);
      for (let rank = 0; rank < order.length; rank++) this.titleRank[order[rank]] = rank;
    }
    return this.titleRank;
  }

  /** Every paper by title (collation ties by index). */
  private titleOrderOf(): Uint32Array {
    if (!this.titleOrder) {
      const titleOf = this.graph.papers.field('title');
      const carried = this.carried.has(TITLE_ORDER);
      // A fresh sort reads every title once; putting a few papers back reads only the ones compared.
      const titles = carried ? null : Array.from({ length: this.graph.papers.size }, (_, p) => titleOf(p));
      const title = titles ? (p: number) => titles[p] : titleOf;
      this.titleOrder = this.sortedBy(TITLE_ORDER, (a, b) => COLLATOR.compare(title(a), title(b)) || a - b);
    }
    return this.titleOrder;
  }
}

const COLLATOR = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** True when the papers that stay keep their relative order. */
function isMonotone(remap: Int32Array): boolean {
  let last = -1;
  for (let i = 0; i < remap.length; i++) {
    const j = remap[i];
    if (j < 0) continue;
    if (j <= last) return false;
    last = j;
  }
  return true;
}

/** A mask over old indexes moved to new ones (entries of papers that left are dropped). */
function remapMask(mask: Uint8Array, remap: Int32Array, capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  for (let i = 0; i < remap.length; i++) if (mask[i] && remap[i] >= 0) out[remap[i]] = 1;
  return out;
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

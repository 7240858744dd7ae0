// The default GraphStore: answers every batch from the in-memory KnowledgeGraph. A store is made
// fresh for a graph as loaded, or from the store of the version before (`next`), carrying its
// influence, orderings and search index over instead of computing them again.

import { NODE_KIND, type Authorship, type Citation, type Concept, type NodeRecord, type Paper, type PaperConcept } from '../model/index.js';
import { degree, edgeIdsOf, neighbours, type Csr } from '../graph/csr.js';
import { KnowledgeGraph, normalizeArxivId, normalizeDoi } from '../graph/knowledge-graph.js';
import { nodeSpaceOf } from '../graph/hetero.js';
import { AuthorSlugs, type AuthorSlugView } from '../graph/author-slugs.js';
import type { NodeTable } from '../graph/node-table.js';
import { descendants } from '../graph/concepts.js';
import { fieldOf } from '../graph/rows.js';
import { pageRank } from '../graph/pagerank.js';
import type { GraphVersion } from '../graph/graph-changes.js';
import { pageOf, type Page, type PageRequest } from './page.js';
import { PaperOrdering } from './paper-ordering.js';
import { MemoryExploration } from './memory-exploration.js';
import type { SearchIndex } from './search-index.js';
import { HYBRID_TEXT_CANDIDATES, textRelated } from './text-related.js';
import { conceptCountChanged, SearchVersions, searchUpdate } from './search-versions.js';
import { rankedSearch } from './search-ranking.js';
import type {
  CitationLink,
  ConceptCount,
  GraphStore,
  NamedKind,
  NamedQuery,
  DegreeQuery,
  NeighborhoodQuery,
  NodeKind,
  PaperFacets,
  PaperFilter,
  PaperQuery,
  PaperStats,
  PathQuery,
  RelatedQuery,
  RelatedResult,
  SearchPage,
  SearchQuery,
  SluggedKind,
  CallOptions,
  StubOptions,
  WorkSignal,
} from './graph-store.js';

/** When the influence (PageRank) a store orders by was computed, and the change seq its graph held then. */
export interface InfluenceComputed {
  at: string;
  seq: number;
}

export interface MemoryStoreOptions {
  /** The PageRank a snapshot stored for this graph, used when it fits; computed otherwise. */
  influence?: Float64Array | null;
  /** When the given influence was computed (default: now, at `seq`). */
  influenceComputed?: InfluenceComputed | null;
  /** The seq of the last change the graph holds (0: the graph as loaded, before any change). */
  seq?: number;
}

/** A version of the graph as the curation layer describes it (store/curation's StoreVersion). */
export interface StoreVersionInput {
  graph: KnowledgeGraph;
  seq: number;
  influence: Float64Array;
  influenceComputed: InfluenceComputed;
  /** How `graph` came from the previous version's graph; null for a graph built whole. */
  delta: GraphVersion | null;
}

/** What a store made from another one takes over (see MemoryStore.next). */
interface Carried {
  ordering: PaperOrdering;
  search: SearchVersions;
  exploration?: MemoryExploration;
  authorSlugs: AuthorSlugs;
}

export class MemoryStore implements GraphStore {
  /** PageRank of every paper: computed for a fresh graph, carried over to later versions (0 for papers added since). */
  readonly influence: Float64Array;
  /** When `influence` was computed, and the seq of the graph it was computed on. */
  readonly influenceComputed: InfluenceComputed;
  /** The seq of the last change this graph holds. */
  readonly seq: number;
  private readonly ordering: PaperOrdering;
  private readonly exploration: MemoryExploration;
  /** The search index shared by every version of this store's lineage. */
  readonly searchVersions: SearchVersions;
  /** Author slugs, shared by the versions of this store's lineage (graph/author-slugs.ts). */
  private readonly authorSlugIndex: AuthorSlugs;
  private authorSlugView: AuthorSlugView | null = null;
  /** Built on the first search or by prepareSearch(), in the background: start-up does not wait for it. */
  private searchIndex: Promise<SearchIndex> | null = null;

  /** `carried` is for next() and withInfluence(): a fresh load passes only the graph and options. */
  constructor(
    readonly graph: KnowledgeGraph,
    options: MemoryStoreOptions = {},
    carried?: Carried,
  ) {
    const stored = options.influence;
    const fits = stored && stored.length === graph.papers.size;
    this.seq = options.seq ?? 0;
    this.influence = fits ? stored : pageRank(graph);
    this.influenceComputed = (fits && options.influenceComputed) || { at: new Date().toISOString(), seq: this.seq };
    this.ordering = carried?.ordering ?? new PaperOrdering(graph, this.influence);
    this.exploration = carried?.exploration ?? new MemoryExploration(graph);
    this.searchVersions = carried?.search ?? new SearchVersions(graph, this.seq);
    this.authorSlugIndex = carried?.authorSlugs ?? new AuthorSlugs();
    this.searchVersions.register(this, this.seq);
  }

  /**
   * The store of the next graph version, made from this one in time proportional to what the
   * change touched: influence is carried over (remapped; papers added get 0), orders built here
   * are brought up to date on first use, the search index is shared (the version's documents are
   * added to it when it first searches), exploration structures are built on first use. Every
   * answer is that of a store built afresh on `version.graph` with the carried influence.
   * `seq`: the seq of the last change the version holds.
   */
  next(version: GraphVersion, seq: number = this.seq + 1): MemoryStore {
    if (seq <= this.seq) throw new RangeError(`version seq ${seq} is not after this store's (${this.seq})`);
    const before = this.graph,
      after = version.graph;
    const influence = carriedInfluence(this.influence, version.paperRemap, after.papers.size);
    const sortKeys = new Uint8Array(after.papers.size);
    for (const p of version.touchedPapers) sortKeys[p] = 1;
    const documents = sortKeys.slice();
    // Citation counts also change for papers a change did not target (the cited papers of a retracted one).
    degreeChanged(before.cites.in, after.cites.in, version.paperRemap, sortKeys);
    degreeChanged(before.cites.out, after.cites.out, version.paperRemap, sortKeys);
    conceptCountChanged(before, after, version.paperRemap, documents);
    const ordering = this.ordering.next(after, influence, { remap: version.paperRemap, dirty: indexesOf(sortKeys) });
    this.searchVersions.record(searchUpdate(before, version, seq, documents));
    return new MemoryStore(
      after,
      { influence, influenceComputed: this.influenceComputed, seq },
      { ordering, search: this.searchVersions, authorSlugs: this.authorSlugIndex },
    );
  }

  /**
   * The store of a version, made from the previous version's store when it can be: by next()
   * when `version.delta` leads from its graph, by withInfluence() for the same graph with a new
   * influence (compaction); built afresh otherwise (start-up, replay). Fits the curation layer's
   * MakeStore.
   */
  static forVersion(version: StoreVersionInput, previous: unknown): MemoryStore {
    if (previous instanceof MemoryStore) {
      if (version.delta && version.delta.graph === version.graph && version.seq > previous.seq)
        return previous.next(version.delta, version.seq);
      if (version.graph === previous.graph && version.influence.length === version.graph.papers.size) {
        const same =
          version.influence === previous.influence &&
          version.influenceComputed.seq === previous.influenceComputed.seq &&
          version.influenceComputed.at === previous.influenceComputed.at;
        return same && version.seq === previous.seq
          ? previous
          : previous.withInfluence(version.influence, version.influenceComputed, version.seq);
      }
    }
    return new MemoryStore(version.graph, { influence: version.influence, influenceComputed: version.influenceComputed, seq: version.seq });
  }

  /** This version with another influence (a PageRank computed at compaction): everything else is kept. */
  withInfluence(influence: Float64Array, computed: InfluenceComputed, seq = this.seq): MemoryStore {
    if (influence.length !== this.graph.papers.size) {
      throw new RangeError(`influence of ${influence.length} papers for a graph of ${this.graph.papers.size}`);
    }
    return new MemoryStore(
      this.graph,
      { influence, influenceComputed: computed, seq },
      {
        ordering: this.ordering.withInfluence(influence),
        search: this.searchVersions,
        exploration: this.exploration,
        authorSlugs: this.authorSlugIndex,
      },
    );
  }

  /** Counts of the work the paper orderings did (orders brought up to date, orders sorted afresh). */
  get orderingStats(): { sorted: number; derived: number } {
    return this.ordering.stats;
  }

  async nodesByIds<K extends NodeKind>(kind: K, ids: readonly string[]): Promise<(NodeRecord<K> | null)[]> {
    return recordsOf(this.graph[NODE_KIND[kind].collection] as NodeTable<NodeRecord<K>>, ids);
  }

  async paperIdsByArxivIds(arxivIds: readonly string[]) {
    return arxivIds.map((a) => this.paperIdAt(this.graph.byArxivId.get(normalizeArxivId(a))));
  }

  async paperIdsByDois(dois: readonly string[]) {
    return dois.map((d) => this.paperIdAt(this.graph.byDoi.get(normalizeDoi(d))));
  }

  /**
   * Slugs are case-insensitive: every slug the graph holds is lowercase (slugify, the curated
   * format and the curation's commands make them so), and the slug asked for is lowercased.
   */
  async idsBySlugs(kind: SluggedKind, slugs: readonly string[]) {
    const table = this.tableOf(kind);
    const indexOfSlug = kind === 'Author' ? this.authorSlugsOfGraph().indexOfSlug : (slug: string) => table.indexOfSlug(slug);
    return slugs.map((slug) => {
      const i = indexOfSlug(slug.trim().toLowerCase());
      return i < 0 ? null : table.idAt(i);
    });
  }

  async authorSlugs(authorIds: readonly string[]) {
    const authors = this.graph.authors;
    const view = this.authorSlugsOfGraph();
    return authorIds.map((id) => {
      const i = authors.indexOf(id);
      return i < 0 ? null : view.slugAt(i);
    });
  }

  /** This version's author slugs, derived on first use. */
  private authorSlugsOfGraph(): AuthorSlugView {
    return (this.authorSlugView ??= this.authorSlugIndex.of(this.graph.authors));
  }

  async paperStats(paperIds: readonly string[]): Promise<(PaperStats | null)[]> {
    const { cites } = this.graph;
    const stubs = this.ordering.stubs();
    const stubsAmong = (others: Uint32Array) => {
      let n = 0;
      if (stubs) for (const q of others) n += stubs[q];
      return n;
    };
    return paperIds.map((id) => {
      const p = this.graph.papers.indexOf(id);
      if (p < 0) return null;
      const stubReferenceCount = stubsAmong(neighbours(cites.out, p));
      const stubCitationCount = stubsAmong(neighbours(cites.in, p));
      return {
        referenceCount: degree(cites.out, p) - stubReferenceCount,
        citationCount: degree(cites.in, p) - stubCitationCount,
        stubReferenceCount,
        stubCitationCount,
        influence: this.influence[p],
      };
    });
  }

  async referencesOf(paperIds: readonly string[], page: PageRequest, options?: StubOptions) {
    return paperIds.map((id) => this.citationPage(id, page, 'references', options?.includeStubs ?? false));
  }

  async citedByOf(paperIds: readonly string[], page: PageRequest, options?: StubOptions) {
    return paperIds.map((id) => this.citationPage(id, page, 'citedBy', options?.includeStubs ?? false));
  }

  async conceptsOfPapers(paperIds: readonly string[], page: PageRequest): Promise<Page<PaperConcept>[]> {
    const { hasConcept, paperConcepts } = this.graph;
    return paperIds.map((id) => {
      const edges = this.edgesOf(hasConcept.out, this.graph.papers.indexOf(id), (e) => paperConcepts.at(e)!);
      return pageOf(
        edges.sort((a, b) => b.score - a.score),
        page,
      );
    });
  }

  async authorsOfPapers(paperIds: readonly string[], page: PageRequest): Promise<Page<Authorship>[]> {
    const { authored, authorships } = this.graph;
    return paperIds.map((id) =>
      pageOf(
        this.edgesOf(authored.out, this.graph.papers.indexOf(id), (e) => authorships.at(e)!),
        page,
      ),
    );
  }

  async topicsOfPapers(paperIds: readonly string[]) {
    const { inTopic, topics } = this.graph;
    return paperIds.map((id) => {
      const p = this.graph.papers.indexOf(id);
      return p < 0 ? [] : Array.from(neighbours(inTopic.out, p), (t) => topics.idAt(t));
    });
  }

  async papersOfConcepts(conceptIds: readonly string[], query: PaperQuery): Promise<Page<PaperConcept>[]> {
    const { hasConcept, paperConcepts } = this.graph;
    return conceptIds.map((id) => {
      const c = this.graph.concepts.indexOf(id);
      if (c < 0) return pageOf([], query.page);
      const tree = query.filter?.includeNarrower ? [c, ...descendants(this.graph, c)] : [c];
      // Each paper once, by its strongest edge to any concept of the tree (paper → edge id);
      // records are built for the page only.
      const scoreOf = fieldOf(paperConcepts, 'score');
      const best = new Map<number, number>();
      for (const concept of tree) {
        const papers = neighbours(hasConcept.in, concept);
        const edges = edgeIdsOf(hasConcept.in, concept);
        for (let k = 0; k < papers.length; k++) {
          const seen = best.get(papers[k]);
          if (seen === undefined || scoreOf(edges[k]) > scoreOf(seen)) best.set(papers[k], edges[k]);
        }
      }
      const candidates = Uint32Array.from(best.keys());
      // Default order: by edge score, strongest first.
      const byScore = (x: number, y: number) => scoreOf(best.get(y)!) - scoreOf(best.get(x)!) || x - y;
      const ordered = this.ordering.select(candidates, { ...query.filter, conceptIds: null }, query.orderBy, byScore);
      const page = pageOf(ordered, query.page);
      return { ...page, items: page.items.map((p) => paperConcepts.at(best.get(p)!)!) };
    });
  }

  async papersOfAuthors(authorIds: readonly string[], page: PageRequest): Promise<Page<Authorship>[]> {
    const { authored, authorships } = this.graph;
    return authorIds.map((id) => {
      // Newest first (what a profile page shows); records are built for the page only.
      const yearOf = this.graph.papers.field('year');
      const year = (p: number) => yearOf(p) ?? -Infinity;
      const byPaper = this.edgesOf(authored.in, this.graph.authors.indexOf(id), (edge, paper) => ({ edge, paper }));
      const ids = pageOf(
        byPaper.sort((a, b) => year(b.paper) - year(a.paper)),
        page,
      );
      return { ...ids, items: ids.items.map(({ edge }) => authorships.at(edge)!) };
    });
  }

  async conceptsOfTopics(topicIds: readonly string[], page: PageRequest): Promise<Page<ConceptCount>[]> {
    const { inTopic, hasConcept, concepts } = this.graph;
    return topicIds.map((id) => {
      const t = this.graph.topics.indexOf(id);
      const counts = new Map<number, number>();
      if (t >= 0)
        for (const p of neighbours(inTopic.in, t)) for (const c of neighbours(hasConcept.out, p)) counts.set(c, (counts.get(c) ?? 0) + 1);
      const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      return pageOf(
        ranked.map(([c, count]) => ({ conceptId: concepts.idAt(c), count })),
        page,
      );
    });
  }

  async broaderOf(conceptIds: readonly string[]) {
    return conceptIds.map((id) => this.conceptNeighbours(this.graph.broader.out, id));
  }

  async narrowerOf(conceptIds: readonly string[]) {
    return conceptIds.map((id) => this.conceptNeighbours(this.graph.broader.in, id));
  }

  async entriesOf(collectionIds: readonly string[], page: PageRequest) {
    return collectionIds.map((id) => {
      const entries = this.graph.collections.get(id)?.entries ?? [];
      return pageOf(
        [...entries].sort((a, b) => a.rank - b.rank),
        page,
      );
    });
  }

  async findPapers(queries: readonly PaperQuery[]): Promise<Page<string>[]> {
    const { papers } = this.graph;
    return queries.map((query) => {
      const page = this.ordering.selectPage(query.filter ?? null, query.orderBy, query.page);
      return { ...page, items: page.items.map((p) => papers.idAt(p)) };
    });
  }

  async findNamed(kind: NamedKind, queries: readonly NamedQuery[]): Promise<Page<string>[]> {
    return queries.map((query) => this.findNamedOne(kind, query));
  }

  private findNamedOne(kind: NamedKind, query: NamedQuery): Page<string> {
    const table = this.tableOf(kind) as NodeTable<{ id: string; name: string; title: string; kind?: string }>;
    const needle = query.filter?.nameContains?.toLowerCase();
    const kinds = query.filter?.kinds?.length ? new Set<string>(query.filter.kinds) : null;
    const nameOf = table.field(NODE_KIND[kind].label);
    const kindOf = table.field('kind');
    let indexes: number[] = [];
    for (let i = 0; i < table.size; i++) {
      if (needle && !nameOf(i).toLowerCase().includes(needle)) continue;
      if (kinds) {
        const k = kindOf(i);
        if (k === undefined || !kinds.has(k)) continue;
      }
      indexes.push(i);
    }
    const paperCount = this.paperCountOf(kind);
    for (const order of [...(query.orderBy ?? [])].reverse()) {
      const sign = order.direction === 'DESC' ? -1 : 1;
      const key =
        order.field === 'NAME'
          ? (a: number, b: number) => nameOf(a).localeCompare(nameOf(b))
          : (a: number, b: number) => paperCount(a) - paperCount(b);
      indexes = indexes.sort((a, b) => sign * key(a, b)); // Array.sort is stable: earlier keys win.
    }
    return pageOf(
      indexes.map((i) => table.idAt(i)),
      query.page,
    );
  }

  async paperFacets(filters: readonly (PaperFilter | null)[], options?: CallOptions): Promise<PaperFacets[]> {
    return mapGivingWay(filters, (filter) => this.ordering.facets(filter), options?.signal);
  }

  async ancestorsOf(conceptIds: readonly string[]) {
    return conceptIds.map((id) => this.exploration.ancestors(id));
  }
  async descendantsOf(conceptIds: readonly string[]) {
    return conceptIds.map((id) => this.exploration.descendants(id));
  }
  async cooccurringConcepts(conceptIds: readonly string[]) {
    return conceptIds.map((id) => this.exploration.cooccurring(id));
  }

  async conceptTimelines(conceptIds: readonly string[], includeNarrower: boolean) {
    return conceptIds.map((id) => this.exploration.timeline(id, includeNarrower));
  }

  async neighborhoods(queries: readonly NeighborhoodQuery[], options?: CallOptions) {
    return mapGivingWay(queries, (q) => this.exploration.neighborhood(q), options?.signal);
  }
  async degrees(queries: readonly DegreeQuery[]) {
    return queries.map((q) => this.exploration.degree(q));
  }
  async paths(queries: readonly PathQuery[], options?: CallOptions) {
    return mapGivingWay(queries, (q) => this.exploration.path(q), options?.signal);
  }
  /**
   * Related papers; those that read text (TEXT, HYBRID where citations are thin) wait for this
   * version's search index, which text similarity searches.
   */
  async relatedPapers(queries: readonly RelatedQuery[], options?: CallOptions) {
    const signal = options?.signal;
    const out: RelatedResult[][] = [];
    for (const q of queries) {
      if (signal?.due()) await signal.wait();
      if (!this.exploration.relatedNeedsText(q)) {
        out.push(this.exploration.related(q));
        continue;
      }
      const index = await this.prepareSearch();
      const p = this.graph.papers.indexOf(q.paperId);
      const text = textRelated(index, this.graph, p, q.method === 'TEXT' ? q.first : Math.max(q.first, HYBRID_TEXT_CANDIDATES));
      out.push(this.exploration.related(q, text));
    }
    return out;
  }

  async search(queries: readonly SearchQuery[], options?: CallOptions): Promise<SearchPage[]> {
    const index = await this.prepareSearch();
    const signal = options?.signal,
      pages: SearchPage[] = [];
    for (const q of queries) {
      if (signal?.due()) await signal.wait();
      const stubs = q.includeStubs ? null : this.ordering.stubs();
      const keep = stubs ? (kind: string, id: string) => kind !== 'Paper' || stubs[this.graph.papers.indexOf(id)] !== 1 : undefined;
      const { hits, countsByKind } = await rankedSearch(index, this.graph, q.text, { kinds: q.kinds, keep, signal });
      pages.push({ ...pageOf(hits, q.page), countsByKind });
    }
    return pages;
  }

  async searchPostings(texts: readonly string[]): Promise<number[]> {
    const index = await this.prepareSearch();
    return texts.map((text) => index.postings(text));
  }

  /** Starts building the search index, if not started, without blocking other requests; resolves when built. */
  prepareSearch(): Promise<SearchIndex> {
    return (this.searchIndex ??= this.searchVersions.at(this.seq));
  }

  async paperCounts(kind: NamedKind, ids: readonly string[]): Promise<number[]> {
    const table = this.tableOf(kind);
    const count = this.paperCountOf(kind);
    return ids.map((id) => {
      const i = table.indexOf(id);
      return i < 0 ? 0 : count(i);
    });
  }

  /**
   * Papers per node of a kind, by index: what `paperCount` answers and PAPER_COUNT sorts by, so
   * the two never disagree. Stubs are left out as from the node's paper list; a graph without
   * stubs reads the degree, one with stubs counts each kind once per store version.
   */
  private paperCountOf(kind: NamedKind): (index: number) => number {
    const g = this.graph;
    if (kind === 'Collection') return (i) => g.collections.at(i).entries.length;
    // The other kinds: their edges to papers (model/kinds.ts), counted per node.
    const papers = nodeSpaceOf(g).papersOf(kind);
    if (!papers) return () => 0;
    const stubs = this.ordering.stubs();
    if (!stubs) return (i) => degree(papers, i);
    let counts = this.paperCounted.get(kind);
    if (!counts) {
      counts = new Uint32Array(papers.offsets.length - 1);
      for (let i = 0; i < counts.length; i++) {
        let n = 0;
        for (let k = papers.offsets[i]; k < papers.offsets[i + 1]; k++) if (stubs[papers.targets[k]] === 0) n++;
        counts[i] = n;
      }
      this.paperCounted.set(kind, counts);
    }
    const known = counts;
    return (i) => known[i];
  }
  private readonly paperCounted = new Map<NamedKind, Uint32Array>();

  private tableOf(kind: NodeKind): NodeTable<{ id: string; slug?: string }> {
    return this.graph[NODE_KIND[kind].collection];
  }

  private paperIdAt(index: number | undefined): string | null {
    return index === undefined ? null : this.graph.papers.idAt(index);
  }

  /** Only the page's links are built: a hub's citers can be many. */
  private citationPage(paperId: string, page: PageRequest, direction: 'references' | 'citedBy', includeStubs: boolean): Page<CitationLink> {
    const g = this.graph;
    const p = g.papers.indexOf(paperId);
    let others = p < 0 ? new Uint32Array(0) : neighbours(direction === 'references' ? g.cites.out : g.cites.in, p);
    const stubs = includeStubs ? null : this.ordering.stubs();
    if (stubs) others = others.filter((q) => stubs[q] === 0);
    const ids = pageOf(others, page);
    const references = direction === 'references';
    return {
      ...ids,
      items: ids.items.map((other) => new CitationLinkAt(g.papers.idAt(other), g, references ? p : other, references ? other : p)),
    };
  }

  private edgesOf<T>(csr: Csr, node: number, make: (edgeId: number, other: number) => T): T[] {
    if (node < 0) return [];
    const others = neighbours(csr, node);
    const edges = edgeIdsOf(csr, node);
    const out: T[] = new Array(others.length);
    for (let k = 0; k < others.length; k++) out[k] = make(edges[k], others[k]);
    return out;
  }

  private conceptNeighbours(csr: Csr, conceptId: string): string[] {
    const c = this.graph.concepts.indexOf(conceptId);
    return c < 0 ? [] : Array.from(neighbours(csr, c), (i) => this.graph.concepts.idAt(i));
  }
}

function recordsOf<T extends { id: string }>(table: NodeTable<T>, ids: readonly string[]): (T | null)[] {
  return ids.map((id) => table.get(id) ?? null);
}

export type { Paper, Concept, PaperFilter };

/** `fn` over `items` in order, giving way between items when the caller's slice is used up. */
async function mapGivingWay<T, R>(items: readonly T[], fn: (item: T) => R, signal: WorkSignal | undefined): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) {
    if (signal?.due()) await signal.wait();
    out.push(fn(item));
  }
  return out;
}

/** Influence over the papers of the next version: each paper keeps its own, papers added have 0. */
function carriedInfluence(influence: Float64Array, remap: Int32Array | null, size: number): Float64Array {
  const out = new Float64Array(size);
  if (!remap) out.set(influence.subarray(0, Math.min(size, influence.length)));
  else
    for (let p = 0; p < remap.length; p++) {
      if (remap[p] >= 0) out[remap[p]] = influence[p];
    }
  return out;
}

/** Marks the papers (new indexes) whose degree in `after` differs from `before`; nothing when the CSR is shared. */
function degreeChanged(before: Csr, after: Csr, remap: Int32Array | null, into: Uint8Array): void {
  if (before.offsets === after.offsets) return;
  const old = before.offsets,
    now = after.offsets;
  const count = old.length - 1;
  for (let p = 0; p < count; p++) {
    const q = remap ? remap[p] : p;
    if (q >= 0 && q < into.length && old[p + 1] - old[p] !== now[q + 1] - now[q]) into[q] = 1;
  }
}

function indexesOf(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/**
 * A citation link of a page: the paper at the other end, and the citation record built from the
 * graph's rows (a snapshot's columns) only when it is read — a query that asks for the papers
 * alone decodes no record.
 */
class CitationLinkAt implements CitationLink {
  // Private fields: a link compares and serialises as its paperId alone, never as the graph.
  readonly #graph: KnowledgeGraph;
  readonly #citing: number;
  readonly #cited: number;
  #record: Citation | undefined;

  constructor(
    readonly paperId: string,
    graph: KnowledgeGraph,
    citing: number,
    cited: number,
  ) {
    this.#graph = graph;
    this.#citing = citing;
    this.#cited = cited;
  }

  #index = -1;

  get citation(): Citation {
    return (this.#record ??= this.#graph.citations.at(this.index())!);
  }

  /** One field, from its column: an edge that shows its intents decodes no contexts or provenance. */
  field<K extends keyof Citation>(key: K): Citation[K] {
    return this.#record ? this.#record[key] : this.#graph.citationField(this.index(), key);
  }

  private index(): number {
    if (this.#index < 0) this.#index = this.#graph.citationIndex(this.#citing, this.#cited);
    return this.#index;
  }
}

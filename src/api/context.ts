// The per-request context: the store and one set of loaders over it, so that a request's many
// field resolutions become one store call per level and kind, and nothing is cached across
// requests.

import DataLoader from 'dataloader';
import type {
  Author, Authorship, Collection, CollectionEntry, Concept, Paper, PaperConcept, Topic, Venue,
} from '../model/index.js';
import type {
  CitationLink, ConceptCount, GraphStore, NamedKind, NamedQuery, NeighborhoodQuery, PaperFacets, PaperFilter, PaperQuery,
  PaperStats, PathQuery, RelatedQuery, RelatedResult, SearchHit, SearchQuery, SluggedKind, Subgraph, YearCount,
} from '../store/graph-store.js';
import { pageKey, type Page, type PageRequest } from '../store/page.js';

export interface Context {
  store: GraphStore;
  loaders: Loaders;
}

/** A paged relation: one key per (owner id, page), batched into one store call per distinct page. */
export interface PagedKey {
  id: string;
  page: PageRequest;
}

/** What resolvers ask of a loader: a value per key, or the values of many keys in one promise. */
export interface Loader<K, V> {
  load(key: K): Promise<V>;
  /** The values of `keys` in order; rejects when their batch fails (unlike DataLoader's loadMany). */
  loadMany(keys: readonly K[]): Promise<V[]>;
}

/** How keys reach the store: `group` splits a batch so each store call gets keys that share one. */
interface LoaderSpec<K, V> {
  batch: (keys: K[]) => Promise<V[]>;
  group?: (key: K) => string;
  /** The per-request cache key of a key (within its group); the key itself by default. */
  cacheKey?: (key: K) => string;
}

type LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline) => Loader<K, V>;

/**
 * When a request's execution must stop: plugins/use-execution-timeout.ts sets it as execution
 * starts (never, until then). Past it, the loaders' store calls never answer, so the execution
 * stops at its next batch and the timeout answers instead.
 */
export class Deadline {
  at = Infinity;
  private expired = false;

  /** Whether the deadline has passed; once it has, it stays passed. */
  passed(): boolean {
    return this.expired || (this.expired = this.at !== Infinity && performance.now() > this.at);
  }

  /** Passes it now (the timeout fired). */
  expire(): void {
    this.expired = true;
  }
}

export interface ContextOptions {
  /**
   * false: every load goes to the store at once, unbatched and uncached — the baseline the
   * bench measures the loader layer against. Default true.
   */
  batching?: boolean;
}

type SpecOf<K, V> = (store: GraphStore) => LoaderSpec<K, V>;
const byId = <T>(batch: (store: GraphStore, ids: readonly string[]) => Promise<T[]>): SpecOf<string, T> =>
  (store) => ({ batch: (ids) => batch(store, ids) });
const byQuery = <Q, V>(batch: (store: GraphStore, queries: readonly Q[]) => Promise<V[]>): SpecOf<Q, V> =>
  (store) => ({ batch: (queries) => batch(store, queries), cacheKey: (q) => JSON.stringify(q) });
const paged = <T>(batch: (store: GraphStore, ids: string[], page: PageRequest) => Promise<Page<T>[]>): SpecOf<PagedKey, Page<T>> =>
  (store) => ({ group: (k) => pageKey(k.page), cacheKey: (k) => k.id, batch: (keys) => batch(store, keys.map((k) => k.id), keys[0].page) });
const slugs = (kind: SluggedKind) => byId<string | null>((s, slugList) => s.idsBySlugs(kind, slugList));
const named = (kind: NamedKind) => byQuery<NamedQuery, Page<string>>((s, queries) => s.findNamed(kind, queries));

/** Every loader a request may use, by name; each is built on its first use in the request. */
const LOADER_SPECS = {
  /** Nodes by local id. */
  paper: byId<Paper | null>((s, ids) => s.papersByIds(ids)),
  author: byId<Author | null>((s, ids) => s.authorsByIds(ids)),
  venue: byId<Venue | null>((s, ids) => s.venuesByIds(ids)),
  topic: byId<Topic | null>((s, ids) => s.topicsByIds(ids)),
  concept: byId<Concept | null>((s, ids) => s.conceptsByIds(ids)),
  collection: byId<Collection | null>((s, ids) => s.collectionsByIds(ids)),
  /** Alternative keys → paper id. */
  paperIdByArxivId: byId<string | null>((s, ids) => s.paperIdsByArxivIds(ids)),
  paperIdByDoi: byId<string | null>((s, ids) => s.paperIdsByDois(ids)),
  idBySlug: { Venue: slugs('Venue'), Topic: slugs('Topic'), Concept: slugs('Concept'), Collection: slugs('Collection') } satisfies Record<SluggedKind, SpecOf<string, string | null>>,
  /** Citation counts and influence of papers. */
  paperStats: byId<PaperStats | null>((s, ids) => s.paperStats(ids)),
  /** Relations as pages. */
  references: paged<CitationLink>((s, ids, page) => s.referencesOf(ids, page)),
  citedBy: paged<CitationLink>((s, ids, page) => s.citedByOf(ids, page)),
  conceptsOfPaper: paged<PaperConcept>((s, ids, page) => s.conceptsOfPapers(ids, page)),
  authorsOfPaper: paged<Authorship>((s, ids, page) => s.authorsOfPapers(ids, page)),
  papersOfAuthor: paged<Authorship>((s, ids, page) => s.papersOfAuthors(ids, page)),
  conceptsOfTopic: paged<ConceptCount>((s, ids, page) => s.conceptsOfTopics(ids, page)),
  entriesOfCollection: paged<CollectionEntry>((s, ids, page) => s.entriesOf(ids, page)),
  papersOfConcept: ((store) => ({
    group: (k) => JSON.stringify(k.query), cacheKey: (k) => k.id,
    batch: (keys) => store.papersOfConcepts(keys.map((k) => k.id), keys[0].query),
  })) as SpecOf<{ id: string; query: PaperQuery }, Page<PaperConcept>>,
  /** Small lists. */
  topicsOfPaper: byId<string[]>((s, ids) => s.topicsOfPapers(ids)),
  broader: byId<string[]>((s, ids) => s.broaderOf(ids)),
  narrower: byId<string[]>((s, ids) => s.narrowerOf(ids)),
  /** Filtered, ordered lists (root `papers`, `concepts`, Topic.papers, Venue.papers…). */
  findNamed: { Author: named('Author'), Venue: named('Venue'), Topic: named('Topic'), Concept: named('Concept'), Collection: named('Collection') } satisfies Record<NamedKind, SpecOf<NamedQuery, Page<string>>>,
  findPapers: byQuery<PaperQuery, Page<string>>((s, queries) => s.findPapers(queries)),
  /** Exploration: keyed by the whole query, so repeated identical questions cost one answer. */
  paperFacets: byQuery<PaperFilter | null, PaperFacets>((s, filters) => s.paperFacets(filters)),
  ancestors: byId<string[]>((s, ids) => s.ancestorsOf(ids)),
  descendants: byId<string[]>((s, ids) => s.descendantsOf(ids)),
  cooccurring: byId<ConceptCount[]>((s, ids) => s.cooccurringConcepts(ids)),
  timeline: ((store) => ({
    group: (k) => String(k.includeNarrower), cacheKey: (k) => k.id,
    batch: (keys) => store.conceptTimelines(keys.map((k) => k.id), keys[0].includeNarrower),
  })) as SpecOf<{ id: string; includeNarrower: boolean }, YearCount[]>,
  neighborhood: byQuery<NeighborhoodQuery, Subgraph | null>((s, queries) => s.neighborhoods(queries)),
  path: byQuery<PathQuery, Subgraph | null>((s, queries) => s.paths(queries)),
  related: byQuery<RelatedQuery, RelatedResult[]>((s, queries) => s.relatedPapers(queries)),
  search: byQuery<SearchQuery, Page<SearchHit>>((s, queries) => s.search(queries)),
};

type LoadersOf<T> = { readonly [N in keyof T]: T[N] extends SpecOf<infer K, infer V> ? Loader<K, V> : LoadersOf<T[N]> };
export type Loaders = LoadersOf<typeof LOADER_SPECS> & {
  /** The deadline every store call of these loaders checks first. */
  readonly deadline: Deadline;
};

/**
 * A request's loaders, built on first use (a request touches a few of the thirty): one class
 * per spec table, whose getters fill fixed slots, so every instance has the same shape.
 */
interface LazyLoaders {
  store: GraphStore;
  make: LoaderMaker;
  deadline: Deadline;
  slots: unknown[];
}
const lazyClasses = new WeakMap<object, new (store: GraphStore, make: LoaderMaker, deadline: Deadline) => LazyLoaders>();
/** Specs are made once per store, not per request: they hold no request state. */
const specsByStore = new WeakMap<GraphStore, Map<SpecOf<unknown, unknown>, LoaderSpec<unknown, unknown>>>();

function specFor<K, V>(make: SpecOf<K, V>, store: GraphStore): LoaderSpec<K, V> {
  let specs = specsByStore.get(store);
  if (!specs) specsByStore.set(store, (specs = new Map()));
  let spec = specs.get(make as SpecOf<unknown, unknown>);
  if (!spec) specs.set(make as SpecOf<unknown, unknown>, (spec = make(store) as LoaderSpec<unknown, unknown>));
  return spec as LoaderSpec<K, V>;
}

function lazyLoaders<T extends object>(specs: T, store: GraphStore, make: LoaderMaker, deadline: Deadline): LoadersOf<T> {
  let Class = lazyClasses.get(specs);
  if (!Class) {
    Class = class implements LazyLoaders {
      slots: unknown[] = [];
      constructor(readonly store: GraphStore, readonly make: LoaderMaker, readonly deadline: Deadline) {}
    };
    Object.entries(specs).forEach(([name, spec], slot) => {
      Object.defineProperty(Class!.prototype, name, {
        get(this: LazyLoaders) {
          return this.slots[slot] ??= typeof spec === 'function'
            ? this.make(specFor(spec, this.store), this.deadline)
            : lazyLoaders(spec as object, this.store, this.make, this.deadline);
        },
      });
    });
    lazyClasses.set(specs, Class);
  }
  return new Class(store, make, deadline) as unknown as LoadersOf<T>;
}

export function createLoaders(store: GraphStore, options: ContextOptions = {}): Loaders {
  return lazyLoaders(LOADER_SPECS, store, options.batching === false ? directLoader : batchLoader, new Deadline()) as Loaders;
}

export function createContext(store: GraphStore, options: ContextOptions = {}): Context {
  return { store, loaders: createLoaders(store, options) };
}

/** Loads many keys in one promise; a failed batch rejects. */
export function loadAll<K, V>(loader: Loader<K, V>, keys: readonly K[]): Promise<V[]> {
  return loader.loadMany(keys);
}

/** The values that are records (a lookup yields null for a key nothing has). */
export function present<T>(values: (T | null)[]): T[] {
  return values.filter((v): v is T => v != null);
}

/**
 * A DataLoader per loader and request: its schedule collects every key a level of the query
 * asks for before one store call. Keys that are strings are their own cache keys (no
 * cacheKeyFn call per load); a spec with `group` gets one DataLoader per group (a page), made
 * when the group is first asked for, so its batch goes to the store as it is. (Classes rather
 * than closures: tsx names every function expression it creates, a cost per request.)
 */
const batchLoader: LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline): Loader<K, V> => {
  const batch = guarded(spec.batch, deadline);
  const options = spec.cacheKey ? { cacheKeyFn: spec.cacheKey } : undefined;
  return spec.group ? new GroupedLoader(spec.group, batch, options) : new BatchLoader<K, V, unknown>(batch, options);
};

class GroupedLoader<K, V> implements Loader<K, V> {
  private readonly byGroup = new Map<string, BatchLoader<K, V, unknown>>();

  constructor(
    private readonly group: (key: K) => string,
    private readonly batch: (keys: readonly K[]) => Promise<V[]>,
    private readonly options: DataLoader.Options<K, V, unknown> | undefined,
  ) {}

  load(key: K): Promise<V> {
    return this.loaderOf(key).load(key);
  }

  loadMany(keys: readonly K[]): Promise<V[]> {
    return Promise.all(keys.map((key) => this.loaderOf(key).load(key)));
  }

  private loaderOf(key: K): BatchLoader<K, V, unknown> {
    const group = this.group(key);
    let loader = this.byGroup.get(group);
    if (!loader) this.byGroup.set(group, (loader = new BatchLoader<K, V, unknown>(this.batch, this.options)));
    return loader;
  }
}

/** DataLoader with the loadMany resolvers use: all values, or the first failure. */
class BatchLoader<K, V, C> extends DataLoader<K, V, C> {
  constructor(batch: (keys: readonly K[]) => Promise<V[]>, options?: DataLoader.Options<K, V, C>) {
    super(batch, options);
  }

  override loadMany(keys: readonly K[]): Promise<V[]> {
    return Promise.all(keys.map((key) => this.load(key)));
  }
}

/** The store call of `batch`, unless the request is past its deadline: then it never answers. */
const guarded = <K, V>(batch: (keys: K[]) => Promise<V[]>, deadline: Deadline) =>
  (keys: readonly K[]): Promise<V[]> => (deadline.passed() ? new Promise<V[]>(() => undefined) : batch(keys as K[]));

/** No batching, no cache: each load, and each list of keys, is a store call of its own. */
const directLoader: LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline): Loader<K, V> => {
  const batch = guarded(spec.batch, deadline), group = spec.group;
  return {
    load: (key) => batch([key]).then((values) => values[0]),
    loadMany: (keys) => (group && new Set(keys.map(group)).size > 1
      ? Promise.all(keys.map((key) => batch([key]).then((values) => values[0])))
      : keys.length ? batch([...keys]) : Promise.resolve([])),
  };
};

// The per-request context: the store and one set of loaders over it, so that a request's many
// field resolutions become one store call per level and kind, and nothing is cached across
// requests.

import DataLoader from 'dataloader';
import {
  NAMED_KINDS,
  NODE_KINDS,
  SLUGGED_KINDS,
  type Authorship,
  type CollectionEntry,
  type NodeKind,
  type NodeRecord,
  type PaperConcept,
} from '../model/index.js';
import type {
  CallOptions,
  CitationLink,
  ConceptCount,
  GraphStore,
  NamedKind,
  NamedQuery,
  DegreeQuery,
  NeighborhoodQuery,
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
  Subgraph,
  WorkSignal,
  YearCount,
} from '../store/graph-store.js';
import { pageKey, type Page, type PageRequest } from '../store/page.js';
import type { Change, NodeRef } from '../model/change.js';
import type { CuratedGraph, VersionedStore } from '../store/curation/curation.js';
import { ANONYMOUS, type Viewer } from './auth.js';

export interface Context {
  /** The version of the graph this request reads (pinned at its start; moved on by its own mutations). */
  store: GraphStore;
  loaders: Loaders;
  /** The write side; null on a read-only server. */
  curation: CuratedGraph | null;
  /** The seq of the pinned version (0: the graph as loaded, or a store that takes no writes). */
  seq: number;
  /** Who is asking (the request's API key), for scope-auth. */
  viewer: Viewer;
  /** Loaders of the audit trail at the pinned seq, made on first use. */
  audit: AuditLoaders | null;
  options: ContextOptions;
}

/** Node versions and changes by seq, batched per request. */
export interface AuditLoaders {
  /** A node's version ("Kind:localId" → seq of the last change that touched it). */
  version: DataLoader<string, number>;
  changeBySeq: DataLoader<number, Change | null>;
}

/** A paged relation: one key per (owner id, page), batched into one store call per distinct page. */
export interface PagedKey {
  id: string;
  page: PageRequest;
}

/**
 * What resolvers ask of a loader: DataLoader's `load` and `loadMany` (an Error in place of each
 * value that failed); `loadAll` below is all values or one rejection.
 */
export interface Loader<K, V> {
  load(key: K): Promise<V>;
  loadMany(keys: ArrayLike<K>): Promise<(V | Error)[]>;
}

/** How keys reach the store: `group` splits a batch so each store call gets keys that share one. */
interface LoaderSpec<K, V> {
  batch: (keys: readonly K[], options: CallOptions) => Promise<V[]>;
  group?: (key: K) => string;
  /** The per-request cache key of a key (within its group); the key itself by default. */
  cacheKey?: (key: K) => string;
}

type LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline) => Loader<K, V>;

/** How long a request may hold the event loop before it gives way to others (see Deadline). */
export const SLICE_MS = 20;
/** Event-loop time a request may take before `gate` applies: a cheap query never waits for a turn. */
export const GATE_AFTER_MS = 1000;
const NEVER = new Promise<never>(() => undefined);

/**
 * A request's clock: when its execution must stop, and its slices of the event loop.
 *
 * Deadline: plugins/use-execution-timeout.ts sets it as execution starts (never, until then).
 * Past it, every `wait()` (the loaders' store calls, the store's loops) never answers, so the
 * execution stops at its next check and the timeout answers instead.
 *
 * Slices: over an in-memory store an execution runs in microtasks, which no I/O can interrupt.
 * So the loaders before each store call, and long store loops between items, ask `due()`; past
 * SLICE_MS of the current slice they `wait()`: the request gives way, and `SLICES` resumes it in
 * a later turn of the event loop (I/O and new requests are served in between); its waiters then
 * go on one at a time in arrival order, the time checked between each, until the slice is used
 * up. `gate`, when set (plugins/use-client-concurrency.ts), is awaited once the request has
 * used GATE_AFTER_MS: a long request may have to wait its turn to go on.
 */
export class Deadline implements WorkSignal {
  at = Infinity;
  /** Awaited once, when the request has used GATE_AFTER_MS: admission of a request that turned out long. */
  gate: (() => Promise<void>) | null = null;
  /** Event-loop time used by this request's slices so far (ms). */
  used = 0;
  /** When it last began to wait for a slice (SliceQueue). */
  waitingSince = 0;
  private expired = false;
  private sliceStart = performance.now();
  private sliceEnd = this.sliceStart + SLICE_MS;
  private waiters: (() => void)[] = [];
  private next = 0;
  private yielding = false;

  /** Starts the time limit and a fresh slice. */
  begin(timeoutMs: number): void {
    this.sliceStart = performance.now();
    this.sliceEnd = this.sliceStart + SLICE_MS;
    this.at = this.sliceStart + timeoutMs;
  }

  /** Whether the deadline has passed; once it has, it stays passed. */
  passed(): boolean {
    return this.expired || (this.expired = this.at !== Infinity && performance.now() > this.at);
  }

  /** Passes it now (the timeout fired). */
  expire(): void {
    this.expired = true;
  }

  /** Whether this slice is used up (or the request is over): the caller should `wait()`. */
  due(): boolean {
    return this.expired || performance.now() > this.sliceEnd;
  }

  /** Resolves in a later slice, in arrival order; never, once the deadline has passed. */
  wait(): Promise<void> {
    if (this.passed()) return NEVER;
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      if (!this.yielding) (this.yielding = true), this.giveWay();
    });
  }

  /** Called by SLICES: a new slice starts. */
  resume(): void {
    this.sliceStart = performance.now();
    this.sliceEnd = this.sliceStart + SLICE_MS;
    this.release();
  }

  private giveWay(): void {
    this.used += performance.now() - this.sliceStart;
    const gate = this.used >= GATE_AFTER_MS ? this.gate : null;
    if (gate)
      (this.gate = null),
        gate().then(
          () => SLICES.enqueue(this),
          () => undefined,
        );
    else SLICES.enqueue(this);
  }

  /** Wakes the next waiter, then (as a microtask behind its work) the one after, while the slice lasts. */
  private readonly release = (): void => {
    if (this.passed() || this.next === this.waiters.length) {
      this.waiters = [];
      this.next = 0;
      this.yielding = false;
      return;
    }
    if (performance.now() > this.sliceEnd) return this.giveWay();
    this.waiters[this.next++]();
    queueMicrotask(this.release);
  };
}

/**
 * The requests waiting for a slice: one slice per turn of the event loop (setImmediate), to the
 * waiting request that has used the least time so far less the time it has waited — a short
 * request overtakes long ones, long ones share what is left in turn, none waits for ever.
 */
class SliceQueue {
  private waiting: Deadline[] = [];
  private scheduled = false;

  enqueue(deadline: Deadline): void {
    deadline.waitingSince = performance.now();
    this.waiting.push(deadline);
    if (!this.scheduled) (this.scheduled = true), setImmediate(this.run);
  }

  private readonly run = (): void => {
    // Least used first, less what each has waited: newcomers overtake long requests, but a
    // stream of them cannot starve a request that has used a little more (its wait counts).
    const now = performance.now();
    const rank = (d: Deadline) => d.used - (now - d.waitingSince);
    let best = 0;
    for (let k = 1; k < this.waiting.length; k++) if (rank(this.waiting[k]) < rank(this.waiting[best])) best = k;
    const [deadline] = this.waiting.splice(best, 1);
    this.scheduled = this.waiting.length > 0;
    if (this.scheduled) setImmediate(this.run);
    deadline.resume();
  };
}
const SLICES = new SliceQueue();

export interface ContextOptions {
  /**
   * false: every load goes to the store at once, unbatched and uncached — the baseline the
   * bench measures the loader layer against. Default true.
   */
  batching?: boolean;
}

type SpecOf<K, V> = (store: GraphStore) => LoaderSpec<K, V>;
const byId =
  <T>(batch: (store: GraphStore, ids: readonly string[]) => Promise<T[]>): SpecOf<string, T> =>
  (store) => ({ batch: (ids) => batch(store, ids) });
/** Keyed by the whole query; the store call gets the request's signal (long work gives way). */
const byQuery =
  <Q, V>(batch: (store: GraphStore, queries: readonly Q[], options: CallOptions) => Promise<V[]>): SpecOf<Q, V> =>
  (store) => ({ batch: (queries, options) => batch(store, queries, options), cacheKey: (q) => JSON.stringify(q) });
const paged =
  <T>(batch: (store: GraphStore, ids: string[], page: PageRequest) => Promise<Page<T>[]>): SpecOf<PagedKey, Page<T>> =>
  (store) => ({
    group: (k) => pageKey(k.page),
    cacheKey: (k) => k.id,
    batch: (keys) =>
      batch(
        store,
        keys.map((k) => k.id),
        keys[0].page,
      ),
  });
const slugs = (kind: SluggedKind) => byId<string | null>((s, slugList) => s.idsBySlugs(kind, slugList));
const named = (kind: NamedKind) => byQuery<NamedQuery, Page<string>>((s, queries) => s.findNamed(kind, queries));
/** A spec per kind of a list (model/kinds.ts), keyed by kind. */
const perKind = <K extends NodeKind, T>(kinds: readonly K[], spec: (kind: K) => T) =>
  Object.fromEntries(kinds.map((k) => [k, spec(k)])) as Record<K, T>;

/** The loader of a kind's records by local id: `paper` for Paper. */
export const nodeLoaderName = <K extends NodeKind>(kind: K) => NODE_LOADER_NAME[kind] as Uncapitalize<K>;
const NODE_LOADER_NAME = Object.fromEntries(NODE_KINDS.map(({ kind }) => [kind, kind[0].toLowerCase() + kind.slice(1)])) as Record<
  NodeKind,
  string
>;
type NodeSpecs = { [K in NodeKind as Uncapitalize<K>]: SpecOf<string, NodeRecord<K> | null> };
const NODE_SPECS = Object.fromEntries(
  NODE_KINDS.map(({ kind }) => [nodeLoaderName(kind), byId((s, ids) => s.nodesByIds(kind, ids))]),
) as NodeSpecs;

/** Every loader a request may use, by name; each is built on its first use in the request. */
const LOADER_SPECS = {
  /** Nodes by local id, one loader per kind: `paper`, `author`, … */
  ...NODE_SPECS,
  /** Alternative keys → paper id. */
  paperIdByArxivId: byId<string | null>((s, ids) => s.paperIdsByArxivIds(ids)),
  paperIdByDoi: byId<string | null>((s, ids) => s.paperIdsByDois(ids)),
  idBySlug: perKind(SLUGGED_KINDS, slugs),
  /** Author id → its slug. */
  authorSlug: byId<string | null>((s, ids) => s.authorSlugs(ids)),
  /** Citation counts and influence of papers. */
  paperStats: byId<PaperStats | null>((s, ids) => s.paperStats(ids)),
  /** Relations as pages. */
  references: paged<CitationLink>((s, ids, page) => s.referencesOf(ids, page)),
  citedBy: paged<CitationLink>((s, ids, page) => s.citedByOf(ids, page)),
  /** The same with stub papers (asked for with includeStubs). */
  referencesWithStubs: paged<CitationLink>((s, ids, page) => s.referencesOf(ids, page, { includeStubs: true })),
  citedByWithStubs: paged<CitationLink>((s, ids, page) => s.citedByOf(ids, page, { includeStubs: true })),
  conceptsOfPaper: paged<PaperConcept>((s, ids, page) => s.conceptsOfPapers(ids, page)),
  authorsOfPaper: paged<Authorship>((s, ids, page) => s.authorsOfPapers(ids, page)),
  papersOfAuthor: paged<Authorship>((s, ids, page) => s.papersOfAuthors(ids, page)),
  conceptsOfTopic: paged<ConceptCount>((s, ids, page) => s.conceptsOfTopics(ids, page)),
  entriesOfCollection: paged<CollectionEntry>((s, ids, page) => s.entriesOf(ids, page)),
  papersOfConcept: ((store) => ({
    group: (k) => JSON.stringify(k.query),
    cacheKey: (k) => k.id,
    batch: (keys) =>
      store.papersOfConcepts(
        keys.map((k) => k.id),
        keys[0].query,
      ),
  })) as SpecOf<{ id: string; query: PaperQuery }, Page<PaperConcept>>,
  /** Small lists. */
  topicsOfPaper: byId<string[]>((s, ids) => s.topicsOfPapers(ids)),
  broader: byId<string[]>((s, ids) => s.broaderOf(ids)),
  narrower: byId<string[]>((s, ids) => s.narrowerOf(ids)),
  /** Filtered, ordered lists (root `papers`, `concepts`, Topic.papers, Venue.papers…). */
  findNamed: perKind(NAMED_KINDS, named),
  findPapers: byQuery<PaperQuery, Page<string>>((s, queries) => s.findPapers(queries)),
  /** Papers per named node (Concept.paperCount, …), the PAPER_COUNT key. */
  paperCount: perKind(NAMED_KINDS, (kind) => byId<number>((s, ids) => s.paperCounts(kind, ids))),
  /** Exploration: keyed by the whole query, so repeated identical questions cost one answer. */
  paperFacets: byQuery<PaperFilter | null, PaperFacets>((s, filters, o) => s.paperFacets(filters, o)),
  ancestors: byId<string[]>((s, ids) => s.ancestorsOf(ids)),
  descendants: byId<string[]>((s, ids) => s.descendantsOf(ids)),
  cooccurring: byId<ConceptCount[]>((s, ids) => s.cooccurringConcepts(ids)),
  timeline: ((store) => ({
    group: (k) => String(k.includeNarrower),
    cacheKey: (k) => k.id,
    batch: (keys) =>
      store.conceptTimelines(
        keys.map((k) => k.id),
        keys[0].includeNarrower,
      ),
  })) as SpecOf<{ id: string; includeNarrower: boolean }, YearCount[]>,
  neighborhood: byQuery<NeighborhoodQuery, Subgraph | null>((s, queries, o) => s.neighborhoods(queries, o)),
  /** A node's degree over some edge kinds (GraphNode.degree). */
  degree: ((store) => ({
    group: (k) => `${k.direction} ${k.edgeTypes.join(' ')}`,
    cacheKey: (k) => `${k.node.kind}:${k.node.id}`,
    batch: (keys) => store.degrees(keys),
  })) as SpecOf<DegreeQuery, number | null>,
  path: byQuery<PathQuery, Subgraph | null>((s, queries, o) => s.paths(queries, o)),
  related: byQuery<RelatedQuery, RelatedResult[]>((s, queries, o) => s.relatedPapers(queries, o)),
  search: byQuery<SearchQuery, SearchPage>((s, queries, o) => s.search(queries, o)),
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
      constructor(
        readonly store: GraphStore,
        readonly make: LoaderMaker,
        readonly deadline: Deadline,
      ) {}
    };
    Object.entries(specs).forEach(([name, spec], slot) => {
      Object.defineProperty(Class!.prototype, name, {
        get(this: LazyLoaders) {
          return (this.slots[slot] ??=
            typeof spec === 'function'
              ? this.make(specFor(spec, this.store), this.deadline)
              : lazyLoaders(spec as object, this.store, this.make, this.deadline));
        },
      });
    });
    lazyClasses.set(specs, Class);
  }
  return new Class(store, make, deadline) as unknown as LoadersOf<T>;
}

/** A kind's loader of records by local id. */
export function nodeLoader<K extends NodeKind>(loaders: Loaders, kind: K): Loader<string, NodeRecord<K> | null> {
  return loaders[nodeLoaderName(kind)] as never;
}

/** `deadline`: the request's clock when loaders are made again mid-request (see `repin`). */
export function createLoaders(store: GraphStore, options: ContextOptions = {}, deadline = new Deadline()): Loaders {
  return lazyLoaders(LOADER_SPECS, store, options.batching === false ? directLoader : batchLoader, deadline) as Loaders;
}

/** The seq of a store that is a version of a CuratedGraph; 0 for a plain store. */
export function seqOf(store: GraphStore): number {
  const seq = (store as Partial<VersionedStore>).seq;
  return typeof seq === 'number' ? seq : 0;
}

export function createContext(
  store: GraphStore,
  options: ContextOptions = {},
  extra: { curation?: CuratedGraph | null; viewer?: Viewer } = {},
): Context {
  return {
    store,
    loaders: createLoaders(store, options),
    curation: extra.curation ?? null,
    seq: seqOf(store),
    viewer: extra.viewer ?? ANONYMOUS,
    audit: null,
    options,
  };
}

/**
 * Moves a request on to a newer version: after its mutation commits (the payload and the
 * operation's later mutations read what it wrote), or to a subscription event's version. The
 * loaders start empty (nothing cached from the older version) and keep the request's clock.
 */
export function repin(ctx: Context, store: VersionedStore): void {
  if (ctx.store === store) return;
  ctx.store = store;
  ctx.seq = store.seq;
  ctx.loaders = createLoaders(store, ctx.options, ctx.loaders.deadline);
  ctx.audit = null;
}

const refKey = (ref: NodeRef) => `${ref.kind}:${ref.id}`;

/** The request's audit loaders at its pinned seq (empty answers on a read-only server). */
export function auditOf(ctx: Context): AuditLoaders {
  if (ctx.audit) return ctx.audit;
  const { curation, seq } = ctx;
  const version = new DataLoader<string, number>(async (keys) => {
    if (!curation) return keys.map(() => 0);
    const refs = keys.map((key) => {
      const at = key.indexOf(':');
      return { kind: key.slice(0, at), id: key.slice(at + 1) } as NodeRef;
    });
    return curation.versionsOf(refs, seq);
  });
  const changeBySeq = new DataLoader<number, Change | null>(async (seqs) => {
    if (!curation) return seqs.map(() => null);
    // A version never shows a change it does not hold.
    const changes = await curation.changesBySeq(seqs);
    return changes.map((c) => (c && c.seq <= seq ? c : null));
  });
  return (ctx.audit = { version, changeBySeq });
}

export function versionOf(ctx: Context, ref: NodeRef): Promise<number> {
  return ctx.curation ? auditOf(ctx).version.load(refKey(ref)) : Promise.resolve(0);
}

/**
 * The values of many keys in one promise, rejecting with the first failure: what resolvers want
 * (a field fails as a whole). Loads them one by one rather than through loadMany, whose
 * per-key Error values it would only have to turn back into a rejection.
 */
export function loadAll<K, V>(loader: Loader<K, V>, keys: readonly K[]): Promise<V[]> {
  return (loader as Partial<DirectLoader<K, V>>).loadAll?.(keys) ?? Promise.all(keys.map((key) => loader.load(key)));
}

/** The values that are records (a lookup yields null for a key nothing has). */
export function present<T>(values: (T | null)[]): T[] {
  return values.filter((v): v is T => v != null);
}

/**
 * A DataLoader per loader and request: its schedule collects every key a level of the query
 * asks for before one store call. Keys that are strings are their own cache keys (no
 * cacheKeyFn call per load); a spec with `group` gets one DataLoader per group (a page), made
 * when the group is first asked for, so its batch goes to the store as it is.
 */
const batchLoader: LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline): Loader<K, V> => {
  const batch = guarded(spec.batch, deadline);
  const options = spec.cacheKey ? { cacheKeyFn: spec.cacheKey } : undefined;
  return spec.group ? new GroupedLoader(spec.group, batch, options) : new DataLoader<K, V, unknown>(batch, options);
};

/** One DataLoader per group of keys (a page, a query), each made on first use; DataLoader's contract. */
class GroupedLoader<K, V> implements Loader<K, V> {
  private readonly byGroup = new Map<string, DataLoader<K, V, unknown>>();

  constructor(
    private readonly group: (key: K) => string,
    private readonly batch: DataLoader.BatchLoadFn<K, V>,
    private readonly options: DataLoader.Options<K, V, unknown> | undefined,
  ) {}

  load(key: K): Promise<V> {
    return this.loaderOf(key).load(key);
  }

  loadMany(keys: ArrayLike<K>): Promise<(V | Error)[]> {
    return Promise.all(Array.from(keys, (key) => this.load(key).catch((error: Error) => error)));
  }

  private loaderOf(key: K): DataLoader<K, V, unknown> {
    const group = this.group(key);
    let loader = this.byGroup.get(group);
    if (!loader) this.byGroup.set(group, (loader = new DataLoader<K, V, unknown>(this.batch, this.options)));
    return loader;
  }
}

/**
 * The store call of `batch`: at once while the request's slice lasts, else after it gives way;
 * never, once the request is past its deadline.
 */
const guarded = <K, V>(batch: LoaderSpec<K, V>['batch'], deadline: Deadline) => {
  const options: CallOptions = { signal: deadline };
  return (keys: readonly K[]): Promise<V[]> => (deadline.due() ? deadline.wait().then(() => batch(keys, options)) : batch(keys, options));
};

/** The unbatched baseline's loader: `loadAll` makes one store call of a whole list. */
interface DirectLoader<K, V> extends Loader<K, V> {
  loadAll(keys: readonly K[]): Promise<V[]>;
}

/** No batching, no cache: each load, and each list of keys, is a store call of its own. */
const directLoader: LoaderMaker = <K, V>(spec: LoaderSpec<K, V>, deadline: Deadline): DirectLoader<K, V> => {
  const batch = guarded(spec.batch, deadline),
    group = spec.group;
  const one = (key: K) => batch([key]).then((values) => values[0]);
  const all = (keys: readonly K[]): Promise<V[]> =>
    group && new Set(keys.map(group)).size > 1 ? Promise.all(keys.map(one)) : keys.length ? batch(keys) : Promise.resolve([]);
  return {
    load: one,
    loadAll: all,
    loadMany: (keys) => {
      const list = Array.from(keys);
      return all(list).catch((error: Error) => list.map(() => error));
    },
  };
};

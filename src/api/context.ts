// The per-request context: the store and one set of DataLoaders over it, so that a request's
// many field resolutions become one store call per level and kind, and nothing is cached
// across requests.

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

export function createLoaders(store: GraphStore) {
  return {
    /** Nodes by local id. */
    paper: byId<Paper>((ids) => store.papersByIds(ids)),
    author: byId<Author>((ids) => store.authorsByIds(ids)),
    venue: byId<Venue>((ids) => store.venuesByIds(ids)),
    topic: byId<Topic>((ids) => store.topicsByIds(ids)),
    concept: byId<Concept>((ids) => store.conceptsByIds(ids)),
    collection: byId<Collection>((ids) => store.collectionsByIds(ids)),
    /** Alternative keys → paper id. */
    paperIdByArxivId: byId<string>((ids) => store.paperIdsByArxivIds(ids)),
    paperIdByDoi: byId<string>((ids) => store.paperIdsByDois(ids)),
    idBySlug: {
      Venue: slugLoader(store, 'Venue'),
      Topic: slugLoader(store, 'Topic'),
      Concept: slugLoader(store, 'Concept'),
      Collection: slugLoader(store, 'Collection'),
    } satisfies Record<SluggedKind, DataLoader<string, string | null>>,
    /** Citation counts and influence of papers. */
    paperStats: byId<PaperStats>((ids) => store.paperStats(ids)),
    /** Relations as pages. */
    references: paged<CitationLink>((ids, page) => store.referencesOf(ids, page)),
    citedBy: paged<CitationLink>((ids, page) => store.citedByOf(ids, page)),
    conceptsOfPaper: paged<PaperConcept>((ids, page) => store.conceptsOfPapers(ids, page)),
    authorsOfPaper: paged<Authorship>((ids, page) => store.authorsOfPapers(ids, page)),
    papersOfAuthor: paged<Authorship>((ids, page) => store.papersOfAuthors(ids, page)),
    conceptsOfTopic: paged<ConceptCount>((ids, page) => store.conceptsOfTopics(ids, page)),
    entriesOfCollection: paged<CollectionEntry>((ids, page) => store.entriesOf(ids, page)),
    papersOfConcept: keyedBatches<{ id: string; query: PaperQuery }, Page<PaperConcept>>(
      (k) => JSON.stringify(k.query),
      (keys) => store.papersOfConcepts(keys.map((k) => k.id), keys[0].query),
    ),
    /** Small lists. */
    topicsOfPaper: new DataLoader<string, string[]>((ids) => store.topicsOfPapers(ids)),
    broader: new DataLoader<string, string[]>((ids) => store.broaderOf(ids)),
    narrower: new DataLoader<string, string[]>((ids) => store.narrowerOf(ids)),
    /** Filtered, ordered paper lists (root `papers`, Topic.papers, Venue.papers…). */
    findNamed: {
      Author: namedLoader(store, 'Author'),
      Venue: namedLoader(store, 'Venue'),
      Topic: namedLoader(store, 'Topic'),
      Concept: namedLoader(store, 'Concept'),
      Collection: namedLoader(store, 'Collection'),
    } satisfies Record<NamedKind, DataLoader<NamedQuery, Page<string>, string>>,
    findPapers: byQuery<PaperQuery, Page<string>>((queries) => store.findPapers(queries)),
    /** Exploration: keyed by the whole query, so repeated identical questions cost one answer. */
    paperFacets: byQuery<PaperFilter | null, PaperFacets>((filters) => store.paperFacets(filters)),
    ancestors: new DataLoader<string, string[]>((ids) => store.ancestorsOf(ids)),
    descendants: new DataLoader<string, string[]>((ids) => store.descendantsOf(ids)),
    cooccurring: new DataLoader<string, ConceptCount[]>((ids) => store.cooccurringConcepts(ids)),
    timeline: keyedBatches<{ id: string; includeNarrower: boolean }, YearCount[]>(
      (k) => String(k.includeNarrower),
      (keys) => store.conceptTimelines(keys.map((k) => k.id), keys[0].includeNarrower),
    ),
    neighborhood: byQuery<NeighborhoodQuery, Subgraph>((queries) => store.neighborhoods(queries)),
    path: byQuery<PathQuery, Subgraph | null>((queries) => store.paths(queries)),
    related: byQuery<RelatedQuery, RelatedResult[]>((queries) => store.relatedPapers(queries)),
    search: byQuery<SearchQuery, Page<SearchHit>>((queries) => store.search(queries)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export function createContext(store: GraphStore): Context {
  return { store, loaders: createLoaders(store) };
}

function byId<T>(batch: (ids: readonly string[]) => Promise<(T | null)[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(batch);
}

function slugLoader(store: GraphStore, kind: SluggedKind): DataLoader<string, string | null> {
  return new DataLoader<string, string | null>((slugs) => store.idsBySlugs(kind, slugs));
}

function byQuery<Q, V>(batch: (queries: readonly Q[]) => Promise<V[]>): DataLoader<Q, V, string> {
  return new DataLoader<Q, V, string>(batch, { cacheKeyFn: (q) => JSON.stringify(q) });
}

function namedLoader(store: GraphStore, kind: NamedKind): DataLoader<NamedQuery, Page<string>, string> {
  return byQuery<NamedQuery, Page<string>>((queries) => store.findNamed(kind, queries));
}

function paged<T>(batch: (ids: string[], page: PageRequest) => Promise<Page<T>[]>): DataLoader<PagedKey, Page<T>, string> {
  return keyedBatches<PagedKey, Page<T>>((k) => pageKey(k.page), (keys) => batch(keys.map((k) => k.id), keys[0].page));
}

/**
 * A loader whose batch is split by a group key (a page, a query) so each store call gets keys
 * that share it: one call per distinct group, not one per key.
 */
function keyedBatches<K extends { id: string }, V>(groupOf: (key: K) => string, batch: (keys: K[]) => Promise<V[]>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const g = groupOf(key);
        const list = groups.get(g);
        if (list) list.push(i);
        else groups.set(g, [i]);
      });
      const out: V[] = new Array(keys.length);
      await Promise.all([...groups.values()].map(async (positions) => {
        const values = await batch(positions.map((i) => keys[i]));
        positions.forEach((i, k) => { out[i] = values[k]; });
      }));
      return out;
    },
    { cacheKeyFn: (k) => `${k.id}|${groupOf(k)}` },
  );
}

/** Loads many keys; unlike loadMany, a failed batch rejects instead of yielding Errors. */
export function loadAll<K, V, C>(loader: DataLoader<K, V, C>, keys: readonly K[]): Promise<V[]> {
  return Promise.all(keys.map((key) => loader.load(key)));
}

/** The values that are records (a lookup yields null for a key nothing has). */
export function present<T>(values: (T | null)[]): T[] {
  return values.filter((v): v is T => v != null);
}

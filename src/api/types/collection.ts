// Collection: a curated, ranked reading list (the guide is one); root `collection`, `collections`.

import type { CollectionEntry } from '../../model/index.js';
import { builder } from '../builder.js';
import { loadAll } from '../context.js';
import { connectionOf, pageRequestFrom } from '../connection.js';
import { CollectionRef, PaperRef, TopicRef } from '../refs.js';
import { namedList, namedListArgs } from './named-lists.js';
import { toGlobalId } from '../global-id.js';
import { paperCountField, ProvenanceType } from './ordering.js';
import { lookupSluggedId, slugLookupArgs } from './lookups.js';
import { facetsField, withFacets } from './facets.js';

/** An entry as the API hands it out: with its collection, which with its paper makes its identity. */
type EntryOf = CollectionEntry & { collectionId: string };

const EntryRef = builder.objectRef<EntryOf>('CollectionEntry').implement({
  description: 'One ranked entry of a collection.',
  fields: (t) => ({
    id: t.id({
      description:
        'A key for caches: the collection and the paper (a paper is in a collection once), stable across ranks and edits. Not a node id.',
      resolve: (e) => toGlobalId('CollectionEntry', `${e.collectionId}:${e.paperId}`),
    }),
    rank: t.exposeInt('rank', { description: 'Rank in the collection, 1 first.' }),
    paper: t.field({
      type: PaperRef,
      description: 'The paper recommended.',
      resolve: (e, _a, ctx) => ctx.loaders.paper.load(e.paperId) as never,
    }),
    section: t.field({
      type: TopicRef,
      nullable: true,
      description: 'The section (a topic) the entry is listed under.',
      resolve: (e, _a, ctx) => (e.sectionId ? ctx.loaders.topic.load(e.sectionId) : null),
    }),
    why: t.exposeString('why', { nullable: true, description: "Why the paper matters, in the collection editor's view (paraphrased)." }),
    keyInsights: t.exposeString('keyInsights', { nullable: true, description: 'The key insight of the paper (paraphrased).' }),
  }),
});

const EntryConnection = builder.connectionObject(
  {
    type: EntryRef,
    name: 'CollectionEntryConnection',
    description: 'The entries of a collection, by rank.',
    fields: (t) => ({ facets: facetsField(t) }),
  },
  { name: 'CollectionEntryEdge', description: 'An entry in a collection.' },
);

builder.node(CollectionRef, {
  description: 'A curated, ranked reading list, such as the Zeta Alpha guide to NeurIPS 2020.',
  id: { resolve: (c) => c.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.collection, ids),
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Title of the list.' }),
    slug: t.exposeString('slug', { description: 'URL-safe key, unique among collections.' }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it.' }),
    date: t.exposeString('date', { nullable: true, description: 'Publication date (ISO 8601).' }),
    url: t.exposeString('url', { nullable: true, description: 'Where it was published.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the list is.' }),
    paperCount: paperCountField(t, 'Collection', 'Papers of the collection: the totalCount of `entries`.'),
    provenance: t.field({
      type: [ProvenanceType],
      description: 'The sources this collection was read from.',
      resolve: (c) => c.provenance,
    }),
    entries: t.field({
      type: EntryConnection,
      description: 'The ranked entries, rank 1 first.',
      args: { ...t.arg.connectionArgs() },
      resolve: async (c, args, ctx) => {
        const page = await ctx.loaders.entriesOfCollection.load({ id: c.id, page: pageRequestFrom(args) });
        return withFacets(
          connectionOf(page, (entry, cursor) => ({ cursor, node: { ...entry, collectionId: c.id } })),
          { collectionIds: [c.id], includeStubs: true },
        );
      },
    }),
  }),
});

const CollectionConnection = builder.connectionObject(
  { type: CollectionRef, name: 'CollectionConnection', description: 'A page of collections.' },
  { name: 'CollectionEdge', description: 'A collection in a list.' },
);

builder.queryFields((t) => ({
  collection: t.field({
    type: CollectionRef,
    nullable: true,
    description: 'One collection by global id or slug (case-insensitive). Null when none matches.',
    args: slugLookupArgs(t.arg, 'Collection'),
    resolve: async (_root, args, ctx) => {
      const id = await lookupSluggedId(ctx, 'Collection', args);
      return id === null ? null : ctx.loaders.collection.load(id);
    },
  }),
  collections: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: CollectionConnection,
    description: 'All collections, filtered and sorted.',
    args: namedListArgs(t.arg),
    resolve: (_root, args, ctx) => namedList(ctx, 'Collection', args, {}, (ids) => loadAll(ctx.loaders.collection, ids)),
  }),
}));

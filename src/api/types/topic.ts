// Topic: a broad area (a section of the guide), its papers and concepts; root `topic`, `topics`.

import { builder } from '../builder.js';
import { loadAll } from '../context.js';
import { connectionOf } from '../connection.js';
import type { Concept } from '../../model/index.js';
import { pageRequestFrom } from '../connection.js';
import { ConceptRef, TopicRef, SearchResultRef } from '../refs.js';
import { namedList, namedListArgs } from './named-lists.js';
import { paperCountField, ProvenanceType } from './ordering.js';
import { lookupSluggedId, slugLookupArgs } from './lookups.js';
import { PaperConnection, paperList, paperListArgs } from './paper.js';

const TopicConceptConnection = builder.connectionObject(
  { type: ConceptRef, name: 'TopicConceptConnection', description: "The concepts of a topic's papers, most frequent first." },
  {
    name: 'TopicConceptEdge',
    description: "A concept found among the topic's papers.",
    fields: (t) => ({
      paperCount: t.int({
        description: "How many of the topic's papers are linked to the concept.",
        resolve: (e) => (e as unknown as { count: number }).count,
      }),
    }),
  },
);

builder.node(TopicRef, {
  interfaces: [SearchResultRef],
  description: "A broad topic; the guide's sections are topics.",
  id: { resolve: (t) => t.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.topic, ids),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name of the topic.' }),
    slug: t.exposeString('slug', { description: 'URL-safe key, unique among topics.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the topic covers.' }),
    provenance: t.field({ type: [ProvenanceType], description: 'The sources this topic was read from.', resolve: (x) => x.provenance }),
    paperCount: paperCountField(t, 'Topic', 'Papers in the topic: the totalCount of `papers` without a filter.'),
    papers: t.field({
      type: PaperConnection,
      description: 'Papers in the topic, filtered and sorted.',
      args: paperListArgs(t.arg),
      resolve: (topic, args, ctx) => paperList(ctx, args, { topicIds: [topic.id] }),
    }),
    concepts: t.field({
      type: TopicConceptConnection,
      description: "Concepts of the topic's papers, by how many papers carry them.",
      args: { ...t.arg.connectionArgs() },
      resolve: async (topic, args, ctx) => {
        const page = await ctx.loaders.conceptsOfTopic.load({ id: topic.id, page: pageRequestFrom(args) });
        const concepts = await loadAll(
          ctx.loaders.concept,
          page.items.map((c) => c.conceptId),
        );
        return connectionOf(page, (item, cursor, k) => ({ cursor, node: concepts[k] as Concept, count: item.count }));
      },
    }),
  }),
});

const TopicConnection = builder.connectionObject(
  { type: TopicRef, name: 'TopicConnection', description: 'A page of topics.' },
  { name: 'TopicEdge', description: 'A topic in a list.' },
);

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description: 'One topic by global id or slug (case-insensitive). Null when none matches.',
    args: slugLookupArgs(t.arg, 'Topic'),
    resolve: async (_root, args, ctx) => {
      const id = await lookupSluggedId(ctx, 'Topic', args);
      return id === null ? null : ctx.loaders.topic.load(id);
    },
  }),
  topics: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: TopicConnection,
    description: 'All topics, filtered and sorted.',
    args: namedListArgs(t.arg),
    resolve: (_root, args, ctx) => namedList(ctx, 'Topic', args, {}, (ids) => loadAll(ctx.loaders.topic, ids)),
  }),
}));

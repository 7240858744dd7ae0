// Author: a person and their papers; root `author`, `authors`.

import type { Authorship, Paper } from '../../model/index.js';
import { builder } from '../builder.js';
import { loadAll } from '../context.js';
import { connectionOf, pageRequestFrom } from '../connection.js';
import { AuthorRef, PaperRef, SearchResultRef } from '../refs.js';
import { namedList, namedListArgs } from './named-lists.js';
import { paperCountField, ProvenanceType } from './ordering.js';
import { authorLookupArgs, lookupSluggedId } from './lookups.js';
import { facetsField, withFacets } from './facets.js';

const AuthorPaperConnection = builder.connectionObject(
  {
    type: PaperRef,
    name: 'AuthorPaperConnection',
    description: 'The papers of an author, newest first.',
    fields: (t) => ({ facets: facetsField(t) }),
  },
  {
    name: 'AuthorPaperEdge',
    description: "A paper of the author, with the author's place on it.",
    fields: (t) => ({
      position: t.int({
        description: "1-based position of the author in the paper's byline.",
        resolve: (e) => (e as unknown as { authorship: Authorship }).authorship.position + 1,
      }),
    }),
  },
);

builder.node(AuthorRef, {
  interfaces: [SearchResultRef],
  description: 'A person who wrote papers in the graph.',
  id: { resolve: (a) => a.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.author, ids),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Full name.' }),
    slug: t.string({
      description:
        'URL-safe key, unique among authors and stable: the name\'s slug ("ashish-vaswani"), with "-2", "-3" … for a second or third person of the same name.',
      resolve: async (a, _args, ctx) => (await ctx.loaders.authorSlug.load(a.id)) ?? '',
    }),
    affiliations: t.exposeStringList('affiliations', { description: "Institutions the author is known by in the graph's sources." }),
    provenance: t.field({ type: [ProvenanceType], description: 'The sources this author was read from.', resolve: (a) => a.provenance }),
    paperCount: paperCountField(t, 'Author', 'Papers by the author: the totalCount of `papers`.'),
    papers: t.field({
      type: AuthorPaperConnection,
      description: 'Papers by the author, newest first.',
      args: { ...t.arg.connectionArgs() },
      resolve: async (author, args, ctx) => {
        const page = await ctx.loaders.papersOfAuthor.load({ id: author.id, page: pageRequestFrom(args) });
        const papers = await loadAll(
          ctx.loaders.paper,
          page.items.map((a) => a.paperId),
        );
        return withFacets(
          connectionOf(page, (authorship, cursor, k) => ({ cursor, node: papers[k] as Paper, authorship })),
          { authorIds: [author.id] },
        );
      },
    }),
  }),
});

const AuthorConnection = builder.connectionObject(
  { type: AuthorRef, name: 'AuthorConnection', description: 'A page of authors.' },
  { name: 'AuthorEdge', description: 'An author in a list.' },
);

builder.queryFields((t) => ({
  author: t.field({
    type: AuthorRef,
    nullable: true,
    description: 'One author by global id or slug (case-insensitive). Null when none matches.',
    args: authorLookupArgs(t.arg),
    resolve: async (_root, args, ctx) => {
      const id = await lookupSluggedId(ctx, 'Author', args);
      return id === null ? null : ctx.loaders.author.load(id);
    },
  }),
  authors: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: AuthorConnection,
    description: 'All authors, filtered and sorted.',
    args: namedListArgs(t.arg),
    resolve: (_root, args, ctx) => namedList(ctx, 'Author', args, {}, (ids) => loadAll(ctx.loaders.author, ids)),
  }),
}));

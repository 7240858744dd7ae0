// Venue: a conference, journal, workshop or preprint server; root `venue`, `venues`.

import { builder } from '../builder.js';
import { loadAll } from '../context.js';
import { VenueRef, SearchResultRef } from '../refs.js';
import { namedList, namedListArgs } from './named-lists.js';
import { paperCountField, ProvenanceType } from './ordering.js';
import { lookupSluggedId, slugLookupArgs } from './lookups.js';
import { PaperConnection, paperList, paperListArgs } from './paper.js';

const VenueKindEnum = builder.enumType('VenueKind', {
  description: 'What sort of venue it is.',
  values: {
    CONFERENCE: { description: 'A conference (one venue per edition).' },
    JOURNAL: { description: 'A journal.' },
    WORKSHOP: { description: 'A workshop.' },
    PREPRINT: { description: 'A preprint server such as arXiv.' },
    REPORT: { description: 'A technical report or blog-published paper.' },
  },
});

builder.node(VenueRef, {
  interfaces: [SearchResultRef],
  description: 'Where papers are published.',
  id: { resolve: (v) => v.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.venue, ids),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Short name, e.g. "NeurIPS 2020".' }),
    slug: t.exposeString('slug', { description: 'URL-safe key, unique among venues.' }),
    fullName: t.exposeString('fullName', { nullable: true, description: 'Full name, e.g. the proceedings title.' }),
    kind: t.field({ type: VenueKindEnum, description: 'What sort of venue it is.', resolve: (v) => v.kind }),
    year: t.exposeInt('year', { nullable: true, description: 'Year of the edition, for conferences.' }),
    provenance: t.field({ type: [ProvenanceType], description: 'The sources this venue was read from.', resolve: (v) => v.provenance }),
    paperCount: paperCountField(t, 'Venue', 'Papers published here: the totalCount of `papers` without a filter.'),
    papers: t.field({
      type: PaperConnection,
      description: 'Papers published here, filtered and sorted.',
      args: paperListArgs(t.arg),
      resolve: (venue, args, ctx) => paperList(ctx, args, { venueIds: [venue.id] }),
    }),
  }),
});

const VenueConnection = builder.connectionObject(
  { type: VenueRef, name: 'VenueConnection', description: 'A page of venues.' },
  { name: 'VenueEdge', description: 'A venue in a list.' },
);

builder.queryFields((t) => ({
  venue: t.field({
    type: VenueRef,
    nullable: true,
    description: 'One venue by global id or slug (case-insensitive). Null when none matches.',
    args: slugLookupArgs(t.arg, 'Venue'),
    resolve: async (_root, args, ctx) => {
      const id = await lookupSluggedId(ctx, 'Venue', args);
      return id === null ? null : ctx.loaders.venue.load(id);
    },
  }),
  venues: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: VenueConnection,
    description: 'All venues, filtered and sorted.',
    args: namedListArgs(t.arg),
    resolve: (_root, args, ctx) => namedList(ctx, 'Venue', args, {}, (ids) => loadAll(ctx.loaders.venue, ids)),
  }),
}));

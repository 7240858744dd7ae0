// Concept: a node of the concept scheme (methods, tasks, datasets, metrics, fields), its
// hierarchy, its papers, and the root lookups `concept` and `concepts`.

import { CONCEPT_KINDS, type Paper, type PaperConcept } from '../../model/index.js';
import type { ConceptCount } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { UserInputError } from '../errors.js';
import { connectionOf } from '../connection.js';
import { ConceptRef, PaperRef, SearchResultRef } from '../refs.js';
import { loadAll, present } from '../context.js';
import { namedListArgs, namedList } from './named-lists.js';
import { paperQueryFrom, PaperOrder, PaperWhere, STUB_DESCRIPTION } from './paper.js';
import { ProvenanceType } from './ordering.js';
import { lookupSluggedId, slugLookupArgs } from './lookups.js';
import { ConceptMappingType, conceptLinkFields, ExternalIdType } from './annotations.js';
import { facetsField, withFacets, YearCountRef } from './facets.js';
import { paperCountField } from './ordering.js';

export const ConceptKindEnum = builder.enumType('ConceptKind', {
  description: 'What sort of thing a concept is.',
  values: Object.fromEntries(
    CONCEPT_KINDS.map((k) => [
      k,
      {
        description: {
          METHOD: 'A technique or model family (attention, contrastive learning).',
          TASK: 'A problem to solve (summarization, question answering).',
          DATASET: 'A dataset or benchmark (ImageNet, SuperGLUE).',
          METRIC: 'A measure of performance (ROUGE).',
          FIELD: 'A research area (natural language processing).',
        }[k],
      },
    ]),
  ) as Record<(typeof CONCEPT_KINDS)[number], { description: string }>,
});

const ConceptPaperConnection = builder.connectionObject(
  {
    type: PaperRef,
    name: 'ConceptPaperConnection',
    description: 'The papers of a concept.',
    fields: (t) => ({ facets: facetsField(t) }),
  },
  {
    name: 'ConceptPaperEdge',
    description: "A paper linked to the concept, with the link's role and strength.",
    fields: (t) => ({
      ...conceptLinkFields(t, linkOf),
      concept: t.field({
        type: ConceptRef,
        description: 'The concept the paper is linked to (a narrower one with includeNarrower).',
        resolve: (e, _a, ctx) => ctx.loaders.concept.load(linkOf(e).conceptId) as never,
      }),
    }),
  },
);
const linkOf = (edge: unknown) => (edge as { link: PaperConcept }).link;

const CooccurrenceRef = builder.objectRef<ConceptCount>('ConceptCooccurrence').implement({
  description: 'A concept sharing papers with another, and how many.',
  fields: (t) => ({
    concept: t.field({
      type: ConceptRef,
      description: 'The co-occurring concept.',
      resolve: (c, _a, ctx) => ctx.loaders.concept.load(c.conceptId) as never,
    }),
    count: t.exposeInt('count', { description: 'Papers linked to both concepts.' }),
  }),
});

builder.node(ConceptRef, {
  interfaces: [SearchResultRef],
  description: 'A concept of the scheme: a method, task, dataset, metric or field.',
  id: { resolve: (c) => c.id },
  loadMany: (ids, ctx) => loadAll(ctx.loaders.concept, ids),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Preferred name.' }),
    slug: t.exposeString('slug', { description: 'URL-safe key, unique among concepts.' }),
    kind: t.field({ type: ConceptKindEnum, description: 'What sort of concept it is.', resolve: (c) => c.kind }),
    aliases: t.exposeStringList('aliases', { description: 'Other names and spellings.' }),
    paperCount: paperCountField(t, 'Concept', 'Papers linked to the concept itself (not its narrower ones): the totalCount of `papers`.'),
    description: t.exposeString('description', { nullable: true, description: 'One-line description.' }),
    provenance: t.field({ type: [ProvenanceType], description: 'The sources this concept was read from.', resolve: (c) => c.provenance }),
    scheme: t.exposeString('scheme', {
      description:
        'The concept scheme it belongs to: "curated" (the papergraph scheme), "cso" (Computer Science Ontology), "acm-ccs", or an imported SKOS scheme.',
    }),
    externalIds: t.field({
      type: [ExternalIdType],
      description: 'Its ids in other systems: Wikidata, DBpedia, the CSO topic.',
      resolve: (c) => c.externalIds,
    }),
    mappings: t.field({
      type: [ConceptMappingType],
      description: 'Concepts of other schemes aligned to this one (absorbed into it, not duplicated), with how closely they match.',
      resolve: (c) => c.mappings,
    }),
    cooccurring: t.field({
      type: [CooccurrenceRef],
      description: 'Concepts that share papers with this one, most shared papers first.',
      args: { first: t.arg.int({ defaultValue: 10, description: 'How many (1–100).' }) },
      resolve: async (c, args, ctx) => {
        const n = args.first ?? 10;
        if (n < 1 || n > 100) throw new UserInputError(`"first" must be between 1 and 100, got ${n}`);
        return (await ctx.loaders.cooccurring.load(c.id)).slice(0, n);
      },
    }),
    timeline: t.field({
      type: [YearCountRef],
      description:
        'How many of its papers appeared each year, earliest first (years without papers left out): the same YearCount list as `papers { facets { timeline } }`.',
      args: {
        includeNarrower: t.arg.boolean({ defaultValue: false, description: 'Also count papers of narrower concepts (each paper once).' }),
      },
      resolve: (c, args, ctx) => ctx.loaders.timeline.load({ id: c.id, includeNarrower: args.includeNarrower ?? false }),
    }),
    papers: t.field({
      type: ConceptPaperConnection,
      description: 'Papers linked to the concept; strongest link first unless orderBy says otherwise.',
      args: {
        ...t.arg.connectionArgs(),
        where: t.arg({
          type: PaperWhere,
          description: 'Which of its papers to include (includeNarrower also takes papers of narrower concepts).',
        }),
        orderBy: t.arg({ type: [PaperOrder], description: 'Sort keys; by link score by default.' }),
        includeStubs: t.arg.boolean({ defaultValue: false, description: STUB_DESCRIPTION }),
      },
      resolve: async (c, args, ctx) => {
        const query = await paperQueryFrom(ctx, args);
        const page = await ctx.loaders.papersOfConcept.load({ id: c.id, query });
        const papers = await loadAll(
          ctx.loaders.paper,
          page.items.map((l) => l.paperId),
        );
        // Facets count the same papers: the concept (and its tree with includeNarrower) within `where`.
        return withFacets(
          connectionOf(page, (link, cursor, k) => ({ cursor, node: papers[k] as Paper, link })),
          { ...query.filter, conceptIds: [c.id] },
        );
      },
    }),
  }),
});

const ConceptConnection = builder.connectionObject(
  { type: ConceptRef, name: 'ConceptConnection', description: 'A page of concepts.' },
  { name: 'ConceptEdge', description: 'A concept in a list.' },
);

/** The hierarchy around a concept, each list through its loader. */
const HIERARCHY = {
  broader: 'The concepts directly above this one.',
  narrower: 'The concepts directly below this one.',
  ancestors: 'Every concept above this one, nearest first.',
  descendants: 'Every concept below this one, nearest first.',
} as const;

builder.objectFields(ConceptRef, (t) =>
  Object.fromEntries(
    Object.entries(HIERARCHY).map(([via, description]) => [
      via,
      t.field({
        type: [ConceptRef],
        description,
        resolve: async (c, _a, ctx) =>
          present(await loadAll(ctx.loaders.concept, await ctx.loaders[via as keyof typeof HIERARCHY].load(c.id))),
      }),
    ]),
  ),
);

builder.queryFields((t) => ({
  concept: t.field({
    type: ConceptRef,
    nullable: true,
    description: 'One concept by global id or slug (case-insensitive). Null when none matches.',
    args: slugLookupArgs(t.arg, 'Concept'),
    resolve: async (_root, args, ctx) => {
      const id = await lookupSluggedId(ctx, 'Concept', args);
      return id === null ? null : ctx.loaders.concept.load(id);
    },
  }),
  concepts: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: ConceptConnection,
    description: 'All concepts, filtered and sorted.',
    args: {
      ...namedListArgs(t.arg),
      kinds: t.arg({ type: [ConceptKindEnum], description: 'Only concepts of these kinds.' }),
    },
    resolve: (_root, args, ctx) =>
      namedList(ctx, 'Concept', args, { kinds: args.kinds ?? null }, (ids) => loadAll(ctx.loaders.concept, ids)),
  }),
}));

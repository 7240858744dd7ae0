// Facet counts over a paper list: by year, concept, topic and venue, counted over the whole
// filtered list, not the page. One implementation for every paper list of the schema (root
// `papers`, Concept/Author/Venue/Topic.papers, a paper's references and citers, a collection's
// entries): the list's resolver says which papers the list holds (`withFacets`), `facetsField`
// counts them. Years have one shape everywhere: YearCount, earliest first (Concept.timeline too).

import type { FacetBucket, GraphNodeKind, PaperFacets, PaperFilter, YearCount } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { PAPER_SCAN_COST } from '../complexity.js';
import { DEFAULT_PAGE_SIZE } from '../connection.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';

type KindedBucket = FacetBucket & { kind: GraphNodeKind | null };

const FacetBucketRef = builder.objectRef<KindedBucket>('FacetBucket').implement({
  description:
    'A value of a facet and how many papers of the list have it. A value, not an entity: it has no key of its own and a normalised cache keeps it inside its list (graphcache: `keys: { FacetBucket: () => null }`).',
  fields: (t) => ({
    value: t.exposeString('value', {
      description: 'The year, or the id of the concept, topic or venue (a local id; `node` has the node).',
    }),
    count: t.exposeInt('count', { description: 'Papers of the whole filtered list with this value.' }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: 'The concept, topic or venue itself (null for years).',
      resolve: async (b, _a, ctx) => (b.kind ? ((await loadNodes(ctx, [{ kind: b.kind, id: b.value }]))[0] as never) : null),
    }),
  }),
});

/** The one shape of "papers per year": Concept.timeline and PaperFacets.timeline. */
export const YearCountRef = builder.objectRef<YearCount>('YearCount').implement({
  description:
    'A number of papers in a year. Lists of them run earliest year first and leave out years without papers. A value, not an entity (graphcache: `keys: { YearCount: () => null }`).',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'The year.' }),
    count: t.exposeInt('count', { description: 'Papers that year.' }),
  }),
});

const FACET_MAX = 100;

/** The facets' years (latest first in the store) as the timeline shape: earliest first, years as numbers. */
const timelineOf = (f: PaperFacets): YearCount[] => f.byYear.map((b) => ({ year: Number(b.value), count: b.count })).reverse();

export const PaperFacetsRef = builder.objectRef<PaperFacets>('PaperFacets').implement({
  description:
    'Counts of the papers of a list by year, concept, topic and venue, over the whole list (every page). A value of its list (graphcache: `keys: { PaperFacets: () => null }`).',
  fields: (t) => {
    const facet = (description: string, pick: (f: PaperFacets) => FacetBucket[], kind: GraphNodeKind | null, deprecationReason?: string) =>
      t.field({
        type: [FacetBucketRef],
        description,
        deprecationReason,
        args: { first: t.arg.int({ defaultValue: 20, description: `How many values, most frequent first (1–${FACET_MAX}).` }) },
        resolve: (f, args) => {
          const n = args.first ?? 20;
          if (n < 1 || n > FACET_MAX) throw new UserInputError(`"first" must be between 1 and ${FACET_MAX}, got ${n}`);
          return pick(f)
            .slice(0, n)
            .map((b) => ({ ...b, kind }));
        },
      });
    return {
      timeline: t.field({
        type: [YearCountRef],
        description: 'Papers per year, earliest year first, every year that has papers: the shape of Concept.timeline.',
        resolve: timelineOf,
      }),
      byYear: facet(
        'Papers per year, latest year first, the year as a string.',
        (f) => f.byYear,
        null,
        'Use `timeline`: the same counts as YearCount (year: Int), earliest first, as Concept.timeline gives them. byYear goes in the next release.',
      ),
      byConcept: facet('Papers per concept, most frequent first.', (f) => f.byConcept, 'Concept'),
      byTopic: facet('Papers per topic, most frequent first.', (f) => f.byTopic, 'Topic'),
      byVenue: facet('Papers per venue, most frequent first.', (f) => f.byVenue, 'Venue'),
    };
  },
});

/** Where a paper list's resolver leaves the filter of the whole list for its `facets`. */
const FACET_FILTER = Symbol('facetFilter');
type WithFacets = { [FACET_FILTER]?: PaperFilter | null };

/** A paper list's connection with the filter that gives the list's papers, all pages (for `facets`). */
export function withFacets<C extends object>(connection: C, filter: PaperFilter | null): C {
  return Object.assign(connection, { [FACET_FILTER]: filter });
}

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The `facets` field of a paper connection (its resolver returned `withFacets(…)`). A facet
 * count reads every paper of the list's filter, like a `where`: charged a scan at the default
 * page size (the field sits under its connection's page multiplier).
 */
export function facetsField<Parent>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Parent>) {
  return t.field({
    type: PaperFacetsRef,
    description: 'Counts by year, concept, topic and venue over the whole list (every page, with its filter).',
    complexity: { field: Math.ceil(PAPER_SCAN_COST / DEFAULT_PAGE_SIZE) },
    resolve: (connection, _a, ctx) => {
      const filter = (connection as WithFacets)[FACET_FILTER];
      if (filter === undefined) throw new Error('facets: the list resolver did not give its filter (withFacets)');
      return ctx.loaders.paperFacets.load(filter);
    },
  });
}

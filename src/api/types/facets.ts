// Facet counts over a filtered paper list: by year, concept, topic and venue, counted over the
// whole filtered set, not the page.

import type { FacetBucket, GraphNodeKind, PaperFacets } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';

type KindedBucket = FacetBucket & { kind: GraphNodeKind | null };

const FacetBucketRef = builder.objectRef<KindedBucket>('FacetBucket').implement({
  description: 'A value of a facet and how many papers of the list have it.',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The year, or the slug/id of the concept, topic or venue.' }),
    count: t.exposeInt('count', { description: 'Papers of the whole filtered list with this value.' }),
    node: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: 'The concept, topic or venue itself (null for years).',
      resolve: async (b, _a, ctx) => (b.kind ? ((await loadNodes(ctx, [{ kind: b.kind, id: b.value }]))[0] as never) : null),
    }),
  }),
});

const FACET_MAX = 100;

export const PaperFacetsRef = builder.objectRef<PaperFacets>('PaperFacets').implement({
  description: 'Counts of the papers of a list by year, concept, topic and venue.',
  fields: (t) => {
    const facet = (description: string, pick: (f: PaperFacets) => FacetBucket[], kind: GraphNodeKind | null) =>
      t.field({
        type: [FacetBucketRef],
        description,
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
      byYear: facet('Papers per year, latest year first.', (f) => f.byYear, null),
      byConcept: facet('Papers per concept, most frequent first.', (f) => f.byConcept, 'Concept'),
      byTopic: facet('Papers per topic, most frequent first.', (f) => f.byTopic, 'Topic'),
      byVenue: facet('Papers per venue, most frequent first.', (f) => f.byVenue, 'Venue'),
    };
  },
});

// Shared enums and inputs for sorting lists.

import type { NamedKind } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { toGlobalId } from '../global-id.js';

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Smallest (or earliest, or A) first.' },
    DESC: { description: 'Largest (or latest, or Z) first.' },
  },
});

export const NamedOrderField = builder.enumType('NamedOrderField', {
  description: 'What to sort a list of named nodes (concepts, topics, authors, venues, collections) by.',
  values: {
    NAME: { description: 'Name (title for collections), alphabetically.' },
    PAPER_COUNT: { description: 'Number of papers linked to the node.' },
  },
});

export const NamedOrder = builder.inputType('NamedOrder', {
  description: 'One sort key of a named-node list; several keys sort by the first, then the next.',
  fields: (t) => ({
    field: t.field({ type: NamedOrderField, required: true, description: 'The key to sort by.' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC', description: 'The direction (ASC by default).' }),
  }),
});

export const NamedWhere = builder.inputType('NamedWhere', {
  description: 'Filter of a named-node list.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Case-insensitive substring of the name (title for collections).' }),
  }),
});

export const ProvenanceType = builder.objectRef<{ source: string; recordId: string }>('Provenance').implement({
  description: 'Where a node or an edge came from.',
  fields: (t) => ({
    id: t.id({
      description:
        'A key for caches: the source and the record id, which determine every field here (two nodes read from the same record share it). Not a node id.',
      resolve: (p) => toGlobalId('Provenance', `${p.source}:${p.recordId}`),
    }),
    source: t.exposeString('source', { description: 'The source: "curated", "guide", "aan", "semantic-scholar", …' }),
    recordId: t.exposeString('recordId', { description: 'The id of the record in that source.' }),
  }),
});

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * `paperCount` of a named node: the number `orderBy: PAPER_COUNT` sorts by (GraphStore.paperCounts),
 * so a list sorted by it reads in the order of the numbers shown.
 */
export function paperCountField<N extends { id: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, N>,
  kind: NamedKind,
  description: string,
) {
  return t.int({
    description: `${description} The key of \`orderBy: PAPER_COUNT\`${kind === 'Collection' ? '' : '; stub papers left out'}.`,
    resolve: (node, _a, ctx) => ctx.loaders.paperCount[kind].load(node.id),
  });
}

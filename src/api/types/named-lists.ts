// What the lists and lookups of named nodes (concepts, topics, authors, venues, collections)
// share: their arguments and resolution through the store (root lookups: lookups.ts).

import type { NamedFilter, NamedKind } from '../../store/graph-store.js';
import type { builder } from '../builder.js';
import { connectionOfIds, pageRequestFrom, type ConnectionArgs } from '../connection.js';
import type { Context } from '../context.js';
import { NamedOrder, NamedWhere } from './ordering.js';

type ArgBuilder = Parameters<Parameters<typeof builder.queryFields>[0]>[0]['arg'];

export function namedListArgs(arg: ArgBuilder) {
  return {
    ...arg.connectionArgs(),
    where: arg({ type: NamedWhere, description: 'Which nodes to include.' }),
    orderBy: arg({ type: [NamedOrder], description: 'Sort keys, first key first; source order by default.' }),
  };
}

type NamedListArgs = ConnectionArgs & {
  where?: { nameContains?: string | null } | null;
  orderBy?: { field: 'NAME' | 'PAPER_COUNT'; direction?: 'ASC' | 'DESC' | null }[] | null;
};

export async function namedList<N>(
  ctx: Context,
  kind: NamedKind,
  args: NamedListArgs,
  extra: NamedFilter,
  load: (ids: string[]) => Promise<(N | null)[]>,
) {
  const page = await ctx.loaders.findNamed[kind].load({
    filter: { nameContains: args.where?.nameContains ?? null, ...extra },
    orderBy: args.orderBy?.map((o) => ({ field: o.field, direction: o.direction ?? 'ASC' })) ?? null,
    page: pageRequestFrom(args),
  });
  return connectionOfIds(page, load);
}

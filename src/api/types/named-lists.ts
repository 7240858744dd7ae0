// What the lists and lookups of named nodes (concepts, topics, authors, venues, collections)
// share: their arguments, slug-or-id lookup, and resolution through the store.

import type { NamedFilter, NamedKind, SluggedKind } from '../../store/graph-store.js';
import type { builder } from '../builder.js';
import { connectionOfIds, pageRequestFrom, type ConnectionArgs } from '../connection.js';
import type { Context } from '../context.js';
import { UserInputError } from '../errors.js';
import { fromGlobalId } from '../global-id.js';
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

/** A root lookup by exactly one of global id and slug; null when nothing has it. */
export async function lookupBySlug<N>(
  ctx: Context,
  kind: SluggedKind,
  args: { id?: string | number | null; slug?: string | null },
  load: (id: string) => Promise<N | null>,
): Promise<N | null> {
  if ((args.id == null) === (args.slug == null)) {
    throw new UserInputError(`${kind.toLowerCase()}: give exactly one of "id", "slug"`);
  }
  const id = args.id != null ? fromGlobalId(String(args.id), kind) : await ctx.loaders.idBySlug[kind].load(args.slug!);
  return id === null ? null : load(id);
}

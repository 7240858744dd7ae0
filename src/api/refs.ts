// Object refs of the domain types, declared apart from their definitions so that type files
// can point at each other without import cycles.

import type { Author, Collection, Concept, Paper, Topic, Venue } from '../model/index.js';
import { isSluggedKind, type NodeKind } from '../model/index.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { UserInputError } from './errors.js';
import { tryDecode, truncate } from './global-id.js';

export const PaperRef = builder.objectRef<Paper>('Paper');
export const AuthorRef = builder.objectRef<Author>('Author');
export const VenueRef = builder.objectRef<Venue>('Venue');
export const TopicRef = builder.objectRef<Topic>('Topic');
export const ConceptRef = builder.objectRef<Concept>('Concept');
export const CollectionRef = builder.objectRef<Collection>('Collection');

/**
 * The local id a filter or lookup argument names: a global id of the right type, or a slug
 * (for types that have one), or a local id. Unknown references are a clear error.
 */
export async function resolveReference(ctx: Context, typename: NodeKind, value: string): Promise<string> {
  const decoded = tryDecode(value);
  if (decoded && decoded.typename === typename) return decoded.id;
  if (isSluggedKind(typename)) {
    const id = await ctx.loaders.idBySlug[typename].load(value);
    if (id !== null) return id;
  } else {
    const loader = typename === 'Author' ? ctx.loaders.author : ctx.loaders.paper;
    if (await loader.load(value)) return value;
  }
  throw new UserInputError(`Unknown ${typename.toLowerCase()} "${truncate(value)}": give its slug or its global id`);
}

/** `resolveReference` over a list. */
export function resolveReferences(ctx: Context, typename: NodeKind, values: string[]): Promise<string[]> {
  return Promise.all(values.map((v) => resolveReference(ctx, typename, v)));
}

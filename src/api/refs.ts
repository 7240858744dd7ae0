// Object refs of the domain types (and the enum two of them share), declared apart from their
// definitions so that type files can point at each other without import cycles.

import {
  CONCEPT_ROLES,
  isSluggedKind,
  type Author,
  type Collection,
  type Concept,
  type NodeKind,
  type Paper,
  type Topic,
  type Venue,
} from '../model/index.js';
import { builder } from './builder.js';
import { nodeLoader, type Context } from './context.js';
import { UserInputError } from './errors.js';
import { tryDecode, truncate } from './global-id.js';

export const PaperRef = builder.objectRef<Paper>('Paper');
export const AuthorRef = builder.objectRef<Author>('Author');
export const VenueRef = builder.objectRef<Venue>('Venue');
export const TopicRef = builder.objectRef<Topic>('Topic');
export const ConceptRef = builder.objectRef<Concept>('Concept');
export const CollectionRef = builder.objectRef<Collection>('Collection');
/** What search returns: the kinds it indexes (implemented in types/search.ts, declared by each kind). */
export const SearchResultRef = builder.interfaceRef<Paper | Concept | Topic | Author | Venue>('SearchResult');

export const ConceptRoleEnum = builder.enumType('ConceptRole', {
  description: 'What a paper does with a concept.',
  values: Object.fromEntries(
    CONCEPT_ROLES.map((r) => [
      r,
      {
        description: {
          INTRODUCES: 'The paper proposes it.',
          USES: 'The paper builds on it.',
          STUDIES: 'The paper analyses it.',
          EVALUATES_ON: 'The paper reports results on it (datasets, metrics).',
        }[r],
      },
    ]),
  ) as Record<(typeof CONCEPT_ROLES)[number], { description: string }>,
});

/**
 * The local id a filter or lookup argument names: a global id of the right type, or a slug
 * (case-insensitive, for types that have one), or a local id (for papers and authors, whose
 * local ids filters took before authors had slugs). Unknown references are a clear error that
 * names what the argument takes.
 */
export async function resolveReference(ctx: Context, typename: NodeKind, value: string): Promise<string> {
  const decoded = tryDecode(value);
  if (decoded && decoded.typename === typename) return decoded.id;
  const slugged = isSluggedKind(typename);
  if (slugged) {
    const id = await ctx.loaders.idBySlug[typename].load(value);
    if (id !== null) return id;
  }
  if (!slugged || typename === 'Author') {
    if (await nodeLoader(ctx.loaders, typename).load(value)) return value;
  }
  throw new UserInputError(
    `Unknown ${typename.toLowerCase()} "${truncate(value)}": give its ${slugged ? 'slug or its global id' : 'global id'}`,
  );
}

/** `resolveReference` over a list. */
export function resolveReferences(ctx: Context, typename: NodeKind, values: string[]): Promise<string[]> {
  return Promise.all(values.map((v) => resolveReference(ctx, typename, v)));
}

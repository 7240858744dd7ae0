// Root lookups of one node: `paper(by: PaperLookup)`, `concept(by: ConceptLookup)`, … Each `by`
// is a @oneOf input, so that "exactly one of id, arxivId, doi" is the schema's rule, checked by
// validation (and by codegen's types) rather than at run time. The arguments the lookups had
// before (`id`, `arxivId`, `doi`, `slug`) stay for one release, deprecated, with their old meaning.
//
// What a lookup accepts: global ids; arXiv ids bare, with "arXiv:", as abs/ or pdf/ URLs, with or
// without a version; DOIs bare, with "doi:" or as doi.org URLs; slugs in any case.

import { parseArxivId, parseDoi, type SluggedKind } from '../../model/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { UserInputError } from '../errors.js';
import { fromGlobalId, truncate } from '../global-id.js';

type ArgBuilder = Parameters<Parameters<typeof builder.queryFields>[0]>[0]['arg'];

const ARXIV_FORMS = '2006.07733, 2006.07733v2, arXiv:2006.07733, https://arxiv.org/abs/2006.07733 or https://arxiv.org/pdf/2006.07733v1';

export const PaperLookup = builder.inputType('PaperLookup', {
  isOneOf: true,
  description: 'How to find one paper: exactly one of its global id, its arXiv id, its DOI.',
  fields: (t) => ({
    id: t.id({ description: 'Global id.' }),
    arxivId: t.string({
      description: `arXiv identifier in any form a user pastes: ${ARXIV_FORMS} (old-style ids such as cs.CL/0102031 too).`,
    }),
    doi: t.string({ description: 'DOI, bare (10.1162/neco.1997.9.8.1735), with "doi:" or as a doi.org URL; case-insensitive.' }),
  }),
});

/** The `<Kind>Lookup` input of a kind looked up by global id or slug. */
function slugLookup(kind: SluggedKind) {
  const noun = kind.toLowerCase();
  return builder.inputType(`${kind}Lookup`, {
    isOneOf: true,
    description: `How to find one ${noun}: exactly one of its global id and its slug.`,
    fields: (t) => ({
      id: t.id({ description: 'Global id.' }),
      slug: t.string({ description: `Slug (${SLUG_EXAMPLES[kind]}); case-insensitive.` }),
    }),
  });
}

const SLUG_EXAMPLES: Record<SluggedKind, string> = {
  Concept: '"contrastive-learning"',
  Topic: '"transformers-and-attention"',
  Venue: '"neurips-2020"',
  Collection: '"zeta-alpha-neurips-2020"',
  Author: '"ashish-vaswani"; a second author of the same name gets "-2"',
};

export const SLUG_LOOKUPS = {
  Concept: slugLookup('Concept'),
  Topic: slugLookup('Topic'),
  Venue: slugLookup('Venue'),
  Collection: slugLookup('Collection'),
  Author: slugLookup('Author'),
};

const deprecated = (key: string) => `Use by: { ${key} } (a @oneOf input); this argument goes in the next release.`;

/** Arguments of `paper`: `by`, and the deprecated `id`, `arxivId`, `doi`. */
export function paperLookupArgs(arg: ArgBuilder) {
  return {
    by: arg({ type: PaperLookup, description: 'Which paper: exactly one of id, arxivId, doi.' }),
    id: arg.id({ description: 'Global id.', deprecationReason: deprecated('id') }),
    arxivId: arg.string({ description: `arXiv identifier (${ARXIV_FORMS}).`, deprecationReason: deprecated('arxivId') }),
    doi: arg.string({ description: 'DOI, bare or as a doi.org URL.', deprecationReason: deprecated('doi') }),
  };
}

/** Arguments of a slugged kind's root lookup: `by`, and the deprecated `id` and `slug` it had before. */
export function slugLookupArgs(arg: ArgBuilder, kind: Exclude<SluggedKind, 'Author'>) {
  return {
    by: arg({ type: SLUG_LOOKUPS[kind], description: 'Which one: exactly one of id, slug.' }),
    id: arg.id({ description: 'Global id.', deprecationReason: deprecated('id') }),
    slug: arg.string({ description: `Slug, e.g. ${SLUG_EXAMPLES[kind]}; case-insensitive.`, deprecationReason: deprecated('slug') }),
  };
}

/** Arguments of `author`: `by`, and the deprecated `id` (authors had no slug argument before: they take it in `by` only). */
export function authorLookupArgs(arg: ArgBuilder) {
  return {
    by: arg({ type: SLUG_LOOKUPS.Author, description: 'Which author: exactly one of id, slug.' }),
    id: arg.id({ description: 'Global id.', deprecationReason: deprecated('id') }),
  };
}

type Key = string | number | null | undefined;

/**
 * The one key of a lookup: from `by`, or else from the deprecated arguments. Validation holds
 * `by` to one key for literals and graphql-js' variables; graphql-jit (plugins/use-jit.ts) does
 * not check @oneOf on variables, so it is checked here again.
 */
function oneKey<K extends string>(
  field: string,
  keys: readonly K[],
  args: { by?: Partial<Record<K, Key>> | null } & Partial<Record<K, Key>>,
) {
  const old = keys.filter((k) => args[k] != null);
  if (args.by != null) {
    if (old.length) throw new UserInputError(`${field}: give "by" alone, not with the deprecated "${old.join('", "')}"`);
    const given = keys.filter((k) => args.by![k] != null);
    if (given.length !== 1) throw new UserInputError(`${field}: "by" takes exactly one of "${keys.join('", "')}"`);
    return { key: given[0], value: String(args.by[given[0]]), deprecated: false };
  }
  if (old.length !== 1) throw new UserInputError(`${field}: give "by" with exactly one of "${keys.join('", "')}"`);
  return { key: old[0], value: String(args[old[0]]), deprecated: true };
}

/** The local id of the paper a lookup names, or null when no paper has it. */
export async function lookupPaperId(
  ctx: Context,
  args: { by?: { id?: Key; arxivId?: Key; doi?: Key } | null; id?: Key; arxivId?: Key; doi?: Key },
): Promise<string | null> {
  const { key, value, deprecated } = oneKey('paper', ['id', 'arxivId', 'doi'] as const, args);
  if (key === 'id') return fromGlobalId(value, 'Paper');
  if (key === 'arxivId') {
    const parsed = parseArxivId(value);
    // The deprecated argument answered null for anything not found: it still does.
    if (!parsed) {
      if (deprecated) return ctx.loaders.paperIdByArxivId.load(value);
      throw new UserInputError(`paper: "${truncate(value)}" is not an arXiv id (such as ${ARXIV_FORMS})`);
    }
    return ctx.loaders.paperIdByArxivId.load(parsed.id);
  }
  const doi = parseDoi(value);
  if (!doi) {
    if (deprecated) return ctx.loaders.paperIdByDoi.load(value);
    throw new UserInputError(
      `paper: "${truncate(value)}" is not a DOI (such as 10.1162/neco.1997.9.8.1735 or https://doi.org/10.1162/neco.1997.9.8.1735)`,
    );
  }
  return ctx.loaders.paperIdByDoi.load(doi);
}

/** The local id of the node of a slugged kind a lookup names, or null when none has it. */
export async function lookupSluggedId(
  ctx: Context,
  kind: SluggedKind,
  args: { by?: { id?: Key; slug?: Key } | null; id?: Key; slug?: Key },
): Promise<string | null> {
  const { key, value } = oneKey(kind.toLowerCase(), ['id', 'slug'] as const, args);
  return key === 'id' ? fromGlobalId(value, kind) : ctx.loaders.idBySlug[kind].load(value);
}

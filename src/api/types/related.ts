// Related papers with the evidence behind each score: `relatedPapers` on Query and the
// resolver `Paper.related` shares.

import type { RelatedMethod, RelatedResult } from '../../store/graph-store.js';
import { builder } from '../builder.js';
import { loadAll, present, type Context } from '../context.js';
import { UserInputError } from '../errors.js';
import { fromGlobalId, toGlobalId } from '../global-id.js';
import { ConceptRef, PaperRef } from '../refs.js';

export const MAX_RELATED = 100;
const EVIDENCE_DEFAULT = 10;

/** A related paper as the API hands it out: with the paper asked about and the method, which with it make its identity. */
type Related = RelatedResult & { anchorId: string; method: RelatedMethod };
/** anchor, method, related paper: one relatedness score (its value follows the graph's version). */
const relatedKey = (r: Related) => `${r.anchorId}:${r.method}:${r.paperId}`;

export const RelatedMethodEnum = builder.enumType('RelatedMethod', {
  description: 'How relatedness is scored.',
  values: {
    CO_CITATION: { description: 'Papers cited together with it: the number of papers citing both.' },
    BIBLIOGRAPHIC_COUPLING: { description: 'Papers citing the same work: the number of shared references.' },
    SHARED_CONCEPTS: { description: 'Shared concepts, each weighted by its rarity (IDF) and by the weaker of the two link scores.' },
    ADAMIC_ADAR: { description: 'Common citation neighbours, each counting 1/log(its degree): rare intermediaries count most.' },
    DIRECT_CITATION: { description: 'Papers it cites or that cite it: 1 per direction.' },
    TEXT: {
      description:
        "Text similarity of titles, abstracts and summaries: the paper's 25 most distinctive words (TF-IDF) searched for among the other papers with BM25+ (exact words). The evidence lists the words shared.",
    },
    HYBRID: {
      description:
        'A blend of the graph methods, each scaled by its best candidate: 0.25 co-citation + 0.25 coupling + 0.2 direct citation + 0.15 concepts + 0.15 Adamic–Adar. For a paper with fewer than 5 papers citing it or cited by it, TEXT joins at 0.4 and the others keep their proportions in the remaining 0.6.',
    },
  },
});

const EvidenceRef = builder.objectRef<Related>('RelatedEvidence').implement({
  description: 'Why two papers are related: what they share in the graph, and the words they share.',
  fields: (t) => {
    const firstArg = t.arg.int({ defaultValue: EVIDENCE_DEFAULT, description: `How many to list (1–${MAX_RELATED}).` });
    const upTo = (ids: string[], first: number | null | undefined) => {
      const n = first ?? EVIDENCE_DEFAULT;
      if (n < 1 || n > MAX_RELATED) throw new UserInputError(`"first" must be between 1 and ${MAX_RELATED}, got ${n}`);
      return ids.slice(0, n);
    };
    return {
      id: t.id({
        description: 'A key for caches: the paper asked about, the method and the related paper (as RelatedPaper.id). Not a node id.',
        resolve: (r) => toGlobalId('RelatedEvidence', relatedKey(r)),
      }),
      sharedReferences: t.field({
        type: [PaperRef],
        description: 'Papers both cite.',
        args: { first: firstArg },
        resolve: async (r, args, ctx) => present(await loadAll(ctx.loaders.paper, upTo(r.sharedReferenceIds, args.first))),
      }),
      sharedReferenceCount: t.int({ description: 'How many papers both cite.', resolve: (r) => r.sharedReferenceIds.length }),
      sharedCiters: t.field({
        type: [PaperRef],
        description: 'Papers citing both.',
        args: { first: firstArg },
        resolve: async (r, args, ctx) => present(await loadAll(ctx.loaders.paper, upTo(r.sharedCiterIds, args.first))),
      }),
      sharedCiterCount: t.int({ description: 'How many papers cite both.', resolve: (r) => r.sharedCiterIds.length }),
      sharedConcepts: t.field({
        type: [ConceptRef],
        description: 'Concepts linked to both.',
        args: { first: firstArg },
        resolve: async (r, args, ctx) => present(await loadAll(ctx.loaders.concept, upTo(r.sharedConceptIds, args.first))),
      }),
      sharedConceptCount: t.int({ description: 'How many concepts both are linked to.', resolve: (r) => r.sharedConceptIds.length }),
      sharedTerms: t.stringList({
        description:
          "The paper asked about's distinctive words (from its title, abstract and summary) that this paper's title or abstract has too, most distinctive first. Filled when the score read text (TEXT, or HYBRID for a paper with fewer than 5 citation neighbours); empty otherwise.",
        args: { first: firstArg },
        resolve: (r, args) => upTo(r.sharedTerms, args.first),
      }),
      citedByAnchor: t.exposeBoolean('citedByAnchor', { description: 'Whether the paper asked about cites this one.' }),
      citesAnchor: t.exposeBoolean('citesAnchor', { description: 'Whether this paper cites the paper asked about.' }),
    };
  },
});

export const RelatedPaperRef = builder.objectRef<Related>('RelatedPaper').implement({
  description: 'A paper related to another, with its score and the evidence for it.',
  fields: (t) => ({
    id: t.id({
      description:
        'A key for caches: the paper asked about, the method and the related paper; asked again, the same pair and method has the same id. Not a node id.',
      resolve: (r) => toGlobalId('RelatedPaper', relatedKey(r)),
    }),
    paper: t.field({
      type: PaperRef,
      description: 'The related paper.',
      resolve: (r, _a, ctx) => ctx.loaders.paper.load(r.paperId) as never,
    }),
    score: t.exposeFloat('score', {
      description: 'Relatedness by the chosen method; higher is more related. Results come in descending score.',
    }),
    evidence: t.field({ type: EvidenceRef, description: 'What the two papers share.', resolve: (r) => r }),
  }),
});

/** Related papers of a paper (by local id), checked arguments. */
export async function relatedOf(
  ctx: Context,
  paperId: string,
  method: RelatedMethod | null | undefined,
  first: number | null | undefined,
): Promise<Related[]> {
  const n = first ?? 10;
  if (n < 1 || n > MAX_RELATED) throw new UserInputError(`"first" must be between 1 and ${MAX_RELATED}, got ${n}`);
  const m = method ?? 'HYBRID';
  return (await ctx.loaders.related.load({ paperId, method: m, first: n })).map((r) => ({ ...r, anchorId: paperId, method: m }));
}

export const relatedArgs = (arg: Parameters<Parameters<typeof builder.queryFields>[0]>[0]['arg']) => ({
  method: arg({ type: RelatedMethodEnum, defaultValue: 'HYBRID', description: 'How relatedness is scored.' }),
  first: arg.int({ defaultValue: 10, description: `How many related papers (1–${MAX_RELATED}).` }),
});

builder.queryFields((t) => ({
  relatedPapers: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: [RelatedPaperRef],
    description: 'Papers related to a paper, best first, each with the evidence behind its score.',
    args: { id: t.arg.id({ required: true, description: 'Global id of the paper.' }), ...relatedArgs(t.arg) },
    resolve: (_root, args, ctx) => relatedOf(ctx, fromGlobalId(String(args.id), 'Paper'), args.method, args.first),
  }),
}));

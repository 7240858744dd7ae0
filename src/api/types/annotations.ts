// Object types and enums that several node types share since #13: ids in other systems, the
// alignment of a concept to other schemes, and what a paper↔concept link rests on (the words a
// tagger matched, whether a curator confirmed it).

import {
  EVIDENCE_FIELDS,
  type ConceptEvidence,
  type ConceptMapping,
  type ExternalId,
  LINK_STATUSES,
  type LinkStatus,
  MAPPING_MATCHES,
  type PaperConcept,
  PRESENTATIONS,
} from '../../model/index.js';
import { CURATION_SOURCE, linkStatus, TAGGER_SOURCE } from '../../model/change.js';
import { builder } from '../builder.js';
import { auditOf, type Context } from '../context.js';
import { ConceptRoleEnum } from '../refs.js';
import { ProvenanceType } from './ordering.js';

/**
 * Why `id` of ExternalId and ConceptMapping is deprecated: normalised caches take a field named
 * `id` for an object's key (Relay across all types), and these are ids in another system, the
 * same text in two schemes, or in an ExternalId and a ConceptMapping of the same CSO concept.
 */
const ID_NOT_A_KEY =
  "An id in another system, not unique across schemes, while normalised caches (Relay, Apollo, graphcache) take a field named `id` for the object's key. Use `value` (ExternalId) or `conceptId` (ConceptMapping); `id` goes in the next release.";

export const ExternalIdType = builder.objectRef<ExternalId>('ExternalId').implement({
  description: 'An identifier of the node in another system (a proceedings hash, a Semantic Scholar paper, a Wikidata item, a CSO topic).',
  fields: (t) => ({
    scheme: t.exposeString('scheme', {
      description: 'The system, lowercase: "neurips-proceedings", "semantic-scholar", "wikidata", "dbpedia", "cso".',
    }),
    value: t.exposeString('id', { description: 'The id in that system, as it writes it ("Q2539", "contrastive_learning").' }),
    id: t.exposeString('id', {
      description: 'The id in that system: use `value`.',
      deprecationReason: ID_NOT_A_KEY,
    }),
    url: t.exposeString('url', { nullable: true, description: 'The page of that id in the system, where it has one.' }),
  }),
});

export const PresentationEnum = builder.enumType('Presentation', {
  description: 'How a paper was presented at its conference.',
  values: Object.fromEntries(
    PRESENTATIONS.map((p) => [
      p,
      { description: { ORAL: 'An oral (long talk).', SPOTLIGHT: 'A spotlight (short talk).', POSTER: 'A poster.' }[p] },
    ]),
  ) as Record<(typeof PRESENTATIONS)[number], { description: string }>,
});

export const MappingMatchEnum = builder.enumType('MappingMatch', {
  description: 'How closely a concept of another scheme corresponds to the concept it was aligned to (SKOS exactMatch / closeMatch).',
  values: Object.fromEntries(
    MAPPING_MATCHES.map((m) => [
      m,
      {
        description: {
          EXACT: 'The same concept: its name equals a name of ours (case, hyphens and plurals aside).',
          CLOSE: 'Nearly the same: a near-identical name, or a match through an alias only.',
        }[m],
      },
    ]),
  ) as Record<(typeof MAPPING_MATCHES)[number], { description: string }>,
});

export const ConceptMappingType = builder.objectRef<ConceptMapping>('ConceptMapping').implement({
  description: 'A concept of another scheme (CSO, ACM CCS) that was aligned to this concept and absorbed into it rather than duplicated.',
  fields: (t) => ({
    scheme: t.exposeString('scheme', { description: 'The other scheme: "cso", "acm-ccs".' }),
    conceptId: t.exposeString('id', { description: 'The concept\'s id in that scheme ("contrastive_learning").' }),
    id: t.exposeString('id', {
      description: "The concept's id in that scheme: use `conceptId`.",
      deprecationReason: ID_NOT_A_KEY,
    }),
    label: t.exposeString('label', { description: 'Its label in that scheme.' }),
    uri: t.exposeString('uri', { nullable: true, description: 'Its URI, where the scheme publishes one.' }),
    match: t.field({ type: MappingMatchEnum, description: 'How closely it corresponds.', resolve: (m) => m.match }),
  }),
});

export const EvidenceFieldEnum = builder.enumType('EvidenceField', {
  description: 'The part of a paper a tagger read.',
  values: Object.fromEntries(
    EVIDENCE_FIELDS.map((f) => [f, { description: { TITLE: 'The title.', ABSTRACT: "The authors' abstract." }[f] }]),
  ) as Record<(typeof EVIDENCE_FIELDS)[number], { description: string }>,
});

export const ConceptEvidenceType = builder.objectRef<ConceptEvidence>('ConceptEvidence').implement({
  description: 'Words of a paper that name a concept: why a tagger linked the two.',
  fields: (t) => ({
    field: t.field({ type: EvidenceFieldEnum, description: 'Where the words are: title or abstract.', resolve: (e) => e.field }),
    text: t.exposeString('text', { description: 'The matched words, as the paper writes them ("contrastive losses").' }),
  }),
});

export const LinkStatusEnum = builder.enumType('LinkStatus', {
  description: 'Whether a person stands behind a paper↔concept link.',
  values: Object.fromEntries(
    LINK_STATUSES.map((s) => [
      s,
      {
        description: {
          SUGGESTED: 'Made by the tagger and not reviewed yet: only the machine vouches for it.',
          CONFIRMED: 'From the curated corpus, another source, or accepted by a curator.',
        }[s],
      },
    ]),
  ) as Record<(typeof LINK_STATUSES)[number], { description: string }>,
});

/**
 * The status of a link, for the edge fields of both sides (a paper's concepts, a concept's
 * papers): linkStatus (model/change.ts) from its provenance, except that a tagger's link whose
 * newest curation change reverted the acceptance is a suggestion again (as the review mutations
 * see it, store/curation/curated-graph.ts), though the revert left its mark in the provenance.
 */
export async function statusOf(link: PaperConcept, ctx: Context): Promise<LinkStatus> {
  const status = linkStatus(link);
  if (status === 'SUGGESTED' || !ctx.curation) return status;
  const sources = new Set(link.provenance.map((p) => p.source));
  if (!sources.has(TAGGER_SOURCE) || [...sources].some((s) => s !== TAGGER_SOURCE && s !== CURATION_SOURCE)) return status;
  const newest = Math.max(...link.provenance.filter((p) => p.source === CURATION_SOURCE).map((p) => Number(p.recordId)));
  if (!Number.isSafeInteger(newest)) return status;
  const change = await auditOf(ctx).changeBySeq.load(newest);
  if (change?.op !== 'concept.link' || change.reverts == null) return status;
  const reverted = await auditOf(ctx).changeBySeq.load(change.reverts);
  return reverted?.op === 'suggestion.accept' ? 'SUGGESTED' : status;
}

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The fields of a paper↔concept link, the same on both sides of it (a paper's concept edges, a
 * concept's paper edges); `linkOf` finds the link in the edge.
 */
export function conceptLinkFields<Edge>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Edge>, linkOf: (edge: Edge) => PaperConcept) {
  return {
    role: t.field({ type: ConceptRoleEnum, description: 'What the paper does with the concept.', resolve: (e) => linkOf(e).role }),
    score: t.float({ description: 'How central the concept is to the paper, in (0, 1].', resolve: (e) => linkOf(e).score }),
    provenance: t.field({
      type: [ProvenanceType],
      description: 'Where the link comes from: "curated", "tagger", "curation" (a curator), an importer.',
      resolve: (e) => linkOf(e).provenance,
    }),
    evidence: t.field({
      type: [ConceptEvidenceType],
      description: 'The words of the paper a tagger matched, with where they are (empty for links a person made).',
      resolve: (e) => linkOf(e).evidence,
    }),
    status: t.field({
      type: LinkStatusEnum,
      description: 'SUGGESTED while only the tagger vouches for the link; CONFIRMED once curated or accepted by a curator.',
      resolve: (e, _a, ctx) => statusOf(linkOf(e), ctx),
    }),
  };
}

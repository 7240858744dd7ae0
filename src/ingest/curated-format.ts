// The curated corpus format of data/: one JSON array per file, validated field by field.

import { z } from 'zod';
import { CONCEPT_KINDS, CONCEPT_ROLES, EVIDENCE_FIELDS, MAPPING_MATCHES, PRESENTATIONS } from '../model/index.js';

const id = z
  .string()
  .min(1)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, 'lowercase letters, digits and . _ : - only');
const text = z.string().min(1);
const optionalText = z.string().min(1).nullable().optional();

const scheme = z
  .string()
  .min(1)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a scheme name such as "wikidata": lowercase letters, digits and . _ -');
const externalIds = z.array(z.object({ scheme, id: text, url: z.string().url().nullable().default(null) })).default([]);

export const venueRecord = z.object({
  id,
  name: text,
  fullName: optionalText,
  kind: z.enum(['CONFERENCE', 'JOURNAL', 'WORKSHOP', 'PREPRINT', 'REPORT']),
  year: z.number().int().nullable().optional(),
});
export const authorRecord = z.object({ id, name: text, affiliations: z.array(text).optional() });
export const topicRecord = z.object({ id, slug: id.optional(), name: text, description: optionalText });
export const conceptRecord = z.object({
  id,
  slug: id.optional(),
  name: text,
  kind: z.enum(CONCEPT_KINDS),
  aliases: z.array(text).default([]),
  description: optionalText,
  broader: z.array(id).default([]),
  /** The concept scheme: "curated" for the concepts of data/, "cso" or "acm-ccs" for imported ones. */
  scheme: scheme.default('curated'),
  externalIds,
  mappings: z
    .array(z.object({ scheme, id: text, label: text, uri: z.string().url().nullable().default(null), match: z.enum(MAPPING_MATCHES) }))
    .default([]),
});
export const paperRecord = z.object({
  id,
  title: text,
  aliases: z.array(text).default([]),
  /** The curators' own short description of the paper. */
  summary: optionalText,
  /** The authors' abstract, verbatim, when the curators copy it in (never a summary of ours). */
  abstract: optionalText,
  year: z.number().int().min(1600).max(2100).nullable(),
  venue: id.nullable(),
  authors: z.array(id).min(1),
  arxivId: z
    .string()
    .regex(/^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/, 'an arXiv id such as 2007.14062')
    .nullable()
    .optional(),
  doi: z
    .string()
    .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI such as 10.1162/neco.1997.9.8.1735')
    .nullable()
    .optional(),
  url: z.string().url().nullable().optional(),
  topics: z.array(id).default([]),
  pdfUrl: z.string().url().nullable().optional(),
  codeUrl: z.string().url().nullable().optional(),
  presentation: z.enum(PRESENTATIONS).nullable().optional(),
  externalIds,
  /** A placeholder for a paper a source could not describe (left out of lists and counts). */
  stub: z.boolean().default(false),
});
export const paperConceptRecord = z.object({
  paper: id,
  concept: id,
  role: z.enum(CONCEPT_ROLES),
  score: z.number().gt(0).lte(1),
  /** The words of the paper's text a tagger matched, when a tagger made the link. */
  evidence: z.array(z.object({ field: z.enum(EVIDENCE_FIELDS), text })).default([]),
});
export const citationRecord = z.object({
  citing: id,
  cited: id,
  provenance: z.enum(['guide', 'curated']),
  context: optionalText,
  intent: z.enum(['BACKGROUND', 'METHOD', 'RESULT']).nullable().optional(),
});
export const collectionRecord = z.object({
  id,
  slug: id.optional(),
  title: text,
  publisher: optionalText,
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date such as 2020-12-04')
    .nullable()
    .optional(),
  url: z.string().url().nullable().optional(),
  description: optionalText,
  entries: z.array(
    z.object({
      rank: z.number().int().positive(),
      paper: id,
      section: id.nullable().optional(),
      why: optionalText,
      keyInsights: optionalText,
    }),
  ),
});

/** The files of a curated corpus directory, in load order, with the schema of their records. */
export const CURATED_FILES = {
  venues: { file: 'venues.json', schema: venueRecord },
  authors: { file: 'authors.json', schema: authorRecord },
  topics: { file: 'topics.json', schema: topicRecord },
  concepts: { file: 'concepts.json', schema: conceptRecord },
  papers: { file: 'papers.json', schema: paperRecord },
  paperConcepts: { file: 'paper-concepts.json', schema: paperConceptRecord },
  citations: { file: 'citations.json', schema: citationRecord },
  collections: { file: 'collections.json', schema: collectionRecord },
} as const;

export type CuratedFiles = { [K in keyof typeof CURATED_FILES]: z.infer<(typeof CURATED_FILES)[K]['schema']>[] };

// A curator's command checked against the graph as it is now (a Draft: the newest version plus
// the earlier writes of the batch) and turned into the operation the log records, with the
// records before and after it. Every refusal is a CurationError and changes nothing.

import {
  type AuthorRef,
  CURATION_SOURCE,
  type CollectionEntryRecord,
  type Operation,
  type PaperEdges,
  type PaperWithAuthors,
} from '../../model/change.js';
import {
  type Citation,
  type CitationIntent,
  CONCEPT_KINDS,
  CONCEPT_ROLES,
  type Collection,
  type Concept,
  type ConceptKind,
  type ConceptRole,
  newConcept,
  newPaper,
  parseArxivId,
  parseDoi,
  type Provenance,
} from '../../model/index.js';
import type { AuthorInput, CollectionFields, Command, ConceptFields, EntryFields, PaperFields } from './curation.js';
import { ConflictError, InvalidInputError, NotFoundError } from './curation.js';
import type { Draft } from './draft.js';

const INTENTS: readonly CitationIntent[] = ['BACKGROUND', 'METHOD', 'RESULT'];
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** The operation a command makes on the graph as `draft` holds it. */
export function buildOperation(command: Command, draft: Draft): Operation {
  switch (command.op) {
    case 'paper.add': {
      const id = newPaperId(command.fields.title, draft);
      const blank: PaperWithAuthors = { ...newPaper(id, ''), authors: [] };
      return { op: 'paper.add', before: null, after: paperWith(blank, command.fields, draft) };
    }
    case 'paper.update': {
      const before = requirePaper(draft, command.id, 'id');
      return { op: 'paper.update', before, after: paperWith(before, command.fields, draft) };
    }
    case 'paper.merge':
      return mergeOperation(draft, command.keptId, command.mergedId);
    case 'paper.retract': {
      const before = requirePaper(draft, command.id, 'id');
      return { op: 'paper.retract', before, after: null, edges: draft.edgesOf(before.id) };
    }
    case 'citation.add': {
      const citingId = requirePaper(draft, command.citingId, 'citingId').id;
      const citedId = requirePaper(draft, command.citedId, 'citedId').id;
      if (citingId === citedId) throw new InvalidInputError('citedId', `a paper cannot cite itself ("${citingId}")`);
      if (draft.citation(citingId, citedId)) throw new ConflictError(`"${citingId}" already cites "${citedId}"`);
      const intents = enumList(command.intents ?? [], INTENTS, 'intents');
      const contexts = (command.contexts ?? []).map((c) => String(c).trim()).filter((c) => c !== '');
      const after: Citation = { citingId, citedId, contexts, intents, isInfluential: null, provenance: [] };
      return { op: 'citation.add', before: null, after };
    }
    case 'citation.remove': {
      const citingId = requirePaper(draft, command.citingId, 'citingId').id;
      const citedId = requirePaper(draft, command.citedId, 'citedId').id;
      const before = draft.citation(citingId, citedId);
      if (!before) throw new NotFoundError('Citation', `${citingId}→${citedId}`, `"${citingId}" does not cite "${citedId}"`);
      return { op: 'citation.remove', before, after: null };
    }
    case 'concept.add': {
      const name = requiredText(command.fields.name, 'name');
      const slug = command.slug == null ? slugify(name) : command.slug.trim();
      if (!SLUG.test(slug))
        throw new InvalidInputError('slug', `"${slug}" is not a slug: lowercase letters and digits, words joined by "-"`);
      if (draft.conceptIdBySlug(slug) !== null || draft.concept(slug))
        throw new ConflictError(`a concept with slug "${slug}" exists already`);
      const blank = newConcept(slug, { slug, name, kind: 'METHOD', scheme: 'curated' });
      return { op: 'concept.add', before: null, after: conceptWith(blank, command.fields, draft) };
    }
    case 'concept.update': {
      const before = requireConcept(draft, command.id, 'id');
      return { op: 'concept.update', before, after: conceptWith(before, command.fields, draft) };
    }
    case 'concept.link': {
      const paperId = requirePaper(draft, command.paperId, 'paperId').id;
      const conceptId = requireConcept(draft, command.conceptId, 'conceptId').id;
      const role = enumValue(command.role, CONCEPT_ROLES, 'role') as ConceptRole;
      const score = scoreOf(command.score);
      const before = draft.link(paperId, conceptId);
      if (before && before.role === role && before.score === score)
        throw new ConflictError(`"${paperId}" is linked to "${conceptId}" as ${role} with score ${score} already`);
      return {
        op: 'concept.link',
        before,
        after: { paperId, conceptId, role, score, provenance: before?.provenance ?? [], evidence: before?.evidence ?? [] },
        note: optionalText(command.note) ?? null,
      };
    }
    case 'concept.unlink':
      return { op: 'concept.unlink', before: requireLink(draft, command.paperId, command.conceptId), after: null };
    case 'suggestion.accept': {
      const before = requireLink(draft, command.paperId, command.conceptId);
      return { op: 'suggestion.accept', before, after: before };
    }
    case 'suggestion.reject':
      return { op: 'suggestion.reject', before: requireLink(draft, command.paperId, command.conceptId), after: null };
    case 'collection.create': {
      const slug = String(command.slug ?? '').trim();
      if (!SLUG.test(slug))
        throw new InvalidInputError('slug', `"${slug}" is not a slug: lowercase letters and digits, words joined by "-"`);
      if (draft.collectionIdBySlug(slug) !== null || draft.collection(slug))
        throw new ConflictError(`a collection with slug "${slug}" exists already`);
      const blank: Collection = {
        id: slug,
        slug,
        title: '',
        publisher: null,
        date: null,
        url: null,
        description: null,
        entries: [],
        provenance: [],
      };
      return { op: 'collection.create', before: null, after: collectionWith(blank, command.fields) };
    }
    case 'collection.update': {
      const before = requireCollection(draft, command.id, 'id');
      return { op: 'collection.update', before, after: collectionWith(before, command.fields) };
    }
    case 'collection.entry.add': {
      const collection = requireCollection(draft, command.collectionId, 'collectionId');
      const paperId = requirePaper(draft, command.paperId, 'paperId').id;
      if (collection.entries.some((e) => e.paperId === paperId))
        throw new ConflictError(`"${paperId}" is in collection "${collection.id}" already`);
      const last = collection.entries.length + 1;
      const rank = command.rank == null ? last : Math.min(rankOf(command.rank), last);
      const after: CollectionEntryRecord = { collectionId: collection.id, rank, paperId, ...entryFields({}, command.fields, draft) };
      return { op: 'collection.entry.add', before: null, after };
    }
    case 'collection.entry.update': {
      const before = requireEntry(draft, command.collectionId, command.paperId);
      return { op: 'collection.entry.update', before, after: { ...before, ...entryFields(before, command.fields, draft) } };
    }
    case 'collection.entry.move': {
      const entry = requireEntry(draft, command.collectionId, command.paperId);
      const entries = [...requireCollection(draft, entry.collectionId, 'collectionId').entries].sort((a, b) => a.rank - b.rank);
      const rank = Math.min(rankOf(command.rank), entries.length);
      const others = entries.filter((e) => e.paperId !== entry.paperId);
      others.splice(rank - 1, 0, entries.find((e) => e.paperId === entry.paperId)!);
      const after = others.map((e, k) => (e.rank === k + 1 ? e : { ...e, rank: k + 1 }));
      return {
        op: 'collection.entry.move',
        before: { collectionId: entry.collectionId, entries },
        after: { collectionId: entry.collectionId, entries: after },
      };
    }
    case 'collection.entry.remove':
      return { op: 'collection.entry.remove', before: requireEntry(draft, command.collectionId, command.paperId), after: null };
    default:
      throw new InvalidInputError('op', `unknown command "${(command as { op: unknown }).op}"`);
  }
}

/** Folds `mergedId` into `keptId`: the payload of a paper.merge on the graph as it is now. */
export function mergeOperation(draft: Draft, keptIdIn: string, mergedIdIn: string): Operation {
  const kept = requirePaper(draft, keptIdIn, 'keptId');
  const merged = requirePaper(draft, mergedIdIn, 'mergedId');
  if (kept.id === merged.id) throw new ConflictError(`cannot merge paper "${kept.id}" with itself`);
  const keptEdges = draft.edgesOf(kept.id);
  const mergedEdges = draft.edgesOf(merged.id);
  const swap = (id: string) => (id === merged.id ? kept.id : id);
  const moved: PaperEdges = { citations: [], paperConcepts: [], authorships: [], paperTopics: [], entries: [] };
  const citationKeys = new Set(keptEdges.citations.map((c) => `${c.citingId}\u0000${c.citedId}`));
  for (const c of mergedEdges.citations) {
    const citingId = swap(c.citingId),
      citedId = swap(c.citedId);
    const key = `${citingId}\u0000${citedId}`;
    if (citingId === citedId || citationKeys.has(key)) continue;
    citationKeys.add(key);
    moved.citations.push({ ...c, citingId, citedId });
  }
  const concepts = new Set(keptEdges.paperConcepts.map((pc) => pc.conceptId));
  for (const pc of mergedEdges.paperConcepts) if (!concepts.has(pc.conceptId)) moved.paperConcepts.push({ ...pc, paperId: kept.id });
  const topics = new Set(keptEdges.paperTopics.map((t) => t.topicId));
  for (const t of mergedEdges.paperTopics) if (!topics.has(t.topicId)) moved.paperTopics.push({ ...t, paperId: kept.id });
  const collections = new Set(keptEdges.entries.map((e) => e.collectionId));
  for (const e of mergedEdges.entries) if (!collections.has(e.collectionId)) moved.entries.push({ ...e, paperId: kept.id });
  // Authors: the kept paper's, then the merged paper's it lacked, in their order.
  const authors: AuthorRef[] = [...kept.authors];
  for (const a of merged.authors) if (!authors.some((x) => x.id === a.id)) authors.push(a);
  for (const a of mergedEdges.authorships)
    if (!kept.authors.some((x) => x.id === a.authorId))
      moved.authorships.push({ ...a, paperId: kept.id, position: authors.findIndex((x) => x.id === a.authorId) });
  const aliases = uniqueTexts([...kept.aliases, merged.title, ...merged.aliases]).filter((t) => t !== kept.title);
  const after: PaperWithAuthors = {
    ...kept,
    aliases,
    abstract: kept.abstract ?? merged.abstract,
    abstractProvenance: kept.abstract ? kept.abstractProvenance : merged.abstractProvenance,
    summary: kept.summary ?? merged.summary,
    year: kept.year ?? merged.year,
    venueId: kept.venueId ?? merged.venueId,
    arxivId: kept.arxivId ?? merged.arxivId,
    doi: kept.doi ?? merged.doi,
    url: kept.url ?? merged.url,
    authors,
  };
  return { op: 'paper.merge', before: { kept, merged }, after: { kept: after, mergedId: merged.id }, mergedEdges, moved };
}

// ---- records with fields applied ----

function paperWith(base: PaperWithAuthors, fields: PaperFields, draft: Draft): PaperWithAuthors {
  const out: PaperWithAuthors = { ...base };
  if (fields.title !== undefined || base.title === '') out.title = requiredText(fields.title, 'title');
  if (fields.aliases !== undefined) out.aliases = uniqueTexts(textList(fields.aliases, 'aliases'));
  if (fields.abstract !== undefined) {
    out.abstract = optionalText(fields.abstract);
    // A curator who types the abstract in is its source; the API names the change that did it
    // (Paper.abstractProvenance looks it up in the paper's history: the seq is not known here).
    if (out.abstract !== base.abstract)
      out.abstractProvenance = out.abstract === null ? null : { source: CURATION_SOURCE, recordId: base.id };
  }
  if (fields.summary !== undefined) out.summary = optionalText(fields.summary);
  if (fields.year !== undefined) out.year = yearOf(fields.year);
  if (fields.venueId !== undefined) {
    if (fields.venueId !== null && !draft.venueExists(fields.venueId)) throw new NotFoundError('Venue', fields.venueId);
    out.venueId = fields.venueId;
  }
  if (fields.arxivId !== undefined) {
    out.arxivId = arxivIdOf(fields.arxivId);
    const holder = out.arxivId === null ? null : draft.paperByArxivId(out.arxivId);
    if (holder !== null && holder !== base.id) throw new ConflictError(`paper "${holder}" has arXiv id ${out.arxivId} already`);
  }
  if (fields.doi !== undefined) {
    out.doi = doiOf(fields.doi);
    const holder = out.doi === null ? null : draft.paperByDoi(out.doi);
    if (holder !== null && holder !== base.id) throw new ConflictError(`paper "${holder}" has DOI ${out.doi} already`);
  }
  if (fields.url !== undefined) out.url = urlOf(fields.url, 'url');
  if (fields.authors !== undefined) out.authors = authorsOf(fields.authors, draft);
  return out;
}

function authorsOf(inputs: readonly AuthorInput[], draft: Draft): AuthorRef[] {
  if (!Array.isArray(inputs)) throw new InvalidInputError('authors', 'authors must be a list');
  const out: AuthorRef[] = [];
  const taken = new Set<string>();
  inputs.forEach((input, k) => {
    let ref: AuthorRef;
    if (input.id != null) {
      const existing = draft.author(input.id);
      if (!existing) throw new NotFoundError('Author', input.id);
      ref = existing;
    } else {
      const name = requiredText(input.name, `authors.${k}.name`);
      const stem = slugify(name) || 'author';
      let id = stem;
      for (let n = 2; draft.author(id) || taken.has(id); n++) id = `${stem}-${n}`;
      ref = { id, name };
    }
    if (out.some((a) => a.id === ref.id)) throw new InvalidInputError(`authors.${k}`, `author "${ref.id}" is listed twice`);
    taken.add(ref.id);
    out.push(ref);
  });
  return out;
}

function conceptWith(base: Concept, fields: ConceptFields, draft: Draft): Concept {
  const out: Concept = { ...base };
  if (fields.name !== undefined) out.name = requiredText(fields.name, 'name');
  if (fields.kind !== undefined) out.kind = enumValue(fields.kind, CONCEPT_KINDS, 'kind') as ConceptKind;
  if (fields.aliases !== undefined) out.aliases = uniqueTexts(textList(fields.aliases, 'aliases'));
  if (fields.description !== undefined) out.description = optionalText(fields.description);
  if (fields.broaderIds !== undefined) {
    const broader = uniqueTexts(textList(fields.broaderIds, 'broaderIds'));
    for (const b of broader) {
      if (!draft.concept(b)) throw new NotFoundError('Concept', b);
      if (b === base.id) throw new ConflictError(`concept "${base.id}" cannot be broader than itself`);
      if (draft.reaches(b, base.id))
        throw new ConflictError(`"${b}" is narrower than "${base.id}" already: making it broader would make a cycle`);
    }
    out.broaderIds = broader;
  }
  return out;
}

function collectionWith(base: Collection, fields: CollectionFields): Collection {
  const out: Collection = { ...base };
  if (fields.title !== undefined || base.title === '') out.title = requiredText(fields.title, 'title');
  if (fields.publisher !== undefined) out.publisher = optionalText(fields.publisher);
  if (fields.date !== undefined) {
    const date = optionalText(fields.date);
    if (date !== null && (!DATE.test(date) || Number.isNaN(Date.parse(date))))
      throw new InvalidInputError('date', `"${date}" is not an ISO date (YYYY-MM-DD)`);
    out.date = date;
  }
  if (fields.url !== undefined) out.url = urlOf(fields.url, 'url');
  if (fields.description !== undefined) out.description = optionalText(fields.description);
  return out;
}

function entryFields(
  base: Partial<Pick<CollectionEntryRecord, 'sectionId' | 'why' | 'keyInsights'>>,
  fields: EntryFields,
  draft: Draft,
): Pick<CollectionEntryRecord, 'sectionId' | 'why' | 'keyInsights'> {
  const out = { sectionId: base.sectionId ?? null, why: base.why ?? null, keyInsights: base.keyInsights ?? null };
  if (fields.sectionId !== undefined) {
    if (fields.sectionId !== null && !draft.topicExists(fields.sectionId)) throw new NotFoundError('Topic', fields.sectionId);
    out.sectionId = fields.sectionId;
  }
  if (fields.why !== undefined) out.why = optionalText(fields.why);
  if (fields.keyInsights !== undefined) out.keyInsights = optionalText(fields.keyInsights);
  return out;
}

// ---- lookups that must succeed ----

export function requirePaper(draft: Draft, id: string, field: string): PaperWithAuthors {
  const current = typeof id === 'string' ? draft.paperId(id) : null;
  const paper = current === null ? null : draft.paper(current);
  if (!paper) throw new NotFoundError('Paper', String(id), `no paper has id "${id}" (field ${field})`);
  return paper;
}

function requireConcept(draft: Draft, id: string, field: string): Concept {
  const concept = draft.concept(id);
  if (!concept) throw new NotFoundError('Concept', String(id), `no concept has id "${id}" (field ${field})`);
  return concept;
}

function requireCollection(draft: Draft, id: string, field: string): Collection {
  const collection = draft.collection(id);
  if (!collection) throw new NotFoundError('Collection', String(id), `no collection has id "${id}" (field ${field})`);
  return collection;
}

function requireLink(draft: Draft, paperIdIn: string, conceptId: string) {
  const paperId = requirePaper(draft, paperIdIn, 'paperId').id;
  requireConcept(draft, conceptId, 'conceptId');
  const link = draft.link(paperId, conceptId);
  if (!link)
    throw new NotFoundError('ConceptLink', `${paperId}→${conceptId}`, `paper "${paperId}" is not linked to concept "${conceptId}"`);
  return link;
}

function requireEntry(draft: Draft, collectionId: string, paperIdIn: string): CollectionEntryRecord {
  const collection = requireCollection(draft, collectionId, 'collectionId');
  const paperId = requirePaper(draft, paperIdIn, 'paperId').id;
  const entry = collection.entries.find((e) => e.paperId === paperId);
  if (!entry)
    throw new NotFoundError('CollectionEntry', `${collection.id}/${paperId}`, `paper "${paperId}" is not in collection "${collection.id}"`);
  return { collectionId: collection.id, ...entry };
}

// ---- field checks ----

function requiredText(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new InvalidInputError(field, `${field} must not be empty`);
  return text;
}

function optionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function textList(values: unknown, field: string): string[] {
  if (!Array.isArray(values)) throw new InvalidInputError(field, `${field} must be a list`);
  return values.map((v) => String(v).trim()).filter((v) => v !== '');
}

function uniqueTexts(values: string[]): string[] {
  return [...new Set(values)];
}

function yearOf(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > 2100)
    throw new InvalidInputError('year', `year must be a whole number from 1000 to 2100, not ${String(value)}`);
  return value;
}

function scoreOf(value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1))
    throw new InvalidInputError('score', `score must be in (0, 1], not ${String(value)}`);
  return value;
}

function rankOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new InvalidInputError('rank', `rank must be a whole number from 1, not ${String(value)}`);
  return value;
}

/** The arXiv id given in any form (bare, "arXiv:", an abs/ or pdf/ URL), stored bare with the version given. */
function arxivIdOf(value: unknown): string | null {
  const text = optionalText(value);
  if (text === null) return null;
  const parsed = parseArxivId(text);
  if (!parsed)
    throw new InvalidInputError(
      'arxivId',
      `"${text}" is not an arXiv id (such as 2007.14062, cs.CL/0102031 or https://arxiv.org/abs/2007.14062)`,
    );
  return parsed.id + (parsed.version ?? '');
}

/** The DOI given bare, with "doi:" or as a doi.org URL; stored bare. */
function doiOf(value: unknown): string | null {
  const text = optionalText(value);
  if (text === null) return null;
  const doi = parseDoi(text);
  if (doi === null) throw new InvalidInputError('doi', `"${text}" is not a DOI (such as 10.1162/neco.1997.9.8.1735)`);
  return doi;
}

function urlOf(value: unknown, field: string): string | null {
  const text = optionalText(value);
  if (text === null) return null;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new InvalidInputError(field, `"${text}" is not an http(s) URL`);
  return text;
}

function enumValue(value: unknown, allowed: readonly string[], field: string): string {
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new InvalidInputError(field, `${field} must be one of ${allowed.join(', ')}, not ${String(value)}`);
  return value;
}

function enumList<T extends string>(values: unknown, allowed: readonly T[], field: string): T[] {
  if (!Array.isArray(values)) throw new InvalidInputError(field, `${field} must be a list`);
  return [...new Set(values.map((v) => enumValue(v, allowed, field) as T))];
}

/** Lowercase ASCII words joined by "-", at most 60 characters, cut at a word. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug;
  const cut = slug.slice(0, 61);
  const at = cut.lastIndexOf('-');
  return at > 0 ? cut.slice(0, at) : slug.slice(0, 60);
}

/** A paper id from the title's slug, with -2, -3 … when it is taken (merged ids count as taken). */
function newPaperId(title: unknown, draft: Draft): string {
  const stem = slugify(typeof title === 'string' ? title : '') || 'paper';
  let id = stem;
  for (let n = 2; draft.paperIdTaken(id); n++) id = `${stem}-${n}`;
  return id;
}

/**
 * The operation with the curation entries taken out of the provenance of its records (model/
 * change.ts: records in a change carry no curation provenance; applying the change stamps its
 * own). A record then names the last change that wrote it, not every one: its size stays
 * bounded however often it is edited; the log's history has every change.
 */
export function withoutCurationMarks(op: Operation): Operation {
  const strip = <T>(record: T): T => {
    if (!record || typeof record !== 'object' || !('provenance' in record)) return record;
    const provenance = (record as { provenance: Provenance[] }).provenance;
    return provenance.some((p) => p.source === CURATION_SOURCE)
      ? { ...record, provenance: provenance.filter((p) => p.source !== CURATION_SOURCE) }
      : record;
  };
  switch (op.op) {
    case 'paper.merge':
      return {
        ...op,
        before: { kept: strip(op.before.kept), merged: strip(op.before.merged) },
        after: { ...op.after, kept: strip(op.after.kept) },
      };
    case 'paper.unmerge':
      return {
        ...op,
        before: { ...op.before, kept: strip(op.before.kept) },
        after: { kept: strip(op.after.kept), merged: strip(op.after.merged) },
      };
    default:
      return { ...op, before: strip(op.before), after: strip(op.after) } as Operation;
  }
}

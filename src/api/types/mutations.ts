// Curation writes, Relay style: each mutation takes one `input` (with `clientMutationId` and an
// optional `reason`) and answers a union of its payload (clientMutationId echoed, the changed
// nodes, the committed `change`) and the typed user errors. Global ids in the input are decoded
// here; the CuratedGraph validates the command, makes it durable, and publishes the version
// holding it, which this request then reads (the payload, and later mutations of the operation).

import type { Change } from '../../model/change.js';
import type { NodeKind } from '../../model/index.js';
import {
  InvalidInputError,
  type AuthorInput,
  type CollectionFields,
  type Command,
  type ConceptFields,
  type EntryFields,
  type PaperFields,
  type WriteResult,
} from '../../store/curation/curation.js';
import { builder } from '../builder.js';
import { repin, type Context } from '../context.js';
import { toGlobalId, tryDecode, truncate } from '../global-id.js';
import { CollectionRef, ConceptRef, ConceptRoleEnum, PaperRef } from '../refs.js';
import { MUTATION_ERRORS, ReadOnlyError, toClientError } from '../user-errors.js';
import { ChangeRef } from './change.js';
import { ConceptKindEnum } from './concept.js';

builder.mutationType({
  description:
    'Curation writes. Each needs an API key with scope curate (mergePapers, retractPaper and revertChange: admin), is durable before it answers, and is seen by every request that starts after it.',
});

const MAX_REASON_LENGTH = 2000;

/** What a payload is made from: the echoed id, the committed change, and the command's local ids. */
interface PayloadSource {
  clientMutationId: string | null;
  change: Change;
  ids: Record<string, string>;
}

type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type PayloadFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadSource>;

/** The local id in a global id of `kind`; InvalidInputError naming `field` for anything else. */
export function localId(value: string | number, kind: NodeKind, field: string): string {
  const text = String(value);
  const decoded = tryDecode(text);
  if (!decoded) throw new InvalidInputError(field, `"${field}": "${truncate(text)}" is not a global id issued by this API`);
  if (decoded.typename !== kind) throw new InvalidInputError(field, `"${field}" is the id of a ${decoded.typename}, not of a ${kind}`);
  return decoded.id;
}

const localIds = (values: readonly (string | number)[], kind: NodeKind, field: string) =>
  values.map((v, k) => localId(v, kind, `${field}[${k}]`));

/** Copies the fields that were given (null included: it clears); refuses null for a required one. */
function given<T extends object>(input: Record<string, unknown>, names: readonly string[], required: readonly string[] = []): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = input[name];
    if (value === undefined) continue;
    if (value === null && required.includes(name)) throw new InvalidInputError(name, `"${name}" cannot be null: leave it out to keep it`);
    out[name] = value;
  }
  return out as Partial<T>;
}

const nodeFields = {
  paper:
    (key = 'paper', description = 'The paper as it is after the change.') =>
    (t: PayloadFieldBuilder) =>
      t.field({ type: PaperRef, description, resolve: (p, _a, ctx) => ctx.loaders.paper.load(p.ids[key]) as never }),
  concept:
    (description = 'The concept as it is after the change.') =>
    (t: PayloadFieldBuilder) =>
      t.field({ type: ConceptRef, description, resolve: (p, _a, ctx) => ctx.loaders.concept.load(p.ids.concept) as never }),
  collection:
    (description = 'The collection as it is after the change.') =>
    (t: PayloadFieldBuilder) =>
      t.field({ type: CollectionRef, description, resolve: (p, _a, ctx) => ctx.loaders.collection.load(p.ids.collection) as never }),
  globalId: (kind: NodeKind, key: string, description: string) => (t: PayloadFieldBuilder) =>
    t.id({ description, resolve: (p) => toGlobalId(kind, p.ids[key]) }),
};

interface MutationSpec {
  description: string;
  admin?: boolean;
  /** Input fields besides clientMutationId and reason. */
  input: (t: FieldBuilder) => Record<string, unknown>;
  /** Whether the input takes `expectedVersion` (updates). */
  expectedVersion?: boolean;
  /** The command (or the seq to revert) and the local ids the payload needs. */
  command: (input: Record<string, any>) => { command: Command | { revert: number }; ids?: Record<string, string> };
  /** Ids the payload needs that the store assigns: from the committed change. */
  idsFromChange?: (change: Change) => Record<string, string>;
  payload: Record<string, (t: PayloadFieldBuilder) => unknown>;
  payloadDescription: string;
}

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

function defineMutation(name: string, spec: MutationSpec): void {
  const Name = capitalized(name);
  const Input = builder.inputType(`${Name}Input`, {
    description: `The input of ${name}.`,
    fields: (t) => ({
      clientMutationId: t.string({ description: 'Any string; the payload echoes it (to match answers to requests).' }),
      reason: t.string({
        description: `Why: kept in the change log and shown in history and provenance (at most ${MAX_REASON_LENGTH} characters).`,
      }),
      ...(spec.expectedVersion
        ? {
            expectedVersion: t.int({
              description:
                "The node's `version` as the curator last read it: if it has changed since, nothing is written and a ConflictError gives the current version.",
            }),
          }
        : {}),
      ...(spec.input(t) as object),
    }),
  });
  const Payload = builder.objectRef<PayloadSource>(`${Name}Payload`);
  Payload.implement({
    description: spec.payloadDescription,
    fields: (t) => ({
      clientMutationId: t.string({
        nullable: true,
        description: 'The clientMutationId of the input, unchanged.',
        resolve: (p) => p.clientMutationId,
      }),
      change: t.field({ type: ChangeRef, description: 'The change as committed to the log.', resolve: (p) => p.change }),
      ...Object.fromEntries(Object.entries(spec.payload).map(([field, make]) => [field, make(t as never)])),
    }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: Payload,
      nullable: true,
      description: `${spec.description}${spec.admin ? ' Needs scope admin.' : ''}`,
      authScopes: spec.admin ? { admin: true } : { curate: true },
      errors: {
        types: MUTATION_ERRORS,
        union: { name: `${Name}Result`, description: `What ${name} answers: its payload, or why nothing was changed.` },
      },
      args: { input: t.arg({ type: Input, required: true, description: `The ${name} input.` }) },
      resolve: (_root, args, ctx) => runMutation(ctx, spec, args.input as Record<string, any>),
    }),
  );
}

async function runMutation(ctx: Context, spec: MutationSpec, input: Record<string, any>): Promise<PayloadSource> {
  const curation = ctx.curation;
  if (!curation) throw new ReadOnlyError();
  const reason = input.reason ?? null;
  if (reason !== null && reason.length > MAX_REASON_LENGTH)
    throw new InvalidInputError('reason', `"reason" is ${reason.length} characters; the most is ${MAX_REASON_LENGTH}`);
  const { command, ids = {} } = spec.command(input);
  // Scope-auth let the request through: a writable server has a verified key here.
  const meta = { actor: ctx.viewer.identity?.name ?? 'anonymous', reason, expectedVersion: input.expectedVersion ?? null };
  let result: WriteResult;
  try {
    result = 'revert' in command ? await curation.revert(command.revert, meta) : await curation.write(command, meta);
  } catch (error) {
    toClientError(error);
  }
  repin(ctx, result.store);
  return {
    clientMutationId: input.clientMutationId ?? null,
    change: result.change,
    ids: { ...ids, ...spec.idsFromChange?.(result.change) },
  };
}

// ---- inputs shared by several mutations

const AuthorInputRef = builder.inputType('AuthorInput', {
  description: 'An author of a paper: an existing author by global id, or a new author by name.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of an existing author; leave it out to create a new author with this name.' }),
    name: t.string({ required: true, description: 'The name as it appears in the byline.' }),
  }),
});

const CitationIntentEnum = builder.enumType('CitationIntent', {
  description: 'Why a paper cites another.',
  values: {
    BACKGROUND: { description: 'For background.' },
    METHOD: { description: 'For a method it uses.' },
    RESULT: { description: 'To compare with a result.' },
  },
});

const paperFieldInputs = (t: FieldBuilder, required: boolean) => ({
  title: t.string({ required, description: 'The title, as published.' }),
  aliases: t.stringList({ description: 'Other titles: preprint titles, short names (the whole list).' }),
  abstract: t.string({ description: 'Abstract or summary (null clears it).' }),
  year: t.int({ description: 'Year of publication (null clears it).' }),
  venueId: t.id({ description: 'Global id of the venue (null clears it).' }),
  arxivId: t.string({ description: 'arXiv identifier, e.g. 2007.14062 (null clears it).' }),
  doi: t.string({ description: 'DOI (null clears it).' }),
  url: t.string({ description: 'Where to read it (null clears it).' }),
  authors: t.field({ type: [AuthorInputRef], description: 'The whole author list, in byline order.' }),
});

function paperFields(input: Record<string, any>): PaperFields {
  const fields = given<PaperFields>(
    input,
    ['title', 'aliases', 'abstract', 'year', 'venueId', 'arxivId', 'doi', 'url', 'authors'],
    ['title', 'aliases', 'authors'],
  );
  if (input.venueId != null) fields.venueId = localId(input.venueId, 'Venue', 'venueId');
  if (input.authors)
    fields.authors = (input.authors as { id?: string | null; name: string }[]).map(
      (a, k): AuthorInput => ({ id: a.id != null ? localId(a.id, 'Author', `authors[${k}].id`) : null, name: a.name }),
    );
  return fields;
}

const conceptFieldInputs = (t: FieldBuilder, required: boolean) => ({
  name: t.string({ required, description: 'Preferred name.' }),
  kind: t.field({ type: ConceptKindEnum, required, description: 'What sort of concept it is.' }),
  aliases: t.stringList({ description: 'Other names and spellings (the whole list).' }),
  description: t.string({ description: 'One-line description (null clears it).' }),
  broaderIds: t.idList({ description: 'Global ids of the broader concepts (the whole list); a cycle is refused.' }),
});

function conceptFields(input: Record<string, any>): ConceptFields {
  const fields = given<ConceptFields>(
    input,
    ['name', 'kind', 'aliases', 'description', 'broaderIds'],
    ['name', 'kind', 'aliases', 'broaderIds'],
  );
  if (input.broaderIds) fields.broaderIds = localIds(input.broaderIds, 'Concept', 'broaderIds');
  return fields;
}

const collectionFieldInputs = (t: FieldBuilder, required: boolean) => ({
  title: t.string({ required, description: 'Title of the list.' }),
  publisher: t.string({ description: 'Who published it (null clears it).' }),
  date: t.string({ description: 'Publication date, ISO 8601 (null clears it).' }),
  url: t.string({ description: 'Where it was published (null clears it).' }),
  description: t.string({ description: 'What the list is (null clears it).' }),
});

const collectionFields = (input: Record<string, any>) =>
  given<CollectionFields>(input, ['title', 'publisher', 'date', 'url', 'description'], ['title']);

const entryFieldInputs = (t: FieldBuilder) => ({
  sectionId: t.id({ description: 'Global id of the topic (section) the entry is listed under (null clears it).' }),
  why: t.string({ description: 'Why the paper matters (null clears it).' }),
  keyInsights: t.string({ description: 'Its key insight (null clears it).' }),
});

function entryFields(input: Record<string, any>): EntryFields {
  const fields = given<EntryFields>(input, ['sectionId', 'why', 'keyInsights']);
  if (input.sectionId != null) fields.sectionId = localId(input.sectionId, 'Topic', 'sectionId');
  return fields;
}

const paperAndConcept = (t: FieldBuilder) => ({
  paperId: t.id({ required: true, description: 'Global id of the paper.' }),
  conceptId: t.id({ required: true, description: 'Global id of the concept.' }),
});
const paperAndConceptIds = (input: Record<string, any>) => ({
  paperId: localId(input.paperId, 'Paper', 'paperId'),
  conceptId: localId(input.conceptId, 'Concept', 'conceptId'),
});
const paperAndConceptPayload = {
  paper: nodeFields.paper(),
  concept: nodeFields.concept(),
};

const collectionAndPaper = (t: FieldBuilder) => ({
  collectionId: t.id({ required: true, description: 'Global id of the collection.' }),
  paperId: t.id({ required: true, description: 'Global id of the paper of the entry.' }),
});
const collectionAndPaperIds = (input: Record<string, any>) => ({
  collectionId: localId(input.collectionId, 'Collection', 'collectionId'),
  paperId: localId(input.paperId, 'Paper', 'paperId'),
});
const entryPayload = {
  collection: nodeFields.collection('The collection after the change, its entries in their new ranks.'),
  paper: nodeFields.paper('paper', 'The paper of the entry.'),
};
const entryIds = (ids: { collectionId: string; paperId: string }) => ({ collection: ids.collectionId, paper: ids.paperId });

// ---- papers

defineMutation('addPaper', {
  description: 'Adds a paper (with its authors in order; new authors are created by name).',
  input: (t) => paperFieldInputs(t, true),
  command: (input) => ({ command: { op: 'paper.add', fields: paperFields(input) as PaperFields & { title: string } } }),
  idsFromChange: (change) => ({ paper: change.targets[0].id }),
  payload: { paper: nodeFields.paper() },
  payloadDescription: 'The paper added.',
});

defineMutation('updatePaper', {
  description: "Edits a paper's fields; fields left out keep their value, null clears a nullable one, lists are replaced whole.",
  expectedVersion: true,
  input: (t) => ({ id: t.id({ required: true, description: 'Global id of the paper.' }), ...paperFieldInputs(t, false) }),
  command: (input) => {
    const id = localId(input.id, 'Paper', 'id');
    return { command: { op: 'paper.update', id, fields: paperFields(input) }, ids: { paper: id } };
  },
  payload: { paper: nodeFields.paper() },
  payloadDescription: 'The paper edited.',
});

defineMutation('mergePapers', {
  description:
    'Folds a paper into another that is the same work: its citations, concepts, topics and collection entries move to the kept paper, and its id resolves to the kept paper from then on.',
  admin: true,
  input: (t) => ({
    keptId: t.id({ required: true, description: 'Global id of the paper that stays.' }),
    mergedId: t.id({ required: true, description: 'Global id of the paper folded into it.' }),
  }),
  command: (input) => {
    const keptId = localId(input.keptId, 'Paper', 'keptId'),
      mergedId = localId(input.mergedId, 'Paper', 'mergedId');
    return { command: { op: 'paper.merge', keptId, mergedId }, ids: { paper: keptId, merged: mergedId } };
  },
  payload: {
    paper: nodeFields.paper('paper', 'The kept paper, with the edges of both.'),
    mergedId: nodeFields.globalId('Paper', 'merged', "The merged paper's global id: it now resolves to the kept paper."),
  },
  payloadDescription: 'The papers merged.',
});

defineMutation('retractPaper', {
  description: 'Removes a paper and every edge it has (citations both ways, concept links, authorships, topics, collection entries).',
  admin: true,
  input: (t) => ({ id: t.id({ required: true, description: 'Global id of the paper.' }) }),
  command: (input) => {
    const id = localId(input.id, 'Paper', 'id');
    return { command: { op: 'paper.retract', id }, ids: { retracted: id } };
  },
  payload: { retractedId: nodeFields.globalId('Paper', 'retracted', 'The global id of the paper retracted (it no longer resolves).') },
  payloadDescription: 'The paper retracted.',
});

// ---- citations

const citationIds = (input: Record<string, any>) => ({
  citing: localId(input.citingId, 'Paper', 'citingId'),
  cited: localId(input.citedId, 'Paper', 'citedId'),
});
const citationPayload = {
  citing: nodeFields.paper('citing', 'The citing paper after the change.'),
  cited: nodeFields.paper('cited', 'The cited paper after the change.'),
};

defineMutation('addCitation', {
  description: 'Adds a citation between two papers of the graph.',
  input: (t) => ({
    citingId: t.id({ required: true, description: 'Global id of the citing paper.' }),
    citedId: t.id({ required: true, description: 'Global id of the cited paper.' }),
    contexts: t.stringList({ description: 'Sentences of the citing paper around the citation.' }),
    intents: t.field({ type: [CitationIntentEnum], description: 'Why it is cited.' }),
  }),
  command: (input) => {
    const ids = citationIds(input);
    return {
      command: {
        op: 'citation.add',
        citingId: ids.citing,
        citedId: ids.cited,
        contexts: input.contexts ?? [],
        intents: input.intents ?? [],
      },
      ids,
    };
  },
  payload: citationPayload,
  payloadDescription: 'The citation added.',
});

defineMutation('removeCitation', {
  description: 'Removes a citation.',
  input: (t) => ({
    citingId: t.id({ required: true, description: 'Global id of the citing paper.' }),
    citedId: t.id({ required: true, description: 'Global id of the cited paper.' }),
  }),
  command: (input) => {
    const ids = citationIds(input);
    return { command: { op: 'citation.remove', citingId: ids.citing, citedId: ids.cited }, ids };
  },
  payload: citationPayload,
  payloadDescription: 'The citation removed.',
});

// ---- concepts

defineMutation('addConcept', {
  description: 'Adds a concept to the scheme.',
  input: (t) => ({
    slug: t.string({ description: 'URL-safe key, unique among concepts; made from the name when left out.' }),
    ...conceptFieldInputs(t, true),
  }),
  command: (input) => ({
    command: { op: 'concept.add', slug: input.slug ?? null, fields: conceptFields(input) as ConceptFields & { name: string; kind: never } },
  }),
  idsFromChange: (change) => ({ concept: change.targets[0].id }),
  payload: { concept: nodeFields.concept() },
  payloadDescription: 'The concept added.',
});

defineMutation('updateConcept', {
  description: "Edits a concept's fields and broader concepts (a cycle in broader is refused).",
  expectedVersion: true,
  input: (t) => ({ id: t.id({ required: true, description: 'Global id of the concept.' }), ...conceptFieldInputs(t, false) }),
  command: (input) => {
    const id = localId(input.id, 'Concept', 'id');
    return { command: { op: 'concept.update', id, fields: conceptFields(input) }, ids: { concept: id } };
  },
  payload: { concept: nodeFields.concept() },
  payloadDescription: 'The concept edited.',
});

defineMutation('linkConcept', {
  description: 'Links a concept to a paper, or changes the role and score of their link.',
  input: (t) => ({
    ...paperAndConcept(t),
    role: t.field({ type: ConceptRoleEnum, required: true, description: 'What the paper does with the concept.' }),
    score: t.float({ required: true, description: 'How central the concept is to the paper, in (0, 1].' }),
    note: t.string({ description: "The curator's note on the link." }),
  }),
  command: (input) => {
    const ids = paperAndConceptIds(input);
    return {
      command: { op: 'concept.link', ...ids, role: input.role, score: input.score, note: input.note ?? null },
      ids: { paper: ids.paperId, concept: ids.conceptId },
    };
  },
  payload: paperAndConceptPayload,
  payloadDescription: 'The link made.',
});

defineMutation('unlinkConcept', {
  description: 'Removes the link between a paper and a concept.',
  input: paperAndConcept,
  command: (input) => {
    const ids = paperAndConceptIds(input);
    return { command: { op: 'concept.unlink', ...ids }, ids: { paper: ids.paperId, concept: ids.conceptId } };
  },
  payload: paperAndConceptPayload,
  payloadDescription: 'The link removed.',
});

defineMutation('acceptSuggestion', {
  description: 'Confirms a link the concept tagger made (provenance "tagger"): it stays, and its provenance names the curator too.',
  input: paperAndConcept,
  command: (input) => {
    const ids = paperAndConceptIds(input);
    return { command: { op: 'suggestion.accept', ...ids }, ids: { paper: ids.paperId, concept: ids.conceptId } };
  },
  payload: paperAndConceptPayload,
  payloadDescription: 'The suggestion accepted.',
});

defineMutation('rejectSuggestion', {
  description: 'Rejects a link the concept tagger made: the link is removed.',
  input: paperAndConcept,
  command: (input) => {
    const ids = paperAndConceptIds(input);
    return { command: { op: 'suggestion.reject', ...ids }, ids: { paper: ids.paperId, concept: ids.conceptId } };
  },
  payload: paperAndConceptPayload,
  payloadDescription: 'The suggestion rejected.',
});

// ---- collections

defineMutation('createCollection', {
  description: 'Creates a collection (a ranked reading list), empty.',
  input: (t) => ({
    slug: t.string({ required: true, description: 'URL-safe key, unique among collections.' }),
    ...collectionFieldInputs(t, true),
  }),
  command: (input) => ({
    command: { op: 'collection.create', slug: input.slug, fields: collectionFields(input) as CollectionFields & { title: string } },
  }),
  idsFromChange: (change) => ({ collection: change.targets[0].id }),
  payload: { collection: nodeFields.collection() },
  payloadDescription: 'The collection created.',
});

defineMutation('updateCollection', {
  description: "Edits a collection's fields.",
  expectedVersion: true,
  input: (t) => ({ id: t.id({ required: true, description: 'Global id of the collection.' }), ...collectionFieldInputs(t, false) }),
  command: (input) => {
    const id = localId(input.id, 'Collection', 'id');
    return { command: { op: 'collection.update', id, fields: collectionFields(input) }, ids: { collection: id } };
  },
  payload: { collection: nodeFields.collection() },
  payloadDescription: 'The collection edited.',
});

defineMutation('addCollectionEntry', {
  description: 'Adds a paper to a collection at a rank (the entries from that rank on move down one).',
  input: (t) => ({
    ...collectionAndPaper(t),
    rank: t.int({ description: 'Its rank, 1 first; after the last entry when left out.' }),
    ...entryFieldInputs(t),
  }),
  command: (input) => {
    const ids = collectionAndPaperIds(input);
    return { command: { op: 'collection.entry.add', ...ids, rank: input.rank ?? null, fields: entryFields(input) }, ids: entryIds(ids) };
  },
  payload: entryPayload,
  payloadDescription: 'The entry added.',
});

defineMutation('updateCollectionEntry', {
  description: "Edits an entry's section, why and key insights (moveCollectionEntry changes its rank).",
  input: (t) => ({ ...collectionAndPaper(t), ...entryFieldInputs(t) }),
  command: (input) => {
    const ids = collectionAndPaperIds(input);
    return { command: { op: 'collection.entry.update', ...ids, fields: entryFields(input) }, ids: entryIds(ids) };
  },
  payload: entryPayload,
  payloadDescription: 'The entry edited.',
});

defineMutation('moveCollectionEntry', {
  description: 'Moves an entry to another rank; the entries between shift by one.',
  input: (t) => ({ ...collectionAndPaper(t), rank: t.int({ required: true, description: 'The new rank, 1 first.' }) }),
  command: (input) => {
    const ids = collectionAndPaperIds(input);
    return { command: { op: 'collection.entry.move', ...ids, rank: input.rank }, ids: entryIds(ids) };
  },
  payload: entryPayload,
  payloadDescription: 'The entry moved.',
});

defineMutation('removeCollectionEntry', {
  description: 'Removes an entry from a collection (the entries after it move up one).',
  input: collectionAndPaper,
  command: (input) => {
    const ids = collectionAndPaperIds(input);
    return { command: { op: 'collection.entry.remove', ...ids }, ids: entryIds(ids) };
  },
  payload: entryPayload,
  payloadDescription: 'The entry removed.',
});

// ---- revert

defineMutation('revertChange', {
  description:
    'Undoes a change by writing its inverse (a change whose `reverts` is its seq). Refused with a ConflictError while a later change touched the same nodes.',
  admin: true,
  input: (t) => ({ seq: t.int({ required: true, description: 'The seq of the change to undo.' }) }),
  command: (input) => {
    if (!Number.isSafeInteger(input.seq) || input.seq < 1)
      throw new InvalidInputError('seq', `"seq" must be a change's seq (1 or more), got ${input.seq}`);
    return { command: { revert: input.seq } };
  },
  payload: {
    reverted: (t) =>
      t.field({
        type: ChangeRef,
        nullable: true,
        description: 'The change undone.',
        resolve: async (p, _a, ctx) => (p.change.reverts ? ((await ctx.curation?.changesBySeq([p.change.reverts]))?.[0] ?? null) : null),
      }),
  },
  payloadDescription: 'The revert written: `change` is the inverse change, `change.targets` the nodes it restored or removed.',
});

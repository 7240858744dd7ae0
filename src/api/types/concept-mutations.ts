// Curation writes on concepts: add, update, link to a paper and unlink, and the review of the
// tagger's suggestions. The machinery is api/mutation.ts.

import { defineMutation, localId, localIds, given, nodeFields, type FieldBuilder } from '../mutation.js';
import { ConceptRoleEnum } from '../refs.js';
import { ConceptKindEnum } from './concept.js';
import { type ConceptFields } from '../../store/curation/curation.js';

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

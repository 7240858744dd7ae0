// Curation writes on papers: add, update, merge, retract. The machinery is api/mutation.ts.

import { defineMutation, localId, given, nodeFields, type FieldBuilder } from '../mutation.js';
import { builder } from '../builder.js';
import { type AuthorInput, type PaperFields } from '../../store/curation/curation.js';

const AuthorInputRef = builder.inputType('AuthorInput', {
  description: 'An author of a paper: an existing author by global id, or a new author by name.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of an existing author; leave it out to create a new author with this name.' }),
    name: t.string({ required: true, description: 'The name as it appears in the byline.' }),
  }),
});

const paperFieldInputs = (t: FieldBuilder, required: boolean) => ({
  title: t.string({ required, description: 'The title, as published.' }),
  aliases: t.stringList({ description: 'Other titles: preprint titles, short names (the whole list).' }),
  abstract: t.string({ description: "The authors' own abstract, verbatim (null clears it); for a description in your words use summary." }),
  summary: t.string({ description: "A short description in the curators' own words (null clears it)." }),
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
    ['title', 'aliases', 'abstract', 'summary', 'year', 'venueId', 'arxivId', 'doi', 'url', 'authors'],
    ['title', 'aliases', 'authors'],
  );
  if (input.venueId != null) fields.venueId = localId(input.venueId, 'Venue', 'venueId');
  if (input.authors)
    fields.authors = (input.authors as { id?: string | null; name: string }[]).map(
      (a, k): AuthorInput => ({ id: a.id != null ? localId(a.id, 'Author', `authors[${k}].id`) : null, name: a.name }),
    );
  return fields;
}

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

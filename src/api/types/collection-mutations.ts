// Curation writes on collections (reading lists such as the guide): create, update, and add, edit,
// move and remove entries. The machinery is api/mutation.ts.

import { defineMutation, localId, given, nodeFields, type FieldBuilder } from '../mutation.js';
import { type CollectionFields, type EntryFields } from '../../store/curation/curation.js';

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

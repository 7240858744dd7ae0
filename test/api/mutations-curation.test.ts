// The rest of a curator's mutations, end to end through the API on the real CuratedGraph:
// concepts (a cycle refused), the review of tagger suggestions, collections, retract, and the
// revert of a merge.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/api/global-id.js';
import { conceptId, curationHarness, data, paperId, type CurationHarness } from '../support/curation-app.js';

const BIG_BIRD = paperId('zaheer2020big');
const LONGFORMER = paperId('beltagy2020longformer');

let h: CurationHarness;
beforeEach(async () => {
  h = await curationHarness();
});
afterEach(() => h.close());

/** Runs a mutation with the curate (or admin) key and returns its result, whatever its member. */
async function mutate(field: string, input: Record<string, unknown>, selection: string, key: 'curate' | 'admin' = 'curate') {
  const Name = field[0].toUpperCase() + field.slice(1);
  const result = await data(
    h.app,
    `mutation M($input: ${Name}Input!) { ${field}(input: $input) { __typename ... on ${Name}Payload { ${selection} } ... on UserError { message } ... on ConflictError { currentVersion } ... on InvalidInputError { field } } }`,
    { input },
    h.key[key],
  );
  return result[field];
}

describe('concepts', () => {
  it('addConcept, then updateConcept: broader links read back, and a cycle is a ConflictError', async () => {
    const added = await mutate(
      'addConcept',
      {
        name: 'Block-sparse attention',
        kind: 'METHOD',
        aliases: ['block sparse'],
        broaderIds: [conceptId('sparse-attention')],
        reason: 'BigBird uses it',
      },
      'concept { id slug name kind aliases broader { id } version } change { op actor reason }',
    );
    expect(added.__typename).toBe('AddConceptPayload');
    expect(added.concept).toMatchObject({
      name: 'Block-sparse attention',
      kind: 'METHOD',
      aliases: ['block sparse'],
      broader: [{ id: conceptId('sparse-attention') }],
      version: 1,
    });
    expect(added.change).toEqual({ op: 'CONCEPT_ADD', actor: 'curator', reason: 'BigBird uses it' });
    const bySlug = await data(h.app, `query C($slug: String!) { concept(slug: $slug) { id narrower { id } } }`, {
      slug: added.concept.slug,
    });
    expect(bySlug.concept.id).toBe(added.concept.id);
    const parent = await data(h.app, `{ concept(slug: "sparse-attention") { narrower { id } } }`);
    expect(parent.concept.narrower).toContainEqual({ id: added.concept.id });

    // self-attention → sparse-attention → the new concept: making self-attention narrower than it closes a cycle.
    const cycle = await mutate('updateConcept', { id: conceptId('self-attention'), broaderIds: [added.concept.id] }, 'concept { id }');
    expect(cycle.__typename).toBe('ConflictError');
    const updated = await mutate(
      'updateConcept',
      { id: added.concept.id, expectedVersion: 1, description: 'Attention over blocks of tokens.' },
      'concept { description version }',
    );
    expect(updated).toEqual({
      __typename: 'UpdateConceptPayload',
      concept: { description: 'Attention over blocks of tokens.', version: 2 },
    });
  });
});

describe('review of tagger suggestions', () => {
  const LINKS = `{ paper(id: "${BIG_BIRD}") { concepts(first: 20) { edges { node { slug } status provenance { source curator } } } } }`;
  const linkOf = (r: any, slug: string) => r.paper.concepts.edges.find((e: any) => e.node.slug === slug);

  it('acceptSuggestion keeps the link and names the curator; rejectSuggestion removes it', async () => {
    const before = await data(h.app, LINKS);
    expect(linkOf(before, 'expressive-power').provenance).toEqual([{ source: 'tagger', curator: null }]);
    expect(linkOf(before, 'expressive-power').status).toBe('SUGGESTED');
    expect(linkOf(before, 'attention').status).toBe('CONFIRMED');

    const accepted = await mutate(
      'acceptSuggestion',
      { paperId: BIG_BIRD, conceptId: conceptId('expressive-power') },
      'paper { id } concept { slug } change { op }',
    );
    expect(accepted).toMatchObject({
      __typename: 'AcceptSuggestionPayload',
      concept: { slug: 'expressive-power' },
      change: { op: 'SUGGESTION_ACCEPT' },
    });
    const rejected = await mutate('rejectSuggestion', { paperId: BIG_BIRD, conceptId: conceptId('question-answering') }, 'change { op }');
    expect(rejected.change.op).toBe('SUGGESTION_REJECT');

    const after = await data(h.app, LINKS);
    expect(linkOf(after, 'expressive-power').provenance).toContainEqual({ source: 'curation', curator: 'curator' });
    expect(linkOf(after, 'expressive-power').status).toBe('CONFIRMED');
    expect(linkOf(after, 'question-answering')).toBeUndefined();
    expect(after.paper.concepts.edges.length).toBe(before.paper.concepts.edges.length - 1);
  });
});

describe('collections', () => {
  const ENTRIES = `query E($slug: String!) { collection(slug: $slug) { id title version entries { edges { node { rank why section { slug } paper { id } } } } } }`;
  const ranks = (r: any) => r.collection.entries.edges.map((e: any) => [e.node.rank, e.node.paper.id]);

  it('create, add entries at ranks, move, edit, remove: the entries read back in their new order', async () => {
    const created = await mutate(
      'createCollection',
      { slug: 'long-context-reading', title: 'Long-context reading list', publisher: 'papergraph tests' },
      'collection { id slug title version }',
    );
    expect(created.collection).toMatchObject({ slug: 'long-context-reading', title: 'Long-context reading list', version: 1 });
    const collectionId = created.collection.id;
    const section = toGlobalId('Topic', 'transformers-and-attention');
    await mutate(
      'addCollectionEntry',
      { collectionId, paperId: BIG_BIRD, sectionId: section, why: 'linear attention' },
      'collection { id }',
    );
    await mutate('addCollectionEntry', { collectionId, paperId: LONGFORMER, rank: 1 }, 'collection { id }');
    let read = await data(h.app, ENTRIES, { slug: 'long-context-reading' });
    expect(ranks(read)).toEqual([
      [1, LONGFORMER],
      [2, BIG_BIRD],
    ]);
    expect(read.collection.entries.edges[1].node).toMatchObject({
      why: 'linear attention',
      section: { slug: 'transformers-and-attention' },
    });

    const moved = await mutate(
      'moveCollectionEntry',
      { collectionId, paperId: BIG_BIRD, rank: 1 },
      'collection { entries { edges { node { rank paper { id } } } } }',
    );
    expect(moved.collection.entries.edges.map((e: any) => e.node.paper.id)).toEqual([BIG_BIRD, LONGFORMER]);
    await mutate('updateCollectionEntry', { collectionId, paperId: LONGFORMER, why: 'sliding windows' }, 'paper { id }');
    await mutate('removeCollectionEntry', { collectionId, paperId: BIG_BIRD }, 'collection { id }');
    const stale = await mutate('updateCollection', { id: collectionId, expectedVersion: 1, title: 'stale' }, 'collection { title }');
    expect(stale.__typename).toBe('ConflictError');
    read = await data(h.app, ENTRIES, { slug: 'long-context-reading' });
    expect(read.collection.entries.edges.map((e: any) => e.node)).toEqual([
      { rank: 1, why: 'sliding windows', section: null, paper: { id: LONGFORMER } },
    ]);
    const renamed = await mutate(
      'updateCollection',
      { id: collectionId, expectedVersion: read.collection.version, title: 'Long contexts' },
      'collection { title }',
    );
    expect(renamed.collection.title).toBe('Long contexts');
  });
});

describe('retract, and the revert of a merge', () => {
  it('retractPaper (admin) removes the paper and its citations', async () => {
    const before = await data(h.app, `{ paper(id: "${BIG_BIRD}") { citationCount referenceCount } }`);
    expect(before.paper.referenceCount).toBeGreaterThan(0);
    const refused = await mutate('retractPaper', { id: LONGFORMER }, 'retractedId');
    expect(refused.__typename).toBe('ForbiddenError');
    const retracted = await mutate('retractPaper', { id: LONGFORMER, reason: 'duplicate import' }, 'retractedId change { op }', 'admin');
    expect(retracted).toEqual({ __typename: 'RetractPaperPayload', retractedId: LONGFORMER, change: { op: 'PAPER_RETRACT' } });
    const after = await data(
      h.app,
      `{ gone: paper(id: "${LONGFORMER}") { id } paper(id: "${BIG_BIRD}") { referenceCount references(first: 50) { edges { node { id } } } } }`,
    );
    expect(after.gone).toBeNull();
    expect(after.paper.references.edges.map((e: any) => e.node.id)).not.toContain(LONGFORMER);
  });

  it('revertChange of a merge gives the merged paper back its own id and citations', async () => {
    const merged = paperId('child2019generating');
    const READ = `query P($id: ID!) { paper(id: $id) { id citationCount } }`;
    const before = await data(h.app, READ, { id: merged });
    const merge = await mutate('mergePapers', { keptId: BIG_BIRD, mergedId: merged }, 'change { seq }', 'admin');
    expect((await data(h.app, READ, { id: merged })).paper.id).toBe(BIG_BIRD);
    const revert = await mutate('revertChange', { seq: merge.change.seq }, 'change { op reverts } reverted { op }', 'admin');
    expect(revert).toEqual({
      __typename: 'RevertChangePayload',
      change: { op: 'PAPER_UNMERGE', reverts: merge.change.seq },
      reverted: { op: 'PAPER_MERGE' },
    });
    expect(await data(h.app, READ, { id: merged })).toEqual(before);
  });
});

// The audit trail: Change (who, when, why, before and after), every node's `version` and
// `history`, `Query.changes`, `Query.graphVersion`, and the curator behind a provenance entry.
// Reads are of the request's pinned version: a change committed after it started is not shown.

import { CURATION_SOURCE, OPERATION_NAMES, type Change, type NodeRef, type OperationName } from '../../model/change.js';
import { NODE_KINDS, type NodeKind } from '../../model/index.js';
import type { VersionedStore } from '../../store/curation/curation.js';
import { builder } from '../builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Connection, type Edge } from '../connection.js';
import { auditOf, versionOf, type Context } from '../context.js';
import { UserInputError } from '../errors.js';
import { loadNodes } from '../graph-nodes.js';
import { toGlobalId, truncate } from '../global-id.js';
import { AuthorRef, CollectionRef, ConceptRef, PaperRef, TopicRef, VenueRef } from '../refs.js';
import { ProvenanceType } from './ordering.js';

builder.scalarType('DateTime', {
  description: 'A point in time as an ISO 8601 string in UTC, e.g. 2026-11-27T16:01:29.000Z.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new UserInputError('A DateTime is an ISO 8601 string');
    return value;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value: records as the change log keeps them (local ids, not global ids).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export const NodeKindEnum = builder.enumType('NodeKind', {
  description: 'The kinds of node of the graph.',
  // SCREAMING_CASE like every other enum; the PascalCase names of the previous release are still
  // accepted, deprecated (listed first: an enum serialises a value by the last name that has it).
  values: Object.fromEntries([
    ...NODE_KINDS.map(({ kind, collection }) => [
      kind,
      { value: kind, description: `The ${collection}.`, deprecationReason: `Use ${kind.toUpperCase()}: enum values are SCREAMING_CASE.` },
    ]),
    ...NODE_KINDS.map(({ kind, collection }) => [kind.toUpperCase(), { value: kind, description: `The ${collection}.` }]),
  ]) as Record<string, { value: NodeKind; description: string }>,
});

/** 'collection.entry.add' → 'COLLECTION_ENTRY_ADD'. */
export const opConstant = (op: OperationName) => op.replace(/\./g, '_').toUpperCase();

const OP_DESCRIPTIONS: Record<OperationName, string> = {
  'paper.add': 'A paper was added.',
  'paper.update': "A paper's fields or authors were edited.",
  'paper.merge': 'A paper was merged into another (its edges moved to the kept paper; its id resolves to it).',
  'paper.unmerge': 'A merge was undone (by a revert).',
  'paper.retract': 'A paper was retracted with its edges.',
  'citation.add': 'A citation was added.',
  'citation.remove': 'A citation was removed.',
  'concept.add': 'A concept was added.',
  'concept.update': "A concept's fields or broader concepts were edited.",
  'concept.remove': 'A concept was removed (the revert of its addition).',
  'concept.link': 'A concept was linked to a paper (or the link edited).',
  'concept.unlink': 'A concept link was removed.',
  'suggestion.accept': "A curator confirmed the tagger's link.",
  'suggestion.reject': "A curator rejected the tagger's link (it was removed).",
  'collection.create': 'A collection was created.',
  'collection.update': "A collection's fields were edited.",
  'collection.delete': 'A collection was deleted (the revert of its creation).',
  'collection.entry.add': 'An entry was added to a collection.',
  'collection.entry.update': "A collection entry's section or notes were edited.",
  'collection.entry.move': 'A collection entry moved to another rank.',
  'collection.entry.remove': 'An entry was removed from a collection.',
};

export const ChangeOpEnum = builder.enumType('ChangeOp', {
  description: 'What a change did.',
  values: Object.fromEntries(OPERATION_NAMES.map((op) => [opConstant(op), { description: OP_DESCRIPTIONS[op], value: op }])) as Record<
    string,
    { description: string; value: OperationName }
  >,
});

export const ChangeRef = builder.objectRef<Change>('Change');

const NodeInterface = builder.nodeInterfaceRef();

ChangeRef.implement({
  description: 'One committed curation change: who made it, when, why, and the records before and after it.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Its number in the change log: 1, 2, 3, … in commit order, with no gap.' }),
    op: t.field({ type: ChangeOpEnum, description: 'What it did.', resolve: (c) => c.op }),
    actor: t.exposeString('actor', { description: 'The name of the API key that made it.' }),
    at: t.field({ type: 'DateTime', description: 'When it was committed.', resolve: (c) => c.at }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, as the curator wrote it.' }),
    reverts: t.exposeInt('reverts', { nullable: true, description: 'The seq of the change it undoes, when it is a revert.' }),
    before: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The touched record before the change (null: it did not exist), with local ids.',
      resolve: (c) => c.before,
    }),
    after: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The touched record after the change (null: it no longer exists), with local ids.',
      resolve: (c) => c.after,
    }),
    targetIds: t.idList({
      description: 'Global ids of the nodes it touched (their version became its seq), whether or not they still exist.',
      resolve: (c) => c.targets.map((ref) => toGlobalId(ref.kind, ref.id)),
    }),
    targets: t.field({
      type: [NodeInterface],
      description:
        "The nodes it touched, as they are in this request's version; a node since removed is left out, a merged paper's id gives the kept paper (once).",
      resolve: async (c, _a, ctx) => {
        const nodes = await loadNodes(ctx, c.targets as never);
        const seen = new Set<string>();
        return nodes.filter((node, k) => {
          if (!node) return false;
          const key = `${c.targets[k].kind}:${(node as { id: string }).id}`;
          return !seen.has(key) && (seen.add(key), true);
        }) as never;
      },
    }),
  }),
});

export const ChangeConnection = builder.connectionObject(
  { type: ChangeRef, name: 'ChangeConnection', description: 'A page of changes.' },
  { name: 'ChangeEdge', description: 'A change in a list.' },
);

const CURSOR_PREFIX = 'seq:';
const encodeSeqCursor = (seq: number) => Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64');

function decodeSeqCursor(cursor: string): number {
  const text = /^[A-Za-z0-9+/]{1,64}={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const seq = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 0)
    throw new UserInputError(`Invalid cursor in "after": "${truncate(cursor)}" is not a cursor of a change list`);
  return seq;
}

function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (n < 1 || n > MAX_PAGE_SIZE) throw new UserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${n}`);
  return n;
}

/** A connection of `first` changes from `fetched` (which may hold one more: then a next page follows). */
function changeConnection(
  fetched: Change[],
  first: number,
  hasPrevious: boolean,
  totalCount: number | PromiseLike<number>,
): Connection<Edge<Change>> {
  const items = fetched.slice(0, first);
  const edges = items.map((change) => ({ cursor: encodeSeqCursor(change.seq), node: change }));
  return {
    edges,
    // A promise where counting costs a scan: graphql resolves it only if totalCount is asked for.
    totalCount: totalCount as number,
    pageInfo: {
      hasNextPage: fetched.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A value computed only when awaited (graphql awaits a field's value only if it is selected). */
function lazy<T>(compute: () => Promise<T>): PromiseLike<T> {
  let promise: Promise<T> | null = null;
  return {
    // biome-ignore lint/suspicious/noThenProperty: a lazy thenable on purpose
    then: (onValue, onError) => (promise ??= compute()).then(onValue, onError),
  };
}

/** Histories are short; counting one reads it whole (only when totalCount is asked for). */
const MAX_COUNTED_HISTORY = 1_000_000;

async function historyConnection(ctx: Context, ref: NodeRef, args: { first?: number | null; after?: string | null }) {
  const first = pageSize(args.first);
  const curation = ctx.curation;
  if (!curation) return changeConnection([], first, false, 0);
  const upTo = ctx.seq + 1;
  const before = args.after != null ? Math.min(decodeSeqCursor(args.after), upTo) : upTo;
  const fetched = await curation.historyOf(ref, { before, limit: first + 1, newestFirst: true });
  const total = lazy(async () => (await curation.historyOf(ref, { before: upTo, limit: MAX_COUNTED_HISTORY })).length);
  return changeConnection(fetched, first, args.after != null, total);
}

/** `version` and `history` on each node type. */
const NODE_REFS = [
  [PaperRef, 'Paper'],
  [ConceptRef, 'Concept'],
  [CollectionRef, 'Collection'],
  [AuthorRef, 'Author'],
  [TopicRef, 'Topic'],
  [VenueRef, 'Venue'],
] as const;

for (const [ref, kind] of NODE_REFS) {
  builder.objectFields(ref as typeof PaperRef, (t) => ({
    version: t.int({
      description:
        'The seq of the last change that touched this node (0: none since the graph was loaded). Give it as `expectedVersion` to an update to refuse it if someone changed the node meanwhile.',
      resolve: (node, _a, ctx) => versionOf(ctx, { kind, id: node.id }),
    }),
    history: t.field({
      type: ChangeConnection,
      description: 'The changes that touched this node, newest first.',
      args: {
        first: t.arg.int({ description: `How many (1–${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} by default).` }),
        after: t.arg.string({ description: 'Older than the change of this cursor.' }),
      },
      resolve: (node, args, ctx) => historyConnection(ctx, { kind, id: node.id }, args),
    }),
  }));
}

const GraphVersionRef = builder
  .objectRef<{ seq: number; influenceComputed: { at: string; seq: number } | null }>('GraphVersion')
  .implement({
    description: 'The version of the graph a request reads.',
    fields: (t) => ({
      seq: t.exposeInt('seq', { description: 'The seq of the last change it holds (0: the graph as loaded).' }),
      influenceComputedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          'When the PageRank behind `Paper.influence` was computed: it is recomputed at compaction, not per change (papers added since have influence 0).',
        resolve: (v) => v.influenceComputed?.at ?? null,
      }),
      influenceSeq: t.int({
        nullable: true,
        description: 'The seq of the last change that PageRank saw; changes after it are not in `influence` yet.',
        resolve: (v) => v.influenceComputed?.seq ?? null,
      }),
    }),
  });

builder.queryFields((t) => ({
  changes: t.field({
    nullable: true, // a bad argument nulls this field alone, not the whole answer
    type: ChangeConnection,
    description: 'Every committed change after `since`, oldest first (up to the version this request reads).',
    args: {
      since: t.arg.int({ description: 'Only changes with a seq greater than this (0 by default: all).' }),
      first: t.arg.int({ description: `How many (1–${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} by default).` }),
      after: t.arg.string({ description: 'Newer than the change of this cursor.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first);
      const since = args.since ?? 0;
      if (since < 0) throw new UserInputError(`"since" must be 0 or more, got ${since}`);
      if (!ctx.curation) return changeConnection([], first, false, 0);
      const after = Math.max(since, args.after != null ? decodeSeqCursor(args.after) : 0);
      // Seqs have no gaps: the count is arithmetic.
      const total = Math.max(0, ctx.seq - since);
      const fetched = after >= ctx.seq ? [] : await ctx.curation.changes({ after, before: ctx.seq + 1, limit: first + 1 });
      return changeConnection(fetched, first, after > since, total);
    },
  }),
  graphVersion: t.field({
    type: GraphVersionRef,
    description: 'The version of the graph this request reads, and how fresh its PageRank is.',
    resolve: (_root, _a, ctx) => ({
      seq: ctx.seq,
      influenceComputed: (ctx.store as Partial<VersionedStore>).influenceComputed ?? null,
    }),
  }),
}));

/** The change behind a provenance entry of source "curation" (its recordId is the seq). */
function curationChange(p: { source: string; recordId: string }, ctx: Context): Promise<Change | null> | null {
  if (p.source !== CURATION_SOURCE) return null;
  const seq = Number(p.recordId);
  return Number.isSafeInteger(seq) && seq > 0 ? auditOf(ctx).changeBySeq.load(seq) : null;
}

builder.objectFields(ProvenanceType, (t) => ({
  change: t.field({
    type: ChangeRef,
    nullable: true,
    description: 'For source "curation": the change that wrote this (recordId is its seq).',
    resolve: (p, _a, ctx) => curationChange(p, ctx),
  }),
  curator: t.string({
    nullable: true,
    description: 'For source "curation": the name of the API key that made the change.',
    resolve: async (p, _a, ctx) => (await curationChange(p, ctx))?.actor ?? null,
  }),
  at: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'For source "curation": when the change was committed.',
    resolve: async (p, _a, ctx) => (await curationChange(p, ctx))?.at ?? null,
  }),
  reason: t.string({
    nullable: true,
    description: 'For source "curation": why, as the curator wrote it.',
    resolve: async (p, _a, ctx) => (await curationChange(p, ctx))?.reason ?? null,
  }),
}));

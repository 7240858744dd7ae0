// The errors a curator can act on, as types of the schema (@pothos/plugin-errors): a mutation's
// result is a union of its payload and these. Each implements UserError { message }. Errors
// that no one can act on from the request (the log cannot write) are GraphQL errors with a code.

import { GraphQLError } from 'graphql';
import { isNodeKind } from '../model/index.js';
import { ChangeLogUnavailableError } from '../store/change-log/change-log.js';
import { ConflictError, CurationError, InvalidInputError, NotFoundError } from '../store/curation/curation.js';
import { ForbiddenError } from './auth.js';
import { builder } from './builder.js';
import { toGlobalId } from './global-id.js';

/** A write asked of a server that has no change log (started without a data directory). */
export class ReadOnlyError extends CurationError {
  override name = 'ReadOnlyError';
  constructor() {
    super('this server is read-only: start it with --data-dir (or PAPERGRAPH_DATA_DIR) to take writes');
  }
}

export const UserErrorRef = builder.interfaceRef<Error>('UserError').implement({
  description: 'An error the client can act on: nothing was changed, and the message says why.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in words meant for the curator.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'A node the input names does not exist (in the newest version of the graph).',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    id: t.id({
      nullable: true,
      description: 'The global id of the missing node, when it names a node kind.',
      resolve: (e) => (isNodeKind(e.kind) ? toGlobalId(e.kind, e.id) : null),
    }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The input contradicts the graph as it is now: a stale expectedVersion, a duplicate, a cycle in broader concepts, a revert of a change that later changes built on.',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    currentVersion: t.exposeInt('currentVersion', {
      nullable: true,
      description: "The node's version now, when the conflict is a stale expectedVersion: read the node again and retry.",
    }),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description:
    'A field of the input is not acceptable as given (a malformed or wrong-kind global id, an empty title, a score out of range).',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field at fault, e.g. "citedId" or "authors[1].id".' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The request has no API key with the scope this mutation needs (curate; admin for merge, retract and revert).',
  interfaces: [UserErrorRef],
  fields: (t) => ({
    requiredScope: t.string({
      nullable: true,
      description: 'The scope needed: read, curate or admin.',
      resolve: (e) => e.requiredScope,
    }),
  }),
});

builder.objectType(ReadOnlyError, {
  name: 'ReadOnlyError',
  description: 'This server serves a graph without a change log and takes no writes.',
  interfaces: [UserErrorRef],
});

/** The error classes every mutation's result union holds. */
export const MUTATION_ERRORS = [NotFoundError, ConflictError, InvalidInputError, ForbiddenError, ReadOnlyError];

/**
 * The log could not write: the change was not made and the client may retry later. A GraphQL
 * error with a code (never masked); reads go on.
 */
export function writeUnavailable(error: ChangeLogUnavailableError): GraphQLError {
  return new GraphQLError(`the change was not made: the change log cannot write (${error.message}); reads go on, retry the write later`, {
    extensions: { code: 'WRITE_UNAVAILABLE', http: { status: 503 } },
  });
}

/** Rethrows a write's failure in the form the client gets. */
export function toClientError(error: unknown): never {
  if (error instanceof ChangeLogUnavailableError) throw writeUnavailable(error);
  throw error;
}

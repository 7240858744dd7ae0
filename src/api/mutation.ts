// How a curation write is defined, Relay style: each mutation takes one `input` (with
// `clientMutationId` and an optional `reason`) and answers a union of its payload
// (clientMutationId echoed, the changed nodes, the committed `change`) and the typed user
// errors. Global ids in the input are decoded here; the CuratedGraph validates the command,
// makes it durable, and publishes the version holding it, which this request then reads (the
// payload, and later mutations of the operation). The mutations themselves are defined beside
// their domain type: types/*-mutations.ts.

import type { Change } from '../model/change.js';
import type { NodeKind } from '../model/index.js';
import { InvalidInputError, type Command, type WriteResult } from '../store/curation/curation.js';
import { builder } from './builder.js';
import { repin, type Context } from './context.js';
import { toGlobalId, tryDecode, truncate } from './global-id.js';
import { CollectionRef, ConceptRef, PaperRef } from './refs.js';
import { MUTATION_ERRORS, ReadOnlyError, toClientError } from './user-errors.js';
import { ChangeRef } from './types/change.js';

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

export type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
export type PayloadFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, PayloadSource>;

/** The local id in a global id of `kind`; InvalidInputError naming `field` for anything else. */
export function localId(value: string | number, kind: NodeKind, field: string): string {
  const text = String(value);
  const decoded = tryDecode(text);
  if (!decoded) throw new InvalidInputError(field, `"${field}": "${truncate(text)}" is not a global id issued by this API`);
  if (decoded.typename !== kind) throw new InvalidInputError(field, `"${field}" is the id of a ${decoded.typename}, not of a ${kind}`);
  return decoded.id;
}

export const localIds = (values: readonly (string | number)[], kind: NodeKind, field: string) =>
  values.map((v, k) => localId(v, kind, `${field}[${k}]`));

/** Copies the fields that were given (null included: it clears); refuses null for a required one. */
export function given<T extends object>(
  input: Record<string, unknown>,
  names: readonly string[],
  required: readonly string[] = [],
): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = input[name];
    if (value === undefined) continue;
    if (value === null && required.includes(name)) throw new InvalidInputError(name, `"${name}" cannot be null: leave it out to keep it`);
    out[name] = value;
  }
  return out as Partial<T>;
}

export const nodeFields = {
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

export function defineMutation(name: string, spec: MutationSpec): void {
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

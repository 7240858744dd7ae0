// Opaque global ids: base64 of "Type:localId", where Type is the node kind (model/kinds.ts) and
// the local id the record's stable id in the corpus, so an id survives restarts and re-imports.

import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { NodeKind } from '../model/index.js';
import { UserInputError } from './errors.js';

/**
 * Global ids already encoded, by type and local id. A neighbourhood of 500 nodes names each
 * node several times (its id, the ends of its edges) and every query names the same popular
 * nodes again: encoding is a Buffer round trip each time, a lookup is a fraction of it. Bounded
 * by the ids a store has, and emptied past MAX_MEMOISED_IDS so that it cannot grow with the data.
 */
const encoded = new Map<string, Map<string, string>>();
let memoised = 0;
const MAX_MEMOISED_IDS = 250_000;

export function toGlobalId(typename: string, localId: string | number | bigint): string {
  const key = String(localId);
  let ofType = encoded.get(typename);
  if (!ofType) encoded.set(typename, (ofType = new Map()));
  let id = ofType.get(key);
  if (id === undefined) {
    if (++memoised > MAX_MEMOISED_IDS) {
      for (const ids of encoded.values()) ids.clear();
      memoised = 1;
    }
    ofType.set(key, (id = encodeGlobalID(typename, key)));
  }
  return id;
}

/** The local id inside a global id of the given kind; a clear error for anything else. */
export function fromGlobalId(globalId: string, typename: NodeKind): string {
  const decoded = tryDecode(globalId);
  if (!decoded) throw new UserInputError(`Invalid global id "${truncate(globalId)}": not an id issued by this API`);
  if (decoded.typename !== typename) {
    throw new UserInputError(`Global id "${truncate(globalId)}" is a ${decoded.typename}, expected a ${typename}`);
  }
  return decoded.id;
}

/** The type and local id of a global id, or null when it is not one. */
export function tryDecode(globalId: string): { typename: string; id: string } | null {
  // Real ids are short base64: refuse other shapes before decoding anything.
  if (globalId.length > 512 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return null;
  try {
    const { typename, id } = decodeGlobalID(globalId);
    return /^[A-Z][A-Za-z]+$/.test(typename) && id ? { typename, id } : null;
  } catch {
    return null;
  }
}

export function truncate(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

type LocalIdResolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * Makes the `id` field of every Node type resolve synchronously. Pothos' relay plugin resolves
 * it with an async function (it awaits the local id), so every `id` of an answer was a promise
 * and a turn of the microtask queue; the local ids here are plain properties. The id strings
 * are the same (`toGlobalId`, which the builder's encodeGlobalID also calls). A field that a
 * plugin wrapped (auth on the type, say) keeps its resolver.
 */
export function withSyncNodeIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const field = type.getFields().id;
    const localId = (type.extensions as { pothosOptions?: { id?: { resolve?: LocalIdResolver } } }).pothosOptions?.id?.resolve;
    if (!field || !localId || field.resolve !== (field.extensions as { pothosOriginalResolve?: unknown }).pothosOriginalResolve) continue;
    const typename = type.name;
    field.resolve = (parent, args, context, info) => {
      const id = localId(parent, args, context, info) as string | number | bigint | null | PromiseLike<string | number | bigint | null>;
      if (id !== null && typeof id === 'object' && typeof id.then === 'function')
        return Promise.resolve(id).then((value) => (value == null ? value : toGlobalId(typename, value)));
      return id == null ? id : toGlobalId(typename, id as string | number | bigint);
    };
  }
  return schema;
}

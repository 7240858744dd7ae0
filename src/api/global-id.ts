// Opaque global ids: base64 of "Type:localId", where Type is the node kind (model/kinds.ts) and
// the local id the record's stable id in the corpus, so an id survives restarts and re-imports.

import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
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

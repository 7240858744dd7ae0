// Who is asking: the API key of a request (`Authorization: Bearer pgk_…`), verified against the
// key store, and the scopes it grants for @pothos/plugin-scope-auth. Writes need `curate`
// (retract, merge, revert: `admin`); reads need `read` only when reads are closed.

import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { scopeAllows, type KeyIdentity, type KeyScope, type KeyStore } from '../store/change-log/key-store.js';

/** The scopes a field may ask for (each includes the ones before it). */
export type Scopes = { [S in KeyScope]: boolean };

/** Whether reads need a key: 'open' (the default) or 'key' (any valid key, scope `read` or above). */
export type ReadAccess = 'open' | 'key';

export interface Viewer {
  /** The verified key's name and scope; null when no key was sent or it is not valid. */
  identity: KeyIdentity | null;
  /** Whether a key was sent at all (an invalid one gets a different message than none). */
  keyGiven: boolean;
  readsOpen: boolean;
  /** Whether this server takes writes (it has a CuratedGraph). */
  writable: boolean;
}

/** Mutations that need `admin` rather than `curate`. */
export const ADMIN_MUTATIONS = new Set(['mergePapers', 'retractPaper', 'revertChange']);

/**
 * A refusal: the request lacks the scope a field needs. A GraphQL error (code FORBIDDEN) where it
 * surfaces as one; a mutation's result union shows it as its ForbiddenError member.
 */
export class ForbiddenError extends GraphQLError {
  constructor(
    message: string,
    /** The scope the field needs. */
    readonly requiredScope: KeyScope | null = null,
  ) {
    super(message, { extensions: { code: 'FORBIDDEN', requiredScope } });
    this.name = 'ForbiddenError';
  }
}

/**
 * A scope is held when the key's scope includes it. A server without a CuratedGraph takes no
 * writes whoever asks: its mutations pass the check and answer ReadOnlyError, which says what
 * to do, rather than a refusal no key could lift.
 */
export function scopesOf(viewer: Viewer): Scopes {
  const held = (scope: KeyScope) => viewer.identity !== null && scopeAllows(viewer.identity.scope, scope);
  return {
    read: viewer.readsOpen || viewer.identity !== null,
    curate: !viewer.writable || held('curate'),
    admin: !viewer.writable || held('admin'),
  };
}

/** The scope a root field needs. */
export function requiredScope(info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): KeyScope {
  if (info.parentType.name !== 'Mutation') return 'read';
  return ADMIN_MUTATIONS.has(info.fieldName) ? 'admin' : 'curate';
}

export function unauthorizedMessage(viewer: Viewer, info: GraphQLResolveInfo): string {
  const scope = requiredScope(info);
  const need = `"${info.fieldName}" needs an API key with scope ${scope}`;
  if (viewer.identity) return `${need}; the key "${viewer.identity.name}" has scope ${viewer.identity.scope}`;
  const send = 'send it as "Authorization: Bearer <key>" (papergraph keys create --name NAME --scope SCOPE)';
  return viewer.keyGiven ? `${need}; the key sent is not valid (unknown or revoked)` : `${need}: ${send}`;
}

const KEY_SHAPE = /^pgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/**
 * The key of an Authorization header: null when there is none; a GraphQL error with status 401
 * when the header is there but is not `Bearer pgk_…` (the message says what is wrong).
 */
export function keyFromAuthorization(header: string | null | undefined): string | null {
  if (header == null || header === '') return null;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  if (!match || match[1].toLowerCase() !== 'bearer') {
    throw unauthenticated('The Authorization header must be "Bearer <key>" (one space between the word Bearer and the key)');
  }
  if (!KEY_SHAPE.test(match[2])) {
    throw unauthenticated(
      'The Authorization header does not carry a papergraph API key: a key looks like pgk_<12 hex digits>_<43 characters>',
    );
  }
  return match[2];
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="papergraph"' } } },
  });
}

/**
 * Verifies keys with the key store, remembering each answer for `ttlMs` (a revoked key stops
 * working within that time). Bounded: past `maxEntries` keys the memory starts over.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { identity: KeyIdentity | null; until: number }>();

  constructor(
    private readonly keys: Pick<KeyStore, 'verify'> | null,
    private readonly ttlMs = 2_000,
    private readonly maxEntries = 10_000,
  ) {}

  verify(key: string): KeyIdentity | null {
    if (!this.keys) return null;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.identity;
    const identity = this.keys.verify(key);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(key, { identity, until: now + this.ttlMs });
    return identity;
  }
}

/** The viewer of a request from its Authorization header (throws the 401 of a malformed one). */
export function viewerOf(
  authorization: string | null | undefined,
  verifier: KeyVerifier,
  options: { readsOpen: boolean; writable: boolean },
): Viewer {
  const key = keyFromAuthorization(authorization);
  return { identity: key === null ? null : verifier.verify(key), keyGiven: key !== null, ...options };
}

/** A viewer for in-process use (tests, benches): reads open, no key. */
export const ANONYMOUS: Viewer = { identity: null, keyGiven: false, readsOpen: true, writable: false };

// API keys, in keys.sqlite of the data directory. A key is `pgk_<id>_<secret>`: the id (public,
// 12 hex digits) finds the row, the secret (32 random bytes) is checked against its stored
// SHA-256 with a constant-time compare. A fast hash is the standard for such keys (as for
// GitHub's or Stripe's tokens): a slow password hash (scrypt) protects low-entropy passwords
// against guessing, but 256 random bits cannot be guessed, and it would cost every request
// tens of milliseconds. The plaintext is shown once, at creation, and never stored.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ChangeLogUnavailableError } from './change-log.js';
import { DEFAULT_DATA_DIR, KEYS_FILE, openDataFile } from './data-dir.js';

/** `read` (when reads are closed by configuration) < `curate` (writes) < `admin` (keys, revert, retract). */
export const KEY_SCOPES = ['read', 'curate', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export function isKeyScope(value: string): value is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(value);
}

/** Whether a key of scope `held` may do what needs `needed` (each scope includes those below it). */
export function scopeAllows(held: KeyScope, needed: KeyScope): boolean {
  return KEY_SCOPES.indexOf(held) >= KEY_SCOPES.indexOf(needed);
}

export interface KeyIdentity {
  name: string;
  scope: KeyScope;
}

export interface KeyInfo extends KeyIdentity {
  /** The key's public id: the part of the key after `pgk_` and before the secret. */
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A name, scope or key the store refuses: the message says what to change. */
export class KeyStoreError extends Error {
  override name = 'KeyStoreError';
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'curate', 'admin')),
    secret_sha256 BLOB NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  -- One live key per name: audit records name the key, so a name means one key at a time.
  CREATE UNIQUE INDEX IF NOT EXISTS api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;
`;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const KEY = /^pgk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
// Compared against when the id is unknown, so an unknown id costs the same hash and compare.
const DUMMY_HASH = Buffer.alloc(32);

interface KeyRow {
  id: string;
  name: string;
  scope: KeyScope;
  secret_sha256: Buffer;
  created_at: string;
  revoked_at: string | null;
}

/** What `papergraph keys` does with a key store: the SQLite one answers at once, the PostgreSQL one asynchronously. */
export interface KeyAdmin {
  /** Where the keys are kept, for messages (a file, or host:port/database schema). */
  readonly location: string;
  create(name: string, scope: string): { key: string; info: KeyInfo } | Promise<{ key: string; info: KeyInfo }>;
  list(): KeyInfo[] | Promise<KeyInfo[]>;
  revoke(name: string): KeyInfo | Promise<KeyInfo>;
  close(): void | Promise<void>;
}

/** What a server asks of a key store: an answer at once (the PostgreSQL store answers from its copy in memory). */
export interface KeyVerify {
  verify(plaintext: string): KeyIdentity | null;
}

/** Checks a new key's name and scope (KeyStoreError saying what to change). */
export function checkNewKey(name: string, scope: string): KeyScope {
  if (!NAME.test(name))
    throw new KeyStoreError(`"${name}" is not a key name: use 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`);
  if (!isKeyScope(scope)) throw new KeyStoreError(`"${scope}" is not a scope: use one of ${KEY_SCOPES.join(', ')}`);
  return scope;
}

/** A new key's public id, its secret, and the plaintext shown once. */
export function newKey(): { id: string; secret: string; plaintext: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, plaintext: `pgk_${id}_${secret}` };
}

/** The id and secret of a well-formed key, or null. */
export function parseKey(plaintext: string): { id: string; secret: string } | null {
  const match = KEY.exec(plaintext);
  return match ? { id: match[1], secret: match[2] } : null;
}

/** Whether `secret` hashes to `stored` (constant time; a missing row compares against a dummy). */
export function secretMatches(secret: string, stored: Buffer | undefined): boolean {
  return timingSafeEqual(sha256(secret), stored ?? DUMMY_HASH) && stored !== undefined;
}

export const duplicateName = (name: string) =>
  new KeyStoreError(`a key named "${name}" exists: revoke it first (papergraph keys revoke --name ${name})`);
export const noLiveKey = (name: string) => new KeyStoreError(`no live key is named "${name}" (papergraph keys list shows them)`);

export class KeyStore implements KeyAdmin, KeyVerify {
  readonly path: string;
  private readonly db: Database.Database;

  constructor(options: { dataDir?: string } = {}) {
    const opened = openDataFile(options.dataDir ?? DEFAULT_DATA_DIR, KEYS_FILE, SCHEMA);
    this.db = opened.db;
    this.path = opened.path;
  }

  get location(): string {
    return this.path;
  }

  /** Creates a key and returns its plaintext: the only time it is ever shown. */
  create(name: string, scope: string): { key: string; info: KeyInfo } {
    checkNewKey(name, scope);
    const { id, secret, plaintext } = newKey();
    const createdAt = new Date().toISOString();
    try {
      this.db
        .prepare('INSERT INTO api_keys (id, name, scope, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, name, scope, sha256(secret), createdAt);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw duplicateName(name);
      }
      throw new ChangeLogUnavailableError(`the key was not saved: ${(e as Error).message}`, { cause: e });
    }
    return { key: plaintext, info: { id, name, scope: scope as KeyScope, createdAt, revokedAt: null } };
  }

  /** The name and scope of a live key, or null for anything else (malformed, unknown, revoked). */
  verify(plaintext: string): KeyIdentity | null {
    const key = parseKey(plaintext);
    if (!key) return null;
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL').get(key.id) as KeyRow | undefined;
    return secretMatches(key.secret, row?.secret_sha256) && row ? { name: row.name, scope: row.scope } : null;
  }

  /** Every key, live and revoked, oldest first; never a secret. */
  list(): KeyInfo[] {
    const rows = this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as KeyRow[];
    return rows.map((r) => ({ id: r.id, name: r.name, scope: r.scope, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  /** Revokes the live key of that name; it stops verifying at once. */
  revoke(name: string): KeyInfo {
    const revokedAt = new Date().toISOString();
    const row = this.db
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING *')
      .get(revokedAt, name) as KeyRow | undefined;
    if (!row) throw noLiveKey(name);
    return { id: row.id, name: row.name, scope: row.scope, createdAt: row.created_at, revokedAt };
  }

  close(): void {
    this.db.close();
  }
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

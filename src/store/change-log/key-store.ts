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

export class KeyStore {
  readonly path: string;
  private readonly db: Database.Database;

  constructor(options: { dataDir?: string } = {}) {
    const opened = openDataFile(options.dataDir ?? DEFAULT_DATA_DIR, KEYS_FILE, SCHEMA);
    this.db = opened.db;
    this.path = opened.path;
  }

  /** Creates a key and returns its plaintext: the only time it is ever shown. */
  create(name: string, scope: string): { key: string; info: KeyInfo } {
    if (!NAME.test(name))
      throw new KeyStoreError(
        `"${name}" is not a key name: use 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`,
      );
    if (!isKeyScope(scope)) throw new KeyStoreError(`"${scope}" is not a scope: use one of ${KEY_SCOPES.join(', ')}`);
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date().toISOString();
    try {
      this.db
        .prepare('INSERT INTO api_keys (id, name, scope, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, name, scope, sha256(secret), createdAt);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new KeyStoreError(`a key named "${name}" exists: revoke it first (papergraph keys revoke --name ${name})`);
      }
      throw new ChangeLogUnavailableError(`the key was not saved: ${(e as Error).message}`, { cause: e });
    }
    return { key: `pgk_${id}_${secret}`, info: { id, name, scope, createdAt, revokedAt: null } };
  }

  /** The name and scope of a live key, or null for anything else (malformed, unknown, revoked). */
  verify(plaintext: string): KeyIdentity | null {
    const match = KEY.exec(plaintext);
    if (!match) return null;
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL').get(match[1]) as KeyRow | undefined;
    const equal = timingSafeEqual(sha256(match[2]), row?.secret_sha256 ?? DUMMY_HASH);
    return row && equal ? { name: row.name, scope: row.scope } : null;
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
    if (!row) throw new KeyStoreError(`no live key is named "${name}" (papergraph keys list shows them)`);
    return { id: row.id, name: row.name, scope: row.scope, createdAt: row.created_at, revokedAt };
  }

  close(): void {
    this.db.close();
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

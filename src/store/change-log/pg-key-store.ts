// API keys in PostgreSQL (table api_keys of the schema), for replicas sharing one database:
// the same keys, rules and messages as the SQLite store (key-store.ts). A server verifies keys
// against a copy in memory of the live keys (id, name, scope, SHA-256 of the secret), so a
// request never waits on the database and keys keep working while PostgreSQL is down; the copy
// is reloaded when a key is created or revoked anywhere (NOTIFY), on reconnection, and every
// `refreshMs` as a safety net. `papergraph keys` uses the store without the copy.

import {
  checkNewKey,
  duplicateName,
  type KeyAdmin,
  type KeyIdentity,
  type KeyInfo,
  type KeyScope,
  KeyStoreError,
  type KeyVerify,
  newKey,
  noLiveKey,
  parseKey,
  secretMatches,
  sha256,
} from './key-store.js';
import type { PgDatabase } from './pg-database.js';
import type { PgListener } from './pg-listener.js';

interface KeyRow {
  id: string;
  name: string;
  scope: KeyScope;
  secret_sha256: Buffer;
  created_at: Date;
  revoked_at: Date | null;
}

const info = (r: KeyRow): KeyInfo => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export class PgKeyStore implements KeyAdmin, KeyVerify {
  /** The live keys by id, as last loaded (empty until `startMirror`). */
  private live = new Map<string, { name: string; scope: KeyScope; hash: Buffer }>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly db: PgDatabase,
    private readonly ownsDatabase = false,
  ) {}

  get location(): string {
    return `${this.db.where} (schema ${this.db.schema})`;
  }

  /** Loads the live keys and keeps them current (NOTIFY through `listener`, and every `refreshMs`). */
  async startMirror(listener: PgListener | null, refreshMs = 30_000): Promise<void> {
    await this.reload();
    if (listener) this.unlisten = await listener.listen(this.db.keysChannel, () => void this.reload().catch(() => undefined));
    this.refreshTimer = setInterval(() => void this.reload().catch(() => undefined), refreshMs);
    this.refreshTimer.unref();
  }

  /** Reads the live keys again (a failure keeps the copy as it was). */
  async reload(): Promise<void> {
    const { rows } = await this.db.query<KeyRow>(`SELECT * FROM ${this.db.q}.api_keys WHERE revoked_at IS NULL`, [], 'read the API keys');
    this.live = new Map(rows.map((r) => [r.id, { name: r.name, scope: r.scope, hash: r.secret_sha256 }]));
  }

  async create(name: string, scope: string): Promise<{ key: string; info: KeyInfo }> {
    checkNewKey(name, scope);
    const { id, secret, plaintext } = newKey();
    try {
      const { rows } = await this.db.transaction(async (client) => {
        const inserted = await client.query<KeyRow>(
          `INSERT INTO ${this.db.q}.api_keys (id, name, scope, secret_sha256, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING *`,
          [id, name, scope, sha256(secret)],
        );
        await client.query('SELECT pg_notify($1, $2)', [this.db.keysChannel, id]);
        return inserted;
      }, 'save the key');
      // Verifies here at once (other replicas on the notification).
      this.live.set(id, { name, scope: scope as KeyScope, hash: rows[0].secret_sha256 });
      return { key: plaintext, info: info(rows[0]) };
    } catch (e) {
      if ((e as { cause?: { code?: string } }).cause?.code === '23505') throw duplicateName(name);
      throw e;
    }
  }

  verify(plaintext: string): KeyIdentity | null {
    const key = parseKey(plaintext);
    if (!key) return null;
    const row = this.live.get(key.id);
    return secretMatches(key.secret, row?.hash) && row ? { name: row.name, scope: row.scope } : null;
  }

  async list(): Promise<KeyInfo[]> {
    const { rows } = await this.db.query<KeyRow>(`SELECT * FROM ${this.db.q}.api_keys ORDER BY created_at, id`, [], 'read the API keys');
    return rows.map(info);
  }

  async revoke(name: string): Promise<KeyInfo> {
    const rows = await this.db.transaction(async (client) => {
      const updated = await client.query<KeyRow>(
        `UPDATE ${this.db.q}.api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING *`,
        [name],
      );
      if (updated.rows.length) await client.query('SELECT pg_notify($1, $2)', [this.db.keysChannel, updated.rows[0].id]);
      return updated.rows;
    }, 'revoke the key');
    if (!rows[0]) throw noLiveKey(name);
    // Stops verifying here at once (other replicas on the notification).
    this.live.delete(rows[0].id);
    return info(rows[0]);
  }

  async close(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.unlisten?.();
    if (this.ownsDatabase) await this.db.close();
  }
}

export { KeyStoreError };

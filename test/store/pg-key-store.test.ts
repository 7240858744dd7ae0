// The PostgreSQL key store: the key store contract (key-store-contract.ts) against a real
// PostgreSQL, each test in a schema of its own; a server's store verifies from its copy in
// memory, which a NOTIFY refreshes when the CLI (another store) creates or revokes a key, and
// which keeps verifying while PostgreSQL is unreachable.

import { expect, it } from 'vitest';
import { openPgDatabase, PgDatabase } from '../../src/store/change-log/pg-database.js';
import { PgKeyStore } from '../../src/store/change-log/pg-key-store.js';
import { PgListener } from '../../src/store/change-log/pg-listener.js';
import { describeWithPostgres, freshSchema, TEST_DATABASE_URL } from '../support/services.js';
import { describeKeyStoreContract } from './key-store-contract.js';

describeWithPostgres('PgKeyStore', () => {
  describeKeyStoreContract('PgKeyStore', async () => {
    const schema = freshSchema('keys');
    const admin = await openPgDatabase({ url: TEST_DATABASE_URL, schema });
    return {
      // Each store a process of its own would have: its pool, its LISTEN connection, its copy of the keys.
      open: async () => {
        const db = await openPgDatabase({ url: TEST_DATABASE_URL, schema });
        const listener = new PgListener(db);
        const store = new PgKeyStore(db, true);
        await store.startMirror(listener);
        const close = store.close.bind(store);
        store.close = async () => {
          await listener.close();
          await close();
        };
        return store;
      },
      destroy: async () => {
        await admin.dropSchema();
        await admin.close();
      },
      stored: async () => {
        const { rows } = await admin.query(`SELECT id, name, encode(secret_sha256, 'escape') AS h FROM "${schema}".api_keys`);
        return JSON.stringify(rows);
      },
    };
  });

  it('keeps verifying from memory while PostgreSQL cannot be reached', async () => {
    const schema = freshSchema('keys');
    const db = await openPgDatabase({ url: TEST_DATABASE_URL, schema });
    const store = new PgKeyStore(db);
    const { key } = await store.create('dora', 'curate');
    await store.startMirror(null);
    // The same store's queries now go to an address where nothing answers: reloads fail, verify goes on.
    const dead = new PgKeyStore(new PgDatabase({ url: 'postgres://postgres@127.0.0.1:1/test', schema, connectTimeoutMs: 500 }));
    Object.assign(dead, { live: (store as unknown as { live: unknown }).live });
    await expect(dead.reload()).rejects.toThrow(/unavailable/);
    expect(dead.verify(key)).toEqual({ name: 'dora', scope: 'curate' });
    await dead.close();
    await store.close();
    await db.dropSchema();
    await db.close();
  });
});

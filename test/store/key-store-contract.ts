// The API key store contract: what the SQLite store (keys.sqlite) and the PostgreSQL store
// (api_keys) both do. A key verifies to its name and scope until revoked, is stored only as a
// hash, and anything else (malformed, unknown, tampered, revoked) verifies to null. `verify`
// answers at once; the rest may answer through a promise (PostgreSQL).

import { afterEach, describe, expect, it } from 'vitest';
import { type KeyAdmin, KeyStoreError, type KeyVerify } from '../../src/store/change-log/key-store.js';

export type ContractKeyStore = KeyAdmin & KeyVerify & { reload?(): Promise<void> };

export interface KeyStorage {
  /** A store on this storage (a server's, or one for the CLI: several may be open at once). */
  open(): Promise<ContractKeyStore>;
  /** Removes the storage, after every store opened on it is closed. */
  destroy(): Promise<void>;
  /** The stored bytes or rows as text, to show no secret is kept (null where not inspectable). */
  stored(): Promise<string>;
}

export function describeKeyStoreContract(name: string, makeStorage: () => Promise<KeyStorage>): void {
  describe(`${name}: the key store contract`, () => {
    const opened: ContractKeyStore[] = [];
    const storages: KeyStorage[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      for (const storage of storages.splice(0)) await storage.destroy();
    });
    const fresh = async () => {
      const storage = await makeStorage();
      storages.push(storage);
      return storage;
    };
    const openOn = async (storage: KeyStorage) => {
      const store = await storage.open();
      opened.push(store);
      return store;
    };

    it('verifies a new key to its name and scope, and keeps only a hash of it', async () => {
      const storage = await fresh();
      const store = await openOn(storage);
      const alice = await store.create('alice', 'curate');
      const root = await store.create('root@lab', 'admin');
      expect(alice.key).toMatch(/^pgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(alice.key).not.toBe(root.key);
      expect(store.verify(alice.key)).toEqual({ name: 'alice', scope: 'curate' });
      expect(store.verify(root.key)).toEqual({ name: 'root@lab', scope: 'admin' });
      const secret = alice.key.slice(`pgk_${alice.info.id}_`.length); // the secret itself may contain '_'
      const stored = await storage.stored();
      expect(stored).toContain(alice.info.id);
      expect(stored).not.toContain(secret);
    });

    it('verifies nothing else: a tampered secret, a made-up id, a malformed key, an empty one', async () => {
      const store = await openOn(await fresh());
      const { key } = await store.create('alice', 'curate');
      const last = key.at(-1) === 'A' ? 'B' : 'A';
      expect(store.verify(key.slice(0, -1) + last)).toBeNull();
      expect(store.verify(key.replace(/^pgk_[0-9a-f]{12}/, 'pgk_000000000000'))).toBeNull();
      expect(store.verify(`Bearer ${key}`)).toBeNull();
      expect(store.verify('')).toBeNull();
    });

    it('revokes by name: the key stops verifying, and the name can have a new key', async () => {
      const store = await openOn(await fresh());
      const old = await store.create('alice', 'curate');
      await expect(Promise.resolve().then(() => store.create('alice', 'admin'))).rejects.toThrow(
        /a key named "alice" exists: revoke it first/,
      );
      expect((await store.revoke('alice')).revokedAt).not.toBeNull();
      expect(store.verify(old.key)).toBeNull();
      const renewed = await store.create('alice', 'read');
      expect(store.verify(renewed.key)).toEqual({ name: 'alice', scope: 'read' });
      expect((await store.list()).map((k) => [k.name, k.scope, k.revokedAt === null])).toEqual([
        ['alice', 'curate', false],
        ['alice', 'read', true],
      ]);
      await expect(Promise.resolve().then(() => store.revoke('bob'))).rejects.toThrow(KeyStoreError);
    });

    it('refuses a bad name or scope', async () => {
      const store = await openOn(await fresh());
      const create = (n: string, s: string) => Promise.resolve().then(() => store.create(n, s));
      await expect(create('', 'curate')).rejects.toThrow(/is not a key name/);
      await expect(create('al ice', 'curate')).rejects.toThrow(/is not a key name/);
      await expect(create('alice', 'owner')).rejects.toThrow(/"owner" is not a scope: use one of read, curate, admin/);
      expect(await store.list()).toEqual([]);
    });

    it('sees keys another process created, and stops verifying one it revoked: a server and the CLI', async () => {
      const storage = await fresh();
      const server = await openOn(storage);
      const cli = await storage.open();
      const { key } = await cli.create('carol', 'curate');
      await expect.poll(() => server.verify(key)).toEqual({ name: 'carol', scope: 'curate' });
      await cli.revoke('carol');
      await cli.close();
      await expect.poll(() => server.verify(key)).toBeNull();
    });
  });
}

// The API key store: a key verifies to its name and scope until revoked, is stored only as a
// hash, and anything else (malformed, unknown, tampered, revoked) verifies to null.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS_FILE } from '../../src/store/change-log/data-dir.js';
import { KeyStore, KeyStoreError, scopeAllows } from '../../src/store/change-log/key-store.js';

const dirs: string[] = [];
const stores: KeyStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(dataDir = mkdtempSync(join(tmpdir(), 'papergraph-keys-'))): KeyStore {
  dirs.push(dataDir);
  const store = new KeyStore({ dataDir });
  stores.push(store);
  return store;
}

describe('KeyStore', () => {
  it('verifies a new key to its name and scope, and keeps only a hash of it', () => {
    const store = openStore();
    const alice = store.create('alice', 'curate');
    const root = store.create('root@lab', 'admin');
    expect(alice.key).toMatch(/^pgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(alice.key).not.toBe(root.key);
    expect(store.verify(alice.key)).toEqual({ name: 'alice', scope: 'curate' });
    expect(store.verify(root.key)).toEqual({ name: 'root@lab', scope: 'admin' });
    const secret = alice.key.slice(`pgk_${alice.info.id}_`.length); // the secret itself may contain '_'
    const file =
      readFileSync(join(dirs[0], KEYS_FILE)).toString('latin1') + readFileSync(join(dirs[0], `${KEYS_FILE}-wal`)).toString('latin1');
    expect(file).toContain(alice.info.id);
    expect(file).not.toContain(secret);
  });

  it('verifies nothing else: a tampered secret, a made-up id, a malformed key, an empty one', () => {
    const store = openStore();
    const { key } = store.create('alice', 'curate');
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(store.verify(key.slice(0, -1) + last)).toBeNull();
    expect(store.verify(key.replace(/^pgk_[0-9a-f]{12}/, 'pgk_000000000000'))).toBeNull();
    expect(store.verify(`Bearer ${key}`)).toBeNull();
    expect(store.verify('')).toBeNull();
  });

  it('revokes by name: the key stops verifying, and the name can have a new key', () => {
    const store = openStore();
    const old = store.create('alice', 'curate');
    expect(() => store.create('alice', 'admin')).toThrow(/a key named "alice" exists: revoke it first/);
    expect(store.revoke('alice').revokedAt).not.toBeNull();
    expect(store.verify(old.key)).toBeNull();
    const renewed = store.create('alice', 'read');
    expect(store.verify(renewed.key)).toEqual({ name: 'alice', scope: 'read' });
    expect(store.list().map((k) => [k.name, k.scope, k.revokedAt === null])).toEqual([
      ['alice', 'curate', false],
      ['alice', 'read', true],
    ]);
    expect(() => store.revoke('bob')).toThrow(KeyStoreError);
  });

  it('refuses a bad name or scope', () => {
    const store = openStore();
    expect(() => store.create('', 'curate')).toThrow(/is not a key name/);
    expect(() => store.create('al ice', 'curate')).toThrow(/is not a key name/);
    expect(() => store.create('alice', 'owner')).toThrow(/"owner" is not a scope: use one of read, curate, admin/);
    expect(store.list()).toEqual([]);
  });

  it('sees keys another process created: a server verifies a key made by the CLI meanwhile', () => {
    const server = openStore();
    const cli = new KeyStore({ dataDir: dirs[0] });
    const { key } = cli.create('carol', 'curate');
    cli.close();
    expect(server.verify(key)).toEqual({ name: 'carol', scope: 'curate' });
  });

  it('orders the scopes read < curate < admin', () => {
    expect(scopeAllows('admin', 'curate')).toBe(true);
    expect(scopeAllows('curate', 'curate')).toBe(true);
    expect(scopeAllows('curate', 'admin')).toBe(false);
    expect(scopeAllows('read', 'curate')).toBe(false);
  });
});

// The SQLite key store (keys.sqlite of the data directory): the key store contract
// (key-store-contract.ts; pg-key-store.test.ts runs it against PostgreSQL) and the scopes' order.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS_FILE } from '../../src/store/change-log/data-dir.js';
import { KeyStore, scopeAllows } from '../../src/store/change-log/key-store.js';
import { describeKeyStoreContract } from './key-store-contract.js';

describeKeyStoreContract('KeyStore (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-keys-'));
  return {
    open: async () => new KeyStore({ dataDir }),
    destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
    stored: async () =>
      readFileSync(join(dataDir, KEYS_FILE)).toString('latin1') + readFileSync(join(dataDir, `${KEYS_FILE}-wal`)).toString('latin1'),
  };
});

describe('KeyStore', () => {
  it('orders the scopes read < curate < admin', () => {
    expect(scopeAllows('admin', 'curate')).toBe(true);
    expect(scopeAllows('curate', 'curate')).toBe(true);
    expect(scopeAllows('curate', 'admin')).toBe(false);
    expect(scopeAllows('read', 'curate')).toBe(false);
  });
});

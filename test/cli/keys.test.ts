// `papergraph keys create|list|revoke`, run as a user runs it: the key is printed once, alone
// on stdout; the store holds it hashed in the data directory; mistakes are one line, exit 2.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/store/change-log/key-store.js';
import { runCli, stderrLines } from './run-cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-keys-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const keys = (...args: string[]) => runCli(['keys', ...args, '--data-dir', dataDir]);

function expectUserError(result: ReturnType<typeof runCli>, message: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  const lines = stderrLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^papergraph: /);
  expect(lines[0]).toMatch(message);
}

describe('papergraph keys', () => {
  it('creates a key, shown once, that the store verifies; lists it; revokes it', () => {
    const created = keys('create', '--name', 'alice', '--scope', 'curate');
    expect(created.status, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^pgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created key "alice" \(scope curate, id [0-9a-f]{12}\) in .*keys\.sqlite/);
    expect(created.stderr).toContain('Authorization: Bearer <key>');

    const store = new KeyStore({ dataDir });
    try {
      expect(store.verify(key)).toEqual({ name: 'alice', scope: 'curate' });
      const listed = keys('list');
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/^alice\s+curate\s+[0-9a-f]{12}\s+\S+\s+live$/m);
      expect(listed.stdout).not.toContain(key.replace(/^pgk_[0-9a-f]{12}_/, '')); // the secret (it may contain '_')
      const json = JSON.parse(keys('list', '--json').stdout);
      expect(json).toEqual([expect.objectContaining({ name: 'alice', scope: 'curate', revokedAt: null })]);

      const revoked = keys('revoke', '--name', 'alice');
      expect(revoked.status, revoked.stderr).toBe(0);
      expect(revoked.stdout).toMatch(/^revoked key "alice" \(id [0-9a-f]{12}\)$/m);
      expect(store.verify(key)).toBeNull();
      expect(keys('list').stdout).toMatch(/^alice\s+curate\s+\S+\s+\S+\s+revoked \S+$/m);
    } finally {
      store.close();
    }
  });

  it('says what to fix: a taken name, a bad scope, an unknown key, a missing flag', () => {
    expect(keys('create', '--name', 'bob', '--scope', 'admin').status).toBe(0);
    expectUserError(
      keys('create', '--name', 'bob', '--scope', 'read'),
      /a key named "bob" exists: revoke it first \(papergraph keys revoke --name bob\)/,
    );
    expectUserError(keys('create', '--name', 'carol', '--scope', 'owner'), /"owner" is not a scope: use one of read, curate, admin/);
    expectUserError(keys('revoke', '--name', 'nobody'), /no live key is named "nobody"/);
    expectUserError(keys('create', '--name', 'dave'), /required option '--scope <scope>' not specified/);
  });

  it('has help with examples', () => {
    const help = runCli(['keys', '--help']);
    expect(help.status).toBe(0);
    for (const command of ['create', 'list', 'revoke']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('papergraph keys create --name alice --scope curate');
  });
});

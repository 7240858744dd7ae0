// `papergraph compact --data-dir`: offline compaction from the command line, refused while a
// server holds the data directory.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPaper } from '../../src/model/index.js';
import { openSqliteChangeLog } from '../../src/store/change-log/sqlite-change-log.js';
import { LOCK_FILE } from '../../src/server/data-dir-lock.js';
import { runCli } from '../cli/run-cli.js';

describe('papergraph compact', () => {
  it('folds the log into a snapshot and a checkpoint, and is refused while a server holds the directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-compact-cli-'));
    const log = openSqliteChangeLog({ dataDir });
    await log.append([
      {
        op: 'paper.add',
        actor: 'alice',
        before: null,
        after: { ...newPaper('cli-paper', 'A paper added by the log', { year: 2021 }), authors: [] },
      },
    ]);
    await log.close();

    const done = runCli(['compact', '--data-dir', dataDir]);
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/^compacted 1 change\(s\) \(1…1\) onto the curated corpus .* into .*graph-0000000001\.pgs in [\d.]+ s/);
    expect(existsSync(join(dataDir, 'snapshots', 'graph-0000000001.pgs'))).toBe(true);
    const reopened = openSqliteChangeLog({ dataDir });
    expect(await reopened.lastCheckpoint()).toMatchObject({ seq: 1, snapshot: join('snapshots', 'graph-0000000001.pgs') });
    await reopened.close();

    const server = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: server.pid, host: hostname(), command: 'serve', startedAt: 'now' }));
      const refused = runCli(['compact', '--data-dir', dataDir]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^papergraph: the data directory .* is in use by papergraph serve \\(pid ${server.pid} `));
    } finally {
      server.kill('SIGKILL');
    }
  }, 120_000);
});

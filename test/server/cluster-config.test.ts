// How many workers, and where Redis is: --workers and PAPERGRAPH_WORKERS (validated, the
// profile's default), PAPERGRAPH_REDIS_URL / _CHANNEL; and a start-up error a user must fix (a
// port in use) stops `serve --workers 2` with exit code 2 instead of replacing workers for ever.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEFAULT_REDIS_CHANNEL } from '../../src/server/config.js';
import { workerCount } from '../../src/server/cluster.js';
import { UsageError } from '../../src/server/errors.js';
import { serveOptionsFromArgs } from '../../src/server/serve-options.js';
import { REPO_ROOT } from '../support/datasets.js';

describe('the number of workers', () => {
  it('is 1 in development, the cores in production, PAPERGRAPH_WORKERS when set, --workers above all', () => {
    expect(configFromEnv({}).workers).toBe(1);
    expect(configFromEnv({ PAPERGRAPH_PROFILE: 'production' }).workers).toBe(availableParallelism());
    expect(configFromEnv({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_WORKERS: '3' }).workers).toBe(3);
    expect(workerCount(serveOptionsFromArgs(['--workers', '2']), configFromEnv({ PAPERGRAPH_WORKERS: '4' }))).toBe(2);
    expect(workerCount(serveOptionsFromArgs([]), configFromEnv({ PAPERGRAPH_WORKERS: '4' }))).toBe(4);
  });

  it('refuses what is not a number of processes, naming the variable or flag', () => {
    for (const value of ['0', '-1', 'two', '1.5', '5000']) expect(() => configFromEnv({ PAPERGRAPH_WORKERS: value })).toThrow(ConfigError);
    expect(() => configFromEnv({ PAPERGRAPH_WORKERS: 'two' })).toThrow(/PAPERGRAPH_WORKERS="two" is not valid/);
    for (const value of ['0', 'two', '1.5', '2000']) expect(() => serveOptionsFromArgs(['--workers', value])).toThrow(UsageError);
    expect(() => serveOptionsFromArgs(['--workers', '0'])).toThrow('--workers must be a number of processes from 1 to 1024, not "0"');
  });
});

describe('PAPERGRAPH_REDIS_URL', () => {
  it('is off by default; a redis:// or rediss:// URL turns the fan-out on, on the default or given channel', () => {
    expect(configFromEnv({}).redis).toBeNull();
    expect(configFromEnv({ PAPERGRAPH_REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      channel: DEFAULT_REDIS_CHANNEL,
    });
    expect(configFromEnv({ PAPERGRAPH_REDIS_URL: 'rediss://cache:6380/0', PAPERGRAPH_REDIS_CHANNEL: 'graph-a:changes' }).redis).toEqual({
      url: 'rediss://cache:6380/0',
      channel: 'graph-a:changes',
    });
    expect(() => configFromEnv({ PAPERGRAPH_REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/PAPERGRAPH_REDIS_URL=.*a Redis URL/);
    expect(() => configFromEnv({ PAPERGRAPH_REDIS_URL: 'redis://x', PAPERGRAPH_REDIS_CHANNEL: 'has space' })).toThrow(ConfigError);
  });
});

describe('serve --workers 2 on a port in use', () => {
  it('stops with exit code 2 and the reason, without replacing workers in a loop', { timeout: 120_000 }, async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--workers', '2', '--port', String(port)], {
        cwd: REPO_ROOT,
        env: { ...process.env, HOST: '127.0.0.1', PAPERGRAPH_DATA_DIR: mkdtempSync(join(tmpdir(), 'papergraph-cluster-port-')) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 100_000);
        child.once('exit', (c) => (clearTimeout(timer), resolve(c)));
      });
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
      expect(stderr).toMatch(/could not start/);
      expect(stderr).not.toMatch(/starting a replacement/);
    } finally {
      blocker.close();
    }
  });
});

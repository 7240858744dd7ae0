// A PostgreSQL cluster of the test's own (initdb into a temp directory, pg_ctl on a free port,
// its socket in that directory), for tests that stop and start the server: the shared server
// on 5432 is never touched. Run as root (as in CI), the server runs as the `postgres` user.

import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.PAPERGRAPH_PG_BIN || '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  url: string;
  port: number;
  dir: string;
  /** pg_ctl start; resolves once it accepts connections. */
  start(): void;
  /** pg_ctl stop -m fast: connections cut, like a server going down. */
  stop(): void;
  destroy(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Null when this machine can run a private cluster (the binaries are there), else why not (with a warning; thrown under PAPERGRAPH_REQUIRE_SERVICES=1). */
export function privatePostgresProblem(): string | null {
  try {
    execFileSync(join(BIN, 'pg_ctl'), ['--version'], { stdio: 'ignore' });
    return null;
  } catch (e) {
    const problem = `${join(BIN, 'pg_ctl')} cannot run (${(e as Error).message}); PAPERGRAPH_PG_BIN names the directory of initdb and pg_ctl`;
    if (process.env.PAPERGRAPH_REQUIRE_SERVICES === '1') throw new Error(`PAPERGRAPH_REQUIRE_SERVICES=1 but ${problem}`);
    console.warn(`[papergraph] SKIPPING the PostgreSQL outage test: ${problem}`);
    return problem;
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-pg-'));
  const data = join(dir, 'data');
  const root = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(root ? 'runuser' : join(BIN, cmd), root ? ['-u', 'postgres', '--', join(BIN, cmd), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  if (root)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=16MB`;
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start: () => void run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']),
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']),
    destroy: () => {
      try {
        pg.stop();
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  pg.start();
  return pg;
}

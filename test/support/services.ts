// The servers some tests need: PostgreSQL (127.0.0.1:5432, database `test`, trust auth;
// PAPERGRAPH_TEST_DATABASE_URL overrides) and Redis (127.0.0.1:6379; PAPERGRAPH_TEST_REDIS_URL).
// Each is probed once, with a short timeout, when the test file loads: a test never hangs on a
// server that is not there. Where one is absent its tests skip with a visible message; under
// PAPERGRAPH_REQUIRE_SERVICES=1 (CI, .ci/run) the run fails instead, naming the server.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.PAPERGRAPH_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers `SELECT 1` within `timeoutMs` (probed in a child process: the test's own event loop never waits). */
function postgresAnswers(url: string, timeoutMs = 3_000): string | null {
  const probe = `
    const pg = require('pg');
    const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: ${timeoutMs} });
    c.connect().then(() => c.query('SELECT 1')).then(() => process.exit(0), (e) => { console.error(e.message || String(e)); process.exit(1); });
  `;
  try {
    execFileSync(process.execPath, ['-e', probe, url], { timeout: timeoutMs + 2_000, stdio: ['ignore', 'ignore', 'pipe'] });
    return null;
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (e as Error).message;
  }
}

let postgresProblem: string | null | undefined;

/** Null when PostgreSQL answers; else why not. Throws under PAPERGRAPH_REQUIRE_SERVICES=1. */
export function postgresMissing(): string | null {
  if (postgresProblem === undefined) postgresProblem = postgresAnswers(TEST_DATABASE_URL);
  if (postgresProblem && process.env.PAPERGRAPH_REQUIRE_SERVICES === '1')
    throw new Error(
      `PAPERGRAPH_REQUIRE_SERVICES=1 but PostgreSQL at ${TEST_DATABASE_URL} does not answer (${postgresProblem}); start it (see .ci/run)`,
    );
  return postgresProblem;
}

/** A describe block that needs PostgreSQL: skipped, loudly, where it does not answer (failed under PAPERGRAPH_REQUIRE_SERVICES=1). */
export function describeWithPostgres(name: string, body: () => void): void {
  const problem = postgresMissing();
  if (problem) {
    console.warn(
      `[papergraph] SKIPPING "${name}": PostgreSQL at ${TEST_DATABASE_URL} does not answer (${problem}); set PAPERGRAPH_TEST_DATABASE_URL or start it`,
    );
    describe.skip(name, body);
  } else describe(name, body);
}

/** A schema name of its own for one test (dropped by the test when done). */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

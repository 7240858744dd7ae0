// The GraphQL-over-HTTP conformance suite (graphql-http's serverAudits: MUST, SHOULD and MAY)
// against the real HTTP server on loopback (the front in server/http.ts, the fetch adapter, yoga),
// in the development profile and in the production profile, as a client sends them: no header added.

import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { serverAudits, type AuditResult } from 'graphql-http';
import { configFromEnv } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import { curatedStore } from '../support/app.js';

const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function runAudits(profile: 'development' | 'production'): Promise<{ results: AuditResult[]; url: string }> {
  const config = configFromEnv({ PAPERGRAPH_PROFILE: profile, PAPERGRAPH_LOG: 'off' });
  const { server } = await startServer({ store: curatedStore(), config, port: 0, host: '127.0.0.1', signals: false });
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url })) results.push(await audit.fn());
  return { results, url };
}

const failures = (results: AuditResult[]) => results.flatMap((r) => (r.status === 'ok' ? [] : [`${r.id} ${r.name}: ${r.reason}`]));
const tally = (results: AuditResult[]) =>
  ['MUST', 'SHOULD', 'MAY'].map((level) => `${results.filter((r) => r.name.startsWith(level)).length} ${level}`).join(', ');

/**
 * These four audits check `variables` with `query Type($name: String!) { __type(name: $name) }`:
 * an introspection query, refused by design when introspection is off (one MUST, one SHOULD, two MAY).
 */
const INTROSPECTION_PROBES = ['2EA1', '28B9', 'D6D5', '6A70'];

describe('graphql-http server audits over HTTP', () => {
  it('development: all 61 pass', async () => {
    const { results } = await runAudits('development');
    console.log(`[audits] development: ${results.length - failures(results).length}/${results.length} passed (${tally(results)})`);
    expect(failures(results)).toEqual([]);
    expect(results.length).toBe(61);
  });

  it('production: 57 of 61 pass; the four that fail are the introspection probes, refused as introspection', async () => {
    const { results, url } = await runAudits('production');
    const failed = results.filter((r) => r.status !== 'ok');
    console.log(
      `[audits] production: ${results.length - failed.length}/${results.length} passed; refused: ${failed.map((r) => r.id).join(', ')}`,
    );
    expect(results.length).toBe(61);
    expect(failed.map((r) => r.id).sort()).toEqual([...INTROSPECTION_PROBES].sort());
    expect(failed.filter((r) => r.name.startsWith('MUST')).map((r) => r.id)).toEqual(['28B9']);
    const probe = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: 'query Type($name: String!) { __type(name: $name) { name } }', variables: { name: 'Query' } }),
    });
    expect(probe.status).toBe(400);
    expect(JSON.stringify(await probe.json())).toMatch(/introspection/i);
  });
});

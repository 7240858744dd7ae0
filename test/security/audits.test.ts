// The GraphQL-over-HTTP conformance suite (graphql-http's serverAudits: MUST, SHOULD and MAY)
// against the app in process, with the development defaults and with production's switches.

import { describe, expect, it } from 'vitest';
import { serverAudits, type AuditResult } from 'graphql-http';
import { createApp, type PapergraphApp } from '../../src/api/yoga.js';
import { curatedStore } from '../support/app.js';

/**
 * The audits' requests go through app.fetch. Yoga's CSRF prevention refuses GETs and non-JSON
 * POSTs without a header that a browser cannot send cross-site without a CORS preflight; real
 * clients (GraphiQL, a frontend) send it, so the audited client does too. Nothing else of the
 * audits' requests is changed.
 */
function auditedFetch(app: PapergraphApp) {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('x-graphql-yoga-csrf', '1');
    return app.fetch(String(input instanceof Request ? input.url : input), { ...init, headers });
  };
}

async function runAudits(app: PapergraphApp): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url: 'http://papergraph.test/graphql', fetchFn: auditedFetch(app) })) results.push(await audit.fn());
  return results;
}

const failures = (results: AuditResult[]) => results.flatMap((r) => (r.status === 'ok' ? [] : [`${r.id} ${r.name}: ${r.reason}`]));
const tally = (results: AuditResult[]) => ['MUST', 'SHOULD', 'MAY']
  .map((level) => `${results.filter((r) => r.name.startsWith(level)).length} ${level}`).join(', ');

/**
 * These four audits check `variables` with `query Type($name: String!) { __type(name: $name) }`:
 * an introspection query, refused by design when introspection is off. They pass in development.
 */
const INTROSPECTION_PROBES = ['2EA1', '28B9', 'D6D5', '6A70'];

describe('graphql-http server audits', () => {
  it('all pass with the development defaults', async () => {
    const results = await runAudits(createApp({ store: curatedStore(), graphiql: false }));
    console.log(`[audits] development: ${results.length - failures(results).length}/${results.length} passed (${tally(results)})`);
    expect(failures(results)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });

  it('all pass with introspection off, except the four that probe variables through introspection', async () => {
    const app = createApp({ store: curatedStore(), graphiql: false, security: { introspection: false, corsOrigins: [] } });
    const results = await runAudits(app);
    const probes = results.filter((r) => INTROSPECTION_PROBES.includes(r.id));
    const rest = results.filter((r) => !INTROSPECTION_PROBES.includes(r.id));
    console.log(`[audits] production: ${rest.length - failures(rest).length}/${rest.length} passed, ${probes.length} introspection probes refused`);
    expect(failures(rest)).toEqual([]);
    expect(probes.map((r) => r.id).sort()).toEqual([...INTROSPECTION_PROBES].sort());
    // The probe itself is refused as introspection, which is the point of the switch.
    const refused = await app.fetch('http://papergraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: 'query Type($name: String!) { __type(name: $name) { name } }', variables: { name: 'Query' } }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/introspection/i);
  });
});

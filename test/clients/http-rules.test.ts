// What the transport allows, over the real server with a real key: a mutation never runs over GET
// (405, whatever the headers, nothing written), while the same mutation as a JSON POST runs; a
// query over GET needs no CSRF header; a cross-site simple request (a form POST) is refused
// before it is parsed, key or not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_PAPER, newPaperInput, startClientServer, type ClientServer } from './support.js';

let server: ClientServer;
beforeAll(async () => {
  server = await startClientServer();
});
afterAll(() => server?.close());

const seq = async () => {
  const response = await fetch(`${server.url}?query=${encodeURIComponent('{ graphVersion { seq } }')}`);
  return ((await response.json()) as any).data.graphVersion.seq as number;
};

describe('mutations never over GET', () => {
  it.each([
    ['no other header', {}],
    ['the CSRF header', { 'x-graphql-yoga-csrf': '1' }],
    ['a JSON content-type', { 'content-type': 'application/json' }],
  ])('a mutation with a key over GET with %s is 405 and writes nothing', async (_name, headers) => {
    const before = await seq();
    const params = new URLSearchParams({ query: ADD_PAPER, variables: JSON.stringify({ input: newPaperInput('GET') }) });
    const response = await fetch(`${server.url}?${params}`, { headers: { ...headers, authorization: server.authorization } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as any).errors[0].message).toMatch(/^Can only perform a mutation operation from a POST request/);
    expect(await seq()).toBe(before);
  });

  it('the same mutation as a JSON POST with the key runs, and the version moves on', async () => {
    const before = await seq();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: server.authorization },
      body: JSON.stringify({ query: ADD_PAPER, variables: { input: newPaperInput('POST') } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.addPaper.__typename).toBe('AddPaperPayload');
    expect(await seq()).toBe(before + 1);
  });
});

describe('CSRF prevention: only for requests a cross-site page can send without a preflight', () => {
  it('a form POST (what a cross-site page can send) is 403 before parsing, with or without a key; with the header it runs', async () => {
    const form = `query=${encodeURIComponent('{ paper(arxivId: "2006.07733") { title } }')}`;
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const refused = await fetch(server.url, { method: 'POST', headers: { 'content-type': contentType }, body: form });
      expect(refused.status, contentType).toBe(403);
      expect(((await refused.json()) as any).errors[0].message).toMatch(/CSRF/);
    }
    const withHeader = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-yoga-csrf': '1' },
      body: form,
    });
    expect(((await withHeader.json()) as any).data.paper.title).toBe(
      'Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning',
    );
  });

  it('a GET query and a JSON POST need no header', async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ paper(arxivId: "2006.07733") { year } }')}`);
    expect(((await get.json()) as any).data.paper.year).toBe(2020);
    const post = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ paper(arxivId: "2006.07733") { year } }' }),
    });
    expect(((await post.json()) as any).data.paper.year).toBe(2020);
  });
});

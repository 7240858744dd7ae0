// The field limit (PAPERGRAPH_MAX_FIELDS, 150 by default) holds each operation of a document,
// the fragments it spreads included: a client's file of several small operations runs whichever
// is named, and an operation over the limit is refused with a 400 whatever the Accept header
// and the method, executed or not.

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { curatedStore } from '../support/app.js';

const app = createApp({ store: curatedStore(), graphiql: false });

/** Twelve scalar fields of a paper. */
const SCALARS = 'id title year abstract arxivId doi url codeUrl pdfUrl influence isStub version';

/** An operation of 43 fields: a paper, its references, their citers (1 + 12 + 3 + 12 + 3 + 12). */
const operation = (name: string, arxivId: string) =>
  `query ${name} { paper(arxivId: "${arxivId}") { ${SCALARS} references(first: 2) { edges { node { ${SCALARS} citedBy(first: 2) { edges { node { ${SCALARS} } } } } } } } }`;

/** Four operations, 172 fields in all, each under the limit of 150. */
const FOUR = [
  operation('BigBird', '2007.14062'),
  operation('Byol', '2006.07733'),
  operation('SimClr', '2002.05709'),
  operation('Gpt3', '2005.14165'),
].join('\n');

const ACCEPTS = ['application/json', 'application/graphql-response+json', '*/*'];

async function ask(body: { query: string; operationName?: string }, accept: string, method: 'GET' | 'POST' = 'POST') {
  const response =
    method === 'POST'
      ? await app.fetch('http://papergraph.test/graphql', {
          method,
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify(body),
        })
      : await app.fetch(`http://papergraph.test/graphql?${new URLSearchParams(body as Record<string, string>)}`, { headers: { accept } });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions: any }[] } };
}

describe('a document of several operations', () => {
  it('runs the one named although the document has more fields than the limit in all', async () => {
    for (const accept of ACCEPTS) {
      const answer = await ask({ query: FOUR, operationName: 'Byol' }, accept);
      expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.body.data.paper.title).toBe('Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning');
      expect(answer.body.data.paper.arxivId).toBe('2006.07733');
    }
    const overGet = await ask({ query: FOUR, operationName: 'BigBird' }, 'application/json', 'GET');
    expect(overGet.status).toBe(200);
    expect(overGet.body.data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
  });

  it('counts a fragment with the operation that spreads it, once however often it is spread', async () => {
    const document = `fragment Card on Paper { ${SCALARS} }
      query One { paper(arxivId: "2007.14062") { ...Card references(first: 2) { edges { node { ...Card citedBy(first: 2) { edges { node { ...Card } } } } } } } }
      query Two { paper(arxivId: "2006.07733") { ...Card } }`;
    const answer = await ask({ query: document, operationName: 'Two' }, 'application/json');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.paper.year).toBe(2020);
  });
});

describe('an operation over the limit', () => {
  // 4 × 43 fields in one fragment spread by the operation: 172.
  const broad = `fragment Four on Query { ${['2007.14062', '2006.07733', '2002.05709', '2005.14165']
    .map(
      (id, k) =>
        `p${k}: paper(arxivId: "${id}") { ${SCALARS} references(first: 2) { edges { node { ${SCALARS} citedBy(first: 2) { edges { node { ${SCALARS} } } } } } } }`,
    )
    .join(' ')} }`;

  it.each(ACCEPTS)('is refused with a 400 under Accept: %s, executed or beside the one executed', async (accept) => {
    for (const body of [
      { query: `${broad} query Broad { ...Four }`, operationName: 'Broad' },
      { query: `${broad} query Broad { ...Four } query Small { paper(arxivId: "2007.14062") { title } }`, operationName: 'Small' },
    ]) {
      const answer = await ask(body, accept);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_BROAD', breadth: 172, maxBreadth: 150 });
    }
  });

  it('is refused with a 400 over GET too', async () => {
    const answer = await ask({ query: `${broad} query Broad { ...Four }` }, 'application/json', 'GET');
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0].extensions.code).toBe('QUERY_TOO_BROAD');
  });
});

// graphql-request 7 with its defaults against the real server: every operation a JSON POST, no
// cache; a mutation with the key in the client's headers. Errors come back as a thrown
// ClientError holding the server's answer.

import { ClientError, GraphQLClient, gql, request } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_PAPER,
  BYOL,
  BYOL_ID,
  CONCEPT_PAGE,
  CONTRASTIVE,
  EXPLORER_STEP,
  KEYSTROKES,
  LINK_CONCEPT,
  PAPER_PAGE,
  SEARCH,
  expectConceptPage,
  expectExplorerStep,
  expectPaperPage,
  expectSearch,
  linkInput,
  newPaperInput,
  referenceSearch,
  startClientServer,
  type ClientServer,
} from './support.js';

let server: ClientServer;
beforeAll(async () => {
  server = await startClientServer();
});
afterAll(() => server?.close());

describe('graphql-request with its defaults', () => {
  it('runs the concept page, the paper page, an explorer step and search as you type', async () => {
    const client = new GraphQLClient(server.url);
    const before = server.requests.length;
    expectConceptPage(await client.request<any>(CONCEPT_PAGE, { slug: CONTRASTIVE }));
    expectPaperPage(await client.request<any>(gql`${PAPER_PAGE}`, { arxivId: BYOL }));
    // The one-shot function, as many scripts use it.
    expectExplorerStep(await request<any>(server.url, EXPLORER_STEP, { id: BYOL_ID }));
    const typed = new Map<string, any>();
    for (const text of KEYSTROKES) typed.set(text, await client.request<any>(SEARCH, { query: text }));
    expectSearch(typed, await referenceSearch(server.url));
    expect(server.requests.slice(before).every((r) => r.method === 'POST' && r.contentType === 'application/json' && !r.csrfHeader)).toBe(
      true,
    );
  });

  it('writes with a key over POST; the next read has the new paper', async () => {
    const client = new GraphQLClient(server.url, { headers: { authorization: server.authorization } });
    const added = await client.request<any>(ADD_PAPER, { input: newPaperInput('graphql-request') });
    expect(added.addPaper).toMatchObject({ __typename: 'AddPaperPayload', paper: { year: 2021 } });
    const linked = await client.request<any>(LINK_CONCEPT, { input: linkInput(added.addPaper.paper.id) });
    expect(linked.linkConcept.concept.papers.totalCount).toBe(10);
    expect(server.requests.slice(-2).map((r) => [r.method, r.authorization])).toEqual([
      ['POST', true],
      ['POST', true],
    ]);
    expectConceptPage(await client.request<any>(CONCEPT_PAGE, { slug: CONTRASTIVE }), 10);
  });

  it('a write without a key: the typed error of the union, nothing written', async () => {
    const client = new GraphQLClient(server.url);
    const refused = await client.request<any>(ADD_PAPER, { input: newPaperInput('no key') });
    expect(refused.addPaper.__typename).toBe('ForbiddenError');
    expectConceptPage(await client.request<any>(CONCEPT_PAGE, { slug: CONTRASTIVE }), 10);
  });

  it('a bad argument: the client throws ClientError holding the field’s error and the other fields’ data', async () => {
    const client = new GraphQLClient(server.url);
    const error = await client
      .request(`{ bad: papers(where: { concept: "no-such-concept" }) { totalCount } good: paper(arxivId: "${BYOL}") { title } }`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    const { response } = error as ClientError;
    expect(response.data).toEqual({ bad: null, good: { title: expect.stringMatching(/^Bootstrap Your Own Latent/) } });
    expect(response.errors![0]).toMatchObject({ path: ['bad'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});

// `papergraph persisted-manifest`: a client's operations (test/fixtures/client-operations: a
// .graphql file of fragments, urql's gql in a .tsx, codegen's graphql() with the magic comment in
// a .ts, Apollo's gql in a .js) become the manifest a server trusting only them runs by id, with
// and without the `sha256:` prefix, by POST and GET, and as an APQ hash.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClientServer, type ClientServer } from '../clients/support.js';
import { REPO_ROOT } from '../support/datasets.js';
import { runCli, stderrLines } from './run-cli.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/client-operations');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The search operation as the client preset prints it: one line, fields sorted. */
const SEARCH_TEXT =
  'query Search($query: String!) { search(query: $query, first: 5) { edges { node { id ... on Concept { name } ... on Paper { title } } } totalCount } }';

let dir: string;
let manifest: Record<string, string>;
let server: ClientServer;
const idOf = (operation: string) => Object.keys(manifest).find((id) => new RegExp(`(query|mutation) ${operation}\\b`).test(manifest[id]))!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'papergraph-manifest-'));
  const out = join(dir, 'trusted.json');
  const result = runCli(['persisted-manifest', join(FIXTURES, 'src'), '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  expect(stderrLines(result)).toEqual([
    expect.stringMatching(
      /^papergraph: 4 operation\(s\) from 3 of 4 file\(s\) written to \S*trusted\.json, each checked against the schema$/,
    ),
  ]);
  manifest = JSON.parse(readFileSync(out, 'utf8'));
  server = await startClientServer({ PAPERGRAPH_TRUSTED_OPERATIONS: out });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: Record<string, unknown>, authorization?: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('the manifest', () => {
  it('holds each operation of the sources, keyed by the SHA-256 of its printed document', () => {
    expect(Object.keys(manifest)).toHaveLength(4);
    for (const [id, text] of Object.entries(manifest)) expect(id).toBe(sha256(text));
    expect(manifest[sha256(SEARCH_TEXT)]).toBe(SEARCH_TEXT);
    expect(
      Object.values(manifest)
        .map((t) => /(query|mutation) (\w+)/.exec(t)![2])
        .sort(),
    ).toEqual(['AddPaper', 'ConceptPage', 'PaperPage', 'Search']);
  });

  it('puts with each operation the fragments it spreads (from another file), and drops @client and @connection', () => {
    const conceptPage = manifest[idOf('ConceptPage')];
    expect(conceptPage).toMatch(/^fragment ConceptChip on Concept \{ id kind name \} fragment PaperCard on Paper \{/);
    expect(conceptPage).not.toMatch(/@client|@connection|isOpen/);
    expect(manifest[idOf('Search')]).not.toMatch(/fragment/);
  });

  it('refuses an operation that does not fit the schema, or spreads an unknown fragment (exit 2, one line)', () => {
    const typo = runCli(['persisted-manifest', join(FIXTURES, 'bad/typo.graphql')]);
    expect(typo.status).toBe(2);
    expect(stderrLines(typo)).toEqual([
      expect.stringMatching(/query Typo in .*typo\.graphql does not fit papergraph's schema: Cannot query field "titel" on type "Paper"/),
    ]);
    const lonely = runCli(['persisted-manifest', join(FIXTURES, 'bad/missing-fragment.ts')]);
    expect(lonely.status).toBe(2);
    expect(stderrLines(lonely)).toEqual([expect.stringMatching(/query Lonely in .* spreads the fragment Nowhere, which no file defines$/)]);
  });
});

describe("graphql-codegen's client preset (6.2.0) on the same sources", () => {
  it('writes the same documents under the same hashes (with its sha256: prefix)', async () => {
    const { generate } = await import('@graphql-codegen/cli');
    const files = (await generate(
      {
        // The client-only parts the fixtures use, declared for codegen's validation.
        schema: [
          join(REPO_ROOT, 'schema/schema.graphql'),
          'directive @client on FIELD\ndirective @connection(key: String) on FIELD\nextend type Concept { isOpen: Boolean }',
        ],
        documents: [join(FIXTURES, 'src/**/*.{graphql,ts,tsx,js}')],
        silent: true,
        generates: { [join(dir, 'gql/')]: { preset: 'client', presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' } } } },
      },
      false,
    )) as { filename: string; content: string }[];
    const persisted = JSON.parse(files.find((f) => f.filename.endsWith('persisted-documents.json'))!.content) as Record<string, string>;
    expect(Object.fromEntries(Object.entries(persisted).map(([id, text]) => [id.replace(/^sha256:/, ''), text]))).toEqual(manifest);
    // And the server takes the preset's ids as they are.
    const id = Object.keys(persisted).find((k) => persisted[k].includes('query Search'))!;
    expect(id).toMatch(/^sha256:/);
    const answer = await post({ documentId: id, variables: { query: 'contrastive' } });
    expect(answer.body.data.search.totalCount).toBeGreaterThanOrEqual(10);
  });
});

describe('papergraph persisted-manifest --help', () => {
  it('says what it reads and writes, with examples', () => {
    const help = runCli(['persisted-manifest', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: papergraph persisted-manifest [options] <paths...>');
    expect(help.stdout).toMatch(/Examples:\n {2}\$ papergraph persisted-manifest \.\.\/web\/src --out trusted-operations\.json/);
  });
});

describe('a server trusting the manifest', () => {
  it('runs an operation by documentId, bare or with the sha256: prefix', async () => {
    for (const documentId of [idOf('PaperPage'), `sha256:${idOf('PaperPage')}`]) {
      const answer = await post({ documentId, variables: { arxivId: '2006.07733' } });
      expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
      expect(answer.body.data.paper).toMatchObject({
        title: 'Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning',
        year: 2020,
        venue: { name: 'NeurIPS 2020' },
        references: { totalCount: 6 },
      });
      expect(answer.body.data.paper.concepts.edges.map((e: any) => e.node.name)).toContain('Self-supervised learning');
    }
  });

  it('runs one by GET (documentId in the URL) and as an APQ hash', async () => {
    const params = new URLSearchParams({ documentId: idOf('ConceptPage'), variables: JSON.stringify({ slug: 'contrastive-learning' }) });
    const response = await fetch(`${server.url}?${params}`);
    const body = (await response.json()) as any;
    expect(response.status).toBe(200);
    expect(body.data.concept).toMatchObject({ name: 'Contrastive learning', kind: 'METHOD', papers: { totalCount: 9 } });
    const apq = await post({
      variables: { query: 'contrastive' },
      extensions: { persistedQuery: { version: 1, sha256Hash: idOf('Search') } },
    });
    expect(apq.body.data.search.edges[0].node).toEqual({ id: 'Q29uY2VwdDpjb250cmFzdGl2ZS1sZWFybmluZw==', name: 'Contrastive learning' });
  });

  it('runs the trusted mutation with a key, and refuses any other document', async () => {
    const added = await post(
      { documentId: idOf('AddPaper'), variables: { input: { title: 'A trusted write', year: 2022 } } },
      server.authorization,
    );
    expect(added.body.data.addPaper).toMatchObject({ __typename: 'AddPaperPayload', paper: { title: 'A trusted write' } });
    const other = await post({ query: '{ paper(arxivId: "2006.07733") { title } }' });
    expect(other.status).toBe(400);
    expect(other.body.errors![0].extensions.code).toBe('TRUSTED_OPERATION_REQUIRED');
    const unknown = await post({ documentId: sha256('query Unknown { __typename }') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0].message).toMatch(/^Unknown operation id/);
  });
});

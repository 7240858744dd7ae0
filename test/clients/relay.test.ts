// Relay (relay-runtime 21) against the real server, with artifacts made by relay-compiler 21 (its
// Rust binary, shipped in the npm package, runs here) from schema/schema.graphql, compiled in a
// temporary directory at the start of this file so they always follow the schema. The network
// layer is the fetch function of Relay's documentation (Relay has no default one): a JSON POST
// of `params.text` and the variables. Relay normalises by `id` and merges fields into records.
// Then Relay's own persisted queries: relay-compiler's `persistConfig` writes `{id: text}` for
// every operation, a server given that file as PAPERGRAPH_TRUSTED_OPERATIONS runs only those, and
// the client sends `documentId: params.id` (the artifacts hold no text).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  commitMutation,
  fetchQuery,
  type ConcreteRequest,
  type GraphQLResponse,
  type RequestParameters,
  type Variables,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/datasets.js';
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

const OPERATIONS = { CONCEPT_PAGE, PAPER_PAGE, EXPLORER_STEP, SEARCH, ADD_PAPER, LINK_CONCEPT };
type Name = keyof typeof OPERATIONS;

/** Relay's naming rule: `<module><Name>Query|Mutation`; the module here is RelayOps. */
const relayName = (text: string) => /^(query|mutation) (\w+)/.exec(text)!.slice(1);
const relayText = (text: string) => {
  const [kind, name] = relayName(text);
  return text.replace(`${kind} ${name}`, `${kind} RelayOps${name}${kind === 'query' ? 'Query' : 'Mutation'}`);
};

interface Compiled {
  dir: string;
  artifacts: Record<Name, ConcreteRequest>;
  /** relay-compiler's persisted file (with persist on): id → text. */
  persisted?: Record<string, string>;
}

/** Writes the operations as graphql tags in a module, runs relay-compiler and imports its artifacts. */
async function compile(persist: boolean): Promise<Compiled> {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-relay-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, '__generated__'));
  const tags = Object.values(OPERATIONS).map((text) => `graphql\`${relayText(text)}\`;`);
  writeFileSync(join(dir, 'src', 'RelayOps.js'), `${tags.join('\n\n')}\n`);
  const config: Record<string, unknown> = {
    src: './src',
    schema: join(REPO_ROOT, 'schema', 'schema.graphql'),
    language: 'javascript',
    eagerEsModules: true,
    artifactDirectory: './__generated__',
  };
  if (persist) {
    writeFileSync(join(dir, 'persisted.json'), '{}');
    config.persistConfig = { file: './persisted.json', algorithm: 'SHA256' };
  }
  writeFileSync(join(dir, 'relay.config.json'), JSON.stringify(config));
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'relay-compiler'), [], { cwd: dir, stdio: 'pipe' });
  const artifacts = {} as Record<Name, ConcreteRequest>;
  for (const [name, text] of Object.entries(OPERATIONS) as [Name, string][]) {
    const [kind, operation] = relayName(text);
    const file = join(dir, '__generated__', `RelayOps${operation}${kind === 'query' ? 'Query' : 'Mutation'}.graphql.js`);
    artifacts[name] = (await import(pathToFileURL(file).href)).default as ConcreteRequest;
  }
  const persisted = persist ? (JSON.parse(readFileSync(join(dir, 'persisted.json'), 'utf8')) as Record<string, string>) : undefined;
  return { dir, artifacts, persisted };
}

/** Relay's documented fetch function: the operation's text (or, persisted, its id) and the variables. */
function environment(url: string, { authorization, byId = false }: { authorization?: string; byId?: boolean } = {}): Environment {
  const fetchFn = async (params: RequestParameters, variables: Variables): Promise<GraphQLResponse> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(byId ? { documentId: params.id, variables } : { query: params.text, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

const read = (env: Environment, request: ConcreteRequest, variables: Variables, fetchPolicy?: 'store-or-network') =>
  fetchQuery(env, request, variables, fetchPolicy ? { fetchPolicy } : undefined).toPromise() as Promise<any>;

const mutate = (env: Environment, mutation: ConcreteRequest, variables: Variables) =>
  new Promise<any>((resolve, reject) =>
    commitMutation(env, {
      mutation,
      variables,
      onCompleted: (response, errors) => (errors?.length ? reject(new Error(JSON.stringify(errors))) : resolve(response)),
      onError: reject,
    }),
  );

let server: ClientServer;
let plain: Compiled;
beforeAll(async () => {
  [server, plain] = await Promise.all([startClientServer(), compile(false)]);
});
afterAll(async () => {
  await server?.close();
  if (plain) rmSync(plain.dir, { recursive: true, force: true });
});

describe('Relay with artifacts from relay-compiler', () => {
  it('compiles every operation against the schema (Relay adds the ids it normalises by)', () => {
    for (const name of Object.keys(OPERATIONS) as Name[]) {
      expect(plain.artifacts[name].kind).toBe('Request');
      expect(plain.artifacts[name].params.text).toMatch(/^(query|mutation) RelayOps/);
    }
    // Venue was asked for its name only: Relay asked for its id too.
    expect(plain.artifacts.PAPER_PAGE.params.text).toMatch(/venue \{\s+id\s+name\s+\}|venue \{\s+name\s+id\s+\}/);
  });

  it('runs the concept page, the paper page, an explorer step and search as you type', async () => {
    const env = environment(server.url);
    expectConceptPage(await read(env, plain.artifacts.CONCEPT_PAGE, { slug: CONTRASTIVE }));
    expectPaperPage(await read(env, plain.artifacts.PAPER_PAGE, { arxivId: BYOL }));
    expectExplorerStep(await read(env, plain.artifacts.EXPLORER_STEP, { id: BYOL_ID }));
    const typed = new Map<string, any>();
    for (const text of KEYSTROKES) typed.set(text, await read(env, plain.artifacts.SEARCH, { query: text }));
    expectSearch(typed, await referenceSearch(server.url));
  });

  it('writes with a key; the mutation’s answer merges into the store and the page reads it without a request', async () => {
    const env = environment(server.url, { authorization: server.authorization });
    expectConceptPage(await read(env, plain.artifacts.CONCEPT_PAGE, { slug: CONTRASTIVE }));
    const added = await mutate(env, plain.artifacts.ADD_PAPER, { input: newPaperInput('relay') });
    expect(added.addPaper).toMatchObject({ __typename: 'AddPaperPayload', paper: { year: 2021 } });
    const linked = await mutate(env, plain.artifacts.LINK_CONCEPT, { input: linkInput(added.addPaper.paper.id) });
    expect(linked.linkConcept.concept.papers.totalCount).toBe(10);
    expect(server.requests.slice(-2).map((r) => [r.method, r.authorization])).toEqual([
      ['POST', true],
      ['POST', true],
    ]);
    const before = server.requests.length;
    const page = await read(env, plain.artifacts.CONCEPT_PAGE, { slug: CONTRASTIVE }, 'store-or-network');
    expect(server.requests.length).toBe(before);
    expect(page.concept.papers.totalCount).toBe(10);
    expect(page.concept.papers.edges).toHaveLength(5);
  });
});

describe('Relay persisted queries (relay-compiler persistConfig) as the trusted operations', () => {
  let persisted: Compiled;
  let trusted: ClientServer;
  beforeAll(async () => {
    persisted = await compile(true);
    trusted = await startClientServer({ PAPERGRAPH_TRUSTED_OPERATIONS: join(persisted.dir, 'persisted.json') });
  });
  afterAll(async () => {
    await trusted?.close();
    if (persisted) rmSync(persisted.dir, { recursive: true, force: true });
  });

  it('the artifacts hold an id and no text; the file maps each id to its text', () => {
    const ids = (Object.keys(OPERATIONS) as Name[]).map((name) => persisted.artifacts[name].params.id);
    for (const name of Object.keys(OPERATIONS) as Name[]) expect(persisted.artifacts[name].params.text).toBeNull();
    expect(Object.keys(persisted.persisted!).sort()).toEqual([...ids].sort());
  });

  it('runs the pages by id against a server that trusts only that file', async () => {
    const env = environment(trusted.url, { byId: true });
    expectConceptPage(await read(env, persisted.artifacts.CONCEPT_PAGE, { slug: CONTRASTIVE }));
    expectPaperPage(await read(env, persisted.artifacts.PAPER_PAGE, { arxivId: BYOL }));
    expectExplorerStep(await read(env, persisted.artifacts.EXPLORER_STEP, { id: BYOL_ID }));
  });

  it('refuses a document that is not in the file (400 TRUSTED_OPERATION_REQUIRED)', async () => {
    const response = await fetch(trusted.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ paper(arxivId: "${BYOL}") { title } }` }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('TRUSTED_OPERATION_REQUIRED');
  });
});

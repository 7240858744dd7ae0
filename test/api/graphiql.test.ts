// GraphiQL: served from the package (no CDN), opened on examples that fit the graph served
// (the guide on the curated corpus, the most cited paper on a graph without a collection), each
// example valid against the schema, deprecated-free, and answering real data; off in production,
// where the start-up log says so instead of printing a URL that answers 406.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoDeprecatedCustomRule, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS, examplesFor, graphiqlOptionsFor, GUIDE_SLUG, withDefaults, type Example } from '../../src/api/graphiql.js';
import { schema } from '../../src/api/schema.js';
import { createApp } from '../../src/api/yoga.js';
import { KnowledgeGraph } from '../../src/graph/knowledge-graph.js';
import { loadCuratedCorpus } from '../../src/ingest/curated.js';
import { ConfigError, configFromEnv } from '../../src/server/config.js';
import { CURATED_DATA_DIR } from '../../src/server/load-default-store.js';
import { listeningLine } from '../../src/server/serve.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { curatedStore, query } from '../support/app.js';
import { AAN_FILES, loadAanCorpus } from '../support/aan.js';
import { describeDataset } from '../support/datasets.js';
import { spawnServer } from '../server/spawn.js';

const GUIDE_TITLE = "The Zeta Alpha guide to NeurIPS 2020 - 10 essentials you shouldn't miss";
const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The document GraphiQL shows for an example, run as it stands (no variables: they are its defaults). */
const run = (app: ReturnType<typeof createApp>, example: Example) => query(app, withDefaults(example));

describe('the example operations', () => {
  it.each(Object.entries(EXAMPLE_OPERATIONS))('%s is valid against the schema and uses nothing deprecated', (_name, text) => {
    const document = parse(text);
    expect(validate(schema, document)).toEqual([]);
    expect(validate(schema, document, [NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });

  it('writes the chosen values in as the variables’ defaults, which a request’s variables still override', async () => {
    const text = withDefaults({ query: EXAMPLE_OPERATIONS.Path, variables: { from: 'a"b', to: 'c' } });
    expect(text).toContain('query Path($from: ID! = "a\\"b", $to: ID! = "c")');
    expect(validate(schema, parse(text))).toEqual([]);
    expect(() => withDefaults({ query: EXAMPLE_OPERATIONS.Search, variables: { missing: 'x' } })).toThrow(/no variable \$missing/);
  });
});

describe('on the curated corpus', () => {
  const app = createApp({ store: curatedStore(), graphiql: false });
  let examples: Example[];
  beforeAll(async () => {
    examples = await examplesFor(curatedStore());
  });
  const example = (name: string) => {
    const found = examples.find((e) => e.name === name);
    if (!found) throw new Error(`no ${name} example among ${examples.map((e) => e.name)}`);
    return found;
  };

  it('opens on the guide, then a paper page, a concept page, search, an explorer step and a path', () => {
    expect(examples.map((e) => e.name)).toEqual(['GuideEssentials', 'PaperPage', 'ConceptPage', 'Search', 'Neighborhood', 'Path']);
    expect(examples[0].variables).toEqual({ slug: GUIDE_SLUG });
  });

  it('the guide answers its ten ranked entries', async () => {
    const { collection } = await run(app, example('GuideEssentials'));
    expect(collection.title).toBe(GUIDE_TITLE);
    expect(collection.entries.edges.map((e: any) => e.node.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(collection.entries.edges[0].node.paper.title).toBe('Bootstrap Your Own Latent - A New Approach to Self-Supervised Learning');
  });

  it('the paper page is the most cited paper, with its authors, concepts and citers', async () => {
    const { paper } = await run(app, example('PaperPage'));
    expect(paper.title).toBe('Attention Is All You Need');
    const { papers } = await query(app, '{ papers(first: 100) { edges { node { citationCount } } } }');
    expect(paper.citationCount).toBe(Math.max(...papers.edges.map((e: any) => e.node.citationCount)));
    expect(paper.authors.edges[0].node.name).toBe('Ashish Vaswani');
    expect(paper.concepts.edges[0].node).toMatchObject({ name: 'Transformer', slug: 'transformer' });
    expect(paper.citedBy.edges.length).toBeGreaterThan(0);
  });

  it('the concept page is the concept with the most papers, with its hierarchy, timeline and facets', async () => {
    expect(example('ConceptPage').variables).toEqual({ slug: 'transformer' });
    const { concept, papers } = await run(app, example('ConceptPage'));
    expect(concept.name).toBe('Transformer');
    expect(concept.broader.map((c: any) => c.slug)).toContain('deep-learning');
    expect(concept.timeline.at(-1)).toEqual({ year: 2020, count: 10 });
    expect(concept.cooccurring[0].concept.name).toBe('Attention');
    expect(papers.totalCount).toBeGreaterThanOrEqual(15);
    expect(papers.facets.byVenue.length).toBeGreaterThan(0);
    expect(papers.edges[0].node.title).toBe('Attention Is All You Need');
  });

  it('search finds the concept by its name, first', async () => {
    const { search } = await run(app, example('Search'));
    expect(search.edges[0].node).toMatchObject({ __typename: 'Concept', name: 'Transformer' });
    expect(search.edges.map((e: any) => e.node.title)).toContain('Attention Is All You Need');
  });

  it('the explorer step reaches cited papers and concepts two hops out', async () => {
    const { neighborhood } = await run(app, example('Neighborhood'));
    expect(neighborhood.nodes[0].label).toBe('Attention Is All You Need');
    expect(neighborhood.nodes.length).toBeGreaterThan(10);
    expect(new Set(neighborhood.edges.map((e: any) => e.type))).toEqual(new Set(['CITES', 'HAS_CONCEPT']));
  });

  it('the path joins the paper to a concept it is not tagged with', async () => {
    const { path } = await run(app, example('Path'));
    expect(path.nodes[0].label).toBe('Attention Is All You Need');
    expect(path.nodes.at(-1).nodeKind).toBe('CONCEPT');
    expect(path.length).toBeGreaterThanOrEqual(2);
    expect(path.edges).toHaveLength(path.length);
  });

  it('a search whose text is a variable’s default is charged by its postings, not as the unknown worst case', async () => {
    // Before: the default was not read, the search was charged 200,000 postings and refused (QUERY_TOO_EXPENSIVE).
    const { search } = await query(app, 'query($q: String! = "transformer") { search(query: $q, first: 5) { totalCount } }');
    expect(search.totalCount).toBeGreaterThan(0);
  });
});

describe('the GraphiQL page', () => {
  it('is served from the package: scripts and styles inline, no URL off the server, the examples as tabs', async () => {
    const app = createApp({ store: curatedStore() });
    const response = await app.fetch('http://127.0.0.1/graphql', { headers: html });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    const page = await response.text();
    expect(page).toContain('<title>papergraph</title>');
    expect(page).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // Nothing to fetch: no <script src>, no stylesheet link, no CDN.
    expect(page).not.toMatch(/<script[^>]+src=/i);
    expect(page).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(page).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/);
    const options = await graphiqlOptionsFor(curatedStore());
    expect(page).toContain(JSON.stringify(options));
    expect(options.defaultTabs).toHaveLength(6);
    expect(options.defaultQuery).toContain(`$slug: String! = "${GUIDE_SLUG}"`);
  });

  it('shows nothing of the data when reads need a key: the examples without values, and the header for the key', async () => {
    const app = createApp({ store: curatedStore(), reads: 'key' });
    const page = await (await app.fetch('http://127.0.0.1/graphql', { headers: html })).text();
    const options = await graphiqlOptionsFor(null);
    expect(page).toContain(JSON.stringify(options));
    expect(options.defaultTabs!.map((t) => /query (\w+)/.exec(t.query!)![1])).toEqual([
      'GuideEssentials',
      'PaperPage',
      'ConceptPage',
      'Search',
      'Neighborhood',
      'Path',
    ]);
    expect(options.defaultHeaders).toContain('Bearer pgk_');
    expect(JSON.stringify(options)).not.toMatch(/zeta-alpha|UGFwZXI6|Transformer| = \\"/);
  });

  it('is off with trusted operations only (they would refuse its introspection query)', async () => {
    const app = createApp({
      store: curatedStore(),
      security: { trustedOperations: new Map([['guide', EXAMPLE_OPERATIONS.GuideEssentials]]) },
    });
    const response = await app.fetch('http://127.0.0.1/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(406);
  });

  it('is off without introspection (the production profile): no page, whatever the browser accepts', async () => {
    const app = createApp({ store: curatedStore(), security: { introspection: false } });
    const htmlOnly = await app.fetch('http://127.0.0.1/graphql', { headers: { accept: 'text/html' } });
    expect(htmlOnly.status).toBe(406);
    const browser = await app.fetch('http://127.0.0.1/graphql', { headers: html });
    expect(browser.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await browser.text()).not.toContain('GraphiQL');
  });
});

describe('on a graph without a collection', () => {
  const corpus = loadCuratedCorpus(CURATED_DATA_DIR);
  const store = new MemoryStore(new KnowledgeGraph({ ...corpus, collections: [] }));
  const app = createApp({ store, graphiql: false });

  it('opens on the most cited paper with its references, concepts and neighbourhood', async () => {
    const examples = await examplesFor(store);
    expect(examples.map((e) => e.name)).toEqual(['MostCitedPaper', 'ConceptPage', 'Search', 'Neighborhood', 'Path']);
    const { paper, neighborhood } = await run(app, examples[0]);
    expect(paper.title).toBe('Attention Is All You Need');
    expect(paper.references.totalCount).toBeGreaterThan(0);
    expect(paper.concepts.edges[0].node.name).toBe('Transformer');
    expect(neighborhood.nodes[0]).toMatchObject({ nodeKind: 'PAPER', label: 'Attention Is All You Need' });
    expect(neighborhood.nodes.map((n: any) => n.nodeKind)).toEqual(expect.arrayContaining(['PAPER', 'CONCEPT', 'AUTHOR']));
  });
});

describeDataset('on an imported graph (AAN)', AAN_FILES, () => {
  it('opens on its most cited paper, and every example answers without error', async () => {
    const store = new MemoryStore(new KnowledgeGraph(loadAanCorpus()));
    const app = createApp({ store, graphiql: false });
    const examples = await examplesFor(store);
    expect(examples[0].name).toBe('MostCitedPaper');
    const [top] = (await store.findPapers([{ orderBy: [{ field: 'CITATION_COUNT', direction: 'DESC' }], page: { first: 1 } }]))[0].items;
    const [record] = await store.nodesByIds('Paper', [top]);
    for (const example of examples) {
      const data = await run(app, example);
      if (example.name === 'MostCitedPaper') {
        expect(data.paper.title).toBe(record!.title);
        expect(data.paper.citationCount).toBeGreaterThan(100);
        expect(data.neighborhood.nodes.length).toBeGreaterThan(1);
      }
    }
  });
});

describe('the profile decides GraphiQL, and the start-up log says where it is or why it is off', () => {
  it('development: on; production: off; PAPERGRAPH_GRAPHIQL overrides, but needs introspection', () => {
    expect(configFromEnv({}).graphiql).toEqual({ on: true });
    expect(configFromEnv({ PAPERGRAPH_PROFILE: 'production' }).graphiql).toEqual({
      on: false,
      reason: 'production profile; PAPERGRAPH_GRAPHIQL=on turns it on',
    });
    expect(configFromEnv({ PAPERGRAPH_GRAPHIQL: 'off' }).graphiql).toEqual({ on: false, reason: 'PAPERGRAPH_GRAPHIQL=off' });
    expect(configFromEnv({ PAPERGRAPH_INTROSPECTION: 'false' }).graphiql).toEqual({ on: false, reason: 'introspection is off' });
    expect(() => configFromEnv({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_GRAPHIQL: 'on' })).toThrow(ConfigError);
    expect(
      configFromEnv({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_GRAPHIQL: 'on', PAPERGRAPH_INTROSPECTION: 'true' }).graphiql,
    ).toEqual({ on: true });
    const manifest = join(mkdtempSync(join(tmpdir(), 'papergraph-graphiql-')), 'operations.json');
    writeFileSync(manifest, JSON.stringify({ guide: EXAMPLE_OPERATIONS.GuideEssentials }));
    expect(configFromEnv({ PAPERGRAPH_TRUSTED_OPERATIONS: manifest }).graphiql).toEqual({
      on: false,
      reason: 'only trusted operations run (PAPERGRAPH_TRUSTED_OPERATIONS)',
    });
    expect(() => configFromEnv({ PAPERGRAPH_TRUSTED_OPERATIONS: manifest, PAPERGRAPH_GRAPHIQL: 'on' })).toThrow(/cannot work with/);
    expect(listeningLine('http://127.0.0.1:4000/graphql', { graphiql: { on: true } })).toBe('GraphiQL at http://127.0.0.1:4000/graphql');
  });

  it.each([
    ['development', {}, /^GraphiQL at http:\/\/127\.0\.0\.1:\d+\/graphql$/, 200],
    [
      'production',
      { PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_LOG: 'off' },
      /^GraphQL at http:\/\/127\.0\.0\.1:\d+\/graphql \(GraphiQL off: production profile/,
      406,
    ],
  ] as const)('%s: the real server logs that line; a page asked of that URL answers %s', async (_profile, env, line, status) => {
    const server = await spawnServer(env);
    try {
      const logged = server.stdout.find((l) => /Graph(?:i)?QL at/.test(l));
      expect(logged).toMatch(line);
      const url = /(http:\S+\/graphql)/.exec(logged!)![1];
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(status);
      if (status === 200) expect(await response.text()).toContain('YogaGraphiQL.renderYogaGraphiQL');
      else await response.arrayBuffer();
    } finally {
      server.kill();
    }
  });
});
